package mkspec.reference.kernel.multikernel;

import mkspec.reference.Mix;
import mkspec.reference.lib.GenPool;
/**
 * The multikernel memory pool of kernel/multikernel/mem.c [P06]: one global gen_pool over the
 * range reserved by {@code mkkernel_pool=size@addr}, and per-instance gen_pools carved out of it
 * chunk by chunk.
 *
 * <p>Addresses are physical and real; the pool's unit is one page. The methods keep the C names
 * and return conventions (an address or 0; 0 or -errno).
 */
public final class MultikernelPool {
    private final long resStart;
    private final long resSize;
    private final int pageShift;
    /** multikernel_pool: null when no mkkernel_pool= was given. */
    private final GenPool pool;

    /**
     * mkkernel_pool_setup() + multikernel_mem_init(): reserves {@code [addr, addr+size)} and adds it
     * to a new gen_pool of page granularity. A size of 0 means no pool at all (no boot parameter).
     */
    public MultikernelPool(long addr, long size, int pageShift) {
        this.resStart = addr;
        this.resSize = size;
        this.pageShift = pageShift;
        if (size > 0) {
            this.pool = new GenPool(pageShift);
            this.pool.gen_pool_add(addr, size);
        } else {
            this.pool = null;
        }
    }

    private MultikernelPool(MultikernelPool p) {
        this.resStart = p.resStart;
        this.resSize = p.resSize;
        this.pageShift = p.pageShift;
        this.pool = p.pool == null ? null : p.pool.copy();
    }

    public MultikernelPool copy() {
        return new MultikernelPool(this);
    }

    /** multikernel_res.start */
    public long start() {
        return resStart;
    }

    /** The pool's size in bytes (resource_size(&multikernel_res)). */
    public long size() {
        return resSize;
    }

    /** The global gen_pool, or null when there is none. */
    public GenPool genPool() {
        return pool;
    }

    /** multikernel_pool_available() */
    public boolean multikernel_pool_available() {
        return pool != null;
    }

    /** multikernel_alloc(): first fit in the global pool; 0 on failure. */
    public long multikernel_alloc(long size) {
        if (pool == null) {
            return 0;
        }
        return pool.gen_pool_alloc(size);
    }

    /** multikernel_free(): address 0 is ignored, as in the kernel. */
    public void multikernel_free(long addr, long size) {
        if (pool == null || addr == 0) {
            return;
        }
        pool.gen_pool_free(addr, size);
    }

    /**
     * multikernel_create_instance_pool(): takes {@code poolSize} bytes from the global pool, whole if
     * it can, otherwise in chunks of 1 MiB, then 256 KiB, then one allocation unit, each added to a
     * new gen_pool (newest chunk first). If the global pool runs dry, every chunk taken so far goes
     * back and the result is null.
     */
    public GenPool multikernel_create_instance_pool(int instanceId, long poolSize, int minAllocOrder) {
        if (!multikernel_pool_available()) {
            return null;
        }
        if (minAllocOrder < pageShift) {
            return null;
        }
        GenPool instancePool = new GenPool(minAllocOrder);
        long remaining = poolSize;
        while (remaining > 0) {
            long chunkSize = remaining;
            long chunkBase = multikernel_alloc(chunkSize);
            if (chunkBase == 0) {
                // The fallback sizes and their order are those of the patch; note that a 1 MiB
                // attempt only happens when more than 1 MiB remains.
                if (chunkSize > (1L << 20)) {
                    chunkSize = 1L << 20;
                    chunkBase = multikernel_alloc(chunkSize);
                }
                if (chunkBase == 0 && chunkSize > (256L << 10)) {
                    chunkSize = 256L << 10;
                    chunkBase = multikernel_alloc(chunkSize);
                }
                if (chunkBase == 0 && chunkSize > (1L << minAllocOrder)) {
                    chunkSize = 1L << minAllocOrder;
                    chunkBase = multikernel_alloc(chunkSize);
                }
                if (chunkBase == 0) {
                    multikernel_destroy_instance_pool(instancePool);
                    return null;
                }
            }
            instancePool.gen_pool_add(chunkBase, chunkSize);
            remaining -= chunkSize;
        }
        return instancePool;
    }

    /**
     * multikernel_destroy_instance_pool(): every chunk goes back to the global pool first, then
     * gen_pool_destroy() runs, which BUG()s when the instance pool still has allocations (D6).
     */
    public void multikernel_destroy_instance_pool(GenPool instancePool) {
        if (instancePool == null) {
            return;
        }
        for (GenPool.Chunk chunk : instancePool.chunks()) {
            multikernel_free(chunk.startAddr(), chunk.size());
        }
        instancePool.gen_pool_destroy();
    }

    /**
     * multikernel_instance_alloc(): plain first fit for {@code align <= 1}, otherwise first fit
     * aligned to max(align, one allocation unit) against the chunk's physical start.
     */
    public static long multikernel_instance_alloc(GenPool instancePool, long size, long align) {
        if (instancePool == null) {
            return 0;
        }
        if (align <= 1) {
            return instancePool.gen_pool_alloc(size);
        }
        long a = Math.max(align, 1L << instancePool.minAllocOrder());
        return instancePool.gen_pool_alloc_first_fit_align(size, a);
    }

    /** multikernel_instance_free(): address 0 is ignored. */
    public static void multikernel_instance_free(GenPool instancePool, long addr, long size) {
        if (instancePool == null || addr == 0) {
            return;
        }
        instancePool.gen_pool_free(addr, size);
    }

    public long stateHash(long h) {
        return pool == null ? Mix.mix(h, 0) : pool.stateHash(h);
    }
}
