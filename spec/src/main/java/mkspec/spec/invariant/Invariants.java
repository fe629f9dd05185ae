package mkspec.spec.invariant;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mkspec.spec.action.Action;
import mkspec.spec.action.Next;
import mkspec.spec.check.Verdict;
import mkspec.spec.model.Errno;
import mkspec.spec.model.Image;
import mkspec.spec.model.Instance;
import mkspec.spec.model.Lifecycle;
import mkspec.spec.model.Platform;
import mkspec.spec.model.Range;
import mkspec.spec.model.RangeSet;
import mkspec.spec.model.Result;
import mkspec.spec.model.Spawned;

/**
 * What must always hold: the sixteen invariants of DESIGN.md, each one named definition with its
 * statement and source, and TYPE_OK apart from them, checked first, so that a malformed state is
 * reported as malformed rather than as some invariant failing for an odd reason.
 *
 * <p>State invariants read one state; the three step invariants ({@code failed-op-atomic},
 * {@code ids-loadable}, {@code images-independent}) read a whole step.
 */
public final class Invariants {
    private final Platform p;
    private final List<SpecInvariant> stateInvariants;
    private final List<SpecStepInvariant> stepInvariants;

    public Invariants(Platform p) {
        this.p = p;
        this.stateInvariants = List.of(typeOk(), segmentsDisjoint(), segmentsInsideInstance(), instancesDisjoint(),
            poolConserved(), noPoolLeak(), lifecycleConsistent(), runningProtected(), handoverFitsPage(),
            handoverWellFormed(), restoreFaithful(), handoverPageAlive(), fdtReadsInBounds(), rebootLockReleased(),
            noUseAfterFree());
        this.stepInvariants = List.of(failedOpAtomic(), idsLoadable(), imagesIndependent());
    }

    /**
     * TYPE_OK: every page lies in System RAM and every instance page in the pool; an instance's
     * allocated pages lie in its chunks; CPUs are below nr_cpu_ids; ids fit a u32 cell.
     */
    public SpecInvariant typeOk() {
        return new SpecInvariant("type-ok", "every page, CPU and id of the state is one the machine has", "docs/design.md, the state",
            s -> {
                List<String> bad = new ArrayList<>();
                RangeSet ram = RangeSet.of(p.ram());
                RangeSet pool = p.poolPages();
                if (!pool.containsAll(s.poolFree())) {
                    bad.add("free pool pages outside the pool: " + p.describe(s.poolFree().minus(pool)));
                }
                for (Instance i : s.instances()) {
                    if (!pool.containsAll(i.memory())) {
                        bad.add(i.name() + ": memory outside the pool: " + p.describe(i.memory().minus(pool)));
                    }
                    if (!i.memory().containsAll(i.allocated())) {
                        bad.add(i.name() + ": allocated pages outside its chunks");
                    }
                    if (i.cpus().toBitSet().length() > p.cpus()) {
                        bad.add(i.name() + ": CPU beyond nr_cpu_ids: " + i.cpus());
                    }
                    if (i.image().isPresent() && !ram.containsAll(i.image().get().pages())) {
                        bad.add(i.name() + ": image pages outside RAM");
                    }
                }
                return verdict(bad);
            });
    }

    /**
     * segments-disjoint: no two segments or control pages of any loaded images overlap, the plain
     * image's included.
     * Source: [P15] kexec_alloc_multikernel, kimage_is_destination_range; caught D2.
     */
    public SpecInvariant segmentsDisjoint() {
        return new SpecInvariant("segments-disjoint",
            "no two segments or control pages of any loaded images overlap", "[P15] kexec_alloc_multikernel",
            s -> {
                List<Range> all = new ArrayList<>();
                List<String> owner = new ArrayList<>();
                for (Instance i : s.instances()) {
                    if (i.image().isEmpty() || !i.image().get().alive()) {
                        continue;
                    }
                    Image img = i.image().get();
                    for (Range r : img.segments()) {
                        all.add(r);
                        owner.add(i.name());
                    }
                    for (Range r : img.controlPages()) {
                        all.add(r);
                        owner.add(i.name());
                    }
                }
                if (s.plain().isPresent()) {
                    for (Range r : s.plain().get().segments()) {
                        all.add(r);
                        owner.add("the plain image");
                    }
                }
                List<String> bad = null;
                for (int a = 0; a < all.size(); a++) {
                    for (int b = a + 1; b < all.size(); b++) {
                        if (all.get(a).overlaps(all.get(b))) {
                            if (bad == null) {
                                bad = new ArrayList<>();
                            }
                            bad.add(owner.get(a) + " " + p.describe(all.get(a)) + " overlaps "
                                + owner.get(b) + " " + p.describe(all.get(b)));
                        }
                    }
                }
                return bad == null ? Verdict.HOLDS : Verdict.violated(bad);
            });
    }

    /**
     * segments-inside-instance: every segment and control page of a multikernel image lies inside
     * its instance's memory. Source: [P15] kexec_locate_mem_hole; caught D2, D8.
     */
    public SpecInvariant segmentsInsideInstance() {
        return new SpecInvariant("segments-inside-instance",
            "every segment and control page of a multikernel image lies inside its instance's memory",
            "[P15] kexec_locate_mem_hole",
            s -> {
                List<String> bad = new ArrayList<>();
                for (Instance i : s.instances()) {
                    if (i.image().isEmpty() || !i.image().get().alive()) {
                        continue;
                    }
                    RangeSet mem = i.memory();
                    for (Range r : i.image().get().segments()) {
                        if (!mem.containsAll(r)) {
                            bad.add(i.name() + ": segment " + p.describe(r) + " lies outside its memory " + p.describe(mem));
                        }
                    }
                    for (Range r : i.image().get().controlPages()) {
                        if (!mem.containsAll(r)) {
                            bad.add(i.name() + ": control page " + p.describe(r) + " lies outside its memory " + p.describe(mem));
                        }
                    }
                }
                return verdict(bad);
            });
    }

    /**
     * instances-disjoint: instances' memory and CPU sets are pairwise disjoint; CPU 0 stays with the
     * host. Source: [P08] mk_dt_resources_available TODO; caught D5.
     */
    public SpecInvariant instancesDisjoint() {
        return new SpecInvariant("instances-disjoint",
            "instances' memory and CPU sets are pairwise disjoint; CPU 0 stays with the host",
            "[P08] dts.c mk_dt_resources_available",
            s -> {
                List<String> bad = new ArrayList<>();
                List<Instance> is = s.instances();
                for (int a = 0; a < is.size(); a++) {
                    Instance x = is.get(a);
                    if (x.cpus().contains(0)) {
                        bad.add(x.name() + " has CPU 0");
                    }
                    for (int b = a + 1; b < is.size(); b++) {
                        Instance y = is.get(b);
                        if (x.memory().intersects(y.memory())) {
                            bad.add(x.name() + " and " + y.name() + " share memory " + p.describe(x.memory().intersect(y.memory())));
                        }
                        if (x.cpus().intersects(y.cpus())) {
                            bad.add(x.name() + " and " + y.name() + " share CPUs");
                        }
                    }
                }
                return verdict(bad);
            });
    }

    /**
     * pool-conserved: the global pool's free pages and all instances' pages partition the pool.
     * Source: [P06] mem.c multikernel_create_instance_pool; caught D7.
     */
    public SpecInvariant poolConserved() {
        return new SpecInvariant("pool-conserved",
            "the global pool's free pages and all instances' pages partition the pool", "[P06] mem.c",
            s -> {
                List<String> bad = new ArrayList<>();
                RangeSet covered = s.poolFree();
                for (Instance i : s.instances()) {
                    if (covered.intersects(i.memory())) {
                        bad.add(i.name() + "'s memory is also counted elsewhere: " + p.describe(covered.intersect(i.memory())));
                    }
                    covered = covered.union(i.memory());
                }
                RangeSet lost = p.poolPages().minus(covered);
                if (!lost.isEmpty()) {
                    bad.add("pool pages neither free nor any instance's: " + p.describe(lost));
                }
                return verdict(bad);
            });
    }

    /**
     * no-pool-leak: an unloaded or failed image holds no pool pages: an instance pool has handed out
     * exactly the pool pages of its live image. Source: [P15] kimage_free; caught D6 (and D1).
     */
    public SpecInvariant noPoolLeak() {
        return new SpecInvariant("no-pool-leak", "an unloaded or failed image holds no pool pages", "[P09, P15] kimage_free",
            s -> {
                List<String> bad = new ArrayList<>();
                for (Instance i : s.instances()) {
                    RangeSet held = RangeSet.EMPTY;
                    if (i.image().isPresent() && i.image().get().alive()) {
                        held = i.image().get().pages().intersect(i.memory());
                    }
                    RangeSet leaked = i.allocated().minus(held);
                    if (!leaked.isEmpty()) {
                        bad.add(i.name() + ": pool pages allocated to no live image: " + p.describe(leaked));
                    }
                }
                return verdict(bad);
            });
    }

    /**
     * lifecycle-consistent: an instance has an image exactly when its state says loaded or active,
     * and that image is alive. Source: [P15] kimage_file_alloc_init, [P09] kimage_free; caught D1.
     */
    public SpecInvariant lifecycleConsistent() {
        return new SpecInvariant("lifecycle-consistent",
            "an instance has an image exactly when its state says loaded or active, and that image is alive",
            "[P15] kimage_file_alloc_init",
            s -> {
                List<String> bad = new ArrayList<>();
                for (Instance i : s.instances()) {
                    boolean has = i.image().isPresent();
                    if (has != i.state().holdsImage()) {
                        bad.add(i.name() + " is " + i.state().text() + (has ? " but holds an image" : " but holds no image"));
                    }
                    if (has && !i.image().get().alive()) {
                        bad.add(i.name() + "'s kimage pointer dangles: the kimage was freed");
                    }
                }
                return verdict(bad);
            });
    }

    /**
     * running-protected: while a spawned kernel runs, its instance is active, cannot be unloaded or
     * removed, and its memory and CPUs are not reused. Source: [P09] multikernel_kexec_by_id, [P08]
     * mk_kernfs_rmdir; caught D5.
     */
    public SpecInvariant runningProtected() {
        return new SpecInvariant("running-protected",
            "while a spawned kernel runs, its instance is active, cannot be unloaded or removed, and its memory and CPUs are not reused",
            "[P09] multikernel_kexec_by_id",
            s -> {
                List<String> bad = new ArrayList<>();
                for (int n = 0; n < s.spawned().size(); n++) {
                    Spawned k = s.spawned().get(n);
                    Spawned.Identity w = k.startedFor();
                    String who = "the kernel running on CPU " + k.cpu() + " for " + w.name();
                    Optional<Instance> inst = s.byId(w.id()).filter(i -> i.name().equals(w.name()));
                    if (inst.isEmpty()) {
                        bad.add(who + ": its instance was removed");
                    } else {
                        Instance i = inst.get();
                        if (i.state() != Lifecycle.ACTIVE) {
                            bad.add(who + ": its instance is " + i.state().text() + ", not active");
                        }
                        if (i.image().isEmpty() || !i.image().get().alive()) {
                            bad.add(who + ": its instance's image was unloaded");
                        }
                    }
                    if (s.poolFree().intersects(w.memory())) {
                        bad.add(who + ": its memory is back in the free pool: " + p.describe(s.poolFree().intersect(w.memory())));
                    }
                    for (Instance o : s.instances()) {
                        boolean same = inst.isPresent() && o == inst.get();
                        if (!same && o.memory().intersects(w.memory())) {
                            bad.add(who + ": " + o.name() + " now has its memory");
                        }
                        if (!same && o.cpus().contains(k.cpu())) {
                            bad.add(who + ": " + o.name() + " now has its CPU");
                        }
                    }
                    if (s.online().contains(k.cpu())) {
                        bad.add(who + ": the host has the CPU online");
                    }
                    for (int m = 0; m < n; m++) {
                        if (s.spawned().get(m).cpu() == k.cpu()) {
                            bad.add(who + ": CPU " + k.cpu() + " was kicked again while a kernel runs on it");
                        }
                    }
                }
                return verdict(bad);
            });
    }

    /**
     * handover-fits-page: the handover FDT is at most one page: every kernel started was handed the
     * whole of it. Source: [P16] mk_kexec_finalize (fdt_create(fdt, PAGE_SIZE)); caught D11.
     */
    public SpecInvariant handoverFitsPage() {
        return new SpecInvariant("handover-fits-page", "the handover FDT is at most one page", "[P16] mk_kexec_finalize",
            s -> {
                List<String> bad = new ArrayList<>();
                for (Spawned k : s.spawned()) {
                    if (!k.handover().fits(p.pageSize())) {
                        bad.add("the kernel for " + k.startedFor().name() + " was started though its handover FDT did not fit one page: it needs "
                            + k.handover().needed() + " bytes > " + p.pageSize());
                    }
                }
                return verdict(bad);
            });
    }

    /**
     * handover-well-formed: a spawned kernel is started only with a valid handover FDT: header,
     * compatible = "multikernel-v1", /multikernel/dtb-data holding the instance's DTB.
     * Source: [P16] mk_kexec_finalize, mk_kexec_notifier; caught D10, D11.
     */
    public SpecInvariant handoverWellFormed() {
        return new SpecInvariant("handover-well-formed",
            "a spawned kernel is started only with a valid handover FDT: header, compatible = \"multikernel-v1\", /multikernel/dtb-data holding the instance's DTB",
            "[P16] mk_kexec_finalize",
            s -> {
                List<String> bad = new ArrayList<>();
                for (Spawned k : s.spawned()) {
                    if (!k.handover().wellFormed()) {
                        bad.add("the kernel for " + k.startedFor().name() + " was started with a handover FDT that is not a valid multikernel-v1 FDT holding its DTB");
                    }
                }
                return verdict(bad);
            });
    }

    /**
     * restore-faithful: the spawned kernel restores exactly the instance it was started for: id,
     * name, cpus, memory (and registers it), whenever it read the well-formed handover that exec
     * wrote. Source: [P16] mk_kho_restore_dtbs, [P10] usage.rst; caught D13, D15, D17.
     */
    public SpecInvariant restoreFaithful() {
        return new SpecInvariant("restore-faithful",
            "the spawned kernel restores exactly the instance it was started for: id, name, cpus, memory",
            "[P16] mk_kho_restore_dtbs",
            s -> {
                List<String> bad = new ArrayList<>();
                for (Spawned k : s.spawned()) {
                    if (!k.handover().wellFormed()) {
                        continue;
                    }
                    k.boot().accept(new Spawned.Boot.Cases<Void>() {
                        public Void notBooted(Spawned.NotBooted b) {
                            return null;
                        }

                        public Void booted(Spawned.Booted b) {
                            if (!b.readIntact()) {
                                return null; // handover-page-alive speaks for this kernel
                            }
                            Spawned.Identity w = k.startedFor();
                            Spawned.Restored want = new Spawned.Restored(w.name(), w.id(), w.cpus(), w.memoryBytes(),
                                true);
                            if (b.restored().isEmpty()) {
                                bad.add("the kernel for " + w.name() + " restored nothing");
                            } else if (!b.restored().get().equals(want)) {
                                bad.add("the kernel for " + w.name() + " restored " + b.restored().get() + ", not "
                                    + want);
                            }
                            return null;
                        }
                    });
                }
                return verdict(bad);
            });
    }

    /**
     * handover-page-alive: the handover page is neither freed nor reused before the spawned kernel
     * has read it. Source: [P16] kimage_free put_page, mk_kho_populate; caught D14.
     */
    public SpecInvariant handoverPageAlive() {
        return new SpecInvariant("handover-page-alive",
            "the handover page is neither freed nor reused before the spawned kernel has read it",
            "[P16] kimage_free, mk_kho_populate",
            s -> {
                List<String> bad = new ArrayList<>();
                for (Spawned k : s.spawned()) {
                    String who = "the kernel for " + k.startedFor().name();
                    k.boot().accept(new Spawned.Boot.Cases<Void>() {
                        public Void notBooted(Spawned.NotBooted nb) {
                            if (!nb.pageHeld()) {
                                bad.add(who + ": its handover page was freed before it booted");
                            }
                            if (!nb.pageIntact()) {
                                bad.add(who + ": its handover page was overwritten before it booted");
                            }
                            return null;
                        }

                        public Void booted(Spawned.Booted b) {
                            if (!b.readIntact()) {
                                bad.add(who + ": it read a handover page that was no longer what exec wrote");
                            }
                            return null;
                        }
                    });
                }
                return verdict(bad);
            });
    }

    /**
     * fdt-reads-in-bounds: no FDT is read past its buffer or its declared size.
     * Source: [P08] root_device_tree_write, [P16] mk_kho_restore_dtbs; caught D12, D13.
     */
    public SpecInvariant fdtReadsInBounds() {
        return new SpecInvariant("fdt-reads-in-bounds", "no FDT is read past its buffer or its declared size",
            "[P08] root_device_tree_write, [P16] mk_kho_restore_dtbs",
            s -> s.fdtReadOutOfBounds().isPresent()
                ? Verdict.violated("an FDT was read past its buffer or a declared length: " + s.fdtReadOutOfBounds().get())
                : Verdict.HOLDS);
    }

    /**
     * no-use-after-free: no call reads an instance struct that mk_instance_release() has freed. One call at a
     * time never can (rmdir drops the last reference last); a status read that runs after rmdir's
     * mk_instance_put() and before its kernfs_remove_self() does. Source: [P08] kernfs.c mk_kernfs_rmdir;
     * caught D18.
     */
    public SpecInvariant noUseAfterFree() {
        return new SpecInvariant("no-use-after-free", "no call reads an instance struct after it was freed",
            "[P08] kernfs.c mk_kernfs_rmdir",
            s -> s.freedReads().isEmpty() ? Verdict.HOLDS
                : Verdict.violated("a status read read the freed struct of " + String.join(", ", s.freedReads())
                    + " (mk_instance_release() ran before kernfs_remove_self())"));
    }

    /**
     * reboot-lock-released: every reboot-class call releases the lock it takes.
     * Source: [P01, P09] kernel/reboot.c; caught D9.
     */
    public SpecInvariant rebootLockReleased() {
        return new SpecInvariant("reboot-lock-released", "every reboot-class call releases the lock it takes",
            "[P01, P09] kernel/reboot.c",
            s -> s.rebootLockHeld() ? Verdict.violated("system_transition_mutex is still held after the call returned") : Verdict.HOLDS);
    }

    /**
     * failed-op-atomic: a step that returns an error leaves the state as it was (ghost variables
     * aside; an upload made of several write() calls is judged call by call by its spec). Source: DESIGN.md; caught D1, D7.
     */
    public SpecStepInvariant failedOpAtomic() {
        return new SpecStepInvariant("failed-op-atomic", "a step that returns an error leaves the state as it was",
            "docs/design.md, the interface's contract",
            (pre, a, r, post) -> pre != post && r.isErrno() && !multiCall(a)
                && !pre.withoutGhosts().equals(post.withoutGhosts())
                ? Verdict.violated(a.op() + " returned " + r + " but changed the state")
                : Verdict.HOLDS);
    }

    /** An upload of several write() calls is several system calls, each atomic on its own. */
    private static boolean multiCall(Action a) {
        return a.accept(MULTI_CALL);
    }

    private static final Action.Cases<Boolean> MULTI_CALL = new Action.Cases<>() {
        public Boolean uploadDeviceTree(Action.UploadDeviceTree u) {
            return u.writes().size() > 1;
        }

        public Boolean mkdir(Action.Mkdir m) {
            return false;
        }

        public Boolean rmdir(Action.Rmdir r) {
            return false;
        }

        public Boolean status(Action.Status st) {
            return false;
        }

        public Boolean kexecFileLoad(Action.KexecFileLoad l) {
            return false;
        }

        public Boolean kexecFileLoadDefault(Action.KexecFileLoadDefault l) {
            return false;
        }

        public Boolean kexecFileUnload(Action.KexecFileUnload u) {
            return false;
        }

        public Boolean rebootMultikernel(Action.RebootMultikernel r) {
            return false;
        }

        public Boolean rebootOther(Action.RebootOther r) {
            return false;
        }

        public Boolean spawnedBoot(Action.SpawnedBoot b) {
            return false;
        }

        public Boolean hostReuseFreedPages(Action.HostReuseFreedPages h) {
            return false;
        }
    };

    /**
     * ids-loadable: every id 1..2047 that an instance has can be loaded: a load asking for such an id
     * with well-formed buffers is never refused as an invalid argument.
     * Source: [P09] KEXEC_MK_ID, [P15] KEXEC_FILE_FLAGS; caught D3.
     */
    public SpecStepInvariant idsLoadable() {
        return new SpecStepInvariant("ids-loadable", "every id 1..2047 that an instance has can be loaded",
            "[P09] uapi kexec.h, [P15] KEXEC_FILE_FLAGS",
            (pre, a, r, post) -> !Result.err(Errno.EINVAL).equals(r) ? Verdict.HOLDS : a.accept(new Action.Cases<>() {
                public Verdict kexecFileLoad(Action.KexecFileLoad l) {
                    int id = Next.mkIdOf(l.flags());
                    if (id < 1 || l.flags() != Next.mkIdFlags(id) || pre.byId(id).isEmpty()
                        || !Next.buffersWellFormed(p, l.segments())) {
                        return Verdict.HOLDS;
                    }
                    return Verdict.violated("instance id " + id + " (" + pre.byId(id).get().name()
                        + ") cannot be loaded: flags 0x" + Long.toHexString(l.flags()) + " are refused with EINVAL");
                }

                public Verdict uploadDeviceTree(Action.UploadDeviceTree u) {
                    return Verdict.HOLDS;
                }

                public Verdict mkdir(Action.Mkdir m) {
                    return Verdict.HOLDS;
                }

                public Verdict rmdir(Action.Rmdir rm) {
                    return Verdict.HOLDS;
                }

                public Verdict status(Action.Status st) {
                    return Verdict.HOLDS;
                }

                public Verdict kexecFileLoadDefault(Action.KexecFileLoadDefault l) {
                    return Verdict.HOLDS;
                }

                public Verdict kexecFileUnload(Action.KexecFileUnload u) {
                    return Verdict.HOLDS;
                }

                public Verdict rebootMultikernel(Action.RebootMultikernel rb) {
                    return Verdict.HOLDS;
                }

                public Verdict rebootOther(Action.RebootOther rb) {
                    return Verdict.HOLDS;
                }

                public Verdict spawnedBoot(Action.SpawnedBoot b) {
                    return Verdict.HOLDS;
                }

                public Verdict hostReuseFreedPages(Action.HostReuseFreedPages h) {
                    return Verdict.HOLDS;
                }
            }));
    }

    /**
     * images-independent: a step on one instance or a plain kexec image changes no other instance
     * (nor the plain image). Source: [P07] kexec_file.c exchange:; caught D4.
     */
    public SpecStepInvariant imagesIndependent() {
        return new SpecStepInvariant("images-independent",
            "a step on one instance or a plain kexec image changes no other instance", "[P07] kexec_file.c exchange",
            (pre, a, r, post) -> {
                if (pre == post || (pre.instances() == post.instances() && pre.plain() == post.plain())) {
                    return Verdict.HOLDS; // nothing an instance or the plain image holds has changed
                }
                List<String> bad = new ArrayList<>();
                Target target = a.accept(TARGET);
                for (Instance before : pre.instances()) {
                    if ((target.id() != null && before.id() == target.id()) || before.name().equals(target.name())) {
                        continue;
                    }
                    Optional<Instance> after = post.byName(before.name()).filter(i -> i.id() == before.id());
                    if (after.isEmpty()) {
                        bad.add(a.op() + " removed " + before.name());
                    } else if (!after.get().equals(before)) {
                        bad.add(a.op() + " changed " + before.name() + ": " + describe(before) + " -> " + describe(after.get()));
                    }
                }
                if (!target.plain() && !pre.plain().equals(post.plain())) {
                    bad.add(a.op() + " changed the plain kexec image");
                }
                return verdict(bad);
            });
    }

    /**
     * What a step is on, which it may change: an instance by {@code id} or by {@code name} (null: none), or the plain
     * kexec image ({@code plain}).
     */
    private record Target(Integer id, String name, boolean plain) {
        static final Target NONE = new Target(null, null, false);
        static final Target PLAIN = new Target(null, null, true);

        static Target instance(int id) {
            return new Target(id, null, false);
        }
    }

    private static final Action.Cases<Target> TARGET = new Action.Cases<>() {
        public Target uploadDeviceTree(Action.UploadDeviceTree u) {
            return Target.NONE;
        }

        public Target mkdir(Action.Mkdir m) {
            return Target.NONE;
        }

        public Target rmdir(Action.Rmdir r) {
            return new Target(null, r.name(), false);
        }

        public Target status(Action.Status st) {
            return Target.NONE;
        }

        public Target kexecFileLoad(Action.KexecFileLoad l) {
            return Next.isMultikernel(l.flags()) ? Target.instance(Next.mkIdOf(l.flags())) : Target.PLAIN;
        }

        public Target kexecFileLoadDefault(Action.KexecFileLoadDefault l) {
            return Target.PLAIN;
        }

        public Target kexecFileUnload(Action.KexecFileUnload u) {
            return Next.isMultikernel(u.flags()) ? Target.instance(Next.mkIdOf(u.flags())) : Target.PLAIN;
        }

        public Target rebootMultikernel(Action.RebootMultikernel r) {
            return Target.instance(r.mkId());
        }

        public Target rebootOther(Action.RebootOther r) {
            return Target.NONE;
        }

        public Target spawnedBoot(Action.SpawnedBoot b) {
            return Target.instance(b.mkId());
        }

        public Target hostReuseFreedPages(Action.HostReuseFreedPages h) {
            return Target.NONE;
        }
    };

    private static String describe(Instance i) {
        return i.state().text() + (i.image().isPresent() ? " with an image" : " without an image")
            + ", " + i.allocated().size() + " pool pages allocated";
    }

    /**
     * clean-machine, the home of the {@code recoverable} property (from every reachable state some sequence of
     * steps reaches a clean machine): the host has not crashed and system_transition_mutex is free; no image is
     * loaded but a running kernel's (the kexec_image slot is empty; every registered instance is active, i.e.
     * running, and holds its image), so every instance that was not running has been removed; and the global pool
     * holds every pool page no running instance owns. A property of the state graph, not of one state: the checker
     * tests it with a backward pass over the stored transitions. Source: DESIGN.md's lifecycle; what a user who
     * unloads and removes everything expects.
     */
    public SpecInvariant cleanMachine() {
        return new SpecInvariant("clean-machine",
            "the host has not crashed, the reboot lock is free, no image is loaded but a running kernel's, every "
                + "instance not running is removed, and the pool holds every page no running instance owns",
            "docs/design.md, recoverability",
            s -> {
                List<String> bad = new ArrayList<>();
                s.crashed().ifPresent(site -> bad.add("the host crashed at " + site));
                if (s.rebootLockHeld()) {
                    bad.add("system_transition_mutex is held");
                }
                if (s.plain().isPresent()) {
                    bad.add("a plain kexec image is loaded");
                }
                RangeSet running = RangeSet.EMPTY;
                for (Instance i : s.instances()) {
                    if (i.state() == Lifecycle.ACTIVE && i.image().isPresent() && i.image().get().alive()) {
                        running = running.union(i.memory());
                    } else {
                        bad.add(i.name() + " is still registered, " + i.state().text()
                            + (i.image().isPresent() ? (i.image().get().alive() ? ", with an image" : ", with a freed kimage") : ""));
                    }
                }
                RangeSet missing = p.poolPages().minus(running).minus(s.poolFree());
                if (!missing.isEmpty()) {
                    bad.add("pool pages neither free nor a running instance's: " + p.describe(missing));
                }
                return verdict(bad);
            });
    }

    private static Verdict verdict(List<String> bad) {
        return bad.isEmpty() ? Verdict.HOLDS : Verdict.violated(bad);
    }

    /** The state invariants in DESIGN.md's order, TYPE_OK first (built once: judges ask for them every step). */
    public List<SpecInvariant> stateInvariants() {
        return stateInvariants;
    }

    /** The step invariants. */
    public List<SpecStepInvariant> stepInvariants() {
        return stepInvariants;
    }

    /**
     * The ids of the design's invariants in its order: the sixteen of the original design, then no-use-after-free,
     * which only interleaved calls can break.
     */
    public static final List<String> DESIGN_IDS = List.of("segments-disjoint", "segments-inside-instance",
        "instances-disjoint", "pool-conserved", "no-pool-leak", "lifecycle-consistent", "failed-op-atomic",
        "ids-loadable", "images-independent", "running-protected", "handover-fits-page", "handover-well-formed",
        "restore-faithful", "handover-page-alive", "fdt-reads-in-bounds", "reboot-lock-released", "no-use-after-free");
}
