package mkspec.reference.mk2.kernel.multikernel;

import java.util.ArrayList;
import java.util.List;
import mkspec.reference.Errno;
import mkspec.reference.fdt.FdtRo;
import mkspec.reference.fdt.FdtView;
import mkspec.reference.mk2.Mk2Erratum;
import mkspec.reference.mk2.include.Host;
import mkspec.reference.mk2.include.InstanceState;
import mkspec.reference.mk2.include.MkInstance;
import mkspec.reference.mk2.include.OverlayTx;

/**
 * kernel/multikernel/overlay.c [OV14@14213ee5]: {@code overlays/new} writes, their apply, and the rollback of
 * {@code rmdir tx_N}. The operations on {@code /instances} and {@code /instances/<name>} that the model's catalogue
 * writes are modelled: instance-create, instance-remove, memory-remove and memory-add. A {@code /resources} fragment
 * (the pool's own operations) is not modelled and is refused with -EINVAL where the kernel would apply it.
 */
public final class Overlay {
    private Overlay() {
    }

    /** The apply order of operations under a non-pool target ([OV14] mk_overlay_walk_fragment). */
    static final List<String> OP_ORDER = List.of("instance-create", "memory-remove", "memory-add", "cpu-remove",
        "cpu-add", "device-remove", "device-add", "instance-remove");

    /**
     * mk_overlay_new_write(): offset 0 and a non-empty write with a valid header, then the apply. The code as read
     * returns the count whenever a transaction was made, whether or not its apply succeeded (N15); fixed, the apply's
     * errno is returned and a failed apply leaves no transaction.
     *
     * @return the count, or a negative errno
     */
    public static int mk_overlay_new_write(Host h, byte[] buf, long off, int nbytes) {
        if (off != 0 || nbytes == 0) {
            return Errno.EINVAL.negative();
        }
        // the handler's kmalloc'd copy holds nbytes; a blob longer than that is read past the copy
        FdtView fdt = new FdtView(buf, nbytes);
        if (FdtRo.fdt_check_header(fdt) != 0) {
            return Errno.EINVAL.negative();
        }
        if (!h.has(Mk2Erratum.N4) && FdtRo.fdt_totalsize(fdt) != nbytes) {
            return Errno.EINVAL.negative();
        }
        OverlayTx tx = new OverlayTx(++h.overlayNextId, java.util.Arrays.copyOf(buf, nbytes));
        int ret = mk_overlay_parse_and_apply(h, fdt, tx);
        if (fdt.readOutOfBounds()) {
            // KASAN's slab-out-of-bounds: the apply read the blob past the write's copy
            throw new mkspec.reference.KernelBug("mk_overlay_apply slab-out-of-bounds read", String.format(
                "the apply read offset 0x%x of a %d-byte copy", fdt.firstOutOfBoundsOffset(), nbytes));
        }
        tx.applied = ret == 0;
        if (ret != 0 && !h.has(Mk2Erratum.N15)) {
            return ret;
        }
        h.txs.add(tx);
        return nbytes;
    }

    /** The fragments of a blob: the root's direct subnodes named fragment@&lt;hex&gt;, by unit; none is -EINVAL. */
    private static int collectFragments(FdtView fdt, List<Integer> out) {
        List<long[]> found = new ArrayList<>();
        for (int n = FdtRo.fdt_first_subnode(fdt, 0); n >= 0; n = FdtRo.fdt_next_subnode(fdt, n)) {
            String name = fdt.cString(FdtRo.fdt_get_name(fdt, n, null));
            if (!name.startsWith("fragment@")) {
                continue;
            }
            long unit;
            try {
                unit = Long.parseLong(name.substring("fragment@".length()), 16);
            } catch (NumberFormatException e) {
                return Errno.EINVAL.negative();
            }
            if (unit > 0xffffffffL) {
                return Errno.EINVAL.negative();
            }
            found.add(new long[] {unit, n});
        }
        if (found.isEmpty()) {
            return Errno.EINVAL.negative();
        }
        found.sort((a, b) -> Long.compare(a[0], b[0]));
        for (long[] f : found) {
            out.add((int) f[1]);
        }
        return 0;
    }

    /** A fragment's target: "/instances" (null instance), "/instances/&lt;name&gt;" (that record), else an errno. */
    private record Target(int ret, boolean namespace, MkInstance instance) {
    }

    private static Target resolveTarget(Host h, FdtView fdt, int fragment) {
        int[] len = new int[1];
        long p = FdtRo.fdt_getprop(fdt, fragment, "target-path", len);
        if (p == FdtRo.NULL || len[0] < 1 || fdt.u8(p + len[0] - 1) != 0) {
            return new Target(Errno.EINVAL.negative(), false, null);
        }
        String path = fdt.cString(p);
        if (path.equals("/resources")) {
            return new Target(h.pool == null ? Errno.EPERM.negative() : Errno.EINVAL.negative(), false, null);
        }
        if (path.equals("/instances")) {
            return new Target(0, true, null);
        }
        if (path.startsWith("/instances/")) {
            String name = path.substring("/instances/".length());
            if (name.isEmpty() || name.contains("/")) {
                return new Target(Errno.EINVAL.negative(), false, null);
            }
            MkInstance i = Core.mk_instance_find_by_name(h, name);
            return i == null ? new Target(Errno.ENOENT.negative(), false, null) : new Target(0, false, i);
        }
        return new Target(Errno.EINVAL.negative(), false, null);
    }

    /**
     * mk_overlay_parse_and_apply(): each fragment in unit order, each operation in the fixed order, stopping at the
     * first error. With N5 what ran stays; fixed, it is undone in reverse before the error is returned.
     */
    static int mk_overlay_parse_and_apply(Host h, FdtView fdt, OverlayTx tx) {
        List<Integer> fragments = new ArrayList<>();
        int ret = collectFragments(fdt, fragments);
        if (ret != 0) {
            return ret;
        }
        for (int fragment : fragments) {
            Target t = resolveTarget(h, fdt, fragment);
            if (t.ret() != 0) {
                return undoOnFailure(h, tx, t.ret());
            }
            int overlay = FdtRo.fdt_subnode_offset(fdt, fragment, "__overlay__");
            if (overlay < 0) {
                return undoOnFailure(h, tx, Errno.EINVAL.negative());
            }
            for (String op : OP_ORDER) {
                int node = FdtRo.fdt_subnode_offset(fdt, overlay, op);
                if (node < 0) {
                    continue;
                }
                ret = apply(h, fdt, t, op, node, tx);
                if (ret != 0) {
                    return undoOnFailure(h, tx, ret);
                }
            }
        }
        return 0;
    }

    private static int undoOnFailure(Host h, OverlayTx tx, int ret) {
        if (!h.has(Mk2Erratum.N5)) {
            for (int k = tx.ran.size() - 1; k >= 0; k--) {
                undoExactly(h, tx.ran.get(k));
            }
            tx.ran.clear();
        }
        return ret;
    }

    private static int apply(Host h, FdtView fdt, Target t, String op, int node, OverlayTx tx) {
        boolean namespaceOp = op.equals("instance-create") || op.equals("instance-remove");
        if (namespaceOp != t.namespace()) {
            return Errno.EINVAL.negative();
        }
        switch (op) {
            case "instance-create":
                return instanceCreate(h, fdt, node, tx);
            case "instance-remove": {
                String name = instanceName(fdt, node);
                if (name == null) {
                    return Errno.EINVAL.negative();
                }
                MkInstance i = Core.mk_instance_find_by_name(h, name);
                if (i == null) {
                    return Errno.ENOENT.negative();
                }
                int serial = i.serial;
                int ret = Kernfs.mk_instance_destroy(h, i);
                if (ret == 0) {
                    tx.ran.add(new OverlayTx.Ran(op, serial, 0, 0, name));
                }
                return ret;
            }
            case "memory-remove":
            case "memory-add":
                return memoryOp(h, fdt, t.instance(), op, node, tx);
            default:
                return 0;
        }
    }

    /** The {@code instance-name} property: non-empty, NUL-terminated, without '/'; null otherwise. */
    private static String instanceName(FdtView fdt, int node) {
        int[] len = new int[1];
        long p = FdtRo.fdt_getprop(fdt, node, "instance-name", len);
        if (p == FdtRo.NULL || len[0] < 2 || fdt.u8(p + len[0] - 1) != 0) {
            return null;
        }
        String name = fdt.cString(p);
        return name.length() != len[0] - 1 || name.contains("/") ? null : name;
    }

    /**
     * mk_overlay_op_instance_create(): the name and optional 4-byte id (another length, or a value that is negative
     * as an int, is an automatic id), a {@code resources} subnode; a name or id already taken is -EEXIST; then
     * mk_create_instance_from_dtb under mk_instance_mutex. Fixed, an id above 2047 is -EINVAL (N17).
     */
    private static int instanceCreate(Host h, FdtView fdt, int node, OverlayTx tx) {
        String name = instanceName(fdt, node);
        if (name == null) {
            return Errno.EINVAL.negative();
        }
        int[] len = new int[1];
        long idProp = FdtRo.fdt_getprop(fdt, node, "id", len);
        long id = -1;
        if (idProp != FdtRo.NULL && len[0] == 4) {
            id = fdt.u32(idProp);
        }
        int resources = FdtRo.fdt_subnode_offset(fdt, node, "resources");
        if (resources < 0) {
            return Errno.EINVAL.negative();
        }
        // id 0 is the host's own record (mk_instance_publish of mk_self), so an explicit 0 is taken too
        if (Core.mk_instance_find_by_name(h, name) != null || id == 0 || (id > 0 && h.idr.containsKey((int) id))) {
            return Errno.EEXIST.negative();
        }
        if (Kernfs.idUnaddressable(h, id)) {
            return Errno.EINVAL.negative();
        }
        int ret = Kernfs.mk_create_instance_from_dtb(h, name, id, fdt, resources,
            FdtRo.fdt_subnode_offset(fdt, node, "chosen"));
        if (ret < 0) {
            return ret;
        }
        tx.ran.add(new OverlayTx.Ran("instance-create", ret, 0, 0, name));
        return 0;
    }

    /** memory-remove / memory-add on an instance: each {@code memory@} item's 16-byte {@code reg}, by IPI if it runs. */
    private static int memoryOp(Host h, FdtView fdt, MkInstance inst, String op, int node, OverlayTx tx) {
        int[] len = new int[1];
        for (int item = FdtRo.fdt_first_subnode(fdt, node); item >= 0; item = FdtRo.fdt_next_subnode(fdt, item)) {
            String name = fdt.cString(FdtRo.fdt_get_name(fdt, item, null));
            if (!name.startsWith("memory@")) {
                continue;
            }
            long reg = FdtRo.fdt_getprop(fdt, item, "reg", len);
            if (reg == FdtRo.NULL || len[0] != 16) {
                return Errno.EINVAL.negative();
            }
            long base = fdt.u64(reg);
            long size = fdt.u64(reg + 8);
            int ret;
            if (op.equals("memory-remove")) {
                ret = Hotplug.mk_send_mem_remove(h, inst, base, size);
                if (ret == 0) {
                    tx.ran.add(new OverlayTx.Ran(op, inst.serial, base, size, inst.name));
                }
            } else {
                ret = Hotplug.mk_send_mem_add(h, inst, base, size);
                if (ret == 0) {
                    MkInstance.MemoryRegion added = inst.memoryRegions.get(inst.memoryRegions.size() - 1);
                    tx.ran.add(new OverlayTx.Ran(op, inst.serial, added.base(), added.size(), inst.name));
                }
            }
            if (ret != 0) {
                return ret;
            }
        }
        return 0;
    }

    /** The fix's undo of one operation that ran: its exact inverse. */
    private static int undoExactly(Host h, OverlayTx.Ran r) {
        MkInstance i = h.records.get(r.serial());
        switch (r.op()) {
            case "instance-create":
                return i == null || !i.published ? 0 : Kernfs.mk_instance_destroy(h, i);
            case "memory-add":
                return i == null ? 0 : Hotplug.mk_send_mem_remove(h, i, r.base(), r.size());
            case "memory-remove":
                return i == null ? 0 : Hotplug.mk_send_mem_add(h, i, r.base(), r.size());
            default:
                return 0;
        }
    }

    /**
     * mk_overlay_rmdir(tx): the fragments in reverse unit order, each fragment's operations in reverse, and the
     * inverse of every operation present in the blob whether or not it ran (N5), instance-create's by name (N11);
     * the first failing inverse leaves the tx, status "failed", and is the result. Fixed, exactly the operations
     * the apply ran are undone, each on the record it touched, and none when a record it created is busy.
     *
     * @return 0 or a negative errno ({@code -ENOENT} for a tx that is not on the list)
     */
    public static int mk_overlay_rmdir(Host h, int txId) {
        OverlayTx tx = null;
        for (OverlayTx t : h.txs) {
            if (t.id == txId) {
                tx = t;
            }
        }
        if (tx == null) {
            return Errno.ENOENT.negative();
        }
        int ret = h.has(Mk2Erratum.N5) ? rollbackAsRead(h, tx) : rollbackExactly(h, tx);
        if (ret != 0) {
            tx.applied = false;
            return ret;
        }
        h.txs.remove(tx);
        return 0;
    }

    /**
     * The fix of N5: exactly the operations the apply ran are undone, in reverse, and none when a record one of its
     * creates made now holds an image. Which record an instance-create's inverse destroys is N11's business.
     */
    private static int rollbackExactly(Host h, OverlayTx tx) {
        for (OverlayTx.Ran r : tx.ran) {
            MkInstance i = createdRecord(h, r);
            if (i != null && i.state != InstanceState.READY) {
                return Errno.EBUSY.negative();
            }
        }
        for (int k = tx.ran.size() - 1; k >= 0; k--) {
            OverlayTx.Ran r = tx.ran.get(k);
            int ret = r.op().equals("instance-create") ? destroyIfAny(h, createdRecord(h, r)) : undoExactly(h, r);
            if (ret != 0) {
                return ret;
            }
            tx.ran.remove(k);
        }
        return 0;
    }

    /**
     * The record an instance-create's inverse destroys: with N11, whichever published record has the name now
     * ([OV14] mk_overlay_undo_instance_create); fixed, the record the create made, if it is still published.
     */
    private static MkInstance createdRecord(Host h, OverlayTx.Ran r) {
        if (!r.op().equals("instance-create")) {
            return null;
        }
        MkInstance made = h.records.get(r.serial());
        if (h.has(Mk2Erratum.N11)) {
            return Core.mk_instance_find_by_name(h, r.name());
        }
        return made != null && made.published ? made : null;
    }

    private static int destroyIfAny(Host h, MkInstance i) {
        return i == null ? 0 : Kernfs.mk_instance_destroy(h, i);
    }

    /** The rollback as read: the blob walked again, every operation in it inverted. */
    private static int rollbackAsRead(Host h, OverlayTx tx) {
        FdtView fdt = FdtView.of(tx.dtbo);
        List<Integer> fragments = new ArrayList<>();
        int ret = collectFragments(fdt, fragments);
        if (ret != 0) {
            return ret;
        }
        for (int f = fragments.size() - 1; f >= 0; f--) {
            Target t = resolveTarget(h, fdt, fragments.get(f));
            if (t.ret() != 0) {
                return t.ret();
            }
            int overlay = FdtRo.fdt_subnode_offset(fdt, fragments.get(f), "__overlay__");
            if (overlay < 0) {
                return Errno.EINVAL.negative();
            }
            for (int k = OP_ORDER.size() - 1; k >= 0; k--) {
                int node = FdtRo.fdt_subnode_offset(fdt, overlay, OP_ORDER.get(k));
                if (node >= 0) {
                    ret = inverseAsRead(h, fdt, t, OP_ORDER.get(k), node, tx);
                    if (ret != 0) {
                        return ret;
                    }
                }
            }
        }
        return 0;
    }

    private static int inverseAsRead(Host h, FdtView fdt, Target t, String op, int node, OverlayTx tx) {
        switch (op) {
            case "instance-create": {
                // mk_overlay_undo_instance_create: whichever record has the name now (N11), unless fixed
                String name = instanceName(fdt, node);
                MkInstance i;
                if (h.has(Mk2Erratum.N11)) {
                    i = name == null ? null : Core.mk_instance_find_by_name(h, name);
                } else {
                    i = createdBy(h, tx, name);
                }
                return i == null ? 0 : Kernfs.mk_instance_destroy(h, i);
            }
            case "memory-add":
            case "memory-remove": {
                // mk_send_mem_remove of the user's base, or mk_send_mem_add of the size
                int[] len = new int[1];
                for (int item = FdtRo.fdt_first_subnode(fdt, node); item >= 0; item = FdtRo.fdt_next_subnode(fdt, item)) {
                    String name = fdt.cString(FdtRo.fdt_get_name(fdt, item, null));
                    long reg = FdtRo.fdt_getprop(fdt, item, "reg", len);
                    if (!name.startsWith("memory@") || reg == FdtRo.NULL || len[0] != 16) {
                        continue;
                    }
                    int ret = op.equals("memory-add")
                        ? Hotplug.mk_send_mem_remove(h, t.instance(), fdt.u64(reg), fdt.u64(reg + 8))
                        : Hotplug.mk_send_mem_add(h, t.instance(), fdt.u64(reg), fdt.u64(reg + 8));
                    if (ret != 0) {
                        return ret;
                    }
                }
                return 0;
            }
            default:
                return 0;
        }
    }

    /** The published record this tx's apply created under {@code name}, or null. */
    private static MkInstance createdBy(Host h, OverlayTx tx, String name) {
        for (OverlayTx.Ran r : tx.ran) {
            MkInstance i = h.records.get(r.serial());
            if (r.op().equals("instance-create") && i != null && i.published && i.name.equals(name)) {
                return i;
            }
        }
        return null;
    }
}
