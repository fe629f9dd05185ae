package mkspec.reference.machine;

import java.util.List;
import mkspec.reference.fdt.FdtSw;
import mkspec.reference.fdt.FdtView;
import mkspec.reference.fdt.FdtRo;

/**
 * Builds the multikernel device tree a user uploads, in the layout of [P10]'s usage.rst:
 * {@code / { compatible = "multikernel-v1"; instances { <name> { id = <n>; resources { cpus = <..>;
 * memory-bytes = <..>; }; }; }; }}. Absent fields are left out of the tree.
 */
public final class DeviceTrees {
    private DeviceTrees() {
    }

    /** The blob for {@code instances}, written with libfdt's sequential writer. */
    public static byte[] multikernelDtb(List<InstanceConfig> instances) {
        int size = 1024;
        for (InstanceConfig i : instances) {
            size += 256 + i.name().map(String::length).orElse(0) + 4 * i.cpus().map(List::size).orElse(0);
        }
        byte[] buf = new byte[size];
        int ret = FdtSw.fdt_create(buf, size);
        ret |= FdtSw.fdt_finish_reservemap(buf);
        ret |= FdtSw.fdt_begin_node(buf, "");
        ret |= FdtSw.fdt_property_string(buf, "compatible", "multikernel-v1");
        ret |= FdtSw.fdt_begin_node(buf, "instances");
        for (InstanceConfig i : instances) {
            ret |= FdtSw.fdt_begin_node(buf, i.name().orElse(""));
            if (i.id().isPresent()) {
                ret |= FdtSw.fdt_property_u32(buf, "id", (int) i.id().getAsLong());
            }
            ret |= FdtSw.fdt_begin_node(buf, "resources");
            if (i.cpus().isPresent()) {
                List<Long> cpus = i.cpus().get();
                byte[] cells = new byte[4 * cpus.size()];
                for (int k = 0; k < cpus.size(); k++) {
                    long c = cpus.get(k);
                    cells[4 * k] = (byte) (c >>> 24);
                    cells[4 * k + 1] = (byte) (c >>> 16);
                    cells[4 * k + 2] = (byte) (c >>> 8);
                    cells[4 * k + 3] = (byte) c;
                }
                ret |= FdtSw.fdt_property(buf, "cpus", cells, cells.length);
            }
            if (i.memoryBytes().isPresent()) {
                ret |= FdtSw.fdt_property_u32(buf, "memory-bytes", (int) i.memoryBytes().getAsLong());
            }
            ret |= FdtSw.fdt_end_node(buf);
            ret |= FdtSw.fdt_end_node(buf);
        }
        ret |= FdtSw.fdt_end_node(buf);
        ret |= FdtSw.fdt_end_node(buf);
        ret |= FdtSw.fdt_finish(buf);
        if (ret != 0) {
            throw new IllegalStateException("device tree builder ran out of room: " + ret);
        }
        int total = FdtRo.fdt_totalsize(FdtView.of(buf));
        return java.util.Arrays.copyOf(buf, total);
    }
}
