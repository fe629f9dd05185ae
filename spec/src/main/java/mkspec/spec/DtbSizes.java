package mkspec.spec;

/**
 * The sizes of the device trees the specification reasons about, computed from libfdt's
 * sequential layout rather than by writing bytes: the per-instance DTB that
 * mk_extract_instance_dtb_from_node() [P08] rebuilds from an uploaded node. (The handover FDT's
 * size is {@link mkspec.spec.action.Next#handoverBytes}.)
 *
 * <p>The refinement check compares these numbers with the bytes the reference writes, so a
 * mistake here shows as a refinement failure, not as a silently wrong model.
 */
public final class DtbSizes {
    private DtbSizes() {
    }

    private static long align4(long n) {
        return (n + 3) & ~3L;
    }

    /**
     * fdt_totalsize of {@code / { compatible = "multikernel-v1"; instances { <name> { id; resources {
     * cpus; memory-bytes; }; }; }; }} with the given properties present: 40-byte header and one
     * reserve-map terminator (64 bytes up to the structure block), the structure block, and the
     * de-duplicated property names.
     */
    public static long perInstanceDtb(String name, boolean id, int cpuCount, boolean cpus, boolean memory) {
        long struct = 8 // root: FDT_BEGIN_NODE + ""
            + 12 + align4(15) // compatible = "multikernel-v1"
            + 4 + align4(10) // instances
            + 4 + align4(name.length() + 1)
            + (id ? 12 + 4 : 0)
            + 4 + align4(10) // resources
            + (cpus ? 12 + 4L * cpuCount : 0)
            + (memory ? 12 + 4 : 0)
            + 4 * 4 // four FDT_END_NODE
            + 4; // FDT_END
        long strings = 11 + (id ? 3 : 0) + (cpus ? 5 : 0) + (memory ? 13 : 0);
        return 64 + struct + strings;
    }
}
