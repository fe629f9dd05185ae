package mkspec.spec.model;

/**
 * The constants of a model: the machine the multikernel code runs on. The spec takes them as
 * parameters and never changes them (TLA+'s CONSTANTS).
 *
 * @param pageSize PAGE_SIZE in bytes
 * @param cpus nr_cpu_ids; CPU 0 is the host's boot CPU
 * @param pool the pages of {@code mkkernel_pool=size@addr}
 * @param ram the pages of the host's System RAM (the pool lies inside it)
 */
public record Platform(long pageSize, int cpus, Range pool, Range ram) {

    /** The platform of {@code mkkernel_pool=poolSize@poolAddress} on a host whose RAM is {@code [ramStart, ramEnd)}. */
    public static Platform of(long pageSize, int cpus, long poolSize, long poolAddress, long ramStart, long ramEnd) {
        Range pool = poolSize == 0 ? null : new Range(poolAddress / pageSize, poolSize / pageSize);
        return new Platform(pageSize, cpus, pool, new Range(ramStart / pageSize, (ramEnd - ramStart) / pageSize));
    }

    /** The pool as a page set (empty without a pool). */
    public RangeSet poolPages() {
        return pool == null ? RangeSet.EMPTY : RangeSet.of(pool);
    }

    /** A page range as physical addresses, e.g. {@code 0x7fffa000-0x7fffffff (24K)}. */
    public String describe(Range r) {
        return String.format("0x%x-0x%x (%s)", r.first() * pageSize, r.end() * pageSize - 1, size(r.count() * pageSize));
    }

    /** A page set as physical address ranges. */
    public String describe(RangeSet s) {
        if (s.isEmpty()) {
            return "nothing";
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (Range r : s.ranges()) {
            parts.add(describe(r));
        }
        return String.join(", ", parts);
    }

    private static String size(long bytes) {
        if (bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "G";
        }
        if (bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "M";
        }
        if (bytes % (1L << 10) == 0) {
            return (bytes >> 10) + "K";
        }
        return bytes + " bytes";
    }

    /** Bytes to pages, rounded up. */
    public long pages(long bytes) {
        return (bytes + pageSize - 1) / pageSize;
    }
}
