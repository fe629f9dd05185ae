package mkspec.spec.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable set of pages, kept as sorted, disjoint, non-adjacent runs. Small and cheap to
 * compare, so that states with the same pages are equal whatever order made them.
 */
public final class RangeSet {
    /** Run i is {@code [runs[2i], runs[2i+1])}. */
    private final long[] runs;
    /** Computed on first use: most sets are made, compared by identity or fingerprinted, and dropped. */
    private int hash;

    public static final RangeSet EMPTY = new RangeSet(new long[0]);

    private RangeSet(long[] runs) {
        this.runs = runs;
    }

    public static RangeSet of(Range r) {
        return new RangeSet(new long[] {r.first(), r.end()});
    }

    public static RangeSet of(long first, long count) {
        return count <= 0 ? EMPTY : new RangeSet(new long[] {first, first + count});
    }

    /** The union of arbitrary ranges. */
    public static RangeSet ofRanges(List<Range> ranges) {
        RangeSet s = EMPTY;
        for (Range r : ranges) {
            s = s.union(of(r));
        }
        return s;
    }

    public boolean isEmpty() {
        return runs.length == 0;
    }

    /** Number of pages. */
    public long size() {
        long n = 0;
        for (int i = 0; i < runs.length; i += 2) {
            n += runs[i + 1] - runs[i];
        }
        return n;
    }

    /** The runs, lowest first. */
    public List<Range> ranges() {
        List<Range> out = new ArrayList<>(runs.length / 2);
        for (int i = 0; i < runs.length; i += 2) {
            out.add(new Range(runs[i], runs[i + 1] - runs[i]));
        }
        return out;
    }

    public boolean contains(long page) {
        for (int i = 0; i < runs.length; i += 2) {
            if (page < runs[i]) {
                return false;
            }
            if (page < runs[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** Whether every page of {@code r} is in this set. */
    public boolean containsAll(Range r) {
        for (int i = 0; i < runs.length; i += 2) {
            if (r.first() >= runs[i] && r.end() <= runs[i + 1]) {
                return true;
            }
        }
        return false;
    }

    public boolean containsAll(RangeSet o) {
        return o.minus(this).isEmpty();
    }

    public boolean intersects(Range r) {
        for (int i = 0; i < runs.length; i += 2) {
            if (r.first() < runs[i + 1] && runs[i] < r.end()) {
                return true;
            }
        }
        return false;
    }

    public boolean intersects(RangeSet o) {
        int i = 0;
        int j = 0;
        while (i < runs.length && j < o.runs.length) {
            if (runs[i + 1] <= o.runs[j]) {
                i += 2;
            } else if (o.runs[j + 1] <= runs[i]) {
                j += 2;
            } else {
                return true;
            }
        }
        return false;
    }

    public RangeSet union(RangeSet o) {
        if (o.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return o;
        }
        long[] all = new long[runs.length + o.runs.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < runs.length || j < o.runs.length) {
            long s;
            long e;
            if (j >= o.runs.length || (i < runs.length && runs[i] <= o.runs[j])) {
                s = runs[i];
                e = runs[i + 1];
                i += 2;
            } else {
                s = o.runs[j];
                e = o.runs[j + 1];
                j += 2;
            }
            if (k > 0 && s <= all[k - 1]) {
                all[k - 1] = Math.max(all[k - 1], e);
            } else {
                all[k++] = s;
                all[k++] = e;
            }
        }
        return new RangeSet(Arrays.copyOf(all, k));
    }

    public RangeSet union(Range r) {
        return union(of(r));
    }

    public RangeSet minus(RangeSet o) {
        if (o.isEmpty() || isEmpty()) {
            return this;
        }
        long[] out = new long[runs.length + o.runs.length];
        int k = 0;
        int j = 0;
        for (int i = 0; i < runs.length; i += 2) {
            long s = runs[i];
            long e = runs[i + 1];
            while (j < o.runs.length && o.runs[j + 1] <= s) {
                j += 2;
            }
            int jj = j;
            while (s < e) {
                if (jj >= o.runs.length || o.runs[jj] >= e) {
                    out[k++] = s;
                    out[k++] = e;
                    break;
                }
                if (o.runs[jj] > s) {
                    out[k++] = s;
                    out[k++] = o.runs[jj];
                }
                s = Math.max(s, o.runs[jj + 1]);
                jj += 2;
            }
        }
        return new RangeSet(Arrays.copyOf(out, k));
    }

    public RangeSet minus(Range r) {
        return minus(of(r));
    }

    public RangeSet intersect(RangeSet o) {
        return minus(minus(o));
    }

    /**
     * The lowest page {@code p} in {@code [lo, hi)} with {@code p % alignPages == 0} such that the
     * {@code n} pages from {@code p} all belong to this set; -1 when there is none. This is
     * gen_pool's first fit within one chunk (bitmap_find_next_zero_area_off finds the lowest
     * aligned run, and its alignment is physical, as the chunk start is page aligned).
     */
    public long firstFit(long n, long alignPages, long lo, long hi) {
        for (int i = 0; i < runs.length; i += 2) {
            long s = Math.max(runs[i], lo);
            long e = Math.min(runs[i + 1], hi);
            long a = ((s + alignPages - 1) / alignPages) * alignPages;
            if (a + n <= e) {
                return a;
            }
        }
        return -1;
    }

    /** The first page of the set, or -1. */
    public long first() {
        return runs.length == 0 ? -1 : runs[0];
    }

    /** A 64-bit hash of the pages, for fingerprints. */
    public long fingerprint(long h) {
        for (long r : runs) {
            h = Fp.mix(h, r);
        }
        return Fp.mix(h, runs.length);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof RangeSet && Arrays.equals(runs, ((RangeSet) o).runs));
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(runs);
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < runs.length; i += 2) {
            if (i > 0) {
                b.append(", ");
            }
            b.append("0x").append(Long.toHexString(runs[i])).append("..0x").append(Long.toHexString(runs[i + 1] - 1));
        }
        return b.append('}').toString();
    }
}
