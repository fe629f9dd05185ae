package mkspec.reference.mk2.kernel.multikernel;

import java.util.ArrayList;
import java.util.List;
import mkspec.reference.Errno;
import mkspec.reference.fdt.FdtRo;
import mkspec.reference.fdt.FdtView;
import mkspec.reference.mk2.Mk2Erratum;
import mkspec.reference.mk2.include.Host;
import mkspec.reference.mk2.include.MkPool;

/** kernel/multikernel/baseline.c [BL@16083690]: the write-once baseline that creates and fills the pool. */
public final class Baseline {
    private Baseline() {
    }

    /**
     * mk_baseline_validate_and_initialize(fdt): -EBUSY once a pool holds memory or CPUs; {@code /resources} with a
     * u64 {@code cpus} list and {@code memory@} nodes of a non-zero page-multiple u64 {@code size}; then every chunk is
     * grown and every CPU moved, each in turn. With N6 a failure leaves what was done before it, and a CPU failure is
     * -EBUSY after the others moved; fixed, every CPU is checked first and grown chunks are given back.
     */
    public static int mk_baseline_validate_and_initialize(Host h, FdtView fdt) {
        if (h.pool != null && (!h.pool.chunks.isEmpty() || !h.pool.cpus.isEmpty())) {
            return Errno.EBUSY.negative();
        }
        int resources = FdtRo.fdt_path_offset(fdt, "/resources");
        if (resources < 0) {
            return Errno.EINVAL.negative();
        }
        int[] len = new int[1];
        long cpusProp = FdtRo.fdt_getprop(fdt, resources, "cpus", len);
        if (cpusProp == FdtRo.NULL || len[0] % 8 != 0 || len[0] == 0) {
            return Errno.EINVAL.negative();
        }
        List<Long> cpus = new ArrayList<>();
        for (int k = 0; k < len[0] / 8; k++) {
            cpus.add(fdt.u64(cpusProp + 8L * k));
        }
        List<Long> sizes = new ArrayList<>();
        for (int node = FdtRo.fdt_first_subnode(fdt, resources); node >= 0; node = FdtRo.fdt_next_subnode(fdt, node)) {
            String name = fdt.cString(FdtRo.fdt_get_name(fdt, node, null));
            if (!name.startsWith("memory@")) {
                continue;
            }
            long size = FdtRo.fdt_getprop(fdt, node, "size", len);
            if (size == FdtRo.NULL || len[0] != 8) {
                return Errno.EINVAL.negative();
            }
            long bytes = fdt.u64(size);
            if (bytes == 0 || bytes % h.pageSize != 0) {
                return Errno.EINVAL.negative();
            }
            sizes.add(bytes);
        }
        if (sizes.isEmpty()) {
            return Errno.EINVAL.negative();
        }
        for (long cpu : cpus) {
            if (cpu < 0 || cpu >= h.nrCpus) {
                return Errno.ENODEV.negative();
            }
        }
        if (!h.has(Mk2Erratum.N6)) {
            for (long cpu : cpus) {
                if (!poolCpuAddable(h, cpu)) {
                    return Errno.EBUSY.negative();
                }
            }
        }
        boolean created = h.pool == null;
        if (created) {
            h.pool = new MkPool();
        }
        int grown = h.pool.chunks.size();
        for (long bytes : sizes) {
            int ret = Mem.mk_pool_mem_grow(h, bytes);
            if (ret != 0) {
                if (!h.has(Mk2Erratum.N6)) {
                    shrinkFrom(h, grown);
                    if (created) {
                        h.pool = null;
                    }
                }
                return ret;
            }
        }
        int failed = 0;
        for (long cpu : cpus) {
            if (mk_pool_cpu_add(h, cpu) != 0) {
                failed++;
            }
        }
        return failed == 0 ? 0 : Errno.EBUSY.negative();
    }

    /** mk_pool_cpu_add(cpu): an online CPU other than logical 0 is offlined, parked and put in the pool. */
    static int mk_pool_cpu_add(Host h, long cpu) {
        if (!poolCpuAddable(h, cpu)) {
            return Errno.EINVAL.negative();
        }
        h.online.clear((int) cpu);
        h.pool.cpus.set((int) cpu);
        return 0;
    }

    private static boolean poolCpuAddable(Host h, long cpu) {
        return cpu != 0 && h.online.get((int) cpu);
    }

    /** The fix's undo: the chunks this baseline grew go back to the buddy allocator. */
    private static void shrinkFrom(Host h, int first) {
        while (h.pool.chunks.size() > first) {
            MkPool.Chunk c = h.pool.chunks.remove(h.pool.chunks.size() - 1);
            h.pool.nodePool.gen_pool_remove_chunk(c.base(), c.size());
            h.pages.free_contig_range(c.base() >> h.pageShift, (int) (c.size() >> h.pageShift));
        }
    }
}
