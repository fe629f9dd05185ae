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

    /** Bytes to pages, rounded up. */
    public long pages(long bytes) {
        return (bytes + pageSize - 1) / pageSize;
    }
}
