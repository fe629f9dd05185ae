package mkspec.spec.action;

import java.util.ArrayList;
import java.util.List;
import mkspec.spec.model.Platform;
import mkspec.spec.model.Range;
import mkspec.spec.model.RangeSet;

/**
 * Where the kernel's allocators put things, stated over page sets: gen_pool's first fit (lowest
 * free, aligned run of a chunk, newest chunk first), the instance-pool chunking of
 * multikernel_create_instance_pool() [P06], and the top-down hole search of kexec_file.c.
 *
 * <p>This is part of the specification, not an implementation detail: the addresses it yields are
 * what the invariants and the refinement check compare.
 */
public final class PageAllocator {
    private PageAllocator() {
    }

    /** An instance pool carved from the global pool: its chunks (newest first) and the pool's new free set. */
    public record Carved(List<Range> chunks, RangeSet poolFree) {
    }

    /**
     * The chunks multikernel_create_instance_pool() takes for {@code pages} pages: the whole size if
     * a free run holds it, else 1 MiB (when more than that remains), else 256 KiB, else one page, each
     * time the lowest free run; null when the global pool runs dry (all chunks then go back).
     */
    public static Carved carveInstancePool(Platform p, RangeSet poolFree, long pages) {
        long mb = (1L << 20) / p.pageSize();
        long kb256 = (256L << 10) / p.pageSize();
        RangeSet free = poolFree;
        List<Range> chunks = new ArrayList<>();
        long remaining = pages;
        while (remaining > 0) {
            long size = remaining;
            long at = firstFit(free, size);
            if (at < 0) {
                if (size > mb) {
                    size = mb;
                    at = firstFit(free, size);
                }
                if (at < 0 && size > kb256) {
                    size = kb256;
                    at = firstFit(free, size);
                }
                if (at < 0 && size > 1) {
                    size = 1;
                    at = firstFit(free, size);
                }
                if (at < 0) {
                    return null;
                }
            }
            Range r = new Range(at, size);
            free = free.minus(r);
            chunks.add(0, r);
            remaining -= size;
        }
        return new Carved(chunks, free);
    }

    private static long firstFit(RangeSet free, long n) {
        return free.firstFit(n, 1, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * gen_pool_first_fit_align over an instance pool: the first chunk (newest first) with {@code n}
     * free pages starting at a page aligned to {@code alignPages}; -1 when none has.
     */
    public static long instanceFirstFit(List<Range> chunks, RangeSet allocated, long n, long alignPages) {
        for (Range c : chunks) {
            RangeSet free = RangeSet.of(c).minus(allocated);
            long at = free.firstFit(n, alignPages, c.first(), c.end());
            if (at >= 0) {
                return at;
            }
        }
        return -1;
    }

    /**
     * kexec_walk_resources() with locate_mem_hole_top_down() over System RAM: the highest start,
     * aligned down, whose {@code n} pages end at or below {@code maxByte}, start at or above
     * {@code minByte}, and overlap none of {@code taken}; -1 when there is none. The kernel works in
     * bytes and steps down a page at a time after a clash; so does this.
     */
    public static long topDown(Platform p, long n, long alignPages, long minByte, long maxByte, List<Range> taken) {
        long page = p.pageSize();
        long ramStart = p.ram().first() * page;
        long ramLast = p.ram().end() * page - 1;
        long memsz = n * page;
        if (ramLast - ramStart + 1 < memsz || ramLast < minByte || ramStart > maxByte) {
            return -1;
        }
        long align = alignPages * page;
        long end = Math.min(ramLast, maxByte);
        long start = end - memsz + 1;
        while (true) {
            start = Math.floorDiv(start, align) * align;
            if (start < ramStart || start < minByte) {
                return -1;
            }
            Range cand = new Range(start / page, n);
            boolean clash = false;
            for (Range t : taken) {
                if (t.overlaps(cand)) {
                    clash = true;
                    break;
                }
            }
            if (!clash) {
                return start / page;
            }
            start -= page;
        }
    }
}
