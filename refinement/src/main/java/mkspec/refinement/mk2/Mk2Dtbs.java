package mkspec.refinement.mk2;

import java.util.Arrays;
import java.util.List;
import mkspec.reference.fdt.FdtRo;
import mkspec.reference.fdt.FdtSw;
import mkspec.reference.fdt.FdtView;

/**
 * The blobs a user writes to an mk2 host, built with libfdt's sequential writer: the baseline of
 * Documentation/multikernel/device-tree.rst and the overlays of overlays.rst, one fragment per operation.
 */
public final class Mk2Dtbs {
    private Mk2Dtbs() {
    }

    /** The compatible string of every mk2 tree. */
    public static final String COMPATIBLE = "multikernel-v1";

    /** {@code / { compatible; resources { cpus = /bits/ 64 <...>; memory@N { size = /bits/ 64 <...>; }; }; }}. */
    public static byte[] baseline(List<Long> cpus, List<Long> memoryBytes) {
        byte[] buf = new byte[1024 + 8 * cpus.size() + 64 * memoryBytes.size()];
        int ret = FdtSw.fdt_create(buf, buf.length);
        ret |= FdtSw.fdt_finish_reservemap(buf);
        ret |= FdtSw.fdt_begin_node(buf, "");
        ret |= FdtSw.fdt_property_string(buf, "compatible", COMPATIBLE);
        ret |= FdtSw.fdt_begin_node(buf, "resources");
        if (!cpus.isEmpty()) {
            ret |= FdtSw.fdt_property(buf, "cpus", u64s(cpus), 8 * cpus.size());
        }
        for (int k = 0; k < memoryBytes.size(); k++) {
            ret |= FdtSw.fdt_begin_node(buf, "memory@" + k);
            ret |= FdtSw.fdt_property_u64(buf, "size", memoryBytes.get(k));
            ret |= FdtSw.fdt_end_node(buf);
        }
        ret |= FdtSw.fdt_end_node(buf);
        ret |= FdtSw.fdt_end_node(buf);
        return finish(buf, ret);
    }

    /** One operation of an overlay, as the nodes under its fragment's {@code __overlay__}. */
    public sealed interface Op {
        /** The fragment's target-path. */
        String target();

        /** Writes the operation's node under {@code __overlay__}; returns 0 or a libfdt error. */
        int write(byte[] buf);

        /** Room enough for the operation's fragment in the blob being written. */
        default long room() {
            return 512;
        }

        /**
         * {@code instance-create { instance-name; id; resources { memory-bytes; cpus; }; }}.
         *
         * @param id the id cell, negative for none
         * @param memoryBytes 0 for no memory-bytes
         * @param u32Cells whether cpus is written as u32 cells instead of u64 entries
         * @param hostTreeBytes the size of {@code chosen { multikernel,host-tree { cpus = [...]; }; }}'s property,
         *     0 for no chosen node
         */
        record Create(String name, long id, long memoryBytes, List<Long> cpus, boolean u32Cells, long hostTreeBytes)
            implements Op {
            @Override
            public String target() {
                return "/instances";
            }

            @Override
            public long room() {
                return 512 + hostTreeBytes + name.length();
            }

            @Override
            public int write(byte[] buf) {
                int ret = FdtSw.fdt_begin_node(buf, "instance-create");
                ret |= FdtSw.fdt_property_string(buf, "instance-name", name);
                if (id >= 0) {
                    ret |= FdtSw.fdt_property_u32(buf, "id", (int) id);
                }
                ret |= FdtSw.fdt_begin_node(buf, "resources");
                if (memoryBytes > 0) {
                    ret |= FdtSw.fdt_property_u64(buf, "memory-bytes", memoryBytes);
                }
                if (!cpus.isEmpty()) {
                    byte[] cells = u32Cells ? u32s(cpus) : u64s(cpus);
                    ret |= FdtSw.fdt_property(buf, "cpus", cells, cells.length);
                }
                ret |= FdtSw.fdt_end_node(buf);
                if (hostTreeBytes > 0) {
                    ret |= FdtSw.fdt_begin_node(buf, "chosen");
                    ret |= FdtSw.fdt_begin_node(buf, "multikernel,host-tree");
                    ret |= FdtSw.fdt_property(buf, "cpus", new byte[(int) hostTreeBytes], (int) hostTreeBytes);
                    ret |= FdtSw.fdt_end_node(buf);
                    ret |= FdtSw.fdt_end_node(buf);
                }
                return ret | FdtSw.fdt_end_node(buf);
            }
        }

        /** {@code instance-remove { instance-name; }}. */
        record Remove(String name) implements Op {
            @Override
            public String target() {
                return "/instances";
            }

            @Override
            public int write(byte[] buf) {
                int ret = FdtSw.fdt_begin_node(buf, "instance-remove");
                ret |= FdtSw.fdt_property_string(buf, "instance-name", name);
                return ret | FdtSw.fdt_end_node(buf);
            }
        }

        /** {@code memory-add} or {@code memory-remove} {@code { memory@0 { reg = /bits/ 64 <base size>; }; }}. */
        record Memory(String name, boolean add, long base, long size) implements Op {
            @Override
            public String target() {
                return "/instances/" + name;
            }

            @Override
            public int write(byte[] buf) {
                int ret = FdtSw.fdt_begin_node(buf, add ? "memory-add" : "memory-remove");
                ret |= FdtSw.fdt_begin_node(buf, "memory@0");
                ret |= FdtSw.fdt_property(buf, "reg", u64s(List.of(base, size)), 16);
                ret |= FdtSw.fdt_end_node(buf);
                return ret | FdtSw.fdt_end_node(buf);
            }
        }
    }

    /** {@code / { fragment@0 { target-path; __overlay__ { op } }; fragment@1 ... }}. */
    public static byte[] overlay(List<Op> ops) {
        long room = 1024;
        for (Op op : ops) {
            room += op.room();
        }
        byte[] buf = new byte[(int) room];
        int ret = FdtSw.fdt_create(buf, buf.length);
        ret |= FdtSw.fdt_finish_reservemap(buf);
        ret |= FdtSw.fdt_begin_node(buf, "");
        for (int k = 0; k < ops.size(); k++) {
            Op op = ops.get(k);
            ret |= FdtSw.fdt_begin_node(buf, "fragment@" + Integer.toHexString(k));
            ret |= FdtSw.fdt_property_string(buf, "target-path", op.target());
            ret |= FdtSw.fdt_begin_node(buf, "__overlay__");
            ret |= op.write(buf);
            ret |= FdtSw.fdt_end_node(buf);
            ret |= FdtSw.fdt_end_node(buf);
        }
        ret |= FdtSw.fdt_end_node(buf);
        return finish(buf, ret);
    }

    private static byte[] finish(byte[] buf, int ret) {
        ret |= FdtSw.fdt_finish(buf);
        if (ret != 0) {
            throw new IllegalStateException("the blob builder ran out of room: " + ret);
        }
        return Arrays.copyOf(buf, FdtRo.fdt_totalsize(FdtView.of(buf)));
    }

    private static byte[] u64s(List<Long> vs) {
        byte[] b = new byte[8 * vs.size()];
        for (int k = 0; k < vs.size(); k++) {
            for (int i = 0; i < 8; i++) {
                b[8 * k + i] = (byte) (vs.get(k) >>> (56 - 8 * i));
            }
        }
        return b;
    }

    private static byte[] u32s(List<Long> vs) {
        byte[] b = new byte[4 * vs.size()];
        for (int k = 0; k < vs.size(); k++) {
            for (int i = 0; i < 4; i++) {
                b[4 * k + i] = (byte) (vs.get(k) >>> (24 - 8 * i));
            }
        }
        return b;
    }
}
