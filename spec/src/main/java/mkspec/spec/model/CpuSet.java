package mkspec.spec.model;

import java.util.Arrays;
import java.util.BitSet;

/** An immutable set of logical CPU numbers. */
public final class CpuSet {
    private final long[] words;
    private final int hash;

    public static final CpuSet EMPTY = new CpuSet(new long[0]);

    private CpuSet(long[] words) {
        int n = words.length;
        while (n > 0 && words[n - 1] == 0) {
            n--;
        }
        this.words = n == words.length ? words : Arrays.copyOf(words, n);
        this.hash = Arrays.hashCode(this.words);
    }

    public static CpuSet of(int... cpus) {
        BitSet b = new BitSet();
        for (int c : cpus) {
            b.set(c);
        }
        return of(b);
    }

    public static CpuSet of(BitSet b) {
        return new CpuSet(b.toLongArray());
    }

    /** CPUs {@code 0..n-1}. */
    public static CpuSet range(int n) {
        BitSet b = new BitSet();
        b.set(0, n);
        return of(b);
    }

    public BitSet toBitSet() {
        return BitSet.valueOf(words);
    }

    public boolean contains(int cpu) {
        int w = cpu >>> 6;
        return cpu >= 0 && w < words.length && (words[w] & (1L << (cpu & 63))) != 0;
    }

    public boolean isEmpty() {
        return words.length == 0;
    }

    /** The lowest CPU, or -1. */
    public int first() {
        for (int i = 0; i < words.length; i++) {
            if (words[i] != 0) {
                return i * 64 + Long.numberOfTrailingZeros(words[i]);
            }
        }
        return -1;
    }

    public boolean intersects(CpuSet o) {
        for (int i = 0; i < Math.min(words.length, o.words.length); i++) {
            if ((words[i] & o.words[i]) != 0) {
                return true;
            }
        }
        return false;
    }

    public CpuSet with(int cpu) {
        BitSet b = toBitSet();
        b.set(cpu);
        return of(b);
    }

    public CpuSet without(int cpu) {
        BitSet b = toBitSet();
        b.clear(cpu);
        return of(b);
    }

    public CpuSet minus(CpuSet o) {
        BitSet b = toBitSet();
        b.andNot(o.toBitSet());
        return of(b);
    }

    public CpuSet union(CpuSet o) {
        BitSet b = toBitSet();
        b.or(o.toBitSet());
        return of(b);
    }

    public int size() {
        int n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    public long fingerprint(long h) {
        for (long w : words) {
            h = Fp.mix(h, w);
        }
        return Fp.mix(h, words.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CpuSet && hash == ((CpuSet) o).hash && Arrays.equals(words, ((CpuSet) o).words);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return toBitSet().toString();
    }
}
