package mkspec.reference.machine;

/**
 * The modelled machine: page size, logical CPUs, the multikernel pool
 * ({@code mkkernel_pool=size@addr}) and the host's System RAM.
 *
 * @param pageSize PAGE_SIZE, a power of two from 4 KiB to 64 KiB
 * @param cpus logical CPUs 0..cpus-1 (CPU 0 stays with the host)
 * @param poolSize bytes of the multikernel pool (0: no pool)
 * @param poolAddress where the pool starts
 * @param ramStart first byte of System RAM
 * @param ramEnd one past the last byte of System RAM
 */
public record MachineConfig(long pageSize, int cpus, long poolSize, long poolAddress, long ramStart, long ramEnd) {

    /** System RAM of the modelled host: 1 MiB up to 2 GiB, or up past the pool if it lies higher. */
    public static final long DEFAULT_RAM_START = 0x0010_0000L;
    public static final long DEFAULT_RAM_END = 0x8000_0000L;

    public MachineConfig {
        if (pageSize < 4096 || pageSize > 65536 || Long.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("page size must be a power of two from 4096 to 65536: " + pageSize);
        }
        if (cpus < 1 || cpus > 8192) {
            throw new IllegalArgumentException("cpus must be 1..8192: " + cpus);
        }
        if (poolSize < 0 || (poolSize & (pageSize - 1)) != 0 || (poolAddress & (pageSize - 1)) != 0) {
            throw new IllegalArgumentException("the pool must be page aligned: " + poolSize + "@" + poolAddress);
        }
        if (poolSize > 0 && poolAddress == 0) {
            throw new IllegalArgumentException("mkkernel_pool: invalid start address 0");
        }
    }

    /** A machine whose RAM covers 1 MiB to 2 GiB, extended to cover the pool. */
    public static MachineConfig of(long pageSize, int cpus, long poolSize, long poolAddress) {
        long end = Math.max(DEFAULT_RAM_END, poolAddress + poolSize);
        return new MachineConfig(pageSize, cpus, poolSize, poolAddress, DEFAULT_RAM_START, end);
    }

    /** TRACE-FORMAT.md's defaults: 4 KiB pages, 8 CPUs, a 64 MiB pool at 1 GiB. */
    public static MachineConfig defaults() {
        return of(4096, 8, 0x400_0000L, 0x4000_0000L);
    }

    /** log2(pageSize) */
    public int pageShift() {
        return Long.numberOfTrailingZeros(pageSize);
    }
}
