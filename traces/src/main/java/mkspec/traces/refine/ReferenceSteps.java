package mkspec.traces.refine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import mkspec.reference.kexec.FailPoint;
import mkspec.reference.kexec.SegmentRequest;
import mkspec.reference.kho.NotifierFault;
import mkspec.reference.machine.DeviceTrees;
import mkspec.reference.machine.InstanceConfig;
import mkspec.reference.machine.Machine;
import mkspec.reference.machine.MachineConfig;
import mkspec.reference.machine.StepResult;
import mkspec.traces.format.DeviceTreeSource;
import mkspec.traces.format.InstanceSpec;
import mkspec.traces.format.LoadTarget;
import mkspec.traces.format.MachineSpec;
import mkspec.traces.format.SegmentSpec;
import mkspec.traces.format.Step;

/**
 * The reference's {@code step}: runs one TRACE-FORMAT step on a {@link Machine}, the single
 * dispatch that replay, the checker and the properties share.
 */
public final class ReferenceSteps {
    private ReferenceSteps() {
    }

    /** The machine a trace's {@code machine:} block describes. */
    public static MachineConfig config(MachineSpec m) {
        return MachineConfig.of(m.pageSize(), m.cpus(), m.poolSize(), m.poolAddress());
    }

    /** Runs {@code step} on {@code m} (which it changes) and returns what the call returned. */
    public static StepResult run(Machine m, Step step) {
        return run(m, step, null);
    }

    /** {@link #run(Machine, Step)} with an upload's bytes built already ({@code null}: build them). */
    public static StepResult run(Machine m, Step step, byte[] uploadBlob) {
        if (step instanceof Step.UploadDeviceTree) {
            Step.UploadDeviceTree u = (Step.UploadDeviceTree) step;
            byte[] blob = uploadBlob != null ? uploadBlob : blob(u.tree());
            return m.uploadDeviceTree(blob, (int) (long) u.writeChunk().orElse(0L));
        } else if (step instanceof Step.Mkdir) {
            return m.mkdir(((Step.Mkdir) step).name());
        } else if (step instanceof Step.Rmdir) {
            return m.rmdir(((Step.Rmdir) step).name());
        } else if (step instanceof Step.Status) {
            return StepResult.OK;
        } else if (step instanceof Step.KexecFileLoad) {
            Step.KexecFileLoad l = (Step.KexecFileLoad) step;
            FailPoint f = l.failAt().map(p -> FailPoint.byWord(p.word())).orElse(FailPoint.NONE);
            return m.kexecFileLoad(flags(l.target()), segments(l.segments()), f);
        } else if (step instanceof Step.KexecFileLoadDefault) {
            return m.kexecFileLoadDefault(segments(((Step.KexecFileLoadDefault) step).segments()));
        } else if (step instanceof Step.KexecFileUnload) {
            return m.kexecFileUnload(((Step.KexecFileUnload) step).id().orElse(null));
        } else if (step instanceof Step.RebootMultikernel) {
            Step.RebootMultikernel r = (Step.RebootMultikernel) step;
            NotifierFault f = r.failAt().map(p -> NotifierFault.byWord(p.word())).orElse(NotifierFault.NONE);
            return m.rebootMultikernel((int) r.id(), r.badPointer(), f);
        } else if (step instanceof Step.RebootOther) {
            return m.rebootOther();
        } else if (step instanceof Step.SpawnedBoot) {
            return m.spawnedBoot((int) ((Step.SpawnedBoot) step).id());
        } else if (step instanceof Step.HostReuseFreedPages) {
            return m.hostReuseFreedPages();
        }
        throw new IllegalArgumentException("unknown step " + step);
    }

    /** The flags of a load: raw, or KEXEC_MULTIKERNEL | KEXEC_MK_ID(id). */
    public static long flags(LoadTarget t) {
        if (t instanceof LoadTarget.RawFlags) {
            return ((LoadTarget.RawFlags) t).flags();
        }
        return Machine.multikernelFlags(((LoadTarget.ById) t).id());
    }

    /** The bytes {@code step} writes if it is an upload, else null. */
    public static byte[] blobOf(Step step) {
        return step instanceof Step.UploadDeviceTree ? blob(((Step.UploadDeviceTree) step).tree()) : null;
    }

    /** The blob an upload writes: the raw bytes, or the tree built from the instance list. */
    public static byte[] blob(DeviceTreeSource tree) {
        if (tree instanceof DeviceTreeSource.Dtb) {
            return ((DeviceTreeSource.Dtb) tree).bytes();
        }
        List<InstanceConfig> out = new ArrayList<>();
        for (InstanceSpec i : ((DeviceTreeSource.Instances) tree).instances()) {
            out.add(instance(i));
        }
        return DeviceTrees.multikernelDtb(out);
    }

    static InstanceConfig instance(InstanceSpec i) {
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

    /** The buffers of a load, as kexec_buf requests. */
    public static List<SegmentRequest> segments(List<SegmentSpec> specs) {
        List<SegmentRequest> out = new ArrayList<>();
        for (SegmentSpec s : specs) {
            out.add(new SegmentRequest(s.size(), s.align().orElse(0L), s.min().orElse(0L), s.max().orElse(Long.MAX_VALUE)));
        }
        return out;
    }
}
