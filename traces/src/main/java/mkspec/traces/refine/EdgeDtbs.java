package mkspec.traces.refine;

import java.util.Arrays;
import mkspec.reference.fdt.FdtRo;
import mkspec.reference.fdt.FdtSw;
import mkspec.reference.fdt.FdtView;

/**
 * Multikernel device trees the instance-list form of a trace cannot express: an instance whose
 * DTB has an exact size (to sit just under or over what the handover page holds), and one whose
 * {@code id} is two bytes long.
 */
public final class EdgeDtbs {
    private EdgeDtbs() {
    }

    /**
     * One instance whose per-instance DTB (the tree the kernel rebuilds from the node, which has
     * this tree's size) is as large as it can be without exceeding {@code size} bytes: its node
     * carries a {@code bootargs} string of the length that takes. The handover FDT needs 160
     * bytes more, the DTB rounded up to 4. (Such a tree's size is 1 mod 4, so {@code size} 3936
     * gives 3933, which fits a 4 KiB handover exactly, and 3937 gives 3937, which does not.)
     *
     * @throws IllegalArgumentException when {@code size} is smaller than the DTB without bootargs
     */
    public static byte[] instanceOfSize(String name, long id, int cpu, long mem, int size) {
        int base = FdtRo.fdt_totalsize(FdtView.of(instance(name, cell(id), cpu, mem, 0)));
        // a bootargs property adds its 12-byte header, the string rounded up to 4, and "bootargs\0"
        for (int room = size - base - 12 - 9; room >= 1; room--) {
            byte[] b = instance(name, cell(id), cpu, mem, room);
            if (b.length <= size) {
                return b;
            }
        }
        throw new IllegalArgumentException("a DTB of " + size + " bytes is smaller than the node itself (" + base + ")");
    }

    /** One instance whose {@code id} property is the two bytes {@code 00 01} (D13). */
    public static byte[] shortId(String name, int cpu, long mem) {
        return instance(name, new byte[] {0, 1}, cpu, mem, 0);
    }

    static byte[] cell(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /**
     * {@code / { compatible = "multikernel-v1"; instances { <name> { id = <id bytes>; [bootargs];
     * resources { cpus = <cpu>; memory-bytes = <mem>; }; }; }; }}.
     */
    static byte[] instance(String name, byte[] id, int cpu, long mem, int bootargs) {
        byte[] buf = new byte[16384];
        int ret = FdtSw.fdt_create(buf, buf.length);
        ret |= FdtSw.fdt_finish_reservemap(buf);
        ret |= FdtSw.fdt_begin_node(buf, "");
        ret |= FdtSw.fdt_property_string(buf, "compatible", "multikernel-v1");
        ret |= FdtSw.fdt_begin_node(buf, "instances");
        ret |= FdtSw.fdt_begin_node(buf, name);
        ret |= FdtSw.fdt_property(buf, "id", id, id.length);
        if (bootargs > 0) {
            byte[] s = new byte[bootargs];
            Arrays.fill(s, (byte) 'x');
            s[bootargs - 1] = 0;
            ret |= FdtSw.fdt_property(buf, "bootargs", s, s.length);
        }
        ret |= FdtSw.fdt_begin_node(buf, "resources");
        ret |= FdtSw.fdt_property_u32(buf, "cpus", cpu);
        ret |= FdtSw.fdt_property_u32(buf, "memory-bytes", (int) mem);
        ret |= FdtSw.fdt_end_node(buf);
        ret |= FdtSw.fdt_end_node(buf);
        ret |= FdtSw.fdt_end_node(buf);
        ret |= FdtSw.fdt_end_node(buf);
        ret |= FdtSw.fdt_finish(buf);
        if (ret != 0) {
            throw new IllegalStateException("building an edge-case DTB failed: " + ret);
        }
        return Arrays.copyOf(buf, FdtRo.fdt_totalsize(FdtView.of(buf)));
    }
}
