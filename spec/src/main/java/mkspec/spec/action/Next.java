package mkspec.spec.action;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mkspec.spec.model.CpuSet;
import mkspec.spec.model.Errno;
import mkspec.spec.model.Image;
import mkspec.spec.model.Instance;
import mkspec.spec.model.Lifecycle;
import mkspec.spec.model.MkState;
import mkspec.spec.model.PlainImage;
import mkspec.spec.model.Platform;
import mkspec.spec.model.Range;
import mkspec.spec.model.RangeSet;
import mkspec.spec.model.Result;
import mkspec.spec.model.Spawned;

/**
 * The next-state relation: for every action, the successor state and the result the
 * specification requires. This is the intended behaviour of the multikernel interface, the
 * behaviour the reference's {@code fixed} profile must refine; it models no defect.
 *
 * <p>Every action is total. Guards come in the kernel's order and return their errno with the
 * same state object, so a failed step changes nothing ({@code failed-op-atomic} by construction).
 * Successors are built with {@code withX} copies, leaving every other part of the state unchanged.
 */
public final class Next {
    private Next() {
    }

    /** A step: the successor and the result. */
    public record Step(MkState next, Result result) {
    }

    // uapi/linux/kexec.h [P01, P09] and the later tree's KEXEC_FILE_FLAGS
    static final long KEXEC_FILE_UNLOAD = 0x1;
    static final long KEXEC_FILE_ON_CRASH = 0x2;
    static final long KEXEC_MULTIKERNEL = 0x10;
    static final long KEXEC_MK_ID_MASK = 0xffe0;
    static final int KEXEC_MK_ID_SHIFT = 5;
    static final long KEXEC_FILE_FLAGS = 0x3f | KEXEC_MK_ID_MASK;
    /** KEXEC_SEGMENT_MAX */
    static final int KEXEC_SEGMENT_MAX = 16;
    /** The largest id KEXEC_MK_ID() can carry. */
    public static final int MK_ID_MAX = 2047;
    /**
     * fdt_totalsize of a handover FDT embedding no DTB: header and reserve map (64 bytes), the root
     * node with {@code compatible = "multikernel-v1"}, the {@code multikernel} node, the
     * {@code dtb-data} property header, the end tags (76) and the strings "compatible" and
     * "dtb-data" (20). The DTB adds its size rounded up to 4.
     */
    public static final long HANDOVER_OVERHEAD = 160;

    /** KEXEC_MK_ID(id), wrapping as the macro does. */
    public static long mkIdFlags(long id) {
        return KEXEC_MULTIKERNEL | ((id << KEXEC_MK_ID_SHIFT) & KEXEC_MK_ID_MASK);
    }

    /** Whether {@code flags} ask for a multikernel image (KEXEC_MULTIKERNEL), not the plain kexec_image. */
    public static boolean isMultikernel(long flags) {
        return (flags & KEXEC_MULTIKERNEL) != 0;
    }

    /** KEXEC_GET_MK_ID(flags) */
    public static int mkIdOf(long flags) {
        return (int) ((flags & KEXEC_MK_ID_MASK) >>> KEXEC_MK_ID_SHIFT);
    }

    /** The size of the handover FDT that embeds a DTB of {@code dtbSize} bytes. */
    public static long handoverBytes(long dtbSize) {
        return HANDOVER_OVERHEAD + ((dtbSize + 3) & ~3L);
    }

    /** Next: dispatches {@code a} to its action. */
    public static Step step(Platform p, MkState s, Action a) {
        if (s.crashed().isPresent()) {
            return new Step(s, new Result.Bug(s.crashed().get()));
        }
        if (a instanceof Action.UploadDeviceTree) {
            return uploadDeviceTree(p, s, ((Action.UploadDeviceTree) a).writes());
        } else if (a instanceof Action.Mkdir) {
            return mkdir(s);
        } else if (a instanceof Action.Rmdir) {
            return rmdir(s, ((Action.Rmdir) a).name());
        } else if (a instanceof Action.Status) {
            return new Step(s, Result.OK);
        } else if (a instanceof Action.KexecFileLoad) {
            Action.KexecFileLoad l = (Action.KexecFileLoad) a;
            return kexecFileLoad(p, s, l.flags(), l.segments(), l.failAt());
        } else if (a instanceof Action.KexecFileLoadDefault) {
            return kexecFileLoad(p, s, 0, ((Action.KexecFileLoadDefault) a).segments(), Action.FailAt.NONE);
        } else if (a instanceof Action.KexecFileUnload) {
            return kexecFileLoad(p, s, ((Action.KexecFileUnload) a).flags(), List.of(), Action.FailAt.NONE);
        } else if (a instanceof Action.RebootMultikernel) {
            Action.RebootMultikernel r = (Action.RebootMultikernel) a;
            return rebootMultikernel(p, s, r.mkId(), r.badPointer(), r.fault());
        } else if (a instanceof Action.RebootOther) {
            return rebootOther(s);
        } else if (a instanceof Action.SpawnedBoot) {
            return spawnedBoot(s, ((Action.SpawnedBoot) a).mkId());
        } else if (a instanceof Action.HostReuseFreedPages) {
            return hostReuseFreedPages(s);
        }
        throw new IllegalArgumentException("unknown action " + a);
    }

    private static Step fail(MkState s, Errno e) {
        return new Step(s, Result.err(e));
    }

    // ---------------------------------------------------------------- kernfs

    /**
     * upload-device-tree: every /instances node not yet known by name becomes a READY instance with
     * its memory carved from the pool and its CPUs taken offline; the write is all or nothing, and
     * the first failing node's errno is the result. Each write() call is one such write; a chunked
     * upload stops at the first call that fails. A node fails without a name or a 4-byte
     * {@code id} (-EINVAL), when its DTB does not fit a page, when mk_dt_parse() rejects it
     * (-ENOENT without resources; -EINVAL for memory-bytes absent, not one cell, zero or unaligned,
     * for an empty or malformed cpus list or a CPU beyond nr_cpu_ids), for an id outside 1..2047 or
     * CPU 0 (-EINVAL), for a CPU another instance has (-EBUSY), when the pool cannot supply the
     * memory (-ENOMEM), and for an id another instance has (-ENOSPC).
     * [P08] kernfs.c root_device_tree_write, mk_create_instance_from_dtb; dts.c mk_dt_parse.
     * Keeps pool-conserved (D7), instances-disjoint (D5), failed-op-atomic (D7).
     */
    public static Step uploadDeviceTree(Platform p, MkState s, List<Action.DeviceTree> writes) {
        MkState cur = s;
        for (Action.DeviceTree tree : writes) {
            Step call = writeDeviceTree(p, cur, tree);
            if (call.result() != Result.OK) {
                return call; // a later write() fails; the earlier calls' instances stay
            }
            cur = call.next();
        }
        return new Step(cur, Result.OK);
    }

    /** One write() call: all or nothing. */
    static Step writeDeviceTree(Platform p, MkState s, Action.DeviceTree tree) {
        if (tree instanceof Action.Rejected) {
            return fail(s, ((Action.Rejected) tree).errno());
        }
        MkState cur = s;
        for (Action.Node n : ((Action.Nodes) tree).nodes()) {
            if (n.name() == null || n.idLen() != 4) {
                return fail(s, Errno.EINVAL);
            }
            if (cur.byName(n.name()).isPresent()) {
                continue; // "already exists, updating DTB": nothing is updated
            }
            Step created = createInstance(p, cur, n);
            if (created.result() != Result.OK) {
                return new Step(s, created.result());
            }
            cur = created.next();
        }
        return new Step(cur, Result.OK);
    }

    /** mk_create_instance_from_dtb(): the successor state, or the errno with {@code s} unchanged. */
    private static Step createInstance(Platform p, MkState s, Action.Node n) {
        if (n.dtbSize() < 0) {
            return fail(s, n.dtbSize() == -28 ? Errno.ENOSPC : Errno.EINVAL);
        }
        // mk_dt_parse() of the per-instance DTB
        if (!n.hasResources()) {
            return fail(s, Errno.ENOENT);
        }
        // memory-bytes is required (D8): absent (memLen -1), not one cell, zero or unaligned
        if (n.memLen() != 4 || n.memValue() == 0 || n.memValue() % p.pageSize() != 0) {
            return fail(s, Errno.EINVAL);
        }
        CpuSet cpus = CpuSet.EMPTY;
        if (n.cpusLen() >= 0) {
            if (n.cpusLen() % 4 != 0 || n.cpusLen() == 0) {
                return fail(s, Errno.EINVAL);
            }
            for (long c : n.cpus()) {
                if (c >= p.cpus()) {
                    return fail(s, Errno.EINVAL);
                }
                cpus = cpus.with((int) c);
            }
        }
        int id = (int) n.id();
        if (id < 1 || id > MK_ID_MAX) {
            return fail(s, Errno.EINVAL); // KEXEC_MK_ID() could never address it (D17)
        }
        if (cpus.contains(0)) {
            return fail(s, Errno.EINVAL); // CPU 0 stays with the host (D5)
        }
        for (Instance other : s.instances()) {
            if (other.cpus().intersects(cpus)) {
                return fail(s, Errno.EBUSY); // CPU sets stay disjoint (D5)
            }
        }
        PageAllocator.Carved carved = PageAllocator.carveInstancePool(p, s.poolFree(), n.memValue() / p.pageSize());
        if (carved == null) {
            return fail(s, Errno.ENOMEM);
        }
        if (s.byId(id).isPresent()) {
            return fail(s, Errno.ENOSPC); // idr_alloc(id, id + 1): the reservation is released again (D7)
        }
        List<Instance> list = new ArrayList<>(s.instances());
        list.add(new Instance(n.name(), id, Lifecycle.READY, cpus, carved.chunks(), RangeSet.EMPTY, n.dtbSize(),
            Optional.empty()));
        return new Step(s.withPoolFree(carved.poolFree()).withInstances(list).withOnline(s.online().minus(cpus)), Result.OK);
    }

    /** mkdir: manual instance creation is disabled (-EPERM). [P08] mk_kernfs_mkdir. */
    public static Step mkdir(MkState s) {
        return fail(s, Errno.EPERM);
    }

    /**
     * rmdir: removes an instance that holds no image and is not LOADED or ACTIVE; its memory returns
     * to the pool, its CPUs stay offline. -ENOENT for no such instance, -EBUSY while busy.
     * [P08] mk_kernfs_rmdir. Keeps running-protected (D5).
     */
    public static Step rmdir(MkState s, String name) {
        Optional<Instance> found = s.byName(name);
        if (found.isEmpty()) {
            return fail(s, Errno.ENOENT);
        }
        Instance i = found.get();
        if (i.state().holdsImage() || i.image().isPresent()) {
            return fail(s, Errno.EBUSY);
        }
        if (!i.allocated().isEmpty()) {
            // gen_pool_destroy() BUG_ON: unreachable from Init (no-pool-leak holds)
            return new Step(s, new Result.Bug("gen_pool_destroy BUG_ON(bit < end_bit)"));
        }
        List<Instance> list = new ArrayList<>(s.instances());
        list.remove(i);
        return new Step(s.withInstances(list).withPoolFree(s.poolFree().union(i.memory())), Result.OK);
    }

    // ---------------------------------------------------------------- kexec

    /**
     * kexec-file-load, kexec-file-load-default, kexec-file-unload: kexec_file_load(). Flags outside
     * KEXEC_FILE_FLAGS (which include the id bits) are -EINVAL. An unload with KEXEC_MULTIKERNEL
     * unloads that instance's image (-EINVAL for id 0, -ENOENT for no instance, -EBUSY while ACTIVE);
     * without it, the plain image. A multikernel load needs an id (-EINVAL), an instance (-ENOENT)
     * without an image (-EBUSY), and every segment and both control pages from the instance pool
     * (-ENOMEM); it then is LOADED. A plain load places its segments top-down in RAM
     * (-EADDRNOTAVAIL). Both refuse more than 16 segments, an empty or misaligned one, one that
     * would overlap another, and more than half of RAM (-EINVAL). Any failure leaves the state as it
     * was. [P15] kexec_file.c kimage_file_alloc_init, kexec_locate_mem_hole, kexec_alloc_multikernel;
     * kexec_core.c kimage_alloc_multikernel_control_pages. Keeps segments-inside-instance (D2, D8),
     * ids-loadable (D3), images-independent (D4), lifecycle-consistent and failed-op-atomic (D1),
     * no-pool-leak (D6).
     */
    public static Step kexecFileLoad(Platform p, MkState s, long flags, List<Action.SegmentReq> segs, Action.FailAt failAt) {
        if ((flags & ~KEXEC_FILE_FLAGS) != 0) {
            return fail(s, Errno.EINVAL);
        }
        if ((flags & KEXEC_FILE_ON_CRASH) != 0) {
            // no crashkernel= region on the modelled host
            return (flags & KEXEC_FILE_UNLOAD) != 0 ? new Step(s, Result.OK) : fail(s, Errno.EADDRNOTAVAIL);
        }
        boolean multikernel = isMultikernel(flags);
        if ((flags & KEXEC_FILE_UNLOAD) != 0) {
            return multikernel ? unloadInstance(s, mkIdOf(flags)) : new Step(s.withPlain(Optional.empty()), Result.OK);
        }
        return multikernel ? loadMultikernel(p, s, mkIdOf(flags), segs, failAt) : loadPlain(p, s, segs);
    }

    private static Step unloadInstance(MkState s, int mkId) {
        if (mkId <= 0) {
            return fail(s, Errno.EINVAL);
        }
        Optional<Instance> found = s.byId(mkId);
        if (found.isEmpty()) {
            return fail(s, Errno.ENOENT);
        }
        Instance i = found.get();
        if (i.state() == Lifecycle.ACTIVE) {
            return fail(s, Errno.EBUSY); // running-protected (D5)
        }
        if (i.image().isEmpty()) {
            return new Step(s, Result.OK);
        }
        RangeSet alloc = i.allocated().minus(i.image().get().pages());
        return new Step(s.withInstance(i.withImage(Optional.empty(), alloc).withState(Lifecycle.READY)), Result.OK);
    }

    private static Step loadMultikernel(Platform p, MkState s, int mkId, List<Action.SegmentReq> segs,
                                        Action.FailAt failAt) {
        if (mkId <= 0) {
            return fail(s, Errno.EINVAL);
        }
        Optional<Instance> found = s.byId(mkId);
        if (found.isEmpty()) {
            return fail(s, Errno.ENOENT);
        }
        Instance i = found.get();
        if (i.image().isPresent()) {
            return fail(s, Errno.EBUSY);
        }
        if (failAt == Action.FailAt.FDT_PAGE) {
            return fail(s, Errno.ENOMEM);
        }
        RangeSet alloc = i.allocated();
        List<Range> placed = new ArrayList<>();
        for (Action.SegmentReq r : segs) {
            Errno bad = checkBuffer(placed, r);
            if (bad != null) {
                return fail(s, bad);
            }
            long n = p.pages(r.size());
            long alignPages = Math.max(r.align(), p.pageSize()) / p.pageSize();
            long at = PageAllocator.instanceFirstFit(i.chunks(), alloc, n, alignPages);
            if (at < 0) {
                return fail(s, Errno.ENOMEM); // no fallback to host RAM (D2)
            }
            Range seg = new Range(at, n);
            if (at * p.pageSize() < r.min() || (at + n) * p.pageSize() - 1 > r.max()) {
                return fail(s, Errno.ENOMEM); // first fit out of the window is not retried
            }
            if (overlapsAny(seg, placed)) {
                return fail(s, Errno.EBUSY);
            }
            alloc = alloc.union(seg);
            placed.add(seg);
        }
        if (failAt == Action.FailAt.PREPARE_SEGMENTS) {
            return fail(s, Errno.ENOEXEC);
        }
        if (tooMuch(p, placed)) {
            return fail(s, Errno.EINVAL);
        }
        if (failAt == Action.FailAt.CONTROL_PAGES) {
            return fail(s, Errno.ENOMEM);
        }
        List<Range> control = new ArrayList<>();
        for (int k = 0; k < 2; k++) { // control_code_page, swap_page
            long at = PageAllocator.instanceFirstFit(i.chunks(), alloc, 1, 1);
            if (at < 0 || overlapsAny(new Range(at, 1), placed)) {
                return fail(s, Errno.ENOMEM);
            }
            alloc = alloc.union(new Range(at, 1));
            control.add(new Range(at, 1));
        }
        if (failAt == Action.FailAt.POST_LOAD) {
            return fail(s, Errno.ENOMEM);
        }
        Image image = new Image(mkId, placed, control, true);
        return new Step(s.withInstance(i.withImage(Optional.of(image), alloc).withState(Lifecycle.LOADED)), Result.OK);
    }

    private static Step loadPlain(Platform p, MkState s, List<Action.SegmentReq> segs) {
        List<Range> placed = new ArrayList<>();
        for (Action.SegmentReq r : segs) {
            Errno bad = checkBuffer(placed, r);
            if (bad != null) {
                return fail(s, bad);
            }
            long n = p.pages(r.size());
            long alignPages = Math.max(r.align(), p.pageSize()) / p.pageSize();
            long at = PageAllocator.topDown(p, n, alignPages, r.min(), r.max(), placed);
            if (at < 0) {
                return fail(s, Errno.EADDRNOTAVAIL);
            }
            placed.add(new Range(at, n));
        }
        if (tooMuch(p, placed)) {
            return fail(s, Errno.EINVAL);
        }
        return new Step(s.withPlain(Optional.of(new PlainImage(placed))), Result.OK);
    }

    /** kexec_add_buffer()'s guards: at most 16 segments; a size, a power-of-two alignment, a window. */
    private static Errno checkBuffer(List<Range> placed, Action.SegmentReq r) {
        return placed.size() < KEXEC_SEGMENT_MAX && validBuffer(r) ? null : Errno.EINVAL;
    }

    private static boolean validBuffer(Action.SegmentReq r) {
        return r.size() > 0 && r.align() >= 0 && (r.align() & (r.align() - 1)) == 0 && r.min() <= r.max();
    }

    /** sanity_check_segment_list(): no more than half of RAM. */
    private static boolean tooMuch(Platform p, List<Range> placed) {
        long total = 0;
        for (Range r : placed) {
            total += r.count();
        }
        return tooMuch(p, total);
    }

    private static boolean tooMuch(Platform p, long pages) {
        return pages > p.ram().count() / 2;
    }

    /**
     * Whether a load's buffers pass every guard of kexec_add_buffer() and
     * sanity_check_segment_list(), so that only the id or the instance can make it fail with -EINVAL.
     */
    public static boolean buffersWellFormed(Platform p, List<Action.SegmentReq> segs) {
        if (segs.size() > KEXEC_SEGMENT_MAX) {
            return false;
        }
        long pages = 0;
        for (Action.SegmentReq r : segs) {
            if (!validBuffer(r)) {
                return false;
            }
            pages += p.pages(r.size());
        }
        return !tooMuch(p, pages);
    }

    private static boolean overlapsAny(Range r, List<Range> rs) {
        for (Range o : rs) {
            if (o.overlaps(r)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- reboot, KHO

    /**
     * reboot-multikernel: under system_transition_mutex (a held mutex blocks the call forever),
     * -EFAULT for an unreadable argument; then multikernel_kexec_by_id(): -EINVAL without an image,
     * -EBUSY unless LOADED, -EINVAL without CPUs, -EBUSY when the first CPU is online; the handover
     * FDT must be written whole (-ENOENT/-ENODATA from the notifier, -ENOSPC when the DTB does not fit
     * the page); then the instance's first CPU runs the image and the instance is ACTIVE.
     * [P09] reboot.c, kexec_core.c multikernel_kexec_by_id; [P16] mk_kexec_finalize, mk_kexec_notifier.
     * Keeps reboot-lock-released (D9), running-protected (D5), handover-well-formed (D10, D11),
     * handover-fits-page (D11).
     */
    public static Step rebootMultikernel(Platform p, MkState s, int mkId, boolean badPointer, Action.NotifierFault fault) {
        if (s.rebootLockHeld()) {
            return new Step(s, Result.HANG);
        }
        if (badPointer) {
            return fail(s, Errno.EFAULT);
        }
        Optional<Instance> found = mkId > 0 ? s.byId(mkId) : Optional.empty();
        if (found.isEmpty() || found.get().image().isEmpty()) {
            return fail(s, Errno.EINVAL);
        }
        Instance i = found.get();
        if (!i.image().get().alive()) {
            return new Step(s, new Result.Bug("multikernel_kexec_by_id use-after-free"));
        }
        if (i.state() != Lifecycle.LOADED) {
            return fail(s, Errno.EBUSY);
        }
        if (i.cpus().isEmpty()) {
            return fail(s, Errno.EINVAL);
        }
        int cpu = i.cpus().first();
        if (s.online().contains(cpu)) {
            return fail(s, Errno.EBUSY);
        }
        if (fault == Action.NotifierFault.LOOKUP) {
            return fail(s, Errno.ENOENT);
        }
        if (fault == Action.NotifierFault.NO_DTB) {
            return fail(s, Errno.ENODATA);
        }
        long bytes = handoverBytes(i.dtbSize());
        if (bytes > p.pageSize()) {
            return fail(s, Errno.ENOSPC);
        }
        Spawned.Identity who = new Spawned.Identity(i.name(), i.id(), i.cpus(), i.memoryPages() * p.pageSize(), i.memory());
        Spawned k = new Spawned(mkId, who, cpu, new Spawned.Handover(true, true, bytes),
            new Spawned.NotBooted(true, true));
        List<Spawned> spawned = new ArrayList<>(s.spawned());
        spawned.add(k);
        return new Step(s.withInstance(i.withState(Lifecycle.ACTIVE)).withSpawned(spawned), Result.OK);
    }

    /** reboot-other: blocks forever while the mutex is held, else returns 0. [P01] reboot.c. */
    public static Step rebootOther(MkState s) {
        return new Step(s, s.rebootLockHeld() ? Result.HANG : Result.OK);
    }

    /**
     * spawned-boot: the last kernel started for {@code mkId} boots (-ESRCH: none; -EALREADY: it has
     * booted) and, from an intact, well-formed handover, restores exactly the instance it was
     * started for and registers it. [P16] setup.c add_kho, mk_kho_populate, kho.c
     * mk_kho_restore_dtbs. Keeps restore-faithful (D13, D15, D17), handover-page-alive (D14).
     */
    public static Step spawnedBoot(MkState s, int mkId) {
        int idx = s.lastSpawned(mkId);
        if (idx < 0) {
            return fail(s, Errno.ESRCH);
        }
        Spawned k = s.spawned().get(idx);
        if (k.booted()) {
            return fail(s, Errno.EALREADY);
        }
        Spawned.NotBooted nb = (Spawned.NotBooted) k.boot();
        boolean intact = nb.pageIntact();
        Optional<Spawned.Restored> restored = Optional.empty();
        if (intact && k.handover().wellFormed()) {
            Spawned.Identity w = k.startedFor();
            restored = Optional.of(new Spawned.Restored(w.name(), w.id(), w.cpus(), w.memoryBytes(), true));
        }
        List<Spawned> spawned = new ArrayList<>(s.spawned());
        spawned.set(idx, k.withBoot(new Spawned.Booted(intact, restored)));
        return new Step(s.withSpawned(spawned), Result.OK);
    }

    /**
     * host-reuse-freed-pages: every freed page is overwritten; a handover page that was freed before
     * its kernel read it loses its contents. Without D14 no handover page is ever freed that early.
     */
    public static Step hostReuseFreedPages(MkState s) {
        List<Spawned> spawned = new ArrayList<>(s.spawned());
        boolean changed = false;
        for (int k = 0; k < spawned.size(); k++) {
            Spawned sp = spawned.get(k);
            if (sp.boot() instanceof Spawned.NotBooted && !((Spawned.NotBooted) sp.boot()).pageHeld()) {
                spawned.set(k, sp.withBoot(new Spawned.NotBooted(false, false)));
                changed = true;
            }
        }
        return new Step(changed ? s.withSpawned(spawned) : s, Result.OK);
    }
}
