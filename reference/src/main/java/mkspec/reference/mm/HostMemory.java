package mkspec.reference.mm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import mkspec.reference.Mix;

/**
 * The host's System RAM as the modelled code paths see it: the page allocator behind
 * {@code alloc_page()}/{@code put_page()}, and the contents of the pages whose bytes matter
 * (the handover FDT pages).
 *
 * <p>The buddy allocator is reduced to what decides addresses and lifetimes: a page freed last is
 * handed out first (the per-CPU free lists are LIFO), and otherwise pages are taken upwards from
 * {@link #FIRST_ALLOCATABLE}. Every page handed out has a reference count; who holds it is
 * the struct that recorded its address (a kimage's handover page, its segments, a spawned
 * kernel's pin). Pages the host never handed out belong to the host kernel
 * (text, data, page cache...): writing them, as a multikernel segment placed in host RAM does,
 * overwrites live host memory.
 */
public final class HostMemory {
    /** Where the model's alloc_page() starts taking pages: above a typical kernel image. */
    public static final long FIRST_ALLOCATABLE = 0x0100_0000L;
    /** What a page freed and reused by the host reads back as (a slab POISON_FREE-like byte). */
    public static final byte HOST_REUSE_POISON = 0x6b;
    /** What a page taken by a spawned kernel's early allocations reads back as. */
    public static final byte SPAWNED_SCRIBBLE = 0x5a;

    /** One page handed out by the allocator at some time. */
    public static final class Page {
        int refcount;
        /** Never written in place: replaced whole, so sharing it between copies is safe. */
        byte[] contents;
        int contentsHash;

        Page() {
            this.refcount = 1;
        }

        Page(Page p) {
            this.refcount = p.refcount;
            this.contents = p.contents; // contents are replaced, never written in place
            this.contentsHash = p.contentsHash;
        }

        public int refcount() {
            return refcount;
        }
    }

    private final long pageSize;
    private final long ramStart;
    private final long ramEnd;
    private final TreeMap<Long, Page> pages;
    private final Deque<Long> freeList;
    private long nextFresh;

    /**
     * @param ramStart first byte of System RAM
     * @param ramEnd one past the last byte of System RAM
     */
    public HostMemory(long pageSize, long ramStart, long ramEnd) {
        this.pageSize = pageSize;
        this.ramStart = ramStart;
        this.ramEnd = ramEnd;
        this.pages = new TreeMap<>();
        this.freeList = new ArrayDeque<>();
        this.nextFresh = Math.max(FIRST_ALLOCATABLE, ramStart);
    }

    private HostMemory(HostMemory m) {
        this.pageSize = m.pageSize;
        this.ramStart = m.ramStart;
        this.ramEnd = m.ramEnd;
        this.pages = new TreeMap<>();
        for (Map.Entry<Long, Page> e : m.pages.entrySet()) {
            this.pages.put(e.getKey(), new Page(e.getValue()));
        }
        this.freeList = new ArrayDeque<>(m.freeList);
        this.nextFresh = m.nextFresh;
    }

    public HostMemory copy() {
        return new HostMemory(this);
    }

    public long ramStart() {
        return ramStart;
    }

    public long ramEnd() {
        return ramEnd;
    }

    /**
     * alloc_page(GFP_KERNEL): the most recently freed page, else a fresh one; 0 when RAM is
     * exhausted. The page keeps whatever it held before (no __GFP_ZERO).
     *
     * @param reserved a range the allocator must not hand out (the multikernel pool, which
     *     memblock reserved at boot); {@code null} for none
     */
    public long alloc_page(long[] reserved) {
        Long p = freeList.pollFirst();
        if (p != null) {
            Page page = pages.get(p);
            page.refcount = 1;
            return p;
        }
        while (nextFresh + pageSize <= ramEnd) {
            long addr = nextFresh;
            nextFresh += pageSize;
            if (reserved != null && addr >= reserved[0] && addr < reserved[1]) {
                continue;
            }
            pages.put(addr, new Page());
            return addr;
        }
        return 0;
    }

    /** get_page(): one more reference. */
    public void get_page(long addr) {
        pages.get(addr).refcount++;
    }

    /** put_page(): drops a reference; the last one frees the page onto the LIFO free list. */
    public void put_page(long addr) {
        Page page = pages.get(addr);
        if (page == null || page.refcount <= 0) {
            throw new mkspec.reference.KernelBug("put_page VM_BUG_ON_PAGE(page_ref_count(page) == 0)",
                String.format("put_page of a free page 0x%x", addr));
        }
        page.refcount--;
        if (page.refcount == 0) {
            freeList.addFirst(addr);
        }
    }

    /** Whether the allocator currently holds {@code addr} as a free page. */
    public boolean isFree(long addr) {
        Page page = pages.get(addr);
        return page != null && page.refcount == 0;
    }

    /** The page record for an address handed out at some time, or null. */
    public Page page(long addr) {
        return pages.get(addr);
    }

    /** Writes a whole page's contents (a copy of {@code bytes}, padded with zeros). */
    public void write(long addr, byte[] bytes) {
        Page page = pages.get(addr);
        if (page == null) {
            return; // a page the model does not track: its contents are not modelled
        }
        page.contents = Arrays.copyOf(bytes, (int) pageSize);
        page.contentsHash = Arrays.hashCode(page.contents);
    }

    /** Reads a page's contents: what was written last, or zeros for a page never written. */
    public byte[] read(long addr) {
        Page page = pages.get(addr);
        if (page == null || page.contents == null) {
            return new byte[(int) pageSize];
        }
        return page.contents.clone();
    }

    /**
     * Whether the page at {@code addr} holds exactly {@code bytes} (whose hash is {@code hash}),
     * without copying it.
     */
    public boolean holds(long addr, byte[] bytes, int hash) {
        Page page = pages.get(addr);
        if (page == null || page.contents == null) {
            return Arrays.equals(new byte[(int) pageSize], bytes);
        }
        return page.contents == bytes || (page.contentsHash == hash && Arrays.equals(page.contents, bytes));
    }

    /** Fills a page with one byte value, as a new owner's writes would. */
    public void scribble(long addr, byte value) {
        Page page = pages.get(addr);
        if (page == null) {
            return;
        }
        byte[] b = new byte[(int) pageSize];
        Arrays.fill(b, value);
        page.contents = b;
        page.contentsHash = Arrays.hashCode(b);
    }

    /**
     * The host allocates every page it has freed, writes it, and frees it again: what any busy
     * host does within moments to a freed page. A freed handover page is overwritten here (D14).
     *
     * @return the pages overwritten, lowest first
     */
    public List<Long> reuseFreedPages() {
        List<Long> touched = new ArrayList<>(freeList);
        for (long addr : freeList) {
            scribble(addr, HOST_REUSE_POISON);
        }
        touched.sort(null);
        return touched;
    }

    /** Pages with a live reference, with their owners, lowest first. */
    public List<Map.Entry<Long, Page>> allocatedPages() {
        List<Map.Entry<Long, Page>> out = new ArrayList<>();
        for (Map.Entry<Long, Page> e : pages.entrySet()) {
            if (e.getValue().refcount > 0) {
                out.add(e);
            }
        }
        return out;
    }

    /** Pages on the free list, most recently freed first. */
    public List<Long> freeList() {
        return new ArrayList<>(freeList);
    }

    /**
     * A hash of the allocator's state up to the renaming of pages: {@code names} gives each page the
     * number the caller reached it by (pages it did not reach count as leaked), and only the pages in
     * {@code read} contribute their bytes: they are the only pages anything will read again (a freed
     * page's old bytes never matter, its next writer overwrites them).
     *
     * <p>Host pages are interchangeable for everything mkspec checks: no result and no invariant
     * depends on which page alloc_page() returned, only on its lifetime and, for a handover page, its
     * bytes. Numbering them by reachability is a symmetry reduction that makes states equal when
     * they differ only in which pages were used.
     */
    public long stateHash(long h, Map<Long, Integer> names, java.util.Set<Long> read) {
        long leaked = 0;
        long named = 0; // summed, so the pages' address order does not count
        for (Map.Entry<Long, Page> e : pages.entrySet()) {
            Page p = e.getValue();
            Integer name = names.get(e.getKey());
            if (p.refcount == 0 && !read.contains(e.getKey())) {
                continue; // a free page nobody reads is as good as a fresh one
            }
            if (name == null) {
                leaked += Mix.mix(0x1eaf, p.refcount);
                continue;
            }
            long v = Mix.mix(name, p.refcount);
            if (read.contains(e.getKey())) {
                v = Mix.mix(v, p.contents == null ? 0 : p.contentsHash);
            }
            named += Mix.mix(0x9a9e, v);
        }
        h = Mix.mix(Mix.mix(h, named), leaked);
        // The free list matters only up to the last page someone still reads: how many allocations
        // come before that page is handed out again. The rest is as good as fresh pages.
        int last = -1;
        int k = 0;
        for (long a : freeList) {
            if (read.contains(a)) {
                last = k;
            }
            k++;
        }
        k = 0;
        for (long a : freeList) {
            if (k > last) {
                break;
            }
            h = Mix.mix(h, read.contains(a) ? names.get(a) : -1);
            k++;
        }
        return h;
    }
}
