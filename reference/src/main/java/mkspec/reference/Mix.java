package mkspec.reference;

/** A 64-bit mixing step for state fingerprints (the finalizer of SplitMix64 over a running hash). */
public final class Mix {
    private Mix() {
    }

    /** Folds {@code v} into the running hash {@code h}. */
    public static long mix(long h, long v) {
        long z = h * 0x9E3779B97F4A7C15L + v;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The canonical number of {@code key} in a fingerprint: the order in which the traversal first
     * reached it (1, 2, ...), so that states differing only in struct addresses or allocation
     * order hash alike.
     */
    public static <K> int canonical(java.util.Map<K, Integer> names, K key) {
        Integer n = names.get(key);
        if (n == null) {
            n = names.size() + 1;
            names.put(key, n);
        }
        return n;
    }
}
