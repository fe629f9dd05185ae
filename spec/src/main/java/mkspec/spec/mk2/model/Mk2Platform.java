package mkspec.spec.mk2.model;

import mkspec.spec.model.Range;

/**
 * The constants of an mk2 model (TLA+'s CONSTANTS).
 *
 * @param pageSize PAGE_SIZE in bytes
 * @param cpus nr_cpu_ids; CPU 0 is the host's boot CPU (logical 0, which {@code mk_pool_cpu_add} refuses)
 * @param ram the host's System RAM, in pages: where the pool grows from and where kexec's buddy pages come from
 * @param pageblock the alignment, in pages, of the contiguous ranges the pool grows by ([CG] mk_alloc_contig_pages)
 */
public record Mk2Platform(long pageSize, int cpus, Range ram, long pageblock) {

    /** {@code MK_MANIFEST_SIZE} ({@code SZ_16K}, [MH14]) in pages. */
    public long manifestPages() {
        return 16384 / pageSize;
    }

    /** Bytes to pages, rounded up. */
    public long pages(long bytes) {
        return (bytes + pageSize - 1) / pageSize;
    }
}
