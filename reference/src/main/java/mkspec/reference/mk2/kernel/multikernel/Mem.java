package mkspec.reference.mk2.kernel.multikernel;

import mkspec.reference.Errno;
import mkspec.reference.lib.GenPool;
import mkspec.reference.mk2.Mk2Erratum;
import mkspec.reference.mk2.include.Host;
import mkspec.reference.mk2.include.MkInstance;
import mkspec.reference.mk2.include.MkPool;

/** kernel/multikernel/mem.c [ME@26ba325b] and the contiguous allocation of contig.c [CG@69a6b797]. */
public final class Mem {
    private Mem() {
    }

    /**
     * The alignment, in pages, of the ranges the pool grows by: pageblock alignment in [CG] mk_alloc_contig_pages,
     * scaled to the model's RAM.
     */
    public static final long PAGEBLOCK_PAGES = 4;

    /**
     * mk_pool_mem_grow(size, NUMA_NO_NODE): a page-aligned non-zero size; a contiguous range from the buddy
     * allocator; a new chunk of the node pool. Returns 0 or a negative errno.
     */
    public static int mk_pool_mem_grow(Host h, long size) {
        if (size == 0 || size % h.pageSize != 0) {
            return Errno.EINVAL.negative();
        }
        if (h.pool == null) {
            return Errno.ENODEV.negative();
        }
        long pfn = h.pages.alloc_contig_pages(size >>> h.pageShift, PAGEBLOCK_PAGES);
        if (pfn < 0) {
            return Errno.ENOMEM.negative();
        }
        long base = pfn << h.pageShift;
        if (h.pool.nodePool == null) {
            h.pool.nodePool = new GenPool(h.pageShift);
        }
        h.pool.nodePool.gen_pool_add(base, size);
        h.pool.chunks.add(new MkPool.Chunk(base, size));
        return 0;
    }

    /** multikernel_alloc(size, node): first fit in the node pool; 0 on failure. */
    public static long multikernel_alloc(Host h, long size) {
        if (h.pool == null || h.pool.nodePool == null) {
            return 0;
        }
        return h.pool.nodePool.gen_pool_alloc(size);
    }

    /** multikernel_free(addr, size): back to the node pool (gen_pool_free BUGs on a double free). */
    public static void multikernel_free(Host h, long addr, long size) {
        h.pool.nodePool.gen_pool_free(addr, size);
    }

    /** mk_pool_avail_bytes(). */
    public static long mk_pool_avail_bytes(Host h) {
        return h.pool == null || h.pool.nodePool == null ? 0 : h.pool.nodePool.gen_pool_avail();
    }

    /**
     * multikernel_create_instance_pool(instance, size): try the whole remainder, halve (page aligned) until a
     * piece fits or one page does not; each piece is a chunk of a private gen_pool and one memory region.
     */
    public static int multikernel_create_instance_pool(Host h, MkInstance inst, long size) {
        GenPool pool = new GenPool(h.pageShift);
        long remaining = size;
        long chunk = size;
        while (remaining > 0) {
            long addr = multikernel_alloc(h, chunk);
            if (addr == 0) {
                if (chunk <= h.pageSize) {
                    for (GenPool.Chunk c : pool.chunks()) {
                        multikernel_free(h, c.startAddr(), c.size());
                    }
                    inst.memoryRegions.clear();
                    return Errno.ENOMEM.negative();
                }
                chunk = Math.max(h.pageSize, (chunk / 2) & -h.pageSize);
                continue;
            }
            pool.gen_pool_add(addr, chunk);
            inst.memoryRegions.add(new MkInstance.MemoryRegion(addr, chunk, true));
            remaining -= chunk;
            chunk = remaining;
        }
        inst.instancePool = pool;
        return 0;
    }

    /** multikernel_destroy_instance_pool(): every chunk back to the pool, then gen_pool_destroy (BUG_ON outstanding). */
    public static void multikernel_destroy_instance_pool(Host h, MkInstance inst) {
        GenPool pool = inst.instancePool;
        for (GenPool.Chunk c : pool.chunks()) {
            multikernel_free(h, c.startAddr(), c.size());
        }
        pool.gen_pool_destroy();
        inst.instancePool = null;
    }

    /**
     * mk_instance_add_memory_region(instance, size, node): a fresh first-fit range of the pool, recorded as a region
     * that is no chunk of the instance pool ([HP14] mk_send_mem_add ignores the overlay's base).
     */
    public static int mk_instance_add_memory_region(Host h, MkInstance inst, long size) {
        long addr = multikernel_alloc(h, size);
        if (addr == 0) {
            return Errno.ENOMEM.negative();
        }
        inst.memoryRegions.add(new MkInstance.MemoryRegion(addr, size, false));
        return 0;
    }

    /**
     * mk_instance_remove_memory_region(instance, base, size): -EBUSY if the loaded image has a segment there
     * (mk_range_backs_kimage); the exactly matching region is dropped and its pages freed to the pool; none: -ENOENT.
     * Without N12, a region that is a chunk of the instance pool is refused too.
     */
    public static int mk_instance_remove_memory_region(Host h, MkInstance inst, long base, long size) {
        if (inst.kimage != 0) {
            for (mkspec.reference.mk2.include.KImage.Segment s : h.image(inst.kimage, "mk_range_backs_kimage").segments) {
                if (s.mem() < base + size && base < s.mem() + s.memsz()) {
                    return Errno.EBUSY.negative();
                }
            }
        }
        for (int k = 0; k < inst.memoryRegions.size(); k++) {
            MkInstance.MemoryRegion r = inst.memoryRegions.get(k);
            if (r.base() == base && r.size() == size) {
                if (r.chunk() && !h.has(Mk2Erratum.N12)) {
                    return Errno.EBUSY.negative();
                }
                inst.memoryRegions.remove(k);
                multikernel_free(h, base, size);
                return 0;
            }
        }
        return Errno.ENOENT.negative();
    }
}
