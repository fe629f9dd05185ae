package mkspec.traces.refine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
            out.add(ReferenceSystem.Command.of(SpecSteps.toStep(a), config, abstracted -> Labels.label(a)));
        }
        if (!b.edgeCases()) {
            return out;
        }
        int n = b.instances();
        long mem = b.instancePages() * b.pageSize();
        List<InstanceSpec> catalog = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            catalog.add(spec(Bounds.NAMES.get(k), k + 1L, k + 1, mem));
        }
        // uploads are labelled by what makes them an edge case, which their nodes alone do not say
        out.add(upload(config, new DeviceTreeSource.Instances(catalog), Optional.of((long) CHUNK),
            "catalog in " + CHUNK + "-byte writes"));
        out.add(upload(config, new DeviceTreeSource.Instances(List.of(spec("twin", 1, n + 1, mem))), Optional.empty(),
            "twin: id 1"));
        out.add(upload(config, new DeviceTreeSource.Instances(List.of(new InstanceSpec(Optional.of("nomem"),
            Optional.of(n + 2L), Optional.of(List.of(n + 2)), Optional.empty()))), Optional.empty(), "nomem: no memory-bytes"));
        out.add(upload(config, new DeviceTreeSource.Dtb(EdgeDtbs.instanceOfSize("big", n + 3, n + 3, mem, (int) b.pageSize() - 96)),
            Optional.empty(), "big: DTB near a page"));
        out.add(upload(config, new DeviceTreeSource.Dtb(EdgeDtbs.shortId("odd", n + 4, mem)), Optional.empty(),
            "odd: 2-byte id"));
        out.add(upload(config, new DeviceTreeSource.Instances(List.of(new InstanceSpec(Optional.of("shared"),
            Optional.of(n + 5L), Optional.of(List.of(0, 1)), Optional.of(mem)))), Optional.empty(), "shared: CPUs 0 and 1"));
        List<SegmentSpec> one = List.of(new SegmentSpec(b.pageSize(), Optional.empty(), Optional.empty(), Optional.empty()));
        for (long id : List.of(n + 2L, n + 3L)) {
            out.add(command(config, new Step.KexecFileLoad(new LoadTarget.ById(id), one, Optional.empty(), Optional.empty(),
                Position.UNKNOWN)));
            out.add(command(config, new Step.RebootMultikernel(id, false, Optional.empty(), Optional.empty(), Position.UNKNOWN)));
            out.add(command(config, new Step.SpawnedBoot(id, Optional.empty(), Position.UNKNOWN)));
        }
        for (String name : List.of("twin", "nomem", "big", "odd", "shared")) {
            out.add(command(config, new Step.Rmdir(name, Optional.empty(), Position.UNKNOWN)));
        }
        return out;
    }

    /** A command labelled as the spec labels its abstract action. */
    private static ReferenceSystem.Command command(MachineConfig config, Step step) {
        return ReferenceSystem.Command.of(step, config, Labels::label);
    }

    private static ReferenceSystem.Command upload(MachineConfig config, DeviceTreeSource tree, Optional<Long> chunk,
                                                  String why) {
        return ReferenceSystem.Command.of(new Step.UploadDeviceTree(tree, chunk, Optional.empty(), Position.UNKNOWN), config,
            abstracted -> "upload-device-tree(" + why + ")");
    }

    private static InstanceSpec spec(String name, long id, int cpu, long mem) {
        return new InstanceSpec(Optional.of(name), Optional.of(id), Optional.of(List.of(cpu)), Optional.of(mem));
    }

}
