package mkspec.refinement;

import java.util.List;
import mkspec.reference.fdt.FdtRo;
import mkspec.reference.fdt.FdtView;
import mkspec.reference.machine.DeviceTrees;
import mkspec.spec.action.DtbSizes;
import mkspec.spec.action.Action;

/**
 * Concrete trees for spec nodes the instance-list form cannot write: an {@code id} of another length, a
 * per-instance DTB made larger by a {@code bootargs} string of the length that gives the node's size, and a node
 * libfdt refuses to copy.
 */
public final class EdgeDtbs {
    private EdgeDtbs() {
    }

    /** The layout of {@code n} with a bootargs string of {@code bootargs} bytes (0: none). */
    private static DtbSizes.InstanceNode layout(Action.Node n, int bootargs) {
        return new DtbSizes.InstanceNode(n.name(), n.idLen(), bootargs, n.cpusLen() < 0 ? -1 : n.cpusLen() / 4,
            n.memLen() >= 0);
    }

    /** The per-instance DTB size of {@code n} without bootargs. */
    static long plainSize(Action.Node n) {
        return DtbSizes.perInstance(layout(n, 0));
    }

    /**
     * A multikernel DTB with the single node {@code n}: its id as {@code idLen} bytes, its CPUs,
     * its memory, and bootargs filling its per-instance DTB to the node's size.
     *
     * @throws IllegalArgumentException when no bootargs length gives that size, or the node has no name or resources
     */
    public static byte[] of(Action.Node n) {
        return n.dtb().accept(new Action.PerInstanceDtb.Cases<>() {
            public byte[] built(Action.Built built) {
                if (n.name() == null || !n.hasResources()) {
                    throw noConcreteTree(n);
                }
                return withDtbOf(n, built);
            }

            public byte[] overflows(Action.Overflows dtb) {
                throw noConcreteTree(n);
            }

            public byte[] refused(Action.Refused dtb) {
                if (n.name() == null || n.idLen() != 4) {
                    throw noConcreteTree(n);
                }
                return badName(n.name(), n.id());
            }
        });
    }

    private static IllegalArgumentException noConcreteTree(Action.Node n) {
        return new IllegalArgumentException("node " + n.name() + " has no concrete tree here");
    }

    /** The tree of the named node {@code n} with resources, bootargs filling its per-instance DTB to {@code built}. */
    private static byte[] withDtbOf(Action.Node n, Action.Built built) {
        byte[] id = null;
        if (n.idLen() == 4) {
            id = DeviceTrees.cell(n.id());
        } else if (n.idLen() > 0) {
            // a value the spec does not read (it refuses the length); D13's kernel reads past it
            id = new byte[n.idLen()];
            id[id.length - 1] = 1;
        }
        int bootargs = 0;
        if (DtbSizes.perInstance(layout(n, 0)) != built.bytes()) {
            bootargs = -1;
            for (int b = 1; b < built.bytes(); b++) {
                if (DtbSizes.perInstance(layout(n, b)) == built.bytes()) {
                    bootargs = b;
                    break;
                }
            }
            if (bootargs < 0) {
                throw new IllegalArgumentException("no bootargs length gives node " + n.name() + " a DTB of " + built.bytes()
                    + " bytes");
            }
        }
        List<Long> cpus = n.cpus();
        return DeviceTrees.rawInstance(n.name(), id, cpus, n.memLen() >= 0 ? n.memValue() : -1, bootargs);
    }

    /**
     * One instance whose per-instance DTB is as large as it can be without exceeding {@code size} bytes: its node
     * carries a {@code bootargs} string of the length that takes. (Such a tree's size is 1 mod 4, so {@code size} 3936
     * gives 3933, which fits a 4 KiB handover exactly, and 3937 gives 3937, which does not.)
     *
     * @throws IllegalArgumentException when {@code size} is smaller than the DTB without bootargs
     */
    public static byte[] instanceOfSize(String name, long id, int cpu, long mem, int size) {
        DtbSizes.InstanceNode plain = new DtbSizes.InstanceNode(name, 4, 0, 1, true);
        for (int b = size; b >= 1; b--) {
            if (DtbSizes.perInstance(new DtbSizes.InstanceNode(name, 4, b, 1, true)) <= size) {
                return DeviceTrees.rawInstance(name, DeviceTrees.cell(id), List.of((long) cpu), mem, b);
            }
        }
        throw new IllegalArgumentException("a DTB of " + size + " bytes is smaller than the node itself ("
            + DtbSizes.perInstance(plain) + ")");
    }

    /**
     * One instance whose {@code bootargs} property names a string outside the strings block: libfdt's fdt_string()
     * returns NULL for it, so the per-instance DTB cannot be copied (D20). Its id is 4 bytes, as the write loop wants.
     */
    public static byte[] badName(String name, long id) {
        byte[] tree = DeviceTrees.rawInstance(name, DeviceTrees.cell(id), List.of(1L), 1 << 20, 8);
        FdtView v = FdtView.of(tree);
        int node = FdtRo.fdt_path_offset(v, "/instances/" + name);
        for (int p = FdtRo.fdt_first_property_offset(v, node); p >= 0; p = FdtRo.fdt_next_property_offset(v, p)) {
            long prop = FdtRo.fdt_get_property_by_offset(v, p, null);
            if (FdtRo.fdt_string(v, v.u32(prop + 8)) != FdtRo.NULL && v.cString(FdtRo.fdt_string(v, v.u32(prop + 8))).equals("bootargs")) {
                java.nio.ByteBuffer.wrap(tree).putInt((int) prop + 8, 0x7fff_0000);
                return tree;
            }
        }
        throw new IllegalStateException("the tree has no bootargs to break");
    }

    /** One instance whose {@code id} property is the two bytes {@code 00 01} (D13). */
    public static byte[] shortId(String name, int cpu, long mem) {
        return DeviceTrees.rawInstance(name, new byte[] {0, 1}, List.of((long) cpu), mem, 0);
    }
}
