package mkspec.traces.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import mkspec.refinement.Command;
import mkspec.reference.machine.DeviceTrees;
import mkspec.reference.machine.InstanceConfig;
import mkspec.reference.machine.Machine;
import mkspec.reference.machine.MachineConfig;
import mkspec.spec.Labels;
import mkspec.spec.action.Action;
import mkspec.spec.action.Next;
import mkspec.traces.format.DeviceTreeSource;
import mkspec.traces.format.InstanceSpec;
import mkspec.traces.format.LoadFailPoint;
import mkspec.traces.format.LoadTarget;
import mkspec.traces.format.MachineSpec;
import mkspec.traces.format.RebootFailPoint;
import mkspec.traces.format.SegmentSpec;
import mkspec.traces.format.Step;

/**
 * A trace step as the command the refinement layer runs: the spec action it is, and for an upload the bytes the
 * trace describes. The one place trace words become the spec's; {@link SpecSteps} goes the other way.
 */
public final class TraceCommands {
    private TraceCommands() {
    }

    /** The machine a trace's {@code machine:} block describes. */
    public static MachineConfig config(MachineSpec m) {
        return MachineConfig.of(m.pageSize(), m.cpus(), m.poolSize(), m.poolAddress());
    }

    /** The command of {@code step} on a machine like {@code c}. */
    public static Command of(Step step, MachineConfig c) {
        if (step instanceof Step.UploadDeviceTree u) {
            byte[] blob = blob(u.tree());
            int chunk = (int) (long) u.writeChunk().orElse(0L);
            return Command.upload(blob, chunk, c);
        }
        Action a = action(step);
        return Command.of(a, Labels.label(a));
    }

    /** The spec action of a step that is not an upload. */
    private static Action action(Step step) {
        if (step instanceof Step.Mkdir d) {
            return new Action.Mkdir(d.name());
        } else if (step instanceof Step.Rmdir d) {
            return new Action.Rmdir(d.name());
        } else if (step instanceof Step.Status) {
            return new Action.Status();
        } else if (step instanceof Step.KexecFileLoad l) {
            return new Action.KexecFileLoad(flags(l.target()), segments(l.segments()),
                l.failAt().map(TraceCommands::failAt).orElse(Action.FailAt.NONE));
        } else if (step instanceof Step.KexecFileLoadDefault l) {
            return new Action.KexecFileLoadDefault(segments(l.segments()));
        } else if (step instanceof Step.KexecFileUnload u) {
            return new Action.KexecFileUnload(0x1 | u.id().map(Next::mkIdFlags).orElse(0L));
        } else if (step instanceof Step.RebootMultikernel r) {
            return new Action.RebootMultikernel((int) r.id(), r.badPointer(),
                r.failAt().map(f -> f == RebootFailPoint.NOTIFIER_LOOKUP ? Action.NotifierFault.LOOKUP
                    : Action.NotifierFault.NO_DTB).orElse(Action.NotifierFault.NONE));
        } else if (step instanceof Step.RebootOther) {
            return new Action.RebootOther();
        } else if (step instanceof Step.SpawnedBoot b) {
            return new Action.SpawnedBoot((int) b.id());
        } else if (step instanceof Step.HostReuseFreedPages) {
            return new Action.HostReuseFreedPages();
        }
        throw new IllegalArgumentException("unknown step " + step);
    }

    /** The flags of a load: raw, or KEXEC_MULTIKERNEL | KEXEC_MK_ID(id). */
    static long flags(LoadTarget t) {
        if (t instanceof LoadTarget.RawFlags r) {
            return r.flags();
        }
        return Machine.multikernelFlags(((LoadTarget.ById) t).id());
    }

    private static Action.FailAt failAt(LoadFailPoint p) {
        switch (p) {
            case FDT_PAGE:
                return Action.FailAt.FDT_PAGE;
            case PREPARE_SEGMENTS:
                return Action.FailAt.PREPARE_SEGMENTS;
            case CONTROL_PAGES:
                return Action.FailAt.CONTROL_PAGES;
            default:
                return Action.FailAt.POST_LOAD;
        }
    }

    private static List<Action.SegmentReq> segments(List<SegmentSpec> specs) {
        List<Action.SegmentReq> out = new ArrayList<>();
        for (SegmentSpec s : specs) {
            out.add(new Action.SegmentReq(s.size(), s.align().orElse(0L), s.min().orElse(0L), s.max().orElse(Long.MAX_VALUE)));
        }
        return out;
    }

    /** The blob an upload writes: the raw bytes, or the tree built from the instance list. */
    public static byte[] blob(DeviceTreeSource tree) {
        if (tree instanceof DeviceTreeSource.Dtb d) {
            return d.bytes();
        }
        List<InstanceConfig> out = new ArrayList<>();
        for (InstanceSpec i : ((DeviceTreeSource.Instances) tree).instances()) {
            out.add(instance(i));
        }
        return DeviceTrees.multikernelDtb(out);
    }

    private static InstanceConfig instance(InstanceSpec i) {
        Optional<List<Long>> cpus = i.cpus().map(l -> {
            List<Long> c = new ArrayList<>();
            for (int x : l) {
                c.add((long) x);
            }
            return c;
        });
        return new InstanceConfig(i.name(), i.id().isPresent() ? OptionalLong.of(i.id().get()) : OptionalLong.empty(),
            cpus, i.memoryBytes().isPresent() ? OptionalLong.of(i.memoryBytes().get()) : OptionalLong.empty());
    }
}
