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
}
