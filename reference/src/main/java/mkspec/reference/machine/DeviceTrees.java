package mkspec.reference.machine;

import java.util.List;
import mkspec.reference.fdt.FdtRo;
import mkspec.reference.fdt.FdtSw;
import mkspec.reference.fdt.FdtView;
import mkspec.reference.kernel.multikernel.MkKernfs;

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
        return tree(size, buf -> {
            int ret = 0;
            for (InstanceConfig i : instances) {
                byte[] id = i.id().isPresent() ? cell(i.id().getAsLong()) : null;
                ret |= writeNode(buf, i.name().orElse(""), id, new byte[0], i.cpus().orElse(null),
                    i.memoryBytes().isPresent() ? i.memoryBytes().getAsLong() : -1);
            }
            return ret;
        });
    }

    /**
     * A multikernel DTB with one instance node written as given, for trees the instance form cannot
     * express: {@code id} as raw bytes (any length), and a {@code bootargs} string of
     * {@code bootargsLength} bytes (none when 0).
     */
    public static byte[] rawInstance(String name, byte[] id, List<Long> cpus, long memoryBytes, int bootargsLength) {
        byte[] bootargs = new byte[bootargsLength];
        java.util.Arrays.fill(bootargs, (byte) 'x');
        if (bootargsLength > 0) {
            bootargs[bootargsLength - 1] = 0;
        }
        return tree(1024 + bootargsLength + 4 * cpus.size() + name.length(),
            buf -> writeNode(buf, name, id, bootargs, cpus, memoryBytes));
    }

    /** Writes the nodes under /instances into {@code buf}; returns the OR of libfdt's results. */
    private interface Nodes {
        int write(byte[] buf);
    }

    /** {@code / { compatible = "multikernel-v1"; instances { <nodes> }; }} in a buffer of {@code size}. */
    private static byte[] tree(int size, Nodes nodes) {
        byte[] buf = new byte[size];
        int ret = FdtSw.fdt_create(buf, size);
        ret |= FdtSw.fdt_finish_reservemap(buf);
        ret |= FdtSw.fdt_begin_node(buf, "");
        ret |= FdtSw.fdt_property_string(buf, "compatible", MkKernfs.MK_FDT_COMPATIBLE);
        ret |= FdtSw.fdt_begin_node(buf, "instances");
        ret |= nodes.write(buf);
        ret |= FdtSw.fdt_end_node(buf);
        ret |= FdtSw.fdt_end_node(buf);
        ret |= FdtSw.fdt_finish(buf);
        if (ret != 0) {
            throw new IllegalStateException("device tree builder ran out of room: " + ret);
        }
        return java.util.Arrays.copyOf(buf, FdtRo.fdt_totalsize(FdtView.of(buf)));
    }

    /**
     * {@code <name> { id; [bootargs;] resources { [cpus;] [memory-bytes;] }; }}: absent parts (null
     * id, null cpus, negative memory, empty bootargs) are left out.
     */
    private static int writeNode(byte[] buf, String name, byte[] id, byte[] bootargs, List<Long> cpus, long memoryBytes) {
        int ret = FdtSw.fdt_begin_node(buf, name);
        if (id != null) {
            ret |= FdtSw.fdt_property(buf, "id", id, id.length);
        }
        if (bootargs.length > 0) {
            ret |= FdtSw.fdt_property(buf, "bootargs", bootargs, bootargs.length);
        }
        ret |= FdtSw.fdt_begin_node(buf, "resources");
        if (cpus != null) {
            byte[] cells = new byte[4 * cpus.size()];
            for (int k = 0; k < cpus.size(); k++) {
                System.arraycopy(cell(cpus.get(k)), 0, cells, 4 * k, 4);
            }
            ret |= FdtSw.fdt_property(buf, "cpus", cells, cells.length);
        }
        if (memoryBytes >= 0) {
            ret |= FdtSw.fdt_property_u32(buf, "memory-bytes", (int) memoryBytes);
        }
        ret |= FdtSw.fdt_end_node(buf);
        ret |= FdtSw.fdt_end_node(buf);
        return ret;
    }

    /** A big-endian u32 cell. */
    public static byte[] cell(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
