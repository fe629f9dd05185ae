package mkspec.refinement;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mkspec.reference.Profile;
import mkspec.reference.fdt.FdtRo;
import mkspec.reference.fdt.FdtView;
import mkspec.reference.fdt.Libfdt;
import mkspec.reference.kernel.multikernel.MkKernfs;
import mkspec.reference.machine.MachineConfig;
import mkspec.spec.action.Action;

/**
 * What an upload means, read off its bytes: the abstraction of the one call whose argument is bytes. Each write()
 * call's bytes are read the way the fixed kernel reads them, giving either why the header checks refuse them or the
 * nodes libfdt walks, each with the per-instance DTB the kernel rebuilds from it.
 */
public final class UploadAbstraction {
    private UploadAbstraction() {
    }

    /** The spec action of writing {@code blob} in {@code writeChunk}-byte calls (0: one call) to a machine like {@code c}. */
    public static Action.UploadDeviceTree of(byte[] blob, int writeChunk, MachineConfig c) {
        return new Action.UploadDeviceTree(writes(blob, writeChunk, c));
    }

    /**
     * What each write() call of an upload hands root_device_tree_write() in the fixed kernel, as the spec's views
     * (user space writes {@code writeChunk} bytes per call; the fixed kernel takes each call whole). The views end at
     * the first call the header checks refuse: it fails in every state, and user space stops at a failed write.
     */
    static List<Action.DeviceTree> writes(byte[] blob, int writeChunk, MachineConfig c) {
        int chunk = writeChunk <= 0 ? Math.max(blob.length, 1) : writeChunk;
        List<Action.DeviceTree> out = new ArrayList<>();
        for (int at = 0; at < Math.max(blob.length, 1); at += chunk) {
            Action.DeviceTree v = view(blob, at, Math.min(chunk, blob.length - at), c);
            out.add(v);
            if (v.accept(WHOLE).isEmpty()) {
                break;
            }
        }
        return out;
    }

    /** root_device_tree_write() in the fixed profile, up to the per-node work, on {@code count} bytes from {@code at}. */
    static Action.DeviceTree view(byte[] blob, int at, int count, MachineConfig c) {
        if (count > MkKernfs.ATOMIC_WRITE_LEN) {
            return new Action.Unreadable(Action.Unreadability.TOO_LONG);
        }
        byte[] buf = new byte[Math.max(count, 0) + 1];
        System.arraycopy(blob, at, buf, 0, Math.max(count, 0));
        FdtView fdt = new FdtView(buf, count + 1);
        int instances = MkKernfs.instancesNode(fdt, count, Profile.fixed());
        if (instances >= 0) {
            List<Action.Node> nodes = new ArrayList<>();
            for (int n = FdtRo.fdt_first_subnode(fdt, instances); n >= 0; n = FdtRo.fdt_next_subnode(fdt, n)) {
                nodes.add(node(fdt, n, c));
            }
            return new Action.Nodes(nodes);
        }
        Optional<Action.Nodes> whole = at == 0 && count < blob.length ? view(blob, 0, blob.length, c).accept(WHOLE)
            : Optional.empty();
        if (whole.isPresent()) {
            return new Action.Prefix(whole.get(), count);
        }
        boolean header = count >= Libfdt.FDT_V17_SIZE && FdtRo.fdt_check_header(fdt) == 0
            && Integer.toUnsignedLong(FdtRo.fdt_totalsize(fdt)) <= count;
        return new Action.Unreadable(header ? Action.Unreadability.NO_INSTANCES : Action.Unreadability.NOT_A_TREE);
    }

    /** The whole tree a write hands the kernel, if it hands one: neither a refused blob nor a prefix is. */
    private static final Action.DeviceTree.Cases<Optional<Action.Nodes>> WHOLE = new Action.DeviceTree.Cases<>() {
        public Optional<Action.Nodes> unreadable(Action.Unreadable u) {
            return Optional.empty();
        }

        public Optional<Action.Nodes> prefix(Action.Prefix p) {
            return Optional.empty();
        }

        public Optional<Action.Nodes> nodes(Action.Nodes n) {
            return Optional.of(n);
        }
    };

    /** One /instances node: its name and id as the write loop reads them, the rest from its per-instance DTB. */
    static Action.Node node(FdtView fdt, int n, MachineConfig c) {
        long nameOff = FdtRo.fdt_get_name(fdt, n, null);
        String name = nameOff == FdtRo.NULL ? null : fdt.cString(nameOff);
        int[] len = new int[1];
        long idOff = FdtRo.fdt_getprop(fdt, n, "id", len);
        int idLen = idOff == FdtRo.NULL ? -1 : len[0];
        long id = idLen == 4 ? Integer.toUnsignedLong(fdt.u32(idOff)) : 0;
        if (name == null) {
            return new Action.Node(null, idLen, id, new Action.Refused(), false, -1, 0, -1, List.of());
        }
        byte[][] dtb = new byte[1][];
        int ret = MkKernfs.mk_extract_instance_dtb_from_node(fdt, n, name, dtb, c.pageSize(), Profile.fixed(),
            new mkspec.reference.FdtReadLog());
        if (ret != 0) {
            Action.PerInstanceDtb why = ret == mkspec.reference.Errno.ENOSPC.negative() ? new Action.Overflows()
                : new Action.Refused();
            return new Action.Node(name, idLen, id, why, false, -1, 0, -1, List.of());
        }
        Action.Built built = new Action.Built(dtb[0].length);
        FdtView own = FdtView.of(dtb[0]);
        int inst = FdtRo.fdt_first_subnode(own, FdtRo.fdt_path_offset(own, "/instances"));
        int res = FdtRo.fdt_subnode_offset(own, inst, "resources");
        if (res < 0) {
            return new Action.Node(name, idLen, id, built, false, -1, 0, -1, List.of());
        }
        long memOff = FdtRo.fdt_getprop(own, res, "memory-bytes", len);
        int memLen = memOff == FdtRo.NULL ? -1 : len[0];
        long mem = memLen == 4 ? Integer.toUnsignedLong(own.u32(memOff)) : 0;
        long cpusOff = FdtRo.fdt_getprop(own, res, "cpus", len);
        int cpusLen = cpusOff == FdtRo.NULL ? -1 : len[0];
        List<Long> cpus = new ArrayList<>();
        if (cpusLen > 0 && cpusLen % 4 == 0) {
            for (int k = 0; k < cpusLen / 4; k++) {
                cpus.add(Integer.toUnsignedLong(own.u32(cpusOff + 4L * k)));
            }
        }
        return new Action.Node(name, idLen, id, built, true, memLen, mem, cpusLen, cpus);
    }
}
