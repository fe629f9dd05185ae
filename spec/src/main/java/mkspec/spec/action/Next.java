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
 * The next-state relation: for every action, every step the specification allows, each a
 * successor and the result it must come with. This is the intended behaviour of the multikernel
 * interface, the behaviour the reference's {@code fixed} profile must refine; it models no defect.
 * Where the interface leaves a choice open (which pages an allocation gets), there is a step per
 * allowed choice ({@link Placements}, {@link Choice}).
 *
 * <p>Every action is total: some step is always allowed. Guards come in the kernel's order and return their errno with the
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

    /**
     * Next with its choices resolved by {@code c}: every allowed one, or the one a run made. A step that fails, or
     * makes no choice, is the only step whatever {@code c} says; a step that chooses has one successor per allowed
     * choice, and none when {@code c} names a choice that is not allowed.
     */
    public static List<Step> steps(Platform p, MkState s, Action a, Choice c) {
        if (s.crashed().isPresent()) {
            return List.of(new Step(s, new Result.Bug(s.crashed().get())));
        }
        return a.accept(new Action.Cases<List<Step>>() {
            public List<Step> uploadDeviceTree(Action.UploadDeviceTree u) {
                return Next.uploadDeviceTree(p, s, u.writes(), c);
            }

            public List<Step> mkdir(Action.Mkdir d) {
                return only(Next.mkdir(s));
            }

            public List<Step> rmdir(Action.Rmdir d) {
                return only(Next.rmdir(s, d.name()));
            }

            public List<Step> status(Action.Status st) {
                return only(new Step(s, Result.OK));
            }

            public List<Step> kexecFileLoad(Action.KexecFileLoad l) {
                return Next.kexecFileLoad(p, s, l.flags(), l.segments(), l.failAt(), c);
            }

            public List<Step> kexecFileLoadDefault(Action.KexecFileLoadDefault l) {
                return Next.kexecFileLoad(p, s, 0, l.segments(), Action.FailAt.NONE, c);
            }

            public List<Step> kexecFileUnload(Action.KexecFileUnload u) {
                return Next.kexecFileLoad(p, s, u.flags(), List.of(), Action.FailAt.NONE, c);
            }

            public List<Step> rebootMultikernel(Action.RebootMultikernel r) {
                return only(Next.rebootMultikernel(p, s, r.mkId(), r.badPointer(), r.fault()));
            }

            public List<Step> rebootOther(Action.RebootOther r) {
                return only(Next.rebootOther(s));
            }

            public List<Step> spawnedBoot(Action.SpawnedBoot b) {
                return only(Next.spawnedBoot(s, b.mkId()));
            }

            public List<Step> hostReuseFreedPages(Action.HostReuseFreedPages h) {
                return only(Next.hostReuseFreedPages(s));
            }
        });
    }

    private static List<Step> only(Step s) {
        return List.of(s);
    }

    private static Step fail(MkState s, Errno e) {
        return new Step(s, Result.err(e));
    }

    // ---------------------------------------------------------------- kernfs

    /**
     * upload-device-tree: every /instances node not yet known by name becomes a READY instance with
     * its memory carved from the pool and its CPUs taken offline; the write is all or nothing, and
     * the first failing node's errno is the result. Each write() call is one such write; a chunked
     * upload stops at the first call that fails. A call fails as a whole when it is over the atomic
     * write size (-E2BIG), not a tree, without /instances, or shorter than its tree (-EINVAL). A node
     * fails without a name or a 4-byte {@code id} (-EINVAL), when its per-instance DTB does not fit
     * a page (-ENOSPC) or libfdt refuses to copy it (-EINVAL), when mk_dt_parse() rejects it
     * (-ENOENT without resources; -EINVAL for memory-bytes absent, not one cell, zero or unaligned,
     * for an empty or malformed cpus list or a CPU beyond nr_cpu_ids), for an id outside 1..2047 or
     * CPU 0 (-EINVAL), for a CPU another instance has (-EBUSY), when the pool cannot supply the
     * memory (-ENOMEM: fewer free pages than it asks for), and for an id another instance has
     * (-ENOSPC). Which pool pages the instance gets, and in how many chunks, is a choice.
     * [P08] kernfs.c root_device_tree_write, mk_create_instance_from_dtb; dts.c mk_dt_parse.
     * Keeps pool-conserved (D7), instances-disjoint (D5), failed-op-atomic (D7).
     */
    public static List<Step> uploadDeviceTree(Platform p, MkState s, List<Action.DeviceTree> writes, Choice c) {
        List<Step> out = new ArrayList<>();
        upload(p, s, writes, 0, c, out);
        return out;
    }

    private static void upload(Platform p, MkState s, List<Action.DeviceTree> writes, int k, Choice c, List<Step> out) {
        if (k == writes.size()) {
            out.add(new Step(s, Result.OK));
            return;
        }
        for (Step call : writeDeviceTree(p, s, writes.get(k), c)) {
            if (call.result() != Result.OK) {
                out.add(call); // a later write() fails; the earlier calls' instances stay
            } else {
                upload(p, call.next(), writes, k + 1, c, out);
            }
        }
    }

    /** One write() call: all or nothing; one successor per way to carve the new instances' memory. */
    static List<Step> writeDeviceTree(Platform p, MkState s, Action.DeviceTree tree, Choice c) {
        return tree.accept(new Action.DeviceTree.Cases<>() {
            public List<Step> unreadable(Action.Unreadable u) {
                return only(fail(s, u.why() == Action.Unreadability.TOO_LONG ? Errno.E2BIG : Errno.EINVAL));
            }

            public List<Step> prefix(Action.Prefix prefix) {
                return only(fail(s, Errno.EINVAL)); // fdt_totalsize() beyond the bytes written (D12)
            }

            public List<Step> nodes(Action.Nodes nodes) {
                return writeNodes(p, s, nodes, c);
            }
        });
    }

    /** A whole tree in one write() call: each node's instance created unless its name exists, all or nothing. */
    private static List<Step> writeNodes(Platform p, MkState s, Action.Nodes tree, Choice c) {
        List<MkState> branches = List.of(s);
        for (Action.Node n : tree.nodes()) {
            if (n.name() == null || n.idLen() != 4) {
                return only(fail(s, Errno.EINVAL));
            }
            if (branches.get(0).byName(n.name()).isPresent()) {
                continue; // "already exists, updating DTB": nothing is updated
            }
            List<MkState> next = new ArrayList<>();
            for (MkState b : branches) {
                // every branch knows the same instances: they differ only in where memory came from
                Created created = createInstance(p, b, n, c);
                if (created.errno() != null) {
                    // every branch fails alike: no errno of creation depends on where memory came from
                    return only(fail(s, created.errno()));
                }
                next.addAll(created.states());
            }
            branches = next;
        }
        List<Step> out = new ArrayList<>();
        for (MkState b : branches) {
            out.add(new Step(b, Result.OK));
        }
        return out;
    }

    /** What mk_create_instance_from_dtb() may do: fail with an errno, or create the instance in any of these states. */
    private record Created(Errno errno, List<MkState> states) {
        static Created failed(Errno e) {
            return new Created(e, List.of());
        }
    }

    /** mk_create_instance_from_dtb(): the errno with nothing changed, or one state per allowed carving. */
    private static Created createInstance(Platform p, MkState s, Action.Node n, Choice c) {
        if (n.dtb() instanceof Action.Overflows) {
            return Created.failed(Errno.ENOSPC); // -FDT_ERR_NOSPACE, as an errno
        }
        if (!(n.dtb() instanceof Action.Built dtb)) {
            return Created.failed(Errno.EINVAL);
        }
        // mk_dt_parse() of the per-instance DTB
        if (!n.hasResources()) {
            return Created.failed(Errno.ENOENT);
        }
        // memory-bytes is required (D8): absent (memLen -1), not one cell, zero or unaligned
        if (n.memLen() != 4 || n.memValue() == 0 || n.memValue() % p.pageSize() != 0) {
            return Created.failed(Errno.EINVAL);
        }
        CpuSet cpus = CpuSet.EMPTY;
        if (n.cpusLen() >= 0) {
            if (n.cpusLen() % 4 != 0 || n.cpusLen() == 0) {
                return Created.failed(Errno.EINVAL);
            }
            for (long cpu : n.cpus()) {
                if (cpu >= p.cpus()) {
                    return Created.failed(Errno.EINVAL);
                }
                cpus = cpus.with((int) cpu);
            }
        }
        int id = (int) n.id();
        if (id < 1 || id > MK_ID_MAX) {
            return Created.failed(Errno.EINVAL); // KEXEC_MK_ID() could never address it (D17)
        }
        if (cpus.contains(0)) {
            return Created.failed(Errno.EINVAL); // CPU 0 stays with the host (D5)
        }
        for (Instance other : s.instances()) {
            if (other.cpus().intersects(cpus)) {
                return Created.failed(Errno.EBUSY); // CPU sets stay disjoint (D5)
            }
        }
        long pages = n.memValue() / p.pageSize();
        if (s.poolFree().size() < pages) {
            return Created.failed(Errno.ENOMEM);
        }
        if (s.byId(id).isPresent()) {
            return Created.failed(Errno.ENOSPC); // idr_alloc(id, id + 1): the reservation is released again (D7)
        }
        List<MkState> out = new ArrayList<>();
        for (List<Range> chunks : carvings(p, s, n.name(), pages, c)) {
            List<Instance> list = new ArrayList<>(s.instances());
            list.add(new Instance(n.name(), id, Lifecycle.READY, cpus, chunks, RangeSet.EMPTY, dtb.bytes(),
                Optional.empty()));
            out.add(s.withPoolFree(s.poolFree().minus(RangeSet.ofRanges(chunks))).withInstances(list)
                .withOnline(s.online().minus(cpus)));
        }
        return new Created(null, out);
    }

    /** The carvings of {@code pages} pages for instance {@code name} that {@code c} resolves to. */
    private static List<List<Range>> carvings(Platform p, MkState s, String name, long pages, Choice c) {
        if (c instanceof Choice.MadeIn m) {
            // A run that made no allowed choice is compared with one the spec allows, so the difference shows.
            Optional<Instance> made = m.post().byName(name);
            return List.of(made.isPresent() && Placements.isCarving(s.poolFree(), pages, made.get().chunks())
                ? made.get().chunks() : Placements.lowest(s.poolFree(), pages));
        }
        if (c instanceof Choice.OnePerClass o) {
            return Placements.carvings(p, s.poolFree(), pages, o.loads());
        }
        return Placements.everyCarving(s.poolFree(), pages);
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
    public static List<Step> kexecFileLoad(Platform p, MkState s, long flags, List<Action.SegmentReq> segs,
                                           Action.FailAt failAt, Choice c) {
        if ((flags & ~KEXEC_FILE_FLAGS) != 0) {
            return only(fail(s, Errno.EINVAL));
        }
        if ((flags & KEXEC_FILE_ON_CRASH) != 0) {
            // no crashkernel= region on the modelled host
            return only((flags & KEXEC_FILE_UNLOAD) != 0 ? new Step(s, Result.OK) : fail(s, Errno.EADDRNOTAVAIL));
        }
        boolean multikernel = isMultikernel(flags);
        if ((flags & KEXEC_FILE_UNLOAD) != 0) {
            return only(multikernel ? unloadInstance(s, mkIdOf(flags)) : new Step(s.withPlain(Optional.empty()), Result.OK));
        }
        return multikernel ? loadMultikernel(p, s, mkIdOf(flags), segs, failAt, c) : only(loadPlain(p, s, segs, c));
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

    private static List<Step> loadMultikernel(Platform p, MkState s, int mkId, List<Action.SegmentReq> segs,
                                              Action.FailAt failAt, Choice c) {
        if (mkId <= 0) {
            return only(fail(s, Errno.EINVAL));
        }
        Optional<Instance> found = s.byId(mkId);
        if (found.isEmpty()) {
            return only(fail(s, Errno.ENOENT));
        }
        Instance i = found.get();
        if (i.image().isPresent()) {
            return only(fail(s, Errno.EBUSY));
        }
        if (failAt == Action.FailAt.FDT_PAGE) {
            return only(fail(s, Errno.ENOMEM));
        }
        Load load = new Load(p, i, segs, failAt, c instanceof Choice.MadeIn ? MADE_IN_BUDGET : Long.MAX_VALUE,
            c instanceof Choice.Every ? Integer.MAX_VALUE : 1,
            c instanceof Choice.MadeIn m && m.result() instanceof Result.Err e ? e.errno() : null);
        List<List<Range>> chosen = List.of();
        if (c instanceof Choice.MadeIn m && m.result() == Result.OK) {
            // a run that succeeded: its placement is allowed when each allocation was, checked without a search
            chosen = load.madeIn(m.post().byId(mkId).flatMap(Instance::image));
        }
        if (chosen.isEmpty()) {
            load.place(0, i.allocated(), new ArrayList<>());
            chosen = load.placements;
        }
        List<Step> out = new ArrayList<>();
        for (Errno e : load.errors) {
            out.add(fail(s, e));
        }
        for (List<Range> placed : chosen) {
            Image image = new Image(mkId, placed.subList(0, segs.size()), placed.subList(segs.size(), placed.size()), true);
            RangeSet alloc = i.allocated().union(image.pages());
            out.add(new Step(s.withInstance(i.withImage(Optional.of(image), alloc).withState(Lifecycle.LOADED)),
                Result.OK));
        }
        if (c instanceof Choice.MadeIn m) {
            return madeIn(out, m);
        }
        return out;
    }

    /** How many placements a refinement check tries in search of the errno a run returned. */
    private static final long MADE_IN_BUDGET = 2_000;

    /** Of the steps the spec allows, the one the run took, else the first (so the difference shows). */
    private static List<Step> madeIn(List<Step> allowed, Choice.MadeIn m) {
        for (Step st : allowed) {
            if (st.next().equals(m.post()) && st.result().equals(m.result())) {
                return only(st);
            }
        }
        return allowed.isEmpty() ? allowed : only(allowed.get(0));
    }

    /**
     * The outcomes of a multikernel load, found by trying the placements in address order: the errnos some sequence
     * of allowed choices runs into, and up to {@code keep} complete placements. Each buffer, then the control code
     * page and the swap page, is its own allocation from the instance pool, committed before the next is asked
     * for ([P15] kexec_add_buffer per segment, then kimage_alloc_multikernel_control_pages): so -ENOMEM is allowed
     * exactly when, after some allowed choices for the ones before, an allocation finds no free aligned run of one
     * chunk inside its window, and success when every allocation finds one. Exploration tries every placement (the
     * catalogue's instances are a few pages); a refinement check stops at the errno the run returned, or after
     * {@code budget} tries, in which case an errno met later is reported as not allowed.
     */
    private static final class Load {
        final Platform p;
        final Instance i;
        final List<Action.SegmentReq> segs;
        final Action.FailAt failAt;
        final int keep;
        final Errno target;
        long budget;
        final java.util.Set<Errno> errors = new java.util.LinkedHashSet<>();
        final List<List<Range>> placements = new ArrayList<>();

        Load(Platform p, Instance i, List<Action.SegmentReq> segs, Action.FailAt failAt, long budget, int keep,
             Errno target) {
            this.p = p;
            this.target = target;
            this.i = i;
            this.segs = segs;
            this.failAt = failAt;
            this.budget = budget;
            this.keep = keep;
        }

        /**
         * The placement {@code made} as a one-element list when the spec allows it (every buffer well formed, on an
         * allowed run, no failure injected, control pages after), else empty.
         */
        List<List<Range>> madeIn(Optional<Image> made) {
            if (made.isEmpty() || failAt != Action.FailAt.NONE || segs.size() > KEXEC_SEGMENT_MAX) {
                return List.of();
            }
            for (Action.SegmentReq r : segs) {
                if (!validBuffer(r)) {
                    return List.of();
                }
            }
            List<Range> placed = new ArrayList<>(made.get().segments());
            placed.addAll(made.get().controlPages());
            boolean allowed = made.get().segments().size() == segs.size() && !tooMuch(p, made.get().segments())
                && Placements.isPlacement(p, i.chunks(), i.allocated(), requests(), placed);
            return allowed ? List.of(placed) : List.of();
        }

        /** The allocations in order: the buffers, then two control pages. */
        List<Placements.Request> requests() {
            List<Placements.Request> qs = new ArrayList<>();
            for (Action.SegmentReq r : segs) {
                qs.add(Placements.Request.of(p, r));
            }
            qs.add(Placements.Request.PAGE); // control_code_page
            qs.add(Placements.Request.PAGE); // swap_page
            return qs;
        }

        /** Tries every allowed run for allocation {@code k} (a buffer, then the two control pages) and on. */
        void place(int k, RangeSet taken, List<Range> sofar) {
            if (budget-- <= 0) {
                return;
            }
            if (k == segs.size() + 2) {
                if (failAt == Action.FailAt.POST_LOAD) {
                    errors.add(Errno.ENOMEM);
                } else if (placements.size() < keep) {
                    placements.add(List.copyOf(sofar));
                }
                return;
            }
            if (k < segs.size() && !(k < KEXEC_SEGMENT_MAX && validBuffer(segs.get(k)))) {
                errors.add(Errno.EINVAL);
                return;
            }
            if (k == segs.size()) {
                // every buffer is placed: the checks before the control pages choose nothing
                Errno e = failAt == Action.FailAt.PREPARE_SEGMENTS ? Errno.ENOEXEC : tooMuch(p, sofar) ? Errno.EINVAL
                    : failAt == Action.FailAt.CONTROL_PAGES ? Errno.ENOMEM : null;
                if (e != null) {
                    errors.add(e);
                    return;
                }
            }
            Placements.Request q = k < segs.size() ? Placements.Request.of(p, segs.get(k)) : Placements.Request.PAGE;
            List<Range> runs = Placements.runs(p, i.chunks(), taken, q);
            if (runs.isEmpty()) {
                errors.add(Errno.ENOMEM); // no fallback to host RAM (D2), none for control pages either
                return;
            }
            for (Range r : runs) {
                sofar.add(r);
                place(k + 1, taken.union(r), sofar);
                sofar.remove(sofar.size() - 1);
                if (done()) {
                    return;
                }
            }
        }

        /** Whether the search may stop: out of budget, or the errno a run returned is found to be allowed. */
        private boolean done() {
            return budget <= 0 || (target != null && errors.contains(target));
        }
    }

    /**
     * A plain load: each buffer in a hole of System RAM ({@link Placements#isHole}); -EADDRNOTAVAIL when a buffer finds
     * none. Exploration takes the top-down hole ({@link Placements#topDown}); refinement admits any hole.
     */
    private static Step loadPlain(Platform p, MkState s, List<Action.SegmentReq> segs, Choice c) {
        List<Range> made = c instanceof Choice.MadeIn m && m.post().plain().isPresent()
            ? m.post().plain().get().segments() : List.of();
        List<Range> placed = new ArrayList<>();
        for (Action.SegmentReq r : segs) {
            if (!(placed.size() < KEXEC_SEGMENT_MAX && validBuffer(r))) {
                return fail(s, Errno.EINVAL);
            }
            Placements.Request q = Placements.Request.of(p, r);
            long at = Placements.topDown(p, q, placed);
            if (at < 0) {
                return fail(s, Errno.EADDRNOTAVAIL);
            }
            Range hole = new Range(at, q.pages());
            if (made.size() == segs.size() && Placements.isHole(p, q, placed, made.get(placed.size()))) {
                hole = made.get(placed.size());
            }
            placed.add(hole);
        }
        if (tooMuch(p, placed)) {
            return fail(s, Errno.EINVAL);
        }
        return new Step(s.withPlain(Optional.of(new PlainImage(placed))), Result.OK);
    }

    /** kexec_add_buffer()'s guards on one buffer: a size, a power-of-two alignment, a window. */
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
        long bytes = DtbSizes.handover(i.dtbSize());
        if (bytes > p.pageSize()) {
            return fail(s, Errno.ENOSPC);
        }
        Spawned.Identity who = new Spawned.Identity(i.name(), i.id(), i.cpus(), i.memoryPages() * p.pageSize(), i.memory());
        Spawned k = new Spawned(mkId, who, cpu, new Spawned.Handover(true, bytes, bytes),
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
