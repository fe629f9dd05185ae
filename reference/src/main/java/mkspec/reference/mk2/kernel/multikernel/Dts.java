package mkspec.reference.mk2.kernel.multikernel;

import java.util.ArrayList;
import java.util.List;
import mkspec.reference.Errno;
import mkspec.reference.fdt.FdtRo;
import mkspec.reference.fdt.FdtView;

/** kernel/multikernel/dts.c [DT14@14213ee5]: an instance-create's {@code resources} node. */
public final class Dts {
    private Dts() {
    }

    /** MK_HOST_TREE_MAX ([OV14]). */
    public static final int MK_HOST_TREE_MAX = 8192;

    /**
     * mk_dt_parse_chosen(fdt, chosen): its only content is a {@code multikernel,host-tree} subnode (a property of
     * chosen, or another subnode, is -EINVAL), whose copy may not exceed MK_HOST_TREE_MAX (-EINVAL). The model
     * measures the copy by the host tree's property bytes and does not keep it: no modelled path reads it back.
     */
    public static int mk_dt_parse_chosen(FdtView fdt, int chosen) {
        if (FdtRo.fdt_first_property_offset(fdt, chosen) >= 0) {
            return Errno.EINVAL.negative();
        }
        int tree = -1;
        for (int n = FdtRo.fdt_first_subnode(fdt, chosen); n >= 0; n = FdtRo.fdt_next_subnode(fdt, n)) {
            if (!fdt.cString(FdtRo.fdt_get_name(fdt, n, null)).equals("multikernel,host-tree") || tree >= 0) {
                return Errno.EINVAL.negative();
            }
            tree = n;
        }
        long size = 0;
        int[] len = new int[1];
        for (int p = tree < 0 ? -1 : FdtRo.fdt_first_property_offset(fdt, tree); p >= 0;
             p = FdtRo.fdt_next_property_offset(fdt, p)) {
            if (FdtRo.fdt_get_property_by_offset(fdt, p, len) != FdtRo.NULL) {
                size += len[0];
            }
        }
        return size > MK_HOST_TREE_MAX ? Errno.EINVAL.negative() : 0;
    }

    /** What mk_dt_parse_resources fills in. */
    public static final class Config {
        long memoryBytes;
        final List<Long> cpus = new ArrayList<>();
    }

    /**
     * mk_dt_parse_resources(fdt, node, config): {@code memory-bytes} optional, exactly 8 bytes, non-zero, page
     * aligned; {@code cpus} optional, a non-empty list of u64 entries ({@code len % 8} is -EINVAL), duplicates
     * collapsing; {@code device-names} refused. No check that a CPU exists or is free: that is the reservation's.
     */
    public static int mk_dt_parse_resources(FdtView fdt, int node, Config config, long pageSize) {
        int[] len = new int[1];
        long mem = FdtRo.fdt_getprop(fdt, node, "memory-bytes", len);
        if (mem != FdtRo.NULL) {
            if (len[0] != 8) {
                return Errno.EINVAL.negative();
            }
            long bytes = fdt.u64(mem);
            if (bytes == 0 || bytes % pageSize != 0) {
                return Errno.EINVAL.negative();
            }
            config.memoryBytes = bytes;
        }
        long cpus = FdtRo.fdt_getprop(fdt, node, "cpus", len);
        if (cpus != FdtRo.NULL) {
            if (len[0] % 8 != 0 || len[0] == 0) {
                return Errno.EINVAL.negative();
            }
            for (int k = 0; k < len[0] / 8; k++) {
                long cpu = fdt.u64(cpus + 8L * k);
                if (!config.cpus.contains(cpu)) {
                    config.cpus.add(cpu);
                }
            }
        }
        if (FdtRo.fdt_getprop(fdt, node, "device-names", len) != FdtRo.NULL) {
            return Errno.EINVAL.negative();
        }
        return 0;
    }
}
