package mkspec.spec.model;

/** The 64-bit mixing step of the spec's state fingerprints (SplitMix64's finalizer over a running hash). */
public final class Fp {
    private Fp() {
    }

    public static long mix(long h, long v) {
        long z = h * 0x9E3779B97F4A7C15L + v;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public static long mix(long h, String s) {
        return mix(h, s == null ? 0 : s.hashCode());
    }
}
