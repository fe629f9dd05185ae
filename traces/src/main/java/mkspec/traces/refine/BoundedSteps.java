package mkspec.traces.refine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import mkspec.reference.fdt.FdtRo;
import mkspec.reference.fdt.FdtSw;
import mkspec.reference.fdt.FdtView;
import mkspec.reference.machine.MachineConfig;
import mkspec.spec.Bounds;
import mkspec.spec.Labels;
import mkspec.spec.Spec;
import mkspec.spec.action.Action;
import mkspec.traces.format.DeviceTreeSource;
import mkspec.traces.format.InstanceSpec;
import mkspec.traces.format.LoadTarget;
import mkspec.traces.format.Position;
import mkspec.traces.format.SegmentSpec;
import mkspec.traces.format.Step;

/**
 * The bounded steps the checker explores, as trace steps with their abstractions: the spec's own
 * action domains ({@link Spec#actions}) and, with {@code edge-cases}, uploads only bytes can
 * express, which is why they are made here: an instance that shares web's id (a late idr failure),
 * one without memory-bytes, one whose DTB nearly fills a page (its handover cannot fit), one whose
 * id is two bytes long, one asking for CPU 0 and web's CPU, and the catalog written in 64-byte
 * chunks; plus loads, execs, boots and removals of the edge instances.
 */
public final class BoundedSteps {
    private BoundedSteps() {
    }

    /** The write() size of the chunked upload. */
    public static final int CHUNK = 64;

    /** The bounded commands, in a fixed order. */
    public static List<ReferenceSystem.Command> of(Bounds b) {
        MachineConfig config = ReferenceSystem.config(b);
        List<ReferenceSystem.Command> out = new ArrayList<>();
        for (Action a : Spec.actions(b)) {
            Step step = SpecSteps.toStep(a);
            out.add(new ReferenceSystem.Command(step, ActionAbstraction.of(step, config), Labels.label(a, b.pageSize())));
        }
        if (!b.edgeCases()) {
            return out;
        }
        int n = b.instances();
        long mem = b.instancePages() * b.pageSize();
        List<Step> edge = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<InstanceSpec> catalog = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            catalog.add(spec(Bounds.NAMES.get(k), k + 1L, k + 1, mem));
        }
        edge.add(upload(new DeviceTreeSource.Instances(catalog), Optional.of((long) CHUNK)));
        labels.add("upload-device-tree(catalog in " + CHUNK + "-byte writes)");
        edge.add(upload(new DeviceTreeSource.Instances(List.of(spec("twin", 1, n + 1, mem))), Optional.empty()));
        labels.add("upload-device-tree(twin: id 1)");
        edge.add(upload(new DeviceTreeSource.Instances(List.of(new InstanceSpec(Optional.of("nomem"),
            Optional.of(n + 2L), Optional.of(List.of(n + 2)), Optional.empty()))), Optional.empty()));
        labels.add("upload-device-tree(nomem: no memory-bytes)");
        edge.add(upload(new DeviceTreeSource.Dtb(bigInstance("big", n + 3, n + 3, mem, b.pageSize())), Optional.empty()));
        labels.add("upload-device-tree(big: DTB near a page)");
        edge.add(upload(new DeviceTreeSource.Dtb(shortIdInstance("odd", n + 4, mem)), Optional.empty()));
        labels.add("upload-device-tree(odd: 2-byte id)");
        edge.add(upload(new DeviceTreeSource.Instances(List.of(new InstanceSpec(Optional.of("shared"),
            Optional.of(n + 5L), Optional.of(List.of(0, 1)), Optional.of(mem)))), Optional.empty()));
        labels.add("upload-device-tree(shared: CPUs 0 and 1)");
        List<SegmentSpec> one = List.of(new SegmentSpec(b.pageSize(), Optional.empty(), Optional.empty(), Optional.empty()));
        for (long id : List.of(n + 2L, n + 3L)) {
            edge.add(new Step.KexecFileLoad(new LoadTarget.ById(id), one, Optional.empty(), Optional.empty(), Position.UNKNOWN));
            labels.add("kexec-file-load(id=" + id + ", segments=[" + b.pageSize() / 1024 + "K])");
            edge.add(new Step.RebootMultikernel(id, false, Optional.empty(), Optional.empty(), Position.UNKNOWN));
            labels.add("reboot-multikernel(id=" + id + ")");
            edge.add(new Step.SpawnedBoot(id, Optional.empty(), Position.UNKNOWN));
            labels.add("spawned-boot(id=" + id + ")");
        }
        for (String name : List.of("twin", "nomem", "big", "odd", "shared")) {
            edge.add(new Step.Rmdir(name, Optional.empty(), Position.UNKNOWN));
            labels.add("rmdir(" + name + ")");
        }
        for (int k = 0; k < edge.size(); k++) {
            out.add(new ReferenceSystem.Command(edge.get(k), ActionAbstraction.of(edge.get(k), config), labels.get(k)));
        }
        return out;
    }

    private static Step upload(DeviceTreeSource tree, Optional<Long> chunk) {
        return new Step.UploadDeviceTree(tree, chunk, Optional.empty(), Position.UNKNOWN);
    }

    private static InstanceSpec spec(String name, long id, int cpu, long mem) {
        return new InstanceSpec(Optional.of(name), Optional.of(id), Optional.of(List.of(cpu)), Optional.of(mem));
    }

    /**
     * A multikernel DTB with one instance whose node carries a {@code bootargs} string sized so that
     * its per-instance DTB is 4000 bytes of a 4 KiB page: it fits the page the write path rebuilds
     * it in, but not the handover FDT, which adds 160 bytes.
     */
    static byte[] bigInstance(String name, long id, int cpu, long mem, long pageSize) {
        int target = (int) pageSize - 96;
        int pad = 16;
        while (true) {
            byte[] blob = instanceDtb(name, cell(id), cpu, mem, pad);
            int size = perInstanceSize(name, id, cpu, mem, pad);
            if (size >= target) {
                return blob;
            }
            pad += Math.max(4, target - size);
        }
    }

    private static int perInstanceSize(String name, long id, int cpu, long mem, int pad) {
        // the rebuilt DTB is this same tree (the node, under / and /instances), so it has its size
        return FdtRo.fdt_totalsize(FdtView.of(instanceDtb(name, cell(id), cpu, mem, pad)));
    }

    /** A multikernel DTB whose one instance has a two-byte {@code id} (D13). */
    static byte[] shortIdInstance(String name, int cpu, long mem) {
        return instanceDtb(name, new byte[] {0, 1}, cpu, mem, 0);
    }

    private static byte[] cell(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] instanceDtb(String name, byte[] id, int cpu, long mem, int bootargs) {
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
