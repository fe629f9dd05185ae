package mkspec.reference.mk2.kernel.multikernel;

import java.util.ArrayList;
import java.util.List;
import mkspec.reference.Errno;
import mkspec.reference.fdt.FdtRo;
import mkspec.reference.fdt.FdtSw;
import mkspec.reference.fdt.FdtView;
import mkspec.reference.fdt.Libfdt;
import mkspec.reference.mk2.include.MkInstance;

/**
 * kernel/multikernel/dts.c [DT14@14213ee5]: an instance-create's {@code resources} and {@code chosen} nodes, the kept
 * host tree, and the boot tree a manifest holds.
 */
public final class Dts {
    private Dts() {
    }

    /** MK_HOST_TREE_MAX ([OV14]). */
    public static final int MK_HOST_TREE_MAX = 8192;

    /**
     * mk_dt_parse_chosen(fdt, chosen, instance): its only content is {@code multikernel,host-tree} subnodes (a
     * property of chosen, or another subnode, is -EINVAL), each kept by mk_dt_store_host_tree (the last one wins).
     */
    public static int mk_dt_parse_chosen(FdtView fdt, int chosen, MkInstance instance) {
        if (FdtRo.fdt_first_property_offset(fdt, chosen) >= 0) {
            return Errno.EINVAL.negative();
        }
        for (int n = FdtRo.fdt_first_subnode(fdt, chosen); n >= 0; n = FdtRo.fdt_next_subnode(fdt, n)) {
            if (!fdt.cString(FdtRo.fdt_get_name(fdt, n, null)).equals("multikernel,host-tree")) {
                return Errno.EINVAL.negative();
            }
            int ret = mk_dt_store_host_tree(fdt, n, instance);
            if (ret != 0) {
                return ret;
            }
        }
        return 0;
    }

    /**
     * mk_dt_store_host_tree(src, node, instance): the node's contents as a tree of their own, written into 1 KiB,
     * then 2, 4 and 8 KiB; a tree that does not fit in MK_HOST_TREE_MAX is -EINVAL. fdt_pack leaves a finished
     * sequential tree as it is, so the record keeps its first totalsize bytes.
     */
    static int mk_dt_store_host_tree(FdtView src, int node, MkInstance instance) {
        for (int size = 1024; ; size *= 2) {
            byte[] fdt = new byte[size];
            int ret = openRoot(fdt, size);
            if (ret == 0) {
                ret = mk_dt_copy_node(src, node, fdt);
            }
            if (ret == 0) {
                ret = FdtSw.fdt_end_node(fdt);
            }
            if (ret == 0) {
                ret = FdtSw.fdt_finish(fdt);
            }
            if (ret == 0) {
                instance.hostTree = java.util.Arrays.copyOf(fdt, FdtRo.fdt_totalsize(FdtView.of(fdt)));
                return 0;
            }
            if (ret != -Libfdt.FDT_ERR_NOSPACE || size >= MK_HOST_TREE_MAX) {
                return Errno.EINVAL.negative();
            }
        }
    }

    /** The start every tree this file writes shares: fdt_create, an empty reservation map, the root node opened. */
    private static int openRoot(byte[] fdt, int size) {
        int ret = FdtSw.fdt_create(fdt, size);
        if (ret == 0) {
            ret = FdtSw.fdt_finish_reservemap(fdt);
        }
        return ret != 0 ? ret : FdtSw.fdt_begin_node(fdt, "");
    }

    /** mk_dt_copy_node(src, node, fdt): the node's properties, then its subnodes, into the tree open on fdt. */
    static int mk_dt_copy_node(FdtView src, int node, byte[] fdt) {
        int[] len = new int[1];
        long[] name = new long[1];
        for (int p = FdtRo.fdt_first_property_offset(src, node); p >= 0; p = FdtRo.fdt_next_property_offset(src, p)) {
            long val = FdtRo.fdt_getprop_by_offset(src, p, name, len);
            if (val == FdtRo.NULL) {
                return Errno.EINVAL.negative();
            }
            int ret = FdtSw.fdt_property(fdt, src.cString(name[0]), src.read(val, len[0]), len[0]);
            if (ret != 0) {
                return ret;
            }
        }
        for (int sub = FdtRo.fdt_first_subnode(src, node); sub >= 0; sub = FdtRo.fdt_next_subnode(src, sub)) {
            int ret = FdtSw.fdt_begin_node(fdt, src.cString(FdtRo.fdt_get_name(src, sub, null)));
            if (ret == 0) {
                ret = mk_dt_copy_node(src, sub, fdt);
            }
            if (ret == 0) {
                ret = FdtSw.fdt_end_node(fdt);
            }
            if (ret != 0) {
                return ret;
            }
        }
        return 0;
    }

    /** mk_dt_emit_host_tree(fdt, instance): the kept host tree as the multikernel,host-tree node of an open /chosen. */
    static int mk_dt_emit_host_tree(byte[] fdt, MkInstance instance) {
        int ret = FdtSw.fdt_begin_node(fdt, "multikernel,host-tree");
        if (ret == 0) {
            ret = mk_dt_copy_node(FdtView.of(instance.hostTree), 0, fdt);
        }
        if (ret == 0) {
            ret = FdtSw.fdt_end_node(fdt);
        }
        return ret;
    }

    /** The /chosen writer mk_dt_emit_tree calls with the tree open on fdt. */
    interface Chosen {
        int write(byte[] fdt);
    }

    /** mk_dt_emit_cpu_prop(fdt, name, set): the set as u64 entries, in its order; nothing for an empty set. */
    static int mk_dt_emit_cpu_prop(byte[] fdt, String name, List<Long> set) {
        if (set.isEmpty()) {
            return 0;
        }
        byte[] cells = new byte[8 * set.size()];
        for (int k = 0; k < set.size(); k++) {
            for (int b = 0; b < 8; b++) {
                cells[8 * k + b] = (byte) (set.get(k) >>> (56 - 8 * b));
            }
        }
        return FdtSw.fdt_property(fdt, name, cells, cells.length);
    }

    /**
     * mk_dt_emit_boot_tree(instance, fdt, size, chosen) = mk_dt_emit_tree's instance branch: the root's compatible,
     * model (a named record), cells and id; {@code resources} with memory-base (the first region's start) and
     * memory-bytes (the sum of the regions) when there is memory, and cpus; then /chosen, written by
     * {@code chosen}. The model has no platform or PCI devices, so no devices, aliases or host bridges.
     *
     * @return 0, a negative errno, or a negative libfdt error (-FDT_ERR_NOSPACE when {@code size} is too small)
     */
    static int mk_dt_emit_boot_tree(MkInstance instance, byte[] fdt, int size, Chosen chosen) {
        int ret = openRoot(fdt, size);
        if (ret == 0) {
            ret = FdtSw.fdt_property_string(fdt, "compatible", MK_FDT_COMPATIBLE);
        }
        if (ret == 0 && !instance.name.isEmpty()) {
            ret = FdtSw.fdt_property_string(fdt, "model", instance.name);
        }
        if (ret == 0) {
            ret = FdtSw.fdt_property_u32(fdt, "#address-cells", 2);
        }
        if (ret == 0) {
            ret = FdtSw.fdt_property_u32(fdt, "#size-cells", 2);
        }
        if (ret == 0) {
            ret = FdtSw.fdt_property_u32(fdt, "id", instance.id);
        }
        if (ret == 0) {
            ret = FdtSw.fdt_begin_node(fdt, "resources");
        }
        if (ret == 0) {
            ret = mk_dt_emit_instance_memory(instance, fdt);
        }
        if (ret == 0) {
            ret = mk_dt_emit_cpu_prop(fdt, "cpus", instance.cpus);
        }
        if (ret == 0) {
            ret = FdtSw.fdt_end_node(fdt);
        }
        if (ret == 0) {
            ret = FdtSw.fdt_begin_node(fdt, "chosen");
        }
        if (ret == 0) {
            ret = chosen.write(fdt);
        }
        if (ret == 0) {
            ret = FdtSw.fdt_end_node(fdt);
        }
        if (ret == 0) {
            ret = FdtSw.fdt_end_node(fdt);
        }
        if (ret == 0) {
            ret = FdtSw.fdt_finish(fdt);
        }
        return ret;
    }

    /** MK_FDT_COMPATIBLE. */
    public static final String MK_FDT_COMPATIBLE = "multikernel-v1";

    /** mk_dt_emit_instance_memory(instance, fdt): the first region's start and the sum of all, when non-zero (N21). */
    private static int mk_dt_emit_instance_memory(MkInstance instance, byte[] fdt) {
        long total = 0;
        long base = 0;
        for (int k = 0; k < instance.memoryRegions.size(); k++) {
            if (k == 0) {
                base = instance.memoryRegions.get(0).base();
            }
            total += instance.memoryRegions.get(k).size();
        }
        if (total == 0) {
            return 0;
        }
        int ret = FdtSw.fdt_property_u64(fdt, "memory-base", base);
        return ret != 0 ? ret : FdtSw.fdt_property_u64(fdt, "memory-bytes", total);
    }

    /**
     * mk_dt_parse(dtb, size, config): a valid header (-EINVAL), a totalsize within {@code size} (-EINVAL), a
     * {@code resources} node under the root (-ENOENT), then what mk_dt_parse_resources parses.
     */
    static int mk_dt_parse(FdtView fdt, long size, Config config, long pageSize) {
        if (FdtRo.fdt_check_header(fdt) != 0 || FdtRo.fdt_totalsize(fdt) > size) {
            return Errno.EINVAL.negative();
        }
        int root = FdtRo.fdt_path_offset(fdt, "/");
        if (root < 0) {
            return Errno.EINVAL.negative();
        }
        int resources = FdtRo.fdt_subnode_offset(fdt, root, "resources");
        if (resources < 0) {
            return Errno.ENOENT.negative();
        }
        return mk_dt_parse_resources(fdt, resources, config, pageSize);
    }

    /** What mk_dt_parse_resources fills in. */
    public static final class Config {
        long memoryBytes;
        final List<Long> cpus = new ArrayList<>();

        /** config->cpus, in order. */
        List<Long> cpus() {
            return cpus;
        }
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
