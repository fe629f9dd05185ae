package mkspec.spec.mk2.invariant;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import mkspec.spec.check.Verdict;
import mkspec.spec.mk2.action.Mk2Action;
import mkspec.spec.mk2.action.Mk2Op;
import mkspec.spec.mk2.model.Mk2Image;
import mkspec.spec.mk2.model.Mk2Instance;
import mkspec.spec.mk2.model.Mk2Lifecycle;
import mkspec.spec.mk2.model.Mk2Manifest;
import mkspec.spec.mk2.model.Mk2Restored;
import mkspec.spec.mk2.model.Mk2Platform;
import mkspec.spec.mk2.model.Mk2Spawn;
import mkspec.spec.mk2.model.Mk2State;
import mkspec.spec.mk2.model.Mk2Tx;
import mkspec.spec.model.CpuSet;
import mkspec.spec.model.RangeSet;
import mkspec.spec.model.Result;

/**
 * The properties of the mk2 specification, each one named unit: the RFC v2 invariants that carry over under their
 * names where the meaning is the same, and the new ones of the notes' section 9.3. State invariants hold in every
 * reachable state; step invariants relate a state, an action, its result and the next state.
 */
public final class Mk2Invariants {
    private final Mk2Platform p;

    public Mk2Invariants(Mk2Platform p) {
        this.p = p;
    }

    /** Every state invariant, in the order the checker tries them. */
    public List<Mk2Invariant> stateInvariants() {
        return List.of(kernelAlive(), lifecycleConsistent(), refcountConsistent(), segmentsDisjoint(),
            segmentsInsideInstance(), noPoolLeak(), instancesDisjoint(), poolConserved(), cpuSingleOwner(),
            runningProtected(), noHostPageLeak(), idsLoadable(), manifestFits(), manifestWellFormed(),
            restoreFaithful(), selfRecordAlive(), imagesReachable());
    }

    /** Every step invariant, in the order the checker tries them. */
    public List<Mk2StepInvariant> stepInvariants() {
        return List.of(failedOpAtomic(), baselineAtomic(), overlayAtomic(), writeReportsResult(), rollbackExact(),
            unloadProtected(), instanceAsRequested());
    }

    /**
     * clean-machine, the home of the {@code recoverable} property, as for RFC v2 (docs/design.md): the host kernel
     * is alive; no kimage is left but a running spawn's; every instance record but a running spawn's is gone; no
     * MK_SYS_HALTED message waits; kexec holds no host page but its kimages'; and {@code mk_pool} holds every chunk page and every CPU no running spawn was
     * started on (mk2's pool holds CPUs as well as memory, so a CPU kept from it is as stuck as a page). Whether a
     * baseline was written is not asked (it is write-once), nor which overlay transactions are listed (a listed
     * transaction holds nothing).
     */
    public Mk2Invariant cleanMachine() {
        return new Mk2Invariant("clean-machine",
            "the host is alive, no image is loaded but a running kernel's, every instance not running is removed, no "
                + "halt waits, and the pool holds every page and CPU no running kernel has",
            "docs/design.md, recoverability",
            s -> {
                List<String> bad = new ArrayList<>();
                s.bug().ifPresent(b -> bad.add("the host hit " + b));
                Set<Integer> runningRecords = new HashSet<>();
                Set<Integer> runningImages = new HashSet<>();
                RangeSet runningPages = RangeSet.EMPTY;
                CpuSet runningCpus = CpuSet.EMPTY;
                for (Mk2Spawn k : s.spawns()) {
                    runningRecords.add(k.instance());
                    runningImages.add(k.image());
                    runningPages = runningPages.union(k.memory());
                    runningCpus = runningCpus.union(k.cpus());
                }
                for (Mk2Instance i : s.instances()) {
                    if (!runningRecords.contains(i.serial())) {
                        bad.add(i.name() + " (id " + i.id() + ") is still there, " + i.state().text());
                    }
                }
                long imagePages = 0;
                for (Mk2Image m : s.images()) {
                    imagePages += m.hostPages();
                    if (!runningImages.contains(m.serial())) {
                        bad.add("kimage " + m.serial() + " is still loaded");
                    }
                }
                if (s.hostPages() != imagePages) {
                    bad.add("kexec holds " + s.hostPages() + " host pages, its kimages " + imagePages);
                }
                if (!s.pendingHalted().isEmpty()) {
                    bad.add("MK_SYS_HALTED for " + s.pendingHalted() + " is not handled yet");
                }
                RangeSet held = s.chunks().minus(s.free()).minus(runningPages);
                if (!held.isEmpty()) {
                    bad.add("pool pages neither free nor a running kernel's: " + pages(held));
                }
                CpuSet kept = CpuSet.range(p.cpus()).minus(s.hostCpus()).minus(s.freeCpus()).minus(runningCpus);
                if (!kept.isEmpty()) {
                    bad.add("CPUs neither the host's, the pool's nor a running kernel's: " + kept);
                }
                return verdict(bad);
            });
    }

    private static Verdict verdict(List<String> bad) {
        return bad.isEmpty() ? Verdict.HOLDS : Verdict.violated(bad);
    }

    private String pages(RangeSet s) {
        List<String> parts = new ArrayList<>();
        for (mkspec.spec.model.Range r : s.ranges()) {
            parts.add(String.format("0x%x-0x%x", r.first() * p.pageSize(), r.end() * p.pageSize() - 1));
        }
        return s.isEmpty() ? "nothing" : String.join(", ", parts);
    }

    /** kernel-alive: the host never hits a BUG or an oops (a use after free, a double free, gen_pool_destroy's BUG_ON). */
    public Mk2Invariant kernelAlive() {
        return new Mk2Invariant("kernel-alive", "the host kernel never hits a BUG or a memory-safety fault",
            "[ME] multikernel_free, mainline genalloc BUG_ONs, kref", s -> s.bug().isEmpty() ? Verdict.HOLDS
            : Verdict.violated("the host crashed: " + s.bug().get()));
    }

    /**
     * lifecycle-consistent: a record's kimage pointer names a live image of that record, and the record is LOADED or
     * ACTIVE exactly when it has one that is on the image list. Source: [MH14] mk_instance_state, [XF] SYSCALL.
     */
    public Mk2Invariant lifecycleConsistent() {
        return new Mk2Invariant("lifecycle-consistent",
            "an instance is LOADED or ACTIVE exactly when it holds a live image, and its kimage pointer never dangles",
            "[XF] kexec_file_load, [XC] kimage_free, [C14] mk_halted_work_fn", s -> {
                List<String> bad = new ArrayList<>();
                for (Mk2Instance i : s.instances()) {
                    Optional<Mk2Image> img = i.kimage() == 0 ? Optional.empty() : s.image(i.kimage());
                    if (i.kimage() != 0 && (img.isEmpty() || img.get().instance() != i.serial())) {
                        bad.add(i.name() + ": instance->kimage points at an image that was freed");
                    }
                    boolean holds = img.isPresent() && img.get().onList();
                    boolean says = i.state() != Mk2Lifecycle.READY;
                    if (i.published() && holds != says) {
                        bad.add(i.name() + ": state " + i.state().text() + (holds ? " with" : " without")
                            + " a loaded image");
                    }
                }
                return verdict(bad);
            });
    }

    /**
     * refcount-consistent: a record's kref counts exactly its publication, its kernfs directory and the images that
     * hold it. Source: notes 1.7.
     */
    public Mk2Invariant refcountConsistent() {
        return new Mk2Invariant("refcount-consistent",
            "an instance's reference count is its publication, its kernfs directory and the images holding it",
            "[C14] mk_instance_get/put, [XF] out_free_fdt, notes 1.7", s -> {
                List<String> bad = new ArrayList<>();
                for (Mk2Instance i : s.instances()) {
                    long holders = s.images().stream().filter(m -> m.instance() == i.serial()).count();
                    long expected = (i.published() ? 1 : 0) + (i.kn() ? 1 : 0) + holders;
                    if (i.refs() != expected) {
                        bad.add(i.name() + " (record #" + i.serial() + "): " + i.refs() + " references, expected "
                            + expected + (i.published() ? "" : " (it is no longer published)"));
                    }
                }
                return verdict(bad);
            });
    }

    /**
     * images-reachable: every live multikernel image belongs to a published instance, so that kimage_find_by_id (the
     * only way an unload or an exec finds an image) reaches it through the idr; an image held by a record no longer
     * published can never be unloaded, and its instance's memory and CPUs are never returned. Only calls that
     * interleave break it (N3). Source: [XC] kimage_find_by_id, [KF14] mk_instance_destroy.
     */
    public Mk2Invariant imagesReachable() {
        return new Mk2Invariant("images-reachable",
            "every loaded image belongs to a published instance, so an unload or an exec by id can reach it",
            "[XC] kimage_find_by_id, [KF14] mk_instance_destroy, [XF] kexec_file_load", s -> {
                List<String> bad = new ArrayList<>();
                for (Mk2Image m : s.images()) {
                    if (m.crash()) {
                        continue;
                    }
                    Optional<Mk2Instance> rec = s.bySerial(m.instance());
                    if (rec.isEmpty()) {
                        bad.add("image #" + m.serial() + " holds record #" + m.instance() + ", which was released");
                    } else if (!rec.get().published()) {
                        Mk2Instance i = rec.get();
                        bad.add(i.name() + " (record #" + i.serial() + ", " + i.state().text() + ") holds image #"
                            + m.serial() + " but is no longer in the idr or the list: no unload or exec by id "
                            + i.id() + " reaches it, and its memory and CPUs are never returned");
                    }
                }
                return verdict(bad);
            });
    }

    /** segments-disjoint: no two live images' segments share a page. Source: [XF] kexec_alloc_multikernel. */
    public Mk2Invariant segmentsDisjoint() {
        return new Mk2Invariant("segments-disjoint", "no two segments of live images overlap",
            "[XF] kexec_alloc_multikernel, sanity_check_segment_list", s -> {
                List<String> bad = new ArrayList<>();
                List<Mk2Image> imgs = s.images();
                for (int a = 0; a < imgs.size(); a++) {
                    for (int b = a + 1; b < imgs.size(); b++) {
                        RangeSet both = imgs.get(a).segments().intersect(imgs.get(b).segments());
                        if (!both.isEmpty()) {
                            bad.add("images #" + imgs.get(a).serial() + " and #" + imgs.get(b).serial() + " share "
                                + pages(both));
                        }
                    }
                }
                return verdict(bad);
            });
    }

    /**
     * segments-inside-instance: a multikernel image's segments lie in its record's instance pool, in regions the
     * record still has, allocated. Source: [XF] kexec_alloc_multikernel ("cannot fall back").
     */
    public Mk2Invariant segmentsInsideInstance() {
        return new Mk2Invariant("segments-inside-instance",
            "every segment of an instance's image lies in that instance's own pool and regions",
            "[XF] kexec_alloc_multikernel, [C14] mk_instance_mem_alloc", s -> {
                List<String> bad = new ArrayList<>();
                for (Mk2Image m : s.images()) {
                    if (m.crash()) {
                        continue;
                    }
                    Optional<Mk2Instance> owner = s.bySerial(m.instance());
                    if (owner.isEmpty()) {
                        bad.add("image #" + m.serial() + " holds a released record");
                        continue;
                    }
                    Mk2Instance i = owner.get();
                    RangeSet own = i.poolChunks().intersect(i.memory()).intersect(i.used());
                    if (!own.containsAll(m.segments())) {
                        bad.add(i.name() + ": segments at " + pages(m.segments().minus(own))
                            + " lie outside its own regions");
                    }
                }
                return verdict(bad);
            });
    }

    /**
     * no-pool-leak: the pages allocated from an instance's pool are exactly its live image's segments. Source: [XC]
     * kimage_free's mk_kimage_free loop.
     */
    public Mk2Invariant noPoolLeak() {
        return new Mk2Invariant("no-pool-leak", "an instance pool holds allocations only for its live image's segments",
            "[XC] kimage_free, [XF] kimage_file_alloc_init labels", s -> {
                List<String> bad = new ArrayList<>();
                for (Mk2Instance i : s.instances()) {
                    RangeSet segs = RangeSet.EMPTY;
                    for (Mk2Image m : s.images()) {
                        if (!m.crash() && m.instance() == i.serial()) {
                            segs = segs.union(m.segments());
                        }
                    }
                    RangeSet leaked = i.used().minus(segs);
                    if (!leaked.isEmpty()) {
                        bad.add(i.name() + ": instance pool pages " + pages(leaked) + " allocated for no live segment");
                    }
                }
                return verdict(bad);
            });
    }

    /**
     * instances-disjoint: records' regions are pairwise disjoint, inside the pool's chunks and none of them free, and
     * every instance-pool chunk is one of its record's regions. Source: [ME] mk_instance_remove_memory_region.
     */
    public Mk2Invariant instancesDisjoint() {
        return new Mk2Invariant("instances-disjoint",
            "instances' memory is disjoint, allocated from the pool, and their pools lie in their own regions",
            "[C14] mk_instance_transfer_memory, [ME] multikernel_create_instance_pool", s -> {
                List<String> bad = new ArrayList<>();
                List<Mk2Instance> is = s.instances();
                for (int a = 0; a < is.size(); a++) {
                    Mk2Instance i = is.get(a);
                    if (i.memory().intersects(s.free())) {
                        bad.add(i.name() + ": its memory " + pages(i.memory().intersect(s.free()))
                            + " is free in the pool");
                    }
                    if (!i.memory().containsAll(i.poolChunks())) {
                        bad.add(i.name() + ": its instance pool hands out " + pages(i.poolChunks().minus(i.memory()))
                            + ", which is no longer its region");
                    }
                    for (int b = a + 1; b < is.size(); b++) {
                        RangeSet both = i.memory().intersect(is.get(b).memory());
                        if (!both.isEmpty()) {
                            bad.add(i.name() + " and " + is.get(b).name() + " both own " + pages(both));
                        }
                    }
                }
                return verdict(bad);
            });
    }

    /**
     * pool-conserved: every allocated page of the pool belongs to a live record's regions. Source: [ME]
     * multikernel_alloc/free, [C14] mk_instance_release.
     */
    public Mk2Invariant poolConserved() {
        return new Mk2Invariant("pool-conserved", "every allocated pool page belongs to some instance's memory",
            "[C14] mk_instance_free_memory, [HP14] mk_send_mem_add", s -> {
                RangeSet owned = RangeSet.EMPTY;
                for (Mk2Instance i : s.instances()) {
                    owned = owned.union(i.memory());
                }
                RangeSet lost = s.allocated().minus(owned);
                return lost.isEmpty() ? Verdict.HOLDS
                    : Verdict.violated("pool pages " + pages(lost) + " are allocated but no instance owns them");
            });
    }

    /**
     * cpu-single-owner: every CPU belongs to exactly one of the host, the free pool, one instance record; a spawned
     * kernel's CPUs are its record's. Source: [BL] mk_pool_cpu_add, [C14] mk_instance_release.
     */
    public Mk2Invariant cpuSingleOwner() {
        return new Mk2Invariant("cpu-single-owner",
            "every CPU has exactly one owner: the host, the free pool, or one instance (whose spawned kernel runs on it)",
            "[BL] mk_pool_cpu_add, [C14] mk_instance_return_cpus", s -> {
                List<String> bad = new ArrayList<>();
                for (int cpu = 0; cpu < p.cpus(); cpu++) {
                    List<String> owners = new ArrayList<>();
                    if (s.hostCpus().contains(cpu)) {
                        owners.add("the host");
                    }
                    if (s.freeCpus().contains(cpu)) {
                        owners.add("the free pool");
                    }
                    for (Mk2Instance i : s.instances()) {
                        if (i.cpus().contains(cpu)) {
                            owners.add(i.name());
                        }
                    }
                    for (Mk2Spawn k : s.spawns()) {
                        Optional<Mk2Instance> rec = s.bySerial(k.instance());
                        if (k.cpus().contains(cpu) && (rec.isEmpty() || !rec.get().cpus().contains(cpu))) {
                            owners.add("a spawned kernel whose record no longer has it");
                        }
                    }
                    if (owners.size() > 1) {
                        bad.add("CPU " + cpu + " belongs to " + String.join(" and ", owners));
                    }
                }
                return verdict(bad);
            });
    }

    /**
     * running-protected: while a spawned kernel runs, its record stays published and ACTIVE with the image it was
     * started from, and keeps the CPUs and memory it was given. Source: [XC] multikernel_kexec_by_id, [KF14]
     * mk_instance_destroy.
     */
    public Mk2Invariant runningProtected() {
        return new Mk2Invariant("running-protected",
            "a running spawned kernel's instance stays ACTIVE, with its image, CPUs and memory",
            "[XC] multikernel_kexec_by_id, [KF14] mk_instance_destroy, [XF] unload", s -> {
                List<String> bad = new ArrayList<>();
                for (Mk2Spawn k : s.spawns()) {
                    Optional<Mk2Instance> rec = s.bySerial(k.instance());
                    if (rec.isEmpty() || !rec.get().published()) {
                        bad.add("a spawned kernel runs for record #" + k.instance() + ", which is gone");
                        continue;
                    }
                    Mk2Instance i = rec.get();
                    if (i.state() != Mk2Lifecycle.ACTIVE) {
                        bad.add(i.name() + ": its spawned kernel runs but the state is " + i.state().text());
                    }
                    if (i.kimage() != k.image() || s.image(k.image()).isEmpty()) {
                        bad.add(i.name() + ": the image its spawned kernel runs from was freed");
                    }
                    if (!i.memory().containsAll(k.memory())) {
                        bad.add(i.name() + ": its spawned kernel's memory " + pages(k.memory().minus(i.memory()))
                            + " was taken away");
                    }
                    if (!i.cpus().equals(i.cpus().union(k.cpus()))) {
                        bad.add(i.name() + ": its spawned kernel's CPUs " + k.cpus().minus(i.cpus()) + " were taken away");
                    }
                }
                return verdict(bad);
            });
    }

    /**
     * no-host-page-leak: the host pages kexec holds are exactly the live images' manifests, rings, control pages and
     * crash segments. Source: [XF] out_free_image, [XC] kimage_free.
     */
    public Mk2Invariant noHostPageLeak() {
        return new Mk2Invariant("no-host-page-leak",
            "the host pages kexec holds are exactly those of live images (manifest, IPI ring, control pages)",
            "[XF] kimage_file_alloc_init labels, [XC] kimage_free", s -> {
                long held = s.images().stream().mapToLong(Mk2Image::hostPages).sum();
                return s.hostPages() == held ? Verdict.HOLDS : Verdict.violated("kexec holds " + s.hostPages()
                    + " host pages, live images account for " + held);
            });
    }

    /** ids-loadable: every published instance has an id KEXEC_MK_ID can encode (1..2047). Source: [KH] KEXEC_MK_ID. */
    public Mk2Invariant idsLoadable() {
        return new Mk2Invariant("ids-loadable", "every instance has an id 1..2047, which kexec_file_load can address",
            "[KH] KEXEC_MK_ID_MASK, [OV14] mk_overlay_op_instance_create", s -> {
                List<String> bad = new ArrayList<>();
                for (Mk2Instance i : s.instances()) {
                    if (i.published() && (i.id() < 1 || i.id() > 2047)) {
                        bad.add(i.name() + " has id " + i.id() + ": KEXEC_MK_ID(" + i.id() + ") addresses id "
                            + (i.id() & 2047));
                    }
                }
                return verdict(bad);
            });
    }

    private static String shown(String name) {
        return Mk2Instance.shownName(name);
    }

    /**
     * manifest-fits (RFC v2's handover-fits-page): a spawned kernel runs only from a manifest written whole, its boot
     * tree inside MK_MANIFEST_SIZE and its reserved ranges within MK_RESERVED_PAIRS. Source: [MF14]
     * mk_manifest_finalize, mk_reserved_add; [XC] multikernel_kexec_by_id.
     */
    public Mk2Invariant manifestFits() {
        return new Mk2Invariant("manifest-fits",
            "a spawned kernel runs only from a manifest written whole into its 16 KiB (at most 80 reserved ranges)",
            "[MF14] mk_manifest_finalize, mk_reserved_add, [XC] multikernel_kexec_by_id", s -> {
                List<String> bad = new ArrayList<>();
                for (Mk2Spawn k : s.spawns()) {
                    if (k.manifest() instanceof Mk2Manifest.Unfinished) {
                        bad.add(shown(k.name()) + ": its spawned kernel booted from a manifest whose writing ran out of "
                            + "room (the tree is still in libfdt's sequential-write state)");
                    }
                }
                return verdict(bad);
            });
    }

    /**
     * manifest-well-formed (RFC v2's handover-well-formed): the manifest a spawned kernel booted from is a finished
     * tree, compatible "multikernel-v1", with a {@code model} and a 4-byte {@code id}. Source: [MF14]
     * mk_manifest_populate, [ID14] mk_dt_extract_instance_info.
     */
    public Mk2Invariant manifestWellFormed() {
        return new Mk2Invariant("manifest-well-formed",
            "a spawned kernel's manifest is a finished multikernel-v1 tree with a model and a 4-byte id",
            "[MF14] mk_manifest_populate, [ID14] mk_dt_extract_instance_info", s -> {
                List<String> bad = new ArrayList<>();
                for (Mk2Spawn k : s.spawns()) {
                    if (!(k.manifest() instanceof Mk2Manifest.Told)) {
                        bad.add(shown(k.name()) + ": its spawned kernel booted from a manifest that is not a boot tree ("
                            + (k.manifest() instanceof Mk2Manifest.Unfinished ? "unfinished" : "malformed") + ")");
                    }
                }
                return verdict(bad);
            });
    }

    /**
     * restore-faithful: a spawned kernel restores itself as the record it was started for: that record's id, name
     * and CPUs at exec. Source: [ID14] mk_instance_restore_from_manifest, [MF14] mk_manifest_populate.
     */
    public Mk2Invariant restoreFaithful() {
        return new Mk2Invariant("restore-faithful",
            "a spawned kernel's own record has the id, name and CPUs of the instance it was started as",
            "[ID14] mk_instance_restore_from_manifest, [MF14] mk_manifest_populate", s -> {
                List<String> bad = new ArrayList<>();
                for (Mk2Spawn k : s.spawns()) {
                    if (k.self().isEmpty()) {
                        bad.add(shown(k.name()) + ": its spawned kernel failed to restore itself (mk_self is NULL)");
                        continue;
                    }
                    Mk2Restored r = k.self().get();
                    if (r.id() != k.id() || !r.name().equals(k.name()) || !r.cpus().equals(k.cpus())) {
                        bad.add(shown(k.name()) + " (id " + k.id() + ", CPUs " + k.cpus() + "): its spawned kernel "
                            + "believes it is " + (r.name().isEmpty() ? "a host" : shown(r.name())) + " with id "
                            + r.id() + " and CPUs " + r.cpus());
                    }
                }
                return verdict(bad);
            });
    }

    /**
     * self-record-alive: a spawned kernel's own record ({@code mk_self}) is never freed while it runs: later paths
     * dereference it. Source: [ID14] mk_self, [KF14] mk_instance_destroy.
     */
    public Mk2Invariant selfRecordAlive() {
        return new Mk2Invariant("self-record-alive", "a spawned kernel's own record (mk_self) is never freed",
            "[ID14] mk_self, [KF14] mk_instance_destroy, [OV14] instance-remove", s -> {
                List<String> bad = new ArrayList<>();
                for (Mk2Spawn k : s.spawns()) {
                    if (k.self().isPresent() && !k.self().get().alive()) {
                        bad.add(shown(k.name()) + ": its spawned kernel freed its own record, which mk_self still "
                            + "points at");
                    }
                }
                return verdict(bad);
            });
    }

    /** What a state is, the overlay tx list's ghost bookkeeping aside. */
    private static Mk2State withoutGhosts(Mk2State s) {
        List<Mk2Tx> txs = new ArrayList<>();
        for (Mk2Tx t : s.txs()) {
            txs.add(new Mk2Tx(t.id(), t.applied(), List.of()));
        }
        return new Mk2State(s.poolExists(), s.chunks(), s.free(), s.freeCpus(), s.hostCpus(), s.instances(),
            s.images(), txs, s.nextTx(), s.hostPages(), s.spawns(), s.pendingHalted(), s.bug());
    }

    /** The state apart from the tx list and its counter. */
    private static Mk2State withoutTxs(Mk2State s) {
        return new Mk2State(s.poolExists(), s.chunks(), s.free(), s.freeCpus(), s.hostCpus(), s.instances(),
            s.images(), List.of(), 0, s.hostPages(), s.spawns(), s.pendingHalted(), s.bug());
    }

    private static boolean kexecCall(Mk2Action a) {
        return a instanceof Mk2Action.Load || a instanceof Mk2Action.Unload || a instanceof Mk2Action.Exec
            || a instanceof Mk2Action.Halt || a instanceof Mk2Action.ForceHalt;
    }

    /**
     * failed-op-atomic: a kexec_file_load, unload, exec or halt that returns an error leaves the state as it was.
     * Source: docs/design.md, the interface's contract.
     */
    public Mk2StepInvariant failedOpAtomic() {
        return new Mk2StepInvariant("failed-op-atomic", "a step that returns an error leaves the state as it was",
            "docs/design.md, the interface's contract", (pre, a, r, post) ->
            kexecCall(a) && r instanceof Result.Err && !withoutGhosts(pre).equals(withoutGhosts(post))
                ? Verdict.violated(a.op() + " returned " + r + " but changed the state") : Verdict.HOLDS);
    }

    /**
     * baseline-atomic: a baseline write that fails leaves the pool, its CPUs and the host's CPUs as they were. Source:
     * [BL] mk_baseline_validate_and_initialize.
     */
    public Mk2StepInvariant baselineAtomic() {
        return new Mk2StepInvariant("baseline-atomic", "a failed baseline write leaves no pool memory or CPU moved",
            "[BL] mk_baseline_validate_and_initialize, [KF14] root_device_tree_write", (pre, a, r, post) -> {
                if (!(a instanceof Mk2Action.BaselineWrite) || !(r instanceof Result.Err)) {
                    return Verdict.HOLDS;
                }
                List<String> bad = new ArrayList<>();
                if (!pre.chunks().equals(post.chunks()) || pre.poolExists() != post.poolExists()) {
                    bad.add("the pool grew to " + pages(post.chunks()) + " although the write returned " + r);
                }
                if (!pre.freeCpus().equals(post.freeCpus()) || !pre.hostCpus().equals(post.hostCpus())) {
                    bad.add("CPUs " + post.freeCpus().minus(pre.freeCpus()) + " moved to the pool although the write"
                        + " returned " + r);
                }
                return verdict(bad);
            });
    }

    /** Whether an overlay write's apply failed: an error, or a new transaction whose status is "failed". */
    private static boolean applyFailed(Mk2State pre, Result r, Mk2State post) {
        return r instanceof Result.Err || post.tx(pre.nextTx()).map(t -> !t.applied()).orElse(false);
    }

    /**
     * overlay-atomic: an overlay write whose apply fails changes nothing but the tx list. Source: [OV14]
     * mk_overlay_parse_and_apply; DOC-OV's "applied and rolled back as a unit".
     */
    public Mk2StepInvariant overlayAtomic() {
        return new Mk2StepInvariant("overlay-atomic", "an overlay whose apply fails changes nothing but the tx list",
            "[OV14] mk_overlay_parse_and_apply, Documentation/multikernel/overlays.rst", (pre, a, r, post) ->
            a instanceof Mk2Action.OverlayWrite && applyFailed(pre, r, post)
                && !withoutTxs(pre).equals(withoutTxs(post))
                ? Verdict.violated("the overlay's apply failed but what it applied before the failure stays")
                : Verdict.HOLDS);
    }

    /**
     * write-reports-result: an overlay write returns success only when its apply succeeded. Source: [OV14]
     * mk_overlay_new_write.
     */
    public Mk2StepInvariant writeReportsResult() {
        return new Mk2StepInvariant("write-reports-result", "an overlay write succeeds only if its apply succeeded",
            "[OV14] mk_overlay_new_write, mk_overlay_apply", (pre, a, r, post) ->
            a instanceof Mk2Action.OverlayWrite && r instanceof Result.Ok && applyFailed(pre, r, post)
                ? Verdict.violated("write() returned success, but tx_" + pre.nextTx() + " reads \"failed\"")
                : Verdict.HOLDS);
    }

    /**
     * rollback-exact: a rollback that succeeds destroys only records its transaction created; one that fails changes
     * nothing but the transaction's status. Source: [OV14] mk_overlay_rmdir.
     */
    public Mk2StepInvariant rollbackExact() {
        return new Mk2StepInvariant("rollback-exact",
            "a rollback undoes only what its transaction did, and a failed rollback nothing",
            "[OV14] mk_overlay_rmdir, mk_overlay_undo_instance_create", (pre, a, r, post) -> {
                if (!(a instanceof Mk2Action.RmdirTx)) {
                    return Verdict.HOLDS;
                }
                int id = ((Mk2Action.RmdirTx) a).id();
                Optional<Mk2Tx> tx = pre.tx(id);
                if (tx.isEmpty()) {
                    return Verdict.HOLDS;
                }
                List<String> bad = new ArrayList<>();
                if (r instanceof Result.Ok) {
                    Set<Integer> created = new HashSet<>(tx.get().created());
                    for (Mk2Instance i : pre.instances()) {
                        // records are renumbered in every state; a published name is unique, so it names the record
                        boolean gone = i.published() && post.byName(i.name()).map(x -> x.id() != i.id()).orElse(true);
                        if (gone && !created.contains(i.serial())) {
                            bad.add("rmdir tx_" + id + " destroyed " + i.name() + " (record #" + i.serial()
                                + "), which tx_" + id + " did not create");
                        }
                    }
                } else if (!withoutTxs(pre).equals(withoutTxs(post))) {
                    bad.add("rmdir tx_" + id + " returned " + r + " but undid part of the transaction");
                }
                return verdict(bad);
            });
    }

    /** unload-protected: an unload succeeds only on a LOADED instance. Source: [XF] the KEXEC_FILE_UNLOAD branch. */
    public Mk2StepInvariant unloadProtected() {
        return new Mk2StepInvariant("unload-protected", "an unload succeeds only on an instance that is LOADED",
            "[XF] kexec_file_load KEXEC_FILE_UNLOAD", (pre, a, r, post) -> {
                if (!(a instanceof Mk2Action.Unload) || !(r instanceof Result.Ok)) {
                    return Verdict.HOLDS;
                }
                int id = (int) (((Mk2Action.Unload) a).id() & 2047);
                Optional<Mk2Instance> i = pre.byId(id);
                return i.isPresent() && i.get().state() != Mk2Lifecycle.LOADED
                    ? Verdict.violated("the unload of " + i.get().name() + " succeeded while it was "
                        + i.get().state().text())
                    : Verdict.HOLDS;
            });
    }

    /**
     * instance-as-requested: an instance an overlay creates has the CPUs and memory its instance-create asked for.
     * Source: [DT14] mk_dt_parse_resources, [C14] mk_instance_reserve_resources.
     */
    public Mk2StepInvariant instanceAsRequested() {
        return new Mk2StepInvariant("instance-as-requested",
            "an instance is created with exactly the CPUs and memory its instance-create asks for",
            "[DT14] mk_dt_parse_resources, [C14] mk_instance_reserve_resources", (pre, a, r, post) -> {
                if (!(a instanceof Mk2Action.OverlayWrite)) {
                    return Verdict.HOLDS;
                }
                List<String> bad = new ArrayList<>();
                for (Mk2Op op : ((Mk2Action.OverlayWrite) a).ops()) {
                    if (!(op instanceof Mk2Op.Create)) {
                        continue;
                    }
                    Mk2Op.Create c = (Mk2Op.Create) op;
                    Optional<Mk2Instance> made = pre.byName(c.name()).isPresent() ? Optional.empty() : post.byName(c.name());
                    if (made.isEmpty()) {
                        continue;
                    }
                    CpuSet want = CpuSet.EMPTY;
                    for (long cpu : c.cpus()) {
                        want = want.with((int) cpu);
                    }
                    if (!made.get().cpus().equals(want)) {
                        bad.add(c.name() + " was created with CPUs " + made.get().cpus() + ", not " + want);
                    }
                    if (made.get().memory().size() != c.memoryPages()) {
                        bad.add(c.name() + " was created with " + made.get().memory().size() + " pages, not "
                            + c.memoryPages());
                    }
                }
                return verdict(bad);
            });
    }
}
