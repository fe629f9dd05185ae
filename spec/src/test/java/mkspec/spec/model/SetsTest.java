package mkspec.spec.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RangeSet and CpuSet agree with a BitSet on random sets, operation by operation. */
class SetsTest {
    private static final int PAGES = 96;

    private static BitSet randomBits(Random r) {
        BitSet b = new BitSet();
        int runs = r.nextInt(6);
        for (int k = 0; k < runs; k++) {
            int from = r.nextInt(PAGES);
            b.set(from, Math.min(PAGES, from + 1 + r.nextInt(12)));
        }
        return b;
    }

    private static RangeSet pages(BitSet b) {
        RangeSet s = RangeSet.EMPTY;
        for (int i = b.nextSetBit(0); i >= 0; i = b.nextSetBit(i + 1)) {
            s = s.union(new Range(i, 1));
        }
        return s;
    }

    private static BitSet bits(RangeSet s) {
        BitSet b = new BitSet();
        for (Range r : s.ranges()) {
            b.set((int) r.first(), (int) r.end());
        }
        return b;
    }

    @Test
    void rangeSetOperationsAgreeWithBitSets() {
        Random r = new Random(7);
        for (int trial = 0; trial < 5_000; trial++) {
            BitSet a = randomBits(r);
            BitSet b = randomBits(r);
            RangeSet sa = pages(a);
            RangeSet sb = pages(b);
            BitSet union = (BitSet) a.clone();
            union.or(b);
            BitSet minus = (BitSet) a.clone();
            minus.andNot(b);
            BitSet inter = (BitSet) a.clone();
            inter.and(b);
            assertEquals(union, bits(sa.union(sb)));
            assertEquals(minus, bits(sa.minus(sb)));
            assertEquals(inter, bits(sa.intersect(sb)));
            assertEquals(a.intersects(b), sa.intersects(sb));
            BitSet notB = (BitSet) a.clone();
            notB.andNot(b);
            assertEquals(notB.isEmpty(), sb.containsAll(sa));
            assertEquals(a.cardinality(), sa.size());
            assertEquals(a.isEmpty(), sa.isEmpty());
            assertEquals(a.isEmpty() ? -1 : a.nextSetBit(0), sa.first());
            int page = r.nextInt(PAGES);
            assertEquals(a.get(page), sa.contains(page));
            // the ranges are maximal, ordered runs
            List<Range> runs = sa.ranges();
            for (int k = 1; k < runs.size(); k++) {
                assertEquals(true, runs.get(k - 1).end() < runs.get(k).first(), runs.toString());
            }
            // equal sets built in another order are equal, with equal fingerprints
            RangeSet again = RangeSet.ofRanges(new ArrayList<>(runs));
            assertEquals(sa, again);
            assertEquals(sa.fingerprint(17), again.fingerprint(17));
            // first fit: the lowest aligned run of n pages inside [lo, hi)
            int n = 1 + r.nextInt(5);
            int align = 1 << r.nextInt(3);
            assertEquals(firstFit(a, n, align), sa.firstFit(n, align, Long.MIN_VALUE, Long.MAX_VALUE));
        }
    }

    private static long firstFit(BitSet a, int n, int align) {
        for (int at = 0; at + n <= PAGES; at += align) {
            if (a.get(at, at + n).cardinality() == n) {
                return at;
            }
        }
        return -1;
    }

    @Test
    void cpuSetOperationsAgreeWithBitSets() {
        Random r = new Random(11);
        for (int trial = 0; trial < 5_000; trial++) {
            BitSet a = new BitSet();
            BitSet b = new BitSet();
            for (int k = 0; k < 130; k++) {
                if (r.nextInt(8) == 0) {
                    a.set(k);
                }
                if (r.nextInt(8) == 0) {
                    b.set(k);
                }
            }
            CpuSet ca = CpuSet.of(a);
            CpuSet cb = CpuSet.of(b);
            BitSet union = (BitSet) a.clone();
            union.or(b);
            BitSet minus = (BitSet) a.clone();
            minus.andNot(b);
            assertEquals(union, ca.union(cb).toBitSet());
            assertEquals(minus, ca.minus(cb).toBitSet());
            assertEquals(a.intersects(b), ca.intersects(cb));
            assertEquals(a.cardinality(), ca.size());
            assertEquals(a.isEmpty(), ca.isEmpty());
            if (!a.isEmpty()) {
                assertEquals(a.nextSetBit(0), ca.first());
            }
            int cpu = r.nextInt(130);
            assertEquals(a.get(cpu), ca.contains(cpu));
            BitSet with = (BitSet) a.clone();
            with.set(cpu);
            BitSet without = (BitSet) a.clone();
            without.clear(cpu);
            assertEquals(with, ca.with(cpu).toBitSet());
            assertEquals(without, ca.without(cpu).toBitSet());
            assertEquals(CpuSet.of(with), ca.with(cpu));
            assertEquals(CpuSet.of(with).fingerprint(3), ca.with(cpu).fingerprint(3));
        }
    }
}
