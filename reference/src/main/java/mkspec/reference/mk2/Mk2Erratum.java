package mkspec.reference.mk2;

/**
 * The defects of the mk2 tree the reference reproduces, each switchable on its own (ids and texts from the notes'
 * section 8). With an erratum on, the reference does what the code read does; off, it does what {@link #fix()} says:
 * the smallest change that keeps every invariant.
 */
public enum Mk2Erratum {
    N1("kexec_file_load error paths: a dangling kimage (A2, A4), a double put (A3, A5-A7), pool segments left "
        + "allocated (A4-A7)",
        "kimage_file_alloc_init unwinds every failure through one label: segments back to the instance pool, "
            + "manifest and IPI ring freed, instance->kimage cleared, the instance reference dropped once"),
    N2("unload has no state guard: an ACTIVE instance is unloaded under its running kernel",
        "the KEXEC_FILE_UNLOAD branch returns -EBUSY unless the instance is LOADED"),
    N3("a destroy races a load: mk_instance_find() drops mk_instance_mutex, mk_instance_destroy() checks only the "
        + "state, and a load in progress is READY until its last step, so an instance-remove unpublishes an instance "
        + "while a load holds it, and the load then makes it LOADED where no unload or exec can reach it",
        "kexec_file_load holds mk_instance_mutex from the lookup to mk_instance_set_state(LOADED), so a destroy waits "
            + "for the load to end and then sees LOADED (-EBUSY)"),
    N4("overlays/new has no atomic_write_len: a blob over a page is applied from its first 4 KiB copy, read past it",
        "overlays/new has .atomic_write_len = SZ_1M, as the root device_tree does, and the write checks that "
            + "fdt_totalsize equals the count (-EINVAL otherwise)"),
    N5("overlays are not atomic: a failing op leaves the earlier ops applied, and rollback undoes ops that never ran",
        "mk_overlay_apply undoes what it applied, in reverse, when an op fails, and rollback undoes only what the "
            + "apply did"),
    N6("baseline not atomic: chunks grown and CPUs moved before a failure stay, and a retry is -EBUSY",
        "mk_baseline_validate_and_initialize checks every CPU (online, not logical 0) before it grows or moves "
            + "anything, and shrinks what it grew when a later step fails"),
    N7("an instance whose CPUs cannot be reserved is created without CPUs",
        "mk_instance_reserve_resources returns the CPU transfer's error, and the create unwinds"),
    N9("[variant, kexec_core.c@0646f02c] the 16 KiB manifest is freed with put_page: three pages leak per free",
        "kimage_free frees the manifest with __free_pages(.., get_order(MK_MANIFEST_SIZE)), as "
            + "kexec_core.c@758894fd does"),
    N11("rollback of instance-create destroys whichever instance has that name now, even one it did not create",
        "the tx remembers the instance its create made, and its rollback destroys that record only"),
    N12("memory-remove of a create-time region frees pages the instance pool still hands out",
        "mk_instance_remove_memory_region refuses (-EBUSY) a region that is a chunk of the instance pool"),
    N13("instance memory-add takes a fresh pool range that no release ever returns",
        "mk_instance_free_memory returns the regions memory-add gave along with the instance pool"),
    N14("KEXEC_FILE_ON_CRASH | KEXEC_MULTIKERNEL loads a crash kernel and keeps the instance's reference",
        "kexec_file_load refuses KEXEC_FILE_ON_CRASH together with KEXEC_MULTIKERNEL (-EINVAL)"),
    N15("overlays/new reports success for an overlay whose apply failed",
        "mk_overlay_new_write returns the apply's errno, and a failed apply leaves no transaction"),
    N16("an unload frees its image after kexec_unlock(): between the two, instance->kimage still points at it and the "
        + "instance says LOADED, so an exec starts a kernel from the image being freed (or a second unload frees it "
        + "again)",
        "kexec_file_load calls kimage_free() before kexec_unlock(), so no kexec call finds an image being freed"),
    N17("ids above 2047 are creatable but KEXEC_MK_ID cannot address them",
        "instance-create refuses an id above 2047 (-EINVAL), the largest KEXEC_MK_ID encodes"),
    N18("MK_SYS_HALTED sets LOADED whatever the state: LOADED without an image, or over a kernel exec'd after the "
        + "message was sent",
        "mk_halted_work_fn sets LOADED only on an ACTIVE instance that holds an image and whose CPUs are all parked "
            + "(mk_instance_confirm_parked)"),
    N19("a spawned kernel can remove its own record: an instance-remove of its own name passes mk_instance_destroy "
        + "(it sees itself READY) and frees mk_self, which later paths dereference",
        "mk_instance_destroy refuses mk_self (-EBUSY)"),
    N20("an exec whose manifest does not fit (-ENOSPC past MK_MANIFEST_SIZE, -E2BIG past MK_RESERVED_PAIRS) only "
        + "warns and spawns anyway: the spawned kernel rejects the unfinished tree and restores itself as a host",
        "multikernel_kexec_by_id returns mk_manifest_finalize's error, as kexec_core.c@0646f02c does");

    private final String text;
    private final String fix;

    Mk2Erratum(String text, String fix) {
        this.text = text;
        this.fix = fix;
    }

    /** The defect, in one line. */
    public String text() {
        return text;
    }

    /**
     * Whether the defect is a race: only calls that interleave show it, so the checker needs two user threads
     * ({@code --bound threads=2}) to find it.
     */
    public boolean race() {
        return this == N3 || this == N16;
    }

    /** What the fixed profile does instead. */
    public String fix() {
        return fix;
    }
}
