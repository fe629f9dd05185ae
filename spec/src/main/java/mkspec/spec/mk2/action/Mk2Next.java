package mkspec.spec.mk2.action;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
import mkspec.spec.model.Errno;
import mkspec.spec.model.Range;
import mkspec.spec.model.RangeSet;
import mkspec.spec.model.Result;

/**
 * The next-state relation of the mk2 specification: what each action may do from a state, with its result, as the
 * fixed profile intends it (the code as read, with each defect's smallest fix). Where an interface leaves a choice
 * open, {@link Mk2Choice} resolves it; an errno stays exact.
 *
 * <p>Host RAM is counted, not placed: a buddy allocation fails only when too few RAM pages are left, so the spec
 * does not see fragmentation (the bounds keep RAM ample); the pool grows only at the first baseline, from empty RAM.
 */
public final class Mk2Next {
    private Mk2Next() {
    }

    /** MK_HOST_TREE_MAX ([OV14]): the largest user host tree an instance-create may carry. */
    public static final long HOST_TREE_MAX = 8192;

    /** One allowed step. */
    public record Step(Mk2State next, Result result) {
    }

    /** The host pages a multikernel image holds: the manifest (SZ_16K), the IPI ring (one page in the model), control and swap pages. */
    public static long imageHostPages(Mk2Platform p) {
        return p.manifestPages() + 1 + 2;
    }

    /** Every step {@code a} may take from {@code s} under choice {@code c}; empty when the choice is not allowed. */
    public static List<Step> steps(Mk2Platform p, Mk2State s, Mk2Action a, Mk2Choice c) {
        return a.accept(new Rel(p, s, c)).stream().map(st -> new Step(st.next().normalized(), st.result())).toList();
    }

    private static List<Step> one(Mk2State next, Result r) {
        return List.of(new Step(next, r));
    }

    private static List<Step> err(Mk2State s, Errno e) {
        return one(s, Result.err(e));
    }

    /** The relation, family by family. */
    private static final class Rel implements Mk2Action.Cases<List<Step>> {
        private final Mk2Platform p;
        private final Mk2State s;
        private final Mk2Choice c;

        Rel(Mk2Platform p, Mk2State s, Mk2Choice c) {
            this.p = p;
            this.s = s;
            this.c = c;
        }

        /** RAM pages neither the pool nor kexec holds. */
        private long ramFree(Mk2State w) {
            return p.ram().count() - w.chunks().size() - w.hostPages();
        }

        /**
         * [BL] mk_baseline_validate_and_initialize, fixed: -EBUSY once the pool holds memory or CPUs; -EINVAL without
         * cpus or memory; -ENODEV for a CPU the machine lacks; -EBUSY for CPU 0 or one the host no longer has, before
         * anything moves; the chunks grown (ENOMEM, nothing kept, when RAM cannot hold one), the CPUs moved.
         */
        @Override
        public List<Step> baselineWrite(Mk2Action.BaselineWrite a) {
            if (s.poolExists() && (!s.chunks().isEmpty() || !s.freeCpus().isEmpty())) {
                return err(s, Errno.EBUSY);
            }
            if (a.cpus().isEmpty() || a.memoryPages().isEmpty() || a.memoryPages().contains(0L)) {
                return err(s, Errno.EINVAL);
            }
            for (long cpu : a.cpus()) {
                if (cpu < 0 || cpu >= p.cpus()) {
                    return err(s, Errno.ENODEV);
                }
            }
            for (long cpu : a.cpus()) {
                if (cpu == 0 || !s.hostCpus().contains((int) cpu)) {
                    return err(s, Errno.EBUSY);
                }
            }
            Optional<RangeSet> grown = chunks(a.memoryPages());
            if (grown == null) {
                return List.of();
            }
            if (grown.isEmpty()) {
                return err(s, Errno.ENOMEM);
            }
            CpuSet moved = CpuSet.EMPTY;
            for (long cpu : a.cpus()) {
                moved = moved.with((int) cpu);
            }
            RangeSet chunks = s.chunks().union(grown.get());
            return one(new Mk2State(true, chunks, s.free().union(grown.get()), s.freeCpus().union(moved),
                s.hostCpus().minus(moved), s.instances(), s.images(), s.txs(), s.nextTx(), s.hostPages(), s.spawns(),
                s.pendingHalted(), s.bug()), Result.OK);
        }

        /**
         * The ranges the chunks get ([ME] mk_pool_mem_grow, [CG] contiguous and pageblock aligned inside RAM the pool
         * does not hold): empty when RAM cannot hold them, null when a {@link Mk2Choice.MadeIn} choice is not one the
         * spec allows.
         */
        private Optional<RangeSet> chunks(List<Long> sizes) {
            long total = 0;
            for (long n : sizes) {
                total += n;
            }
            if (c instanceof Mk2Choice.MadeIn m) {
                RangeSet got = m.post().chunks().minus(s.chunks());
                if (got.isEmpty()) {
                    return Optional.empty();
                }
                RangeSet ram = RangeSet.of(p.ram());
                boolean aligned = got.ranges().stream().allMatch(r -> r.first() % p.pageblock() == 0);
                return got.size() == total && ram.containsAll(got) && aligned && s.hostPages() == 0
                    ? Optional.of(got) : null;
            }
            // canonical: from the top of RAM down, each chunk at the highest aligned start left
            RangeSet taken = s.chunks();
            RangeSet out = RangeSet.EMPTY;
            for (long n : sizes) {
                long start = -1;
                long top = p.ram().end() - n;
                for (long a = top - Math.floorMod(top, p.pageblock()); a >= p.ram().first(); a -= p.pageblock()) {
                    if (!taken.intersects(new Range(a, n))) {
                        start = a;
                        break;
                    }
                }
                if (start < 0 || s.hostPages() > 0) {
                    return Optional.empty();
                }
                taken = taken.union(new Range(start, n));
                out = out.union(new Range(start, n));
            }
            return Optional.of(out);
        }

        /**
         * [OV14] mk_overlay_new_write, fixed: the tx id is taken; the operations apply in order on a working state;
         * the first failure is the write's errno and nothing of the apply stays; otherwise a new applied transaction.
         */
        @Override
        public List<Step> overlayWrite(Mk2Action.OverlayWrite a) {
            Mk2State w = s;
            List<Mk2Tx.Effect> effects = new ArrayList<>();
            for (Mk2Op op : a.ops()) {
                Applied r = apply(w, op);
                if (r == null) {
                    return List.of();
                }
                if (r.errno() != null) {
                    return one(withNextTx(s, s.nextTx() + 1), Result.err(r.errno()));
                }
                w = r.state();
                effects.add(r.effect());
            }
            List<Mk2Tx> txs = new ArrayList<>(w.txs());
            txs.add(new Mk2Tx(s.nextTx(), true, effects));
            return one(new Mk2State(w.poolExists(), w.chunks(), w.free(), w.freeCpus(), w.hostCpus(), w.instances(),
                w.images(), txs, s.nextTx() + 1, w.hostPages(), w.spawns(), w.pendingHalted(), w.bug()), Result.OK);
        }

        /** One operation's outcome: a state and its effect, or an errno; null for a choice the spec does not allow. */
        private record Applied(Mk2State state, Mk2Tx.Effect effect, Errno errno) {
            static Applied failed(Errno e) {
                return new Applied(null, null, e);
            }
        }

        private Applied apply(Mk2State w, Mk2Op op) {
            return op.accept(new Mk2Op.Cases<Applied>() {
                @Override
                public Applied create(Mk2Op.Create cr) {
                    return Rel.this.create(w, cr);
                }

                @Override
                public Applied remove(Mk2Op.Remove rm) {
                    Optional<Mk2Instance> i = w.byName(rm.name());
                    if (i.isEmpty()) {
                        return Applied.failed(Errno.ENOENT);
                    }
                    if (i.get().state() != Mk2Lifecycle.READY) {
                        return Applied.failed(Errno.EBUSY);
                    }
                    return new Applied(destroy(w, i.get()), new Mk2Tx.Effect.Removed(), null);
                }

                @Override
                public Applied addMemory(Mk2Op.AddMemory am) {
                    Optional<Mk2Instance> target = w.byName(am.name());
                    if (target.isEmpty()) {
                        return Applied.failed(Errno.ENOENT);
                    }
                    if (running(w, target.get()) && !blockAligned(0, am.pages())) {
                        return Applied.failed(Errno.EINVAL);
                    }
                    return addRegion(w, target.get(), am.pages());
                }

                /** It names what device_tree reads: memory-base = the first region's start, memory-bytes = the sum. */
                @Override
                public Applied removeFirstRegion(Mk2Op.RemoveFirstRegion rm) {
                    Optional<Mk2Instance> target = w.byName(rm.name());
                    if (target.isEmpty()) {
                        return Applied.failed(Errno.ENOENT);
                    }
                    Mk2Instance i = target.get();
                    long base = i.regions().isEmpty() ? 0 : i.regions().get(0).pages().first();
                    return removeRegion(w, i, base, i.memory().size());
                }
            });
        }

        /** A memory block of the model's hot-plug ([HP14] mk_do_mem_add): four pages. */
        private boolean blockAligned(long first, long count) {
            return first % 4 == 0 && count % 4 == 0 && count != 0;
        }

        private boolean running(Mk2State w, Mk2Instance i) {
            return i.state() == Mk2Lifecycle.ACTIVE && w.spawnOn(i.serial()).isPresent();
        }

        /**
         * instance-create, fixed ([OV14] mk_overlay_op_instance_create, [KF14] mk_create_instance_from_dtb): a name
         * or id taken (id 0 is the host's) is -EEXIST, an id above 2047 -EINVAL, a cpus property that is not u64
         * entries -EINVAL, more memory than the pool has free -ENOMEM, a CPU that is not free in the pool -EBUSY; a
         * READY record with its regions and CPUs.
         */
        private Applied create(Mk2State w, Mk2Op.Create cr) {
            if (cr.name().isEmpty() || cr.name().contains("/")) {
                return Applied.failed(Errno.EINVAL);
            }
            long id = cr.id() > 0xffffffffL || cr.id() >= (1L << 31) ? -1 : cr.id();
            if (w.byName(cr.name()).isPresent() || id == 0 || (id > 0 && w.byId((int) id).isPresent())) {
                return Applied.failed(Errno.EEXIST);
            }
            if (id > 2047) {
                return Applied.failed(Errno.EINVAL);
            }
            List<Long> cpus = new ArrayList<>();
            if (cr.u32Cells()) {
                if (cr.cpus().size() % 2 != 0) {
                    return Applied.failed(Errno.EINVAL);
                }
                for (int k = 0; k < cr.cpus().size(); k += 2) {
                    cpus.add((cr.cpus().get(k) << 32) | (cr.cpus().get(k + 1) & 0xffffffffL));
                }
            } else {
                cpus.addAll(cr.cpus());
            }
            if (cr.hostTreeBytes() > 0 && Mk2ManifestSize.storedHostTree(cr.hostTreeBytes()) > HOST_TREE_MAX) {
                return Applied.failed(Errno.EINVAL);
            }
            int newId = (int) id;
            if (id < 0) {
                newId = 1;
                while (w.byId(newId).isPresent()) {
                    newId++;
                }
            }
            if (cr.memoryPages() > w.free().size()) {
                return Applied.failed(Errno.ENOMEM);
            }
            CpuSet set = CpuSet.EMPTY;
            for (long cpu : cpus) {
                if (cpu < 0 || cpu >= p.cpus() || !w.freeCpus().contains((int) cpu)) {
                    return Applied.failed(Errno.EBUSY);
                }
                set = set.with((int) cpu);
            }
            int serial = w.instances().stream().mapToInt(Mk2Instance::serial).max().orElse(0) + 1;
            List<Mk2Instance.Region> regions = new ArrayList<>();
            RangeSet pages = RangeSet.EMPTY;
            if (cr.memoryPages() > 0) {
                List<Range> chosen = instanceRegions(w, cr);
                if (chosen == null) {
                    return null;
                }
                for (Range r : chosen) {
                    regions.add(new Mk2Instance.Region(r, true));
                    pages = pages.union(r);
                }
            }
            Mk2Instance made = new Mk2Instance(serial, cr.name(), newId, Mk2Lifecycle.READY, true, true, 2, set,
                regions, pages, RangeSet.EMPTY, 0, cr.hostTreeBytes());
            List<Mk2Instance> is = new ArrayList<>(w.instances());
            is.add(made);
            return new Applied(new Mk2State(w.poolExists(), w.chunks(), w.free().minus(pages), w.freeCpus().minus(set),
                w.hostCpus(), is, w.images(), w.txs(), w.nextTx(), w.hostPages(), w.spawns(), w.pendingHalted(),
                w.bug()), new Mk2Tx.Effect.Created(serial), null);
        }

        /**
         * The regions an instance gets ([ME] multikernel_create_instance_pool): disjoint ranges of free pool pages,
         * each inside one pool chunk, adding up to the request. Canonical: the lowest free pages, run by run; also
         * when the next state shows no trace of the choice (a later operation failed and the apply was undone), where
         * any choice ends the same way unless the later failure depends on where the pages went.
         */
        private List<Range> instanceRegions(Mk2State w, Mk2Op.Create cr) {
            Optional<Mk2Instance> made = c instanceof Mk2Choice.MadeIn m ? m.post().byName(cr.name()) : Optional.empty();
            if (made.isPresent()) {
                List<Range> out = new ArrayList<>();
                RangeSet seen = RangeSet.EMPTY;
                for (Mk2Instance.Region r : made.get().regions()) {
                    if (!r.inPool() || seen.intersects(r.pages()) || !w.free().containsAll(RangeSet.of(r.pages()))
                        || !insideOneChunk(w, r.pages())) {
                        return null;
                    }
                    seen = seen.union(r.pages());
                    out.add(r.pages());
                }
                return seen.size() == cr.memoryPages() ? out : null;
            }
            List<Range> out = new ArrayList<>();
            long left = cr.memoryPages();
            for (Range r : w.free().ranges()) {
                if (left == 0) {
                    break;
                }
                long take = Math.min(left, r.count());
                out.add(new Range(r.first(), take));
                left -= take;
            }
            return out;
        }

        private boolean insideOneChunk(Mk2State w, Range r) {
            return w.chunks().ranges().stream().anyMatch(ch -> ch.contains(r));
        }

        /**
         * [HP14] mk_send_mem_add / [ME] mk_instance_add_memory_region: a fresh contiguous range of free pool pages,
         * a region that is no chunk of the instance pool (-ENOMEM when none). A running instance's spawned kernel
         * hot-adds the same range.
         */
        private Applied addRegion(Mk2State w, Mk2Instance i, long n) {
            Range r;
            if (c instanceof Mk2Choice.MadeIn m) {
                Optional<Mk2Instance> after = m.post().byName(i.name());
                List<Mk2Instance.Region> added = after.map(x -> x.regions().stream()
                    .filter(g -> !i.regions().contains(g)).toList()).orElse(List.of());
                if (added.size() != 1) {
                    return freeRun(w, n) == null ? Applied.failed(Errno.ENOMEM) : null;
                }
                r = added.get(0).pages();
                if (r.count() != n || added.get(0).inPool() || !w.free().containsAll(RangeSet.of(r)) || !insideOneChunk(w, r)) {
                    return null;
                }
            } else {
                r = freeRun(w, n);
                if (r == null) {
                    return Applied.failed(Errno.ENOMEM);
                }
            }
            List<Mk2Instance.Region> regions = new ArrayList<>(i.regions());
            regions.add(new Mk2Instance.Region(r, false));
            Mk2State next = replace(w, i.withRegions(regions), w.free().minus(r));
            Optional<Mk2Spawn> k = running(w, i) ? w.spawnOn(i.serial()) : Optional.empty();
            if (k.isPresent()) {
                next = withSpawn(next, k.get(), k.get().withMemory(k.get().memory().union(r)));
            }
            return new Applied(next, new Mk2Tx.Effect.RegionAdded(i.serial(), r), null);
        }

        /** A contiguous run of {@code n} free pool pages inside one chunk, or null. */
        private Range freeRun(Mk2State w, long n) {
            for (Range ch : w.chunks().ranges()) {
                long a = w.free().intersect(RangeSet.of(ch)).firstFit(n, 1, ch.first(), ch.end());
                if (a >= 0) {
                    return new Range(a, n);
                }
            }
            return null;
        }

        /**
         * [HP14] mk_send_mem_remove / [ME] mk_instance_remove_memory_region, fixed: a running instance needs a whole
         * memory block (-EINVAL); a range the loaded image uses is -EBUSY; the exactly matching region is removed
         * and freed, unless it is a chunk of the instance pool (-EBUSY); no match is -ENOENT.
         */
        private Applied removeRegion(Mk2State w, Mk2Instance i, long first, long count) {
            if (running(w, i) && !blockAligned(first, count)) {
                return Applied.failed(Errno.EINVAL);
            }
            if (i.kimage() != 0 && count > 0) {
                Optional<Mk2Image> img = w.image(i.kimage());
                if (img.isPresent() && img.get().segments().intersects(new Range(first, count))) {
                    return Applied.failed(Errno.EBUSY);
                }
            }
            for (int k = 0; k < i.regions().size(); k++) {
                Mk2Instance.Region r = i.regions().get(k);
                if (r.pages().first() == first && r.pages().count() == count) {
                    if (r.inPool()) {
                        return Applied.failed(Errno.EBUSY);
                    }
                    List<Mk2Instance.Region> regions = new ArrayList<>(i.regions());
                    regions.remove(k);
                    Mk2State next = replace(w, i.withRegions(regions), w.free().union(r.pages()));
                    Optional<Mk2Spawn> sp = running(w, i) ? w.spawnOn(i.serial()) : Optional.empty();
                    if (sp.isPresent()) {
                        next = withSpawn(next, sp.get(), sp.get().withMemory(sp.get().memory().minus(r.pages())));
                    }
                    return new Applied(next, new Mk2Tx.Effect.RegionRemoved(i.serial(), r.pages()), null);
                }
            }
            return Applied.failed(Errno.ENOENT);
        }

        /**
         * [KF14] mk_instance_destroy then the two puts: off the idr, the list and kernfs; released, its CPUs back to
         * the free pool and every region's pages back to the pool (the fix of N13 frees memory-add regions too).
         */
        private Mk2State destroy(Mk2State w, Mk2Instance i) {
            List<Mk2Instance> is = new ArrayList<>(w.instances());
            is.remove(i);
            return new Mk2State(w.poolExists(), w.chunks(), w.free().union(i.memory()), w.freeCpus().union(i.cpus()),
                w.hostCpus(), is, w.images(), w.txs(), w.nextTx(), w.hostPages(), w.spawns(), w.pendingHalted(), w.bug());
        }

        /**
         * [OV14] mk_overlay_rmdir, fixed: -ENOENT for a tx not on the list; -EBUSY, and nothing undone, when a record
         * the tx created holds an image; otherwise each effect undone in reverse (a region given back, a region
         * removed replaced by a fresh one of its size, a removal lossy by design); a failing inverse leaves the tx
         * "failed" with the effects not yet undone.
         */
        @Override
        public List<Step> rmdirTx(Mk2Action.RmdirTx a) {
            Optional<Mk2Tx> found = s.tx(a.id());
            if (found.isEmpty()) {
                return err(s, Errno.ENOENT);
            }
            Mk2Tx tx = found.get();
            for (Mk2Tx.Effect e : tx.effects()) {
                if (e instanceof Mk2Tx.Effect.Created cr) {
                    Optional<Mk2Instance> i = s.bySerial(cr.serial()).filter(Mk2Instance::published);
                    if (i.isPresent() && i.get().state() != Mk2Lifecycle.READY) {
                        return one(withTx(s, tx, new Mk2Tx(tx.id(), false, tx.effects())), Result.err(Errno.EBUSY));
                    }
                }
            }
            Mk2State w = s;
            List<Mk2Tx.Effect> left = new ArrayList<>(tx.effects());
            while (!left.isEmpty()) {
                Mk2Tx.Effect e = left.get(left.size() - 1);
                Applied r = undo(w, e);
                if (r == null) {
                    return List.of();
                }
                if (r.errno() != null) {
                    return one(withTx(w, tx, new Mk2Tx(tx.id(), false, left)), Result.err(r.errno()));
                }
                w = r.state();
                left.remove(left.size() - 1);
            }
            List<Mk2Tx> txs = new ArrayList<>(w.txs());
            txs.removeIf(t -> t.id() == tx.id());
            return one(new Mk2State(w.poolExists(), w.chunks(), w.free(), w.freeCpus(), w.hostCpus(), w.instances(),
                w.images(), txs, w.nextTx(), w.hostPages(), w.spawns(), w.pendingHalted(), w.bug()), Result.OK);
        }

        private Applied undo(Mk2State w, Mk2Tx.Effect e) {
            if (e instanceof Mk2Tx.Effect.Created cr) {
                Optional<Mk2Instance> i = w.bySerial(cr.serial()).filter(Mk2Instance::published);
                return new Applied(i.isPresent() ? destroy(w, i.get()) : w, e, null);
            }
            if (e instanceof Mk2Tx.Effect.RegionAdded ra) {
                Optional<Mk2Instance> i = w.bySerial(ra.serial());
                return i.isEmpty() ? new Applied(w, e, null) : removeAdded(w, i.get(), ra.pages());
            }
            if (e instanceof Mk2Tx.Effect.RegionRemoved rr) {
                Optional<Mk2Instance> i = w.bySerial(rr.serial());
                if (i.isEmpty()) {
                    return new Applied(w, e, null);
                }
                if (running(w, i.get()) && !blockAligned(rr.pages().first(), rr.pages().count())) {
                    return Applied.failed(Errno.EINVAL);
                }
                return addRegion(w, i.get(), rr.pages().count());
            }
            return new Applied(w, e, null);
        }

        /** The undo of a memory-add: the region it added, by IPI when the instance runs. */
        private Applied removeAdded(Mk2State w, Mk2Instance i, Range r) {
            return removeRegion(w, i, r.first(), r.count());
        }

        /**
         * [XF] kexec_file_load with KEXEC_MULTIKERNEL | KEXEC_MK_ID(id), fixed: id 0 -EINVAL; ON_CRASH with it
         * -EINVAL; no instance -ENOENT; one with an image -EBUSY; the manifest, the ring, each segment in the
         * instance's pool (ENOMEM when none fits, given the earlier segments' choices), the control pages; any
         * failure leaves the state as it was; success: LOADED, the image on the list, a reference more.
         */
        @Override
        public List<Step> load(Mk2Action.Load a) {
            int mkId = (int) (a.id() & 2047);
            if (mkId <= 0 || a.onCrash()) {
                return err(s, Errno.EINVAL);
            }
            Optional<Mk2Instance> found = s.byId(mkId);
            if (found.isEmpty()) {
                return err(s, Errno.ENOENT);
            }
            Mk2Instance i = found.get();
            if (i.kimage() != 0) {
                return err(s, Errno.EBUSY);
            }
            long need = imageHostPages(p);
            if (a.fault() == Mk2LoadFault.MANIFEST || ramFree(s) < p.manifestPages()
                || a.fault() == Mk2LoadFault.IPI_RING || ramFree(s) < p.manifestPages() + 1) {
                return err(s, Errno.ENOMEM);
            }
            if (a.fault() == Mk2LoadFault.BAD_KERNEL) {
                return err(s, Errno.ENOEXEC);
            }
            if (a.fault() == Mk2LoadFault.CONTROL_PAGE || ramFree(s) < need) {
                // every sequence of placements ends in ENOMEM, at a segment or at the control page, and is undone
                return err(s, Errno.ENOMEM);
            }
            List<Step> out = new ArrayList<>();
            Set<Result> failures = new HashSet<>();
            for (RangeSet segs : placements(i, a.segmentPages())) {
                if (segs == null) {
                    failures.add(Result.err(Errno.ENOMEM));
                    continue;
                }
                int serial = s.images().stream().mapToInt(Mk2Image::serial).max().orElse(0) + 1;
                List<Mk2Image> imgs = new ArrayList<>(s.images());
                imgs.add(new Mk2Image(serial, i.serial(), false, true, segs, need));
                Mk2Instance loaded = i.withUsed(i.used().union(segs)).withKimage(serial).withRefs(i.refs() + 1)
                    .withState(Mk2Lifecycle.LOADED);
                Mk2State w = replace(s, loaded, s.free());
                out.add(new Step(new Mk2State(w.poolExists(), w.chunks(), w.free(), w.freeCpus(), w.hostCpus(),
                    w.instances(), imgs, w.txs(), w.nextTx(), w.hostPages() + need, w.spawns(), w.pendingHalted(),
                    w.bug()), Result.OK));
            }
            for (Result f : failures) {
                out.add(new Step(s, f));
            }
            return out;
        }

        /**
         * The segment placements the spec allows, each a set of pages, or null for a sequence of choices after which a
         * segment has no room (that load returns ENOMEM). Canonical: first fit, region by region. MadeIn: the image
         * the next state holds, if its segments are an allowed placement; none when the next state holds no image
         * and some sequence of choices fails.
         */
        private List<RangeSet> placements(Mk2Instance i, List<Long> segs) {
            List<RangeSet> out = new ArrayList<>();
            if (c instanceof Mk2Choice.MadeIn m) {
                Optional<Mk2Instance> after = m.post().byName(i.name());
                Optional<Mk2Image> img = after.flatMap(x -> x.kimage() > 0 ? m.post().image(x.kimage()) : Optional.empty());
                if (img.isPresent() && fitsAsChosen(i, segs, img.get().segments())) {
                    out.add(img.get().segments());
                }
                if (someChoiceFails(i, i.poolChunks().minus(i.used()), segs, 0)) {
                    out.add(null);
                }
                return out;
            }
            RangeSet freeHere = i.poolChunks().intersect(i.memory()).minus(i.used());
            RangeSet taken = RangeSet.EMPTY;
            for (long n : segs) {
                Range r = fit(i, freeHere.minus(taken), n);
                if (r == null) {
                    out.add(null);
                    return out;
                }
                taken = taken.union(r);
            }
            out.add(taken);
            return out;
        }

        /** A range of {@code n} pages of {@code free} inside one instance-pool region, first fit; or null. */
        private Range fit(Mk2Instance i, RangeSet free, long n) {
            for (Mk2Instance.Region g : i.regions()) {
                if (!g.inPool()) {
                    continue;
                }
                long a = free.firstFit(n, 1, g.pages().first(), g.pages().end());
                if (a >= 0) {
                    return new Range(a, n);
                }
            }
            return null;
        }

        /** Whether {@code chosen} can be split into the segments, in order, each inside one free pool region. */
        private boolean fitsAsChosen(Mk2Instance i, List<Long> segs, RangeSet chosen) {
            long total = segs.stream().mapToLong(Long::longValue).sum();
            RangeSet free = i.poolChunks().intersect(i.memory()).minus(i.used());
            if (chosen.size() != total || !free.containsAll(chosen)) {
                return false;
            }
            List<Range> runs = new ArrayList<>();
            for (Range r : chosen.ranges()) {
                for (Mk2Instance.Region g : i.regions()) {
                    if (g.inPool() && g.pages().overlaps(r)) {
                        long a = Math.max(r.first(), g.pages().first());
                        long b = Math.min(r.end(), g.pages().end());
                        runs.add(new Range(a, b - a));
                    }
                }
            }
            // each run must be cut into whole segments: try to pack the segments, in order, into the runs
            return pack(runs, new long[runs.size()], segs, 0);
        }

        private static boolean pack(List<Range> runs, long[] used, List<Long> segs, int k) {
            if (k == segs.size()) {
                for (int r = 0; r < runs.size(); r++) {
                    if (used[r] != runs.get(r).count()) {
                        return false;
                    }
                }
                return true;
            }
            for (int r = 0; r < runs.size(); r++) {
                if (used[r] + segs.get(k) <= runs.get(r).count()) {
                    used[r] += segs.get(k);
                    if (pack(runs, used, segs, k + 1)) {
                        return true;
                    }
                    used[r] -= segs.get(k);
                }
            }
            return false;
        }

        /** Whether some sequence of allowed placements leaves segment {@code k} or a later one without room. */
        private boolean someChoiceFails(Mk2Instance i, RangeSet free, List<Long> segs, int k) {
            if (k == segs.size()) {
                return false;
            }
            long n = segs.get(k);
            boolean any = false;
            for (Mk2Instance.Region g : i.regions()) {
                if (!g.inPool()) {
                    continue;
                }
                RangeSet here = free.intersect(RangeSet.of(g.pages()));
                for (Range r : here.ranges()) {
                    for (long a = r.first(); a + n <= r.end(); a++) {
                        any = true;
                        if (someChoiceFails(i, free.minus(new Range(a, n)), segs, k + 1)) {
                            return true;
                        }
                    }
                }
            }
            return !any;
        }

        /**
         * The unload branch, fixed: id 0 -EINVAL; no instance or no image -ENOENT; an image not LOADED -EBUSY;
         * kimage_free: segments back to the instance pool, READY, a reference less, the host pages freed.
         */
        @Override
        public List<Step> unload(Mk2Action.Unload a) {
            int mkId = (int) (a.id() & 2047);
            if (mkId <= 0) {
                return err(s, Errno.EINVAL);
            }
            Optional<Mk2Instance> found = s.byId(mkId);
            if (found.isEmpty() || found.get().kimage() == 0) {
                return err(s, Errno.ENOENT);
            }
            Mk2Instance i = found.get();
            if (i.state() != Mk2Lifecycle.LOADED) {
                return err(s, Errno.EBUSY);
            }
            Optional<Mk2Image> img = s.image(i.kimage());
            if (img.isEmpty()) {
                return List.of();
            }
            List<Mk2Image> imgs = new ArrayList<>(s.images());
            imgs.remove(img.get());
            Mk2Instance freed = i.withUsed(i.used().minus(img.get().segments())).withKimage(0).withRefs(i.refs() - 1)
                .withState(Mk2Lifecycle.READY);
            Mk2State w = replace(s, freed, s.free());
            return one(new Mk2State(w.poolExists(), w.chunks(), w.free(), w.freeCpus(), w.hostCpus(), w.instances(),
                imgs, w.txs(), w.nextTx(), w.hostPages() - img.get().hostPages(), w.spawns(), w.pendingHalted(),
                w.bug()), Result.OK);
        }

        /**
         * [XC] multikernel_kexec_by_id: no image -EINVAL; no CPUs -EINVAL; a CPU a spawned kernel still runs on -EBUSY
         * (mk_instance_confirm_parked); fixed, a manifest that does not fit is the exec's errno
         * ({@link Mk2ManifestSize#finalizeOutcomes}); the arch spawn's failure (an oracle, -EIO) changes nothing;
         * success: the spawned kernel runs on the instance's CPUs and memory, told by its manifest who it is and
         * restoring itself as that record; ACTIVE.
         */
        @Override
        public List<Step> exec(Mk2Action.Exec a) {
            Optional<Mk2Instance> found = a.id() <= 0 ? Optional.empty() : s.byId(a.id());
            if (found.isEmpty() || found.get().kimage() == 0) {
                return err(s, Errno.EINVAL);
            }
            Mk2Instance i = found.get();
            if (i.cpus().isEmpty()) {
                return err(s, Errno.EINVAL);
            }
            for (Mk2Spawn k : s.spawns()) {
                if (k.cpus().intersects(i.cpus())) {
                    return err(s, Errno.EBUSY);
                }
            }
            List<Step> out = new ArrayList<>();
            boolean written = false;
            for (Errno e : Mk2ManifestSize.finalizeOutcomes(s, i)) {
                if (e != null) {
                    out.add(new Step(s, Result.err(e)));
                } else {
                    written = true;
                }
            }
            if (!written) {
                return out;
            }
            if (!a.spawnOk()) {
                out.add(new Step(s, Result.err(Errno.EIO)));
                return out;
            }
            long base = i.regions().isEmpty() ? 0 : i.regions().get(0).pages().first();
            Mk2Manifest told = new Mk2Manifest.Told(i.id(), i.name(), i.cpus(), base, i.memory().size());
            List<Mk2Spawn> spawns = new ArrayList<>(s.spawns());
            spawns.add(new Mk2Spawn(i.serial(), a.id(), i.kimage(), i.cpus(), i.memory(), i.name(), told,
                Optional.of(new Mk2Restored(i.id(), i.name(), i.cpus(), true))));
            Mk2State w = replace(s, i.withState(Mk2Lifecycle.ACTIVE), s.free());
            out.add(new Step(new Mk2State(w.poolExists(), w.chunks(), w.free(), w.freeCpus(), w.hostCpus(),
                w.instances(), w.images(), w.txs(), w.nextTx(), w.hostPages(), spawns, w.pendingHalted(), w.bug()),
                Result.OK));
            return out;
        }

        /**
         * The spawned kernel with this exec id writes an instance-remove overlay naming its own record ([OV14]
         * mk_overlay_new_write in the spawn, [KF14] mk_instance_destroy), fixed: destroy refuses mk_self (-EBUSY);
         * a record already gone is -ENOENT; no such spawned kernel: nothing happens.
         */
        @Override
        public List<Step> spawnRemovesSelf(Mk2Action.SpawnRemovesSelf a) {
            Optional<Mk2Spawn> k = s.spawns().stream().filter(x -> x.id() == a.id()).findFirst();
            if (k.isEmpty()) {
                return one(s, Result.OK);
            }
            if (k.get().self().isEmpty() || !k.get().self().get().alive()) {
                return err(s, Errno.ENOENT);
            }
            return err(s, Errno.EBUSY);
        }

        /** [C14] multikernel_halt_by_id: -ENOENT; -EINVAL unless ACTIVE; no answer -ETIMEDOUT; an ACK: parked, LOADED. */
        @Override
        public List<Step> halt(Mk2Action.Halt a) {
            Optional<Mk2Instance> found = s.byId(a.id());
            if (found.isEmpty()) {
                return err(s, Errno.ENOENT);
            }
            if (found.get().state() != Mk2Lifecycle.ACTIVE) {
                return err(s, Errno.EINVAL);
            }
            if (!a.acked()) {
                return err(s, Errno.ETIMEDOUT);
            }
            return one(parked(replace(s, found.get().withState(Mk2Lifecycle.LOADED), s.free()), found.get()), Result.OK);
        }

        /** [C14] multikernel_force_halt_by_id: -ENOENT; -EINVAL unless ACTIVE or LOADED, or without CPUs; LOADED. */
        @Override
        public List<Step> forceHalt(Mk2Action.ForceHalt a) {
            Optional<Mk2Instance> found = s.byId(a.id());
            if (found.isEmpty()) {
                return err(s, Errno.ENOENT);
            }
            Mk2Instance i = found.get();
            if (i.state() == Mk2Lifecycle.READY || i.cpus().isEmpty()) {
                return err(s, Errno.EINVAL);
            }
            return one(parked(replace(s, i.withState(Mk2Lifecycle.LOADED), s.free()), i), Result.OK);
        }

        /** The state with the spawned kernel of record {@code i} parked. */
        private Mk2State parked(Mk2State w, Mk2Instance i) {
            List<Mk2Spawn> spawns = new ArrayList<>(w.spawns());
            spawns.removeIf(k -> k.instance() == i.serial());
            return new Mk2State(w.poolExists(), w.chunks(), w.free(), w.freeCpus(), w.hostCpus(), w.instances(),
                w.images(), w.txs(), w.nextTx(), w.hostPages(), spawns, w.pendingHalted(), w.bug());
        }

        /** [C14] mk_halt_to_pool: the spawned kernel with that id parks and queues MK_SYS_HALTED; none: nothing. */
        @Override
        public List<Step> spawnHalts(Mk2Action.SpawnHalts a) {
            Optional<Mk2Spawn> k = s.spawns().stream().filter(x -> x.id() == a.id()).findFirst();
            if (k.isEmpty()) {
                return one(s, Result.OK);
            }
            List<Mk2Spawn> spawns = new ArrayList<>(s.spawns());
            spawns.remove(k.get());
            List<Integer> pending = new ArrayList<>(s.pendingHalted());
            pending.add(a.id());
            return one(new Mk2State(s.poolExists(), s.chunks(), s.free(), s.freeCpus(), s.hostCpus(), s.instances(),
                s.images(), s.txs(), s.nextTx(), s.hostPages(), spawns, pending, s.bug()), Result.OK);
        }

        /**
         * [C14] mk_halted_work_fn, fixed: the oldest message's instance becomes LOADED if it is ACTIVE with an image
         * and no spawned kernel runs for it; otherwise the message is dropped.
         */
        @Override
        public List<Step> haltedWork(Mk2Action.HaltedWork a) {
            if (s.pendingHalted().isEmpty()) {
                return one(s, Result.OK);
            }
            List<Integer> pending = new ArrayList<>(s.pendingHalted());
            int id = pending.remove(0);
            Mk2State w = new Mk2State(s.poolExists(), s.chunks(), s.free(), s.freeCpus(), s.hostCpus(), s.instances(),
                s.images(), s.txs(), s.nextTx(), s.hostPages(), s.spawns(), pending, s.bug());
            Optional<Mk2Instance> i = w.byId(id);
            if (i.isPresent() && i.get().state() == Mk2Lifecycle.ACTIVE && i.get().kimage() != 0
                && w.spawnOn(i.get().serial()).isEmpty()) {
                w = replace(w, i.get().withState(Mk2Lifecycle.LOADED), w.free());
            }
            return one(w, Result.OK);
        }
    }

    private static Mk2State replace(Mk2State w, Mk2Instance changed, RangeSet free) {
        List<Mk2Instance> is = new ArrayList<>();
        for (Mk2Instance i : w.instances()) {
            is.add(i.serial() == changed.serial() ? changed : i);
        }
        return new Mk2State(w.poolExists(), w.chunks(), free, w.freeCpus(), w.hostCpus(), is, w.images(), w.txs(),
            w.nextTx(), w.hostPages(), w.spawns(), w.pendingHalted(), w.bug());
    }

    private static Mk2State withSpawn(Mk2State w, Mk2Spawn old, Mk2Spawn now) {
        List<Mk2Spawn> spawns = new ArrayList<>(w.spawns());
        spawns.set(spawns.indexOf(old), now);
        return new Mk2State(w.poolExists(), w.chunks(), w.free(), w.freeCpus(), w.hostCpus(), w.instances(), w.images(),
            w.txs(), w.nextTx(), w.hostPages(), spawns, w.pendingHalted(), w.bug());
    }

    private static Mk2State withNextTx(Mk2State w, int next) {
        return new Mk2State(w.poolExists(), w.chunks(), w.free(), w.freeCpus(), w.hostCpus(), w.instances(), w.images(),
            w.txs(), next, w.hostPages(), w.spawns(), w.pendingHalted(), w.bug());
    }

    private static Mk2State withTx(Mk2State w, Mk2Tx old, Mk2Tx now) {
        List<Mk2Tx> txs = new ArrayList<>();
        for (Mk2Tx t : w.txs()) {
            txs.add(t.id() == old.id() ? now : t);
        }
        return new Mk2State(w.poolExists(), w.chunks(), w.free(), w.freeCpus(), w.hostCpus(), w.instances(), w.images(),
            txs, w.nextTx(), w.hostPages(), w.spawns(), w.pendingHalted(), w.bug());
    }
}
