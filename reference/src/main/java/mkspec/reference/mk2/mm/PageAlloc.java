package mkspec.reference.mk2.mm;

import java.util.BitSet;
import mkspec.reference.KernelBug;

/**
 * The host's page allocator as the mk2 paths use it (mm/page_alloc.c): {@code alloc_pages} of an order, its
 * {@code __free_pages}, {@code put_page} on the head of a non-compound block, and the contiguous ranges
 * {@code alloc_contig_range} hands the runtime pool. Pages are page frame numbers of System RAM.
 *
 * <p>Which free block the buddy allocator returns is the allocator's business: the model takes the lowest aligned
 * one, and the invariants never depend on which.
 */
public final class PageAlloc {
    private final long first;
    private final int count;
    private final BitSet used;

    /** System RAM of {@code count} pages from page frame {@code first}, all free. */
    public PageAlloc(long first, int count) {
        this.first = first;
        this.count = count;
        this.used = new BitSet(count);
    }

    private PageAlloc(PageAlloc o) {
        this.first = o.first;
        this.count = o.count;
        this.used = (BitSet) o.used.clone();
    }

    /** The first page frame of System RAM. */
    public long first() {
        return first;
    }

    public PageAlloc copy() {
        return new PageAlloc(this);
    }

    /** alloc_pages(GFP_KERNEL, order): the frame of a free block of 2^order pages, or -1 (the NULL page). */
    public long alloc_pages(int order) {
        int n = 1 << order;
        for (int i = 0; i + n <= count; i += n) {
            if (used.nextSetBit(i) >= i + n || used.nextSetBit(i) < 0) {
                used.set(i, i + n);
                return first + i;
            }
        }
        return -1;
    }

    /** __free_pages(page, order). Freeing a page that is not allocated is a bad-page oops. */
    public void __free_pages(long pfn, int order) {
        release(pfn, 1 << order, "__free_pages");
    }

    /**
     * put_page() on the head of a block {@code alloc_pages} returned without {@code __GFP_COMP}: the last reference
     * frees an order-0 page, so the rest of the block stays allocated for ever.
     */
    public void put_page(long pfn) {
        release(pfn, 1, "put_page");
    }

    /**
     * alloc_contig_range() as [CG] mk_alloc_contig_pages tries it: candidates from the top of RAM down, aligned to
     * {@code alignPages}; the first range of free pages is taken. -1 when none is free.
     */
    public long alloc_contig_pages(long nrPages, long alignPages) {
        if (nrPages <= 0 || nrPages > count) {
            return -1;
        }
        long top = first + count - nrPages;
        for (long start = top - Math.floorMod(top, alignPages); start >= first; start -= alignPages) {
            int i = (int) (start - first);
            int next = used.nextSetBit(i);
            if (next < 0 || next >= i + nrPages) {
                used.set(i, i + (int) nrPages);
                return start;
            }
        }
        return -1;
    }

    /** free_contig_range(): the pool's pages back to the buddy allocator. */
    public void free_contig_range(long pfn, int nrPages) {
        release(pfn, nrPages, "free_contig_range");
    }

    private void release(long pfn, int n, String site) {
        int i = (int) (pfn - first);
        if (i < 0 || i + n > count || used.nextClearBit(i) < i + n) {
            throw new KernelBug(site + " bad page", String.format("frame 0x%x (+%d) is not allocated", pfn, n));
        }
        used.clear(i, i + n);
    }

    /** How many pages are allocated. */
    public int allocated() {
        return used.cardinality();
    }

    public long stateHash(long h) {
        for (long w : used.toLongArray()) {
            h = h * 31 + w;
        }
        return h;
    }
}
