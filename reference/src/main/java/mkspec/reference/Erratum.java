package mkspec.reference;

/**
 * The defects of RFC v2 that the reference can reproduce, each switchable on its own
 * (ids and texts from notes/rfc-v2-semantics.md section 6).
 *
 * <p>With an erratum on, the reference does what the posted patches do; with it off, it does
 * what the {@code fixed} profile does instead: the smallest change that keeps every invariant,
 * following the later multikernel tree where it has a fix. {@link #fix()} states that choice,
 * so each decision sits next to the defect it answers.
 */
public enum Erratum {
    D1("a failure after association only frees the image: dangling kimage, stuck state, leaks",
        "kimage_file_alloc_init unwinds the association on every failure: instance->kimage = NULL, "
            + "the instance reference is dropped, the handover page and every pool allocation are freed "
            + "(later tree: out_free_fdt label)"),
    D2("pool allocation failure falls back to host RAM",
        "kexec_locate_mem_hole returns the pool's error for a multikernel image and never searches "
            + "host RAM (later tree: \"cannot fall back to other memory sources\")"),
    D3("id bits outside KEXEC_FILE_FLAGS: ids >= 2 rejected; flag bits collide",
        "KEXEC_FILE_FLAGS includes KEXEC_MK_ID_MASK (later tree, include/linux/kexec.h); the userspace "
            + "bit values stay as posted, so KEXEC_MULTIKERNEL still equals KEXEC_FILE_NO_CMA"),
    D4("one global kexec_image slot: a load or unload hits another instance",
        "multikernel images live on their instance (instance->kimage) and the kimage list only; "
            + "kexec_image keeps plain images; unload with an id unloads that instance's image"),
    D5("nothing guards a running spawned kernel (no ACTIVE, double exec, rmdir, CPU overlap)",
        "exec requires LOADED and sets ACTIVE; unload, rmdir and a second exec of an ACTIVE instance "
            + "return -EBUSY; an instance whose CPUs include CPU 0 (-EINVAL) or another instance's CPU "
            + "(-EBUSY) is refused at upload"),
    D6("pool allocations never returned on unload",
        "kimage_free returns every segment and control page to the instance pool "
            + "(later tree: mk_kimage_free loop in kimage_free)"),
    D7("late failure in instance creation leaks its reservation; write still succeeds",
        "a device_tree write is all or nothing: the first failing instance's errno is returned and "
            + "every reservation and instance this write made is released (CPUs back online)"),
    D8("instance without memory-bytes has no pool; all segments go to host RAM",
        "mk_dt_parse requires memory-bytes in an instance's resources (-EINVAL)"),
    D9("reboot(MULTIKERNEL) with a bad pointer returns holding the lock",
        "the -EFAULT path unlocks system_transition_mutex before returning"),
    D10("notifier errors swallowed: finalize succeeds without dtb-data",
        "mk_kexec_notifier returns notifier_from_errno(-ENOENT/-ENODATA) instead of NOTIFY_STOP, so "
            + "mk_kexec_finalize reports the failure"),
    D11("finalize failure ignored at exec; a DTB near a page cannot fit",
        "libfdt errors become proper errnos (NOSPACE -> -ENOSPC, others -> -EINVAL) and "
            + "multikernel_kexec_by_id aborts the exec when mk_kexec_finalize fails (later tree)"),
    D12("device_tree writes over a page are split; totalsize not checked against count",
        "device_tree has atomic_write_len = 1 MiB and the write checks fdt_totalsize <= count "
            + "(later tree, kernfs.c)"),
    D13("restore reads the embedded DTB and `id` without length checks",
        "an `id` must be exactly 4 bytes (upload and restore) and the embedded DTB's totalsize must "
            + "not exceed the dtb-data length before it is walked"),
    D14("handover page freed (unload) or reused before the spawned kernel reads it",
        "exec takes a reference on the handover page for the spawned kernel (kimage_free's put_page "
            + "no longer frees it) and mk_kho_populate memblock_reserve()s it in the spawned kernel"),
    D15("restore reserves from the spawned kernel's own pool; restored instance invisible",
        "restore registers the instance (idr, root instance) and its CPUs without reserving memory "
            + "again (later tree: mk_kho_restore_cpus + alloc_mk_instance)"),
    D17("restore trusts the DTB's first instance and its id",
        "restore requires exactly one instance under /instances whose `id` lies in 1..2047; upload "
            + "refuses ids outside 1..2047 (-EINVAL), which KEXEC_MK_ID cannot encode"),
    D18("rmdir, status reads and kexec_file_load share no lock: rmdir passes its READY check while a load "
            + "associates the instance, and drops its reference before kernfs_remove_self",
        "kexec_file_load finds the instance, checks instance->kimage and associates it under one hold of "
            + "mk_instance_mutex, which rmdir's check also holds (the later tree still races here, its N3); "
            + "rmdir holds mk_instance_mutex from its check to its last put and removes the kernfs directory, "
            + "draining open files, before it drops the creation reference (later tree: mk_instance_destroy runs "
            + "under mk_instance_mutex, kernfs_remove before the puts)"),
    D20("the per-instance DTB copy hands fdt_string()'s NULL (a property name offset outside the strings "
            + "block) to fdt_property(): a host oops from a root device_tree write",
        "a property whose name fdt_string() cannot return refuses the node (-EINVAL), as any other libfdt "
            + "failure of the copy does");

    private final String defect;
    private final String fix;

    Erratum(String defect, String fix) {
        this.defect = defect;
        this.fix = fix;
    }

    /** What RFC v2 does wrong, one line. */
    public String defect() {
        return defect;
    }

    /** What the {@code fixed} profile does instead. */
    public String fix() {
        return fix;
    }

    /** Whether the defect shows only when calls interleave: its check needs more than one user thread. */
    public boolean race() {
        return this == D18;
    }

    /** Parses an erratum id such as {@code "D3"}; empty when there is no such erratum. */
    public static java.util.Optional<Erratum> byId(String id) {
        for (Erratum e : values()) {
            if (e.name().equalsIgnoreCase(id)) {
                return java.util.Optional.of(e);
            }
        }
        return java.util.Optional.empty();
    }
}
