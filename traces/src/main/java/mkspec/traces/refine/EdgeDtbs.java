package mkspec.traces.refine;

import java.util.List;
import mkspec.reference.machine.DeviceTrees;
import mkspec.reference.fdt.FdtRo;
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
        int base = FdtRo.fdt_totalsize(FdtView.of(instance(name, DeviceTrees.cell(id), cpu, mem, 0)));
        // a bootargs property adds its 12-byte header, the string rounded up to 4, and "bootargs\0"
        for (int room = size - base - 12 - 9; room >= 1; room--) {
            byte[] b = instance(name, DeviceTrees.cell(id), cpu, mem, room);
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

    private static byte[] instance(String name, byte[] id, int cpu, long mem, int bootargs) {
        return DeviceTrees.rawInstance(name, id, List.of((long) cpu), mem, bootargs);
    }
}
