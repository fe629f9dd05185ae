package mkspec.reference.lib;

import java.util.ArrayList;
import java.util.List;
import mkspec.reference.KernelBug;
import mkspec.reference.Mix;

/**
 * The kernel's general-purpose special-memory allocator, lib/genalloc.c, as the multikernel
 * pools use it: chunks of address space, each with a bitmap at the pool's minimum allocation
 * order, searched newest chunk first.
 *
 * <p>Return conventions follow the kernel: an allocation returns its address or 0;
 * {@link #gen_pool_free} and {@link #gen_pool_destroy} reach {@code BUG()}/{@code BUG_ON()}
 * (a {@link KernelBug}) on misuse, because the multikernel RFC's defects D6 and D7 end there.
 */
public final class GenPool {

    /** One chunk: struct gen_pool_chunk. */
    public static final class Chunk {
        final long startAddr;
        final long endAddr;
        long avail;
        final long[] bits;

        Chunk(long startAddr, long size, int order) {
            this.startAddr = startAddr;
            this.endAddr = startAddr + size - 1;
            this.avail = size;
            int nbits = (int) (size >>> order);
            this.bits = new long[(nbits + 63) >>> 6];
        }

        private Chunk(Chunk c) {
            this.startAddr = c.startAddr;
            this.endAddr = c.endAddr;
            this.avail = c.avail;
            this.bits = c.bits.clone();
        }

        /** First address of the chunk. */
        public long startAddr() {
            return startAddr;
        }

        /** Last address of the chunk (inclusive, as the kernel keeps it). */
        public long endAddr() {
            return endAddr;
        }

        /** Bytes not allocated. */
        public long avail() {
            return avail;
        }

        /** chunk_size(): bytes covered. */
        public long size() {
            return endAddr - startAddr + 1;
        }

        /** Whether allocation unit {@code bit} of this chunk is in use. */
        public boolean test(int bit) {
            return (bits[bit >>> 6] & (1L << (bit & 63))) != 0;
        }

        /**
         * Calls {@code out} with each maximal run {@code [start, start+size)} of this chunk whose units
         * are allocated ({@code allocated} true) or free, lowest first; {@code unit} is the pool's
         * allocation unit in bytes.
         */
        public void forEachRun(boolean allocated, long unit, RunConsumer out) {
            int units = (int) (size() / unit);
            int run = -1;
            for (int b = 0; b <= units; b++) {
                boolean in = b < units && test(b) == allocated;
                if (in && run < 0) {
                    run = b;
                } else if (!in && run >= 0) {
                    out.accept(startAddr + run * unit, (b - run) * unit);
                    run = -1;
                }
            }
        }
    }

    /** Receives one run of a chunk: its first address and its size in bytes. */
    @FunctionalInterface
    public interface RunConsumer {
        void accept(long start, long size);
    }

    private final int minAllocOrder;
    /** Newest chunk first, as list_add_rcu() at the head leaves them. */
    private final List<Chunk> chunks;
    private boolean destroyed;

    /** gen_pool_create(min_alloc_order, nid). */
    public GenPool(int minAllocOrder) {
        this.minAllocOrder = minAllocOrder;
        this.chunks = new ArrayList<>();
    }

    private GenPool(GenPool p) {
        this.minAllocOrder = p.minAllocOrder;
        this.chunks = new ArrayList<>(p.chunks.size());
        for (Chunk c : p.chunks) {
            this.chunks.add(new Chunk(c));
        }
        this.destroyed = p.destroyed;
    }

    /** A deep copy; the model checker branches machines with it. */
    public GenPool copy() {
        return new GenPool(this);
    }

    public int minAllocOrder() {
        return minAllocOrder;
    }

    /** The chunks, newest first (the search order). */
    public List<Chunk> chunks() {
        return java.util.Collections.unmodifiableList(chunks);
    }

    /** gen_pool_add(): the new chunk goes to the head, so it is searched first. Returns 0. */
    public int gen_pool_add(long addr, long size) {
        chunks.add(0, new Chunk(addr, size, minAllocOrder));
        return 0;
    }

    /** gen_pool_alloc(): first fit, no alignment beyond the allocation unit. */
    public long gen_pool_alloc(long size) {
        return allocAlgo(size, 0);
    }

    /**
     * gen_pool_alloc_algo(pool, size, gen_pool_first_fit_align, {align}): first fit whose address
     * is aligned to {@code align} (a power of two). The alignment is computed against the chunk's
     * physical start, not against bit 0, as gen_pool_first_fit_align does.
     */
    public long gen_pool_alloc_first_fit_align(long size, long align) {
        return allocAlgo(size, align);
    }

    private long allocAlgo(long size, long align) {
        if (size == 0) {
            return 0;
        }
        int order = minAllocOrder;
        long nbitsL = (size + (1L << order) - 1) >>> order;
        if (nbitsL > Integer.MAX_VALUE) {
            return 0;
        }
        int nbits = (int) nbitsL;
        for (Chunk chunk : chunks) {
            // The kernel compares the unrounded request with avail.
            if (size > chunk.avail) {
                continue;
            }
            int endBit = (int) (chunk.size() >>> order);
            int startBit;
            if (align == 0) {
                startBit = findNextZeroArea(chunk.bits, endBit, 0, nbits, 0, 0);
            } else {
                // gen_pool_first_fit_align
                long alignMask = ((align + (1L << order) - 1) >>> order) - 1;
                long alignOff = (chunk.startAddr & (align - 1)) >>> order;
                startBit = findNextZeroArea(chunk.bits, endBit, 0, nbits, alignMask, alignOff);
            }
            if (startBit >= endBit) {
                continue;
            }
            setBits(chunk.bits, startBit, nbits);
            long addr = chunk.startAddr + ((long) startBit << order);
            chunk.avail -= (long) nbits << order;
            return addr;
        }
        return 0;
    }

    /**
     * gen_pool_free(): the address must lie in a chunk ({@code BUG()} otherwise), the range must
     * not run past the chunk's end, and every unit must be allocated ({@code BUG_ON(remain)}).
     */
    public void gen_pool_free(long addr, long size) {
        int order = minAllocOrder;
        int nbits = (int) ((size + (1L << order) - 1) >>> order);
        for (Chunk chunk : chunks) {
            if (addr >= chunk.startAddr && addr <= chunk.endAddr) {
                if (addr + size - 1 > chunk.endAddr) {
                    throw new KernelBug("gen_pool_free BUG_ON(addr + size - 1 > chunk->end_addr)",
                        String.format("free of 0x%x+0x%x runs past chunk end 0x%x", addr, size, chunk.endAddr));
                }
                int startBit = (int) ((addr - chunk.startAddr) >>> order);
                int remain = clearBits(chunk.bits, startBit, nbits);
                if (remain != 0) {
                    throw new KernelBug("gen_pool_free BUG_ON(remain)",
                        String.format("double free of 0x%x+0x%x", addr, size));
                }
                chunk.avail += (long) nbits << order;
                return;
            }
        }
        throw new KernelBug("gen_pool_free BUG()", String.format("0x%x is in no chunk of the pool", addr));
    }

    /**
     * gen_pool_destroy(): {@code BUG_ON(bit < end_bit)} when any unit of any chunk is still
     * allocated. This is where an instance pool with leaked allocations (D6) crashes the kernel.
     */
    public void gen_pool_destroy() {
        for (Chunk chunk : chunks) {
            int endBit = (int) (chunk.size() >>> minAllocOrder);
            int bit = findNextBit(chunk.bits, endBit, 0);
            if (bit < endBit) {
                throw new KernelBug("gen_pool_destroy BUG_ON(bit < end_bit)",
                    String.format("chunk 0x%x-0x%x still has an allocation at 0x%x",
                        chunk.startAddr, chunk.endAddr, chunk.startAddr + ((long) bit << minAllocOrder)));
            }
        }
        chunks.clear();
        destroyed = true;
    }

    /**
     * gen_pool_remove_chunk(pool, addr, size), the mk2 tree's genalloc addition (its source is not readable; the
     * notes take its docstring): the chunk starting at {@code addr} of exactly {@code size} bytes leaves the pool;
     * -ENOENT when there is none, -EBUSY while any of it is allocated.
     */
    public int gen_pool_remove_chunk(long addr, long size) {
        for (int k = 0; k < chunks.size(); k++) {
            Chunk c = chunks.get(k);
            if (c.startAddr == addr && c.size() == size) {
                if (c.avail != size) {
                    return mkspec.reference.Errno.EBUSY.negative();
                }
                chunks.remove(k);
                return 0;
            }
        }
        return mkspec.reference.Errno.ENOENT.negative();
    }

    /** gen_pool_avail(): the sum of every chunk's avail. */
    public long gen_pool_avail() {
        long a = 0;
        for (Chunk c : chunks) {
            a += c.avail;
        }
        return a;
    }

    /** gen_pool_size(): the sum of every chunk's size. */
    public long gen_pool_size() {
        long s = 0;
        for (Chunk c : chunks) {
            s += c.size();
        }
        return s;
    }

    /** Whether {@code [addr, addr+size)} is fully allocated in one chunk of this pool. */
    public boolean isAllocated(long addr, long size) {
        for (Chunk c : chunks) {
            if (addr >= c.startAddr && addr + size - 1 <= c.endAddr) {
                int start = (int) ((addr - c.startAddr) >>> minAllocOrder);
                int n = (int) ((size + (1L << minAllocOrder) - 1) >>> minAllocOrder);
                for (int b = start; b < start + n; b++) {
                    if (!c.test(b)) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** Whether {@code addr} lies in some chunk. */
    public boolean contains(long addr) {
        for (Chunk c : chunks) {
            if (addr >= c.startAddr && addr <= c.endAddr) {
                return true;
            }
        }
        return false;
    }

    public boolean destroyed() {
        return destroyed;
    }

    /**
     * bitmap_find_next_zero_area_off(): the first index at or after {@code start} where {@code nr}
     * clear bits begin, with the index aligned to {@code alignMask} after adding {@code alignOffset};
     * returns a value past {@code size} when there is none.
     */
    static int findNextZeroArea(long[] map, int size, int start, int nr, long alignMask, long alignOffset) {
        while (true) {
            int index = findNextZeroBit(map, size, start);
            long aligned = ((index + alignOffset + alignMask) & ~alignMask) - alignOffset;
            long end = aligned + nr;
            if (end > size) {
                return (int) Math.min(end, Integer.MAX_VALUE);
            }
            int i = findNextBit(map, (int) end, (int) aligned);
            if (i < end) {
                start = i + 1;
                continue;
            }
            return (int) aligned;
        }
    }

    static int findNextZeroBit(long[] map, int size, int start) {
        for (int b = start; b < size; ) {
            long word = ~map[b >>> 6] & (-1L << (b & 63));
            if (word != 0) {
                int found = ((b >>> 6) << 6) + Long.numberOfTrailingZeros(word);
                return Math.min(found, size);
            }
            b = ((b >>> 6) + 1) << 6;
        }
        return size;
    }

    static int findNextBit(long[] map, int size, int start) {
        for (int b = start; b < size; ) {
            long word = map[b >>> 6] & (-1L << (b & 63));
            if (word != 0) {
                int found = ((b >>> 6) << 6) + Long.numberOfTrailingZeros(word);
                return Math.min(found, size);
            }
            b = ((b >>> 6) + 1) << 6;
        }
        return size;
    }

    private static void setBits(long[] map, int start, int n) {
        for (int b = start; b < start + n; b++) {
            map[b >>> 6] |= 1L << (b & 63);
        }
    }

    /** bitmap_clear_ll(): clears the bits and returns how many of them were already clear. */
    private static int clearBits(long[] map, int start, int n) {
        int remain = 0;
        for (int b = start; b < start + n; b++) {
            long m = 1L << (b & 63);
            if ((map[b >>> 6] & m) == 0) {
                remain++;
            } else {
                map[b >>> 6] &= ~m;
            }
        }
        return remain;
    }

    /** A hash of the pool's full state, for fingerprints. */
    public long stateHash(long h) {
        for (Chunk c : chunks) {
            h = Mix.mix(h, c.startAddr);
            h = Mix.mix(h, c.endAddr);
            for (long w : c.bits) {
                h = Mix.mix(h, w);
            }
        }
        return Mix.mix(h, destroyed ? 1 : 0);
    }
}
