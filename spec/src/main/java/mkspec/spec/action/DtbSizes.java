package mkspec.spec.action;

import java.util.List;

/**
 * The sizes of the device trees the specification reasons about, from libfdt's sequential layout rather than by
 * writing bytes, stated once here: a header and one reserve-map terminator (64 bytes up to the structure block),
 * the structure block (a 4-byte tag per node begin and end, the name rounded up to 4; a 12-byte header per property,
 * its value rounded up to 4; a 4-byte FDT_END), and the property names, each once. Tests compare every formula with
 * the bytes the reference writes.
 */
public final class DtbSizes {
    private DtbSizes() {
    }

    private static final long HEADER_AND_RESERVE_MAP = 64;
    /** The root with {@code compatible = "multikernel-v1"} and the {@code instances} node around the instance nodes. */
    private static final long TREE_STRUCT = 8 + 12 + 16 + 4 + 12 + 2 * 4 + 4;
    private static final long COMPATIBLE_NAME = 11;

    /**
     * fdt_totalsize of a handover FDT embedding no DTB: header and reserve map (64 bytes), the root node with
     * {@code compatible = "multikernel-v1"}, the {@code multikernel} node, the {@code dtb-data} property header, the
     * end tags (76) and the strings "compatible" and "dtb-data" (20). [P16] mk_kho_populate.
     */
    public static final long HANDOVER_OVERHEAD = 160;

    private static long align4(long n) {
        return (n + 3) & ~3L;
    }

    /** The size of the handover FDT that embeds a DTB of {@code dtbSize} bytes. */
    public static long handover(long dtbSize) {
        return HANDOVER_OVERHEAD + align4(dtbSize);
    }

    /**
     * One instance node as the uploaded tree and the per-instance DTB both lay it out: {@code <name> { [id;]
     * [bootargs;] resources { [cpus;] [memory-bytes;] }; }}.
     *
     * @param idLen the {@code id} property's length, -1 for none
     * @param bootargs the {@code bootargs} string's length with its NUL, 0 for none
     * @param cpuCount the number of {@code cpus} cells, -1 for no property
     * @param memory whether {@code memory-bytes} is there
     */
    public record InstanceNode(String name, int idLen, int bootargs, int cpuCount, boolean memory) {
        long struct() {
            return 4 + align4(name.length() + 1)
                + (idLen >= 0 ? 12 + align4(idLen) : 0)
                + (bootargs > 0 ? 12 + align4(bootargs) : 0)
                + 4 + align4(10) // resources
                + (cpuCount >= 0 ? 12 + 4L * cpuCount : 0)
                + (memory ? 12 + 4 : 0)
                + 2 * 4; // the node's and resources' FDT_END_NODE
        }

        /** The property names it uses. */
        List<String> names() {
            List<String> out = new java.util.ArrayList<>();
            if (idLen >= 0) {
                out.add("id");
            }
            if (bootargs > 0) {
                out.add("bootargs");
            }
            if (cpuCount >= 0) {
                out.add("cpus");
            }
            if (memory) {
                out.add("memory-bytes");
            }
            return out;
        }
    }

    /**
     * fdt_totalsize of {@code / { compatible = "multikernel-v1"; instances { <nodes> }; }}: the uploaded tree, and with
     * one node the per-instance DTB mk_extract_instance_dtb_from_node() [P08] rebuilds from it.
     */
    public static long tree(List<InstanceNode> nodes) {
        long struct = TREE_STRUCT;
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (InstanceNode n : nodes) {
            struct += n.struct();
            names.addAll(n.names());
        }
        long strings = COMPATIBLE_NAME;
        for (String name : names) {
            strings += name.length() + 1;
        }
        return HEADER_AND_RESERVE_MAP + struct + strings;
    }

    /** The per-instance DTB of one node. */
    public static long perInstance(InstanceNode node) {
        return tree(List.of(node));
    }
}
