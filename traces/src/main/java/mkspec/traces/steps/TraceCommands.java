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

    /** The command of {@code step} on a machine like {@code c}: an upload with its bytes, else a spec action. */
    public static Command of(Step step, MachineConfig c) {
        return step.accept(new Step.Cases<>() {
            public Command uploadDeviceTree(Step.UploadDeviceTree u) {
                return Command.upload(blob(u.tree()), (int) (long) u.writeChunk().orElse(0L), c);
            }

            public Command mkdir(Step.Mkdir d) {
                return action(new Action.Mkdir(d.name()));
            }

            public Command rmdir(Step.Rmdir d) {
                return action(new Action.Rmdir(d.name()));
            }

            public Command status(Step.Status s) {
                return action(new Action.Status());
            }

            public Command kexecFileLoad(Step.KexecFileLoad l) {
                return action(new Action.KexecFileLoad(flags(l.target()), segments(l.segments()),
                    l.failAt().map(TraceCommands::failAt).orElse(Action.FailAt.NONE)));
            }

            public Command kexecFileLoadDefault(Step.KexecFileLoadDefault l) {
                return action(new Action.KexecFileLoadDefault(segments(l.segments())));
            }

            public Command kexecFileUnload(Step.KexecFileUnload u) {
                return action(new Action.KexecFileUnload(0x1 | u.id().map(Next::mkIdFlags).orElse(0L)));
            }

            public Command rebootMultikernel(Step.RebootMultikernel r) {
                return action(new Action.RebootMultikernel((int) r.id(), r.badPointer(),
                    r.failAt().map(f -> f == RebootFailPoint.NOTIFIER_LOOKUP ? Action.NotifierFault.LOOKUP
                        : Action.NotifierFault.NO_DTB).orElse(Action.NotifierFault.NONE)));
            }

            public Command rebootOther(Step.RebootOther r) {
                return action(new Action.RebootOther());
            }

            public Command spawnedBoot(Step.SpawnedBoot b) {
                return action(new Action.SpawnedBoot((int) b.id()));
            }

            public Command hostReuseFreedPages(Step.HostReuseFreedPages h) {
                return action(new Action.HostReuseFreedPages());
            }
        });
    }

    /** The command of a spec action that is not an upload, labelled as the spec labels it. */
    private static Command action(Action a) {
        return Command.of(a, Labels.label(a));
    }

    /** The flags of a load: raw, or KEXEC_MULTIKERNEL | KEXEC_MK_ID(id). */
    static long flags(LoadTarget t) {
        return t.accept(new LoadTarget.Cases<>() {
            public Long byId(LoadTarget.ById byId) {
                return Machine.multikernelFlags(byId.id());
            }

            public Long rawFlags(LoadTarget.RawFlags raw) {
                return raw.flags();
            }
        });
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
        return tree.accept(new DeviceTreeSource.Cases<>() {
            public byte[] instances(DeviceTreeSource.Instances list) {
                List<InstanceConfig> out = new ArrayList<>();
                for (InstanceSpec i : list.instances()) {
                    out.add(instance(i));
                }
                return DeviceTrees.multikernelDtb(out);
            }

            public byte[] dtb(DeviceTreeSource.Dtb d) {
                return d.bytes();
            }
        });
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
