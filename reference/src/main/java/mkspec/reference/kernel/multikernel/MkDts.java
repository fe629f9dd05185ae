package mkspec.reference.kernel.multikernel;

import java.util.BitSet;
import mkspec.reference.Cpus;
import mkspec.reference.Erratum;
import mkspec.reference.Errno;
import mkspec.reference.Profile;
import mkspec.reference.fdt.FdtRo;
import mkspec.reference.fdt.FdtView;

/**
 * kernel/multikernel/dts.c [P08]: mk_dt_parse() reads the first instance of an instance DTB, its
 * {@code resources} node's {@code memory-bytes} (one u32, non-zero, page aligned) and {@code cpus}
 * (u32 list of possible logical CPUs).
 */
public final class MkDts {
    private MkDts() {
    }

    /** struct mk_dt_config, the parsed fields. */
    public static final class Config {
        long memorySize;
        BitSet cpus = new BitSet();
        // config->cpus: alloc_cpumask_var() always succeeds in the model

        public long memorySize() {
            return memorySize;
        }

        public BitSet cpus() {
            return (BitSet) cpus.clone();
        }
    }

    /**
     * mk_dt_parse(dtb, size, config): -EINVAL for a bad header or a totalsize above {@code size};
     * -ENOENT without /instances, an instance, or its resources; -EINVAL for bad resources.
     * Without D8, memory-bytes is required (-EINVAL).
     */
    public static int mk_dt_parse(FdtView fdt, long dtbSize, Config config, Cpus cpus, long pageSize, Profile profile) {
        if (FdtRo.fdt_check_header(fdt) != 0) {
            return Errno.EINVAL.negative();
        }
        if (Integer.toUnsignedLong(FdtRo.fdt_totalsize(fdt)) > dtbSize) {
            return Errno.EINVAL.negative();
        }
        int instances = FdtRo.fdt_path_offset(fdt, "/instances");
        if (instances < 0) {
            return Errno.ENOENT.negative();
        }
        int instance = FdtRo.fdt_first_subnode(fdt, instances);
        if (instance < 0) {
            return Errno.ENOENT.negative();
        }
        int resources = FdtRo.fdt_subnode_offset(fdt, instance, "resources");
        if (resources < 0) {
            return Errno.ENOENT.negative();
        }
        int ret = mk_dt_parse_memory(fdt, resources, config, pageSize);
        if (ret != 0) {
            return ret;
        }
        if (config.memorySize == 0 && !profile.has(Erratum.D8)) {
            return Errno.EINVAL.negative();
        }
        return mk_dt_parse_cpus(fdt, resources, config, cpus);
    }

    /** mk_dt_parse_memory(): optional; exactly 4 bytes, non-zero, page aligned. */
    static int mk_dt_parse_memory(FdtView fdt, int node, Config config, long pageSize) {
        int[] len = new int[1];
        long prop = FdtRo.fdt_getprop(fdt, node, "memory-bytes", len);
        if (prop == FdtRo.NULL) {
            return 0;
        }
        if (len[0] != 4) {
            return Errno.EINVAL.negative();
        }
        long total = Integer.toUnsignedLong(fdt.u32AsC(prop, len[0]));
        if (total == 0) {
            return Errno.EINVAL.negative();
        }
        if ((total & (pageSize - 1)) != 0) {
            return Errno.EINVAL.negative();
        }
        config.memorySize = total;
        return 0;
    }

    /** mk_dt_parse_cpus(): optional; a non-empty list of u32 ids, each possible. */
    static int mk_dt_parse_cpus(FdtView fdt, int node, Config config, Cpus cpus) {
        int[] len = new int[1];
        long prop = FdtRo.fdt_getprop(fdt, node, "cpus", len);
        if (prop == FdtRo.NULL) {
            return 0;
        }
        if (len[0] % 4 != 0) {
            return Errno.EINVAL.negative();
        }
        int count = len[0] / 4;
        if (count == 0) {
            return Errno.EINVAL.negative();
        }
        config.cpus.clear();
        for (int i = 0; i < count; i++) {
            long cpu = Integer.toUnsignedLong(fdt.u32AsC(prop + 4L * i, len[0] - 4 * i));
            if (cpu >= cpus.nrCpuIds()) {
                return Errno.EINVAL.negative();
            }
            if (!cpus.cpu_possible((int) cpu)) {
                return Errno.EINVAL.negative();
            }
            config.cpus.set((int) cpu);
        }
        return 0;
    }
}
