package mkspec.spec.action;

import java.util.ArrayList;
import java.util.List;
import mkspec.spec.model.Platform;
import mkspec.spec.model.Range;
import mkspec.spec.model.RangeSet;

/**
 * What memory the kernel may hand out where the interface promises only "some memory from this pool": the
 * choices themselves, as sets, and whether a choice a run made is one of them. Which allocator makes the choice
 * (gen_pool's first fit, best fit, mk2's halving) is not the specification's business; every invariant is checked
 * for every choice, and an allocator refines the specification when each of its choices is allowed here.
 *
 * <p>Exploration enumerates choices; refinement asks membership. The two agree wherever exploration enumerates
 * everything: the pages inside an instance pool (segments, control pages). For an instance's memory and a plain
 * image, exploration takes representatives, stated at {@link #carvings} and {@link #topDown}.
 */
public final class Placements {
    private Placements() {
    }

    /** A buffer's pages and where it may lie: {@code pages} pages on an {@code alignPages} boundary in [min, max]. */
    record Request(long pages, long alignPages, long minByte, long maxByte) {
        static Request of(Platform p, Action.SegmentReq r) {
            return new Request(p.pages(r.size()), Math.max(r.align(), p.pageSize()) / p.pageSize(), r.min(), r.max());
        }

        /** One page anywhere: a control page (kimage_alloc_control_pages of order 0). */
        static final Request PAGE = new Request(1, 1, 0, Long.MAX_VALUE);

        boolean allows(Platform p, Range r) {
            return r.count() == pages && r.first() % alignPages == 0 && r.first() * p.pageSize() >= minByte
                && r.end() * p.pageSize() - 1 <= maxByte;
        }
    }

    /**
     * Every run an instance pool may hand out for {@code q}: inside one chunk, on none of {@code taken}, aligned
     * physically, within the window; in address order. [P15] kexec_alloc_multikernel over gen_pool_alloc: the
     * pool promises a free, aligned run of one chunk, not which.
     */
    static List<Range> runs(Platform p, List<Range> chunks, RangeSet taken, Request q) {
        List<Range> out = new ArrayList<>();
        for (Range c : chunks) {
            long first = ceil(c.first(), q.alignPages());
            for (long at = first; at + q.pages() <= c.end(); at += q.alignPages()) {
                Range r = new Range(at, q.pages());
                if (q.allows(p, r) && !taken.intersects(r)) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** Whether {@code r} is one of {@link #runs}. */
    static boolean isRun(Platform p, List<Range> chunks, RangeSet taken, Request q, Range r) {
        if (!q.allows(p, r) || taken.intersects(r)) {
            return false;
        }
        for (Range c : chunks) {
            if (c.contains(r)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code placed} places the requests, in order: each on an allowed run, disjoint from the ones before it. */
    static boolean isPlacement(Platform p, List<Range> chunks, RangeSet taken, List<Request> qs, List<Range> placed) {
        if (placed.size() != qs.size()) {
            return false;
        }
        RangeSet t = taken;
        for (int k = 0; k < qs.size(); k++) {
            if (!isRun(p, chunks, t, qs.get(k), placed.get(k))) {
                return false;
            }
            t = t.union(placed.get(k));
        }
        return true;
    }

    /**
     * An instance's memory taken from the global pool's free pages: {@code pages} pages as chunks, each a run of free
     * pages, pairwise disjoint. [P06] multikernel_create_instance_pool: RFC v2 asks gen_pool for the whole size, then
     * falls back to 1 MiB, 256 KiB and single pages, mk2 halves; either way the interface promises only the amount.
     * Such a choice exists exactly when enough pages are free (single pages always fit).
     */
    static boolean isCarving(RangeSet poolFree, long pages, List<Range> chunks) {
        RangeSet taken = RangeSet.EMPTY;
        long total = 0;
        for (Range c : chunks) {
            if (!poolFree.containsAll(c) || taken.intersects(c)) {
                return false;
            }
            taken = taken.union(c);
            total += c.count();
        }
        return total == pages;
    }

    /**
     * The carvings exploration takes: for every way to split {@code pages} into chunk sizes (largest first), each chunk
     * at the lowest free run that holds it; then one per set of pages taken and per {@link #fits} signature over
     * {@code loads}, the images the model may load. Where in the pool a chunk lies is read by no invariant except
     * through disjointness from the rest, which every carving keeps; the split decides only how later loads may end.
     * A split the lowest-run placement cannot lay out is left out (the single-page split always can).
     * {@link #isCarving} admits every carving.
     */
    static List<List<Range>> carvings(Platform p, RangeSet poolFree, long pages, List<List<Action.SegmentReq>> loads) {
        List<List<Range>> out = new ArrayList<>();
        if (poolFree.size() < pages) {
            return out;
        }
        java.util.Set<List<Object>> seen = new java.util.HashSet<>();
        for (List<Long> split : splits(pages, pages)) {
            RangeSet free = poolFree;
            List<Range> chunks = new ArrayList<>();
            for (long size : split) {
                long at = free.firstFit(size, 1, Long.MIN_VALUE, Long.MAX_VALUE);
                if (at < 0) {
                    break;
                }
                Range r = new Range(at, size);
                chunks.add(r);
                free = free.minus(r);
            }
            if (chunks.size() == split.size() && seen.add(List.of(RangeSet.ofRanges(chunks), fits(p, chunks, loads)))) {
                out.add(List.copyOf(chunks));
            }
        }
        return out;
    }

    /**
     * For each image of {@code loads}, what loading it into an empty instance pool of {@code chunks} may end in: 1 when
     * every allocation (buffers, then two control pages) can succeed, plus 2 when some allowed choices run out of room.
     */
    public static List<Integer> fits(Platform p, List<Range> chunks, List<List<Action.SegmentReq>> loads) {
        List<Integer> out = new ArrayList<>();
        for (List<Action.SegmentReq> load : loads) {
            List<Request> qs = new ArrayList<>();
            for (Action.SegmentReq r : load) {
                qs.add(Request.of(p, r));
            }
            qs.add(Request.PAGE);
            qs.add(Request.PAGE);
            out.add(endings(p, chunks, RangeSet.EMPTY, qs));
        }
        return out;
    }

    /** 1 when the requests can all be placed in order, plus 2 when some order of allowed choices runs out. */
    private static int endings(Platform p, List<Range> chunks, RangeSet taken, List<Request> qs) {
        if (qs.isEmpty()) {
            return 1;
        }
        List<Range> runs = runs(p, chunks, taken, qs.get(0));
        if (runs.isEmpty()) {
            return 2;
        }
        int out = 0;
        for (Range r : runs) {
            out |= endings(p, chunks, taken.union(r), qs.subList(1, qs.size()));
            if (out == 3) {
                break;
            }
        }
        return out;
    }

    /** One carving: the lowest {@code pages} free pages, each maximal run of them one chunk. */
    static List<Range> lowest(RangeSet poolFree, long pages) {
        List<Range> out = new ArrayList<>();
        long left = pages;
        for (Range r : poolFree.ranges()) {
            if (left == 0) {
                break;
            }
            long take = Math.min(left, r.count());
            out.add(new Range(r.first(), take));
            left -= take;
        }
        return out;
    }

    /** Every carving {@link #isCarving} admits: every set of disjoint runs of free pages totalling {@code pages}. */
    static List<List<Range>> everyCarving(RangeSet poolFree, long pages) {
        List<List<Range>> out = new ArrayList<>();
        everyCarving(poolFree.ranges(), 0, poolFree.ranges().isEmpty() ? 0 : poolFree.ranges().get(0).first(), pages,
            new ArrayList<>(), out);
        return out;
    }

    /** Chunks taken at or after page {@code from} of free run {@code run} onwards, in address order. */
    private static void everyCarving(List<Range> free, int run, long from, long left, List<Range> sofar,
                                     List<List<Range>> out) {
        if (left == 0) {
            out.add(List.copyOf(sofar));
            return;
        }
        for (int r = run; r < free.size(); r++) {
            Range f = free.get(r);
            for (long at = Math.max(from, f.first()); at < f.end(); at++) {
                for (long size = 1; size <= left && at + size <= f.end(); size++) {
                    sofar.add(new Range(at, size));
                    everyCarving(free, r, at + size, left - size, sofar, out);
                    sofar.remove(sofar.size() - 1);
                }
            }
        }
    }

    /** The partitions of {@code n} into parts of at most {@code max}, each largest part first, largest first. */
    static List<List<Long>> splits(long n, long max) {
        List<List<Long>> out = new ArrayList<>();
        if (n == 0) {
            out.add(List.of());
            return out;
        }
        for (long part = Math.min(n, max); part >= 1; part--) {
            for (List<Long> rest : splits(n - part, part)) {
                List<Long> s = new ArrayList<>();
                s.add(part);
                s.addAll(rest);
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Whether {@code r} is a place kexec_file_load may give a plain image's buffer: in System RAM, aligned, within its
     * window, on none of {@code taken}. [P15] kexec_locate_mem_hole.
     */
    static boolean isHole(Platform p, Request q, List<Range> taken, Range r) {
        if (!q.allows(p, r) || !p.ram().contains(r)) {
            return false;
        }
        for (Range t : taken) {
            if (t.overlaps(r)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The hole exploration takes for a plain image's buffer: the highest (locate_mem_hole_top_down over System RAM,
     * stepping down a page after a clash), -1 when there is none. The invariants read a plain image only through
     * overlap with multikernel images and through what a step changes, so one hole stands for the others as long as
     * RAM's top lies outside the pool (it does at every bound {@code Bounds} allows: RAM ends at 2 GiB or at the pool's
     * end, and a plain image is at most half of RAM).
     */
    static long topDown(Platform p, Request q, List<Range> taken) {
        long page = p.pageSize();
        long ramStart = p.ram().first() * page;
        long ramLast = p.ram().end() * page - 1;
        long memsz = q.pages() * page;
        if (ramLast - ramStart + 1 < memsz || ramLast < q.minByte() || ramStart > q.maxByte()) {
            return -1;
        }
        long align = q.alignPages() * page;
        long end = Math.min(ramLast, q.maxByte());
        long start = end - memsz + 1;
        while (true) {
            start = Math.floorDiv(start, align) * align;
            if (start < ramStart || start < q.minByte()) {
                return -1;
            }
            Range cand = new Range(start / page, q.pages());
            if (isHole(p, q, taken, cand)) {
                return start / page;
            }
            start -= page;
        }
    }

    private static long ceil(long n, long align) {
        return Math.floorDiv(n + align - 1, align) * align;
    }
}
