package mkspec.traces.format;

/**
 * The machine a trace runs on: page size, logical CPU count and the multikernel pool ({@code mkkernel_pool=}).
 *
 * <p>Part of the TRACE-FORMAT v1 contract: a trace without {@code machine}, or with some of its keys left out,
 * gets the {@linkplain #DEFAULT defaults} of the format for the missing ones.
 *
 * @param pageSize    bytes per page, a power of two of at least 4096 (default 4096)
 * @param cpus        logical CPUs {@code 0..cpus-1}, 1 to {@value #MAX_CPUS}; CPU 0 always stays with the host
 *                    (default 8)
 * @param poolSize    bytes of the global multikernel pool (default 0x4000000, 64M)
 * @param poolAddress physical address of the pool (default 0x40000000, 1G)
 */
public record MachineSpec(long pageSize, int cpus, long poolSize, long poolAddress) {

    /** The most CPUs a machine may have: Linux's largest CONFIG_NR_CPUS on x86-64. */
    public static final int MAX_CPUS = 8192;

    /** The machine of a trace that says nothing about it. */
    public static final MachineSpec DEFAULT = new MachineSpec(4096, 8, 0x4000000L, 0x40000000L);

    /** Checks the ranges the trace reader enforces. */
    public MachineSpec {
        if (!isValidPageSize(pageSize)) {
            throw new IllegalArgumentException("page size must be a power of two from 4096 to 65536: " + pageSize);
        }
        if (cpus < 1 || cpus > MAX_CPUS) {
            throw new IllegalArgumentException("cpus must be 1.." + MAX_CPUS + ": " + cpus);
        }
        if (poolSize < 0 || poolAddress < 0 || poolAddress > Ranges.PHYSICAL_LIMIT - poolSize) {
            throw new IllegalArgumentException("pool must be non-negative and end at most at " + Ranges.PHYSICAL_TEXT);
        }
    }

    /** Whether {@code bytes} can be a page size: a power of two of at least 4096. */
    public static boolean isValidPageSize(long bytes) {
        return bytes >= 4096 && bytes <= 65536 && Long.bitCount(bytes) == 1;
    }

    /** This machine with another page size. */
    public MachineSpec withPageSize(long bytes) {
        return new MachineSpec(bytes, cpus, poolSize, poolAddress);
    }

    /** This machine with another CPU count. */
    public MachineSpec withCpus(int count) {
        return new MachineSpec(pageSize, count, poolSize, poolAddress);
    }

    /** This machine with another pool. */
    public MachineSpec withPool(long size, long address) {
        return new MachineSpec(pageSize, cpus, size, address);
    }
}
