package mkspec.traces.refine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mkspec.spec.action.Action;
import mkspec.spec.action.Next;
import mkspec.traces.format.DeviceTreeSource;
import mkspec.traces.format.InstanceSpec;
import mkspec.traces.format.LoadFailPoint;
import mkspec.traces.format.LoadTarget;
import mkspec.traces.format.Position;
import mkspec.traces.format.RebootFailPoint;
import mkspec.traces.format.SegmentSpec;
import mkspec.traces.format.Step;

/** Specification actions written as TRACE-FORMAT steps (no expectation, no position). */
public final class SpecSteps {
    private SpecSteps() {
    }

    /**
     * The trace step for {@code a}.
     *
     * @throws IllegalArgumentException for an upload the format cannot express as an instance list
     *     (a rejected blob or nodes with malformed properties)
     */
    public static Step toStep(Action a) {
        Position at = Position.UNKNOWN;
        if (a instanceof Action.UploadDeviceTree) {
            Action.UploadDeviceTree u = (Action.UploadDeviceTree) a;
            if (u.writes().size() != 1 || !(u.writes().get(0) instanceof Action.Nodes)) {
                throw new IllegalArgumentException("an upload of raw bytes has no instance-list form");
            }
            List<InstanceSpec> list = new ArrayList<>();
            for (Action.Node n : ((Action.Nodes) u.writes().get(0)).nodes()) {
                list.add(instance(n));
            }
            return new Step.UploadDeviceTree(new DeviceTreeSource.Instances(list), Optional.empty(), Optional.empty(), at);
        } else if (a instanceof Action.Mkdir) {
            return new Step.Mkdir(((Action.Mkdir) a).name(), Optional.empty(), at);
        } else if (a instanceof Action.Rmdir) {
            return new Step.Rmdir(((Action.Rmdir) a).name(), Optional.empty(), at);
        } else if (a instanceof Action.Status) {
            return new Step.Status(Optional.empty(), at);
        } else if (a instanceof Action.KexecFileLoad) {
            Action.KexecFileLoad l = (Action.KexecFileLoad) a;
            int id = Next.mkIdOf(l.flags());
            LoadTarget t = id >= 1 && l.flags() == Next.mkIdFlags(id) ? new LoadTarget.ById(id) : new LoadTarget.RawFlags(l.flags());
            return new Step.KexecFileLoad(t, segments(l.segments()), failAt(l.failAt()), Optional.empty(), at);
        } else if (a instanceof Action.KexecFileLoadDefault) {
            return new Step.KexecFileLoadDefault(segments(((Action.KexecFileLoadDefault) a).segments()), Optional.empty(), at);
        } else if (a instanceof Action.KexecFileUnload) {
            long flags = ((Action.KexecFileUnload) a).flags();
            Optional<Long> id = Next.isMultikernel(flags) ? Optional.of((long) Next.mkIdOf(flags)) : Optional.empty();
            return new Step.KexecFileUnload(id, Optional.empty(), at);
        } else if (a instanceof Action.RebootMultikernel) {
            Action.RebootMultikernel r = (Action.RebootMultikernel) a;
            Optional<RebootFailPoint> f = r.fault() == Action.NotifierFault.NONE ? Optional.empty()
                : Optional.of(r.fault() == Action.NotifierFault.LOOKUP ? RebootFailPoint.NOTIFIER_LOOKUP : RebootFailPoint.NOTIFIER_NO_DTB);
            return new Step.RebootMultikernel(r.mkId(), r.badPointer(), f, Optional.empty(), at);
        } else if (a instanceof Action.RebootOther) {
            return new Step.RebootOther(Optional.empty(), at);
        } else if (a instanceof Action.SpawnedBoot) {
            return new Step.SpawnedBoot(((Action.SpawnedBoot) a).mkId(), Optional.empty(), at);
        } else if (a instanceof Action.HostReuseFreedPages) {
            return new Step.HostReuseFreedPages(Optional.empty(), at);
        }
        throw new IllegalArgumentException("unknown action " + a);
    }

    private static InstanceSpec instance(Action.Node n) {
        if (n.name() == null || (n.idLen() >= 0 && n.idLen() != 4) || (n.memLen() >= 0 && n.memLen() != 4)
            || (n.cpusLen() >= 0 && n.cpusLen() % 4 != 0) || !n.hasResources()) {
            throw new IllegalArgumentException("node " + n.name() + " has no instance-list form");
        }
        Optional<List<Integer>> cpus = Optional.empty();
        if (n.cpusLen() >= 0) {
            List<Integer> c = new ArrayList<>();
            for (long x : n.cpus()) {
                c.add((int) x);
            }
            cpus = Optional.of(c);
        }
        return new InstanceSpec(Optional.of(n.name()), n.idLen() == 4 ? Optional.of(n.id()) : Optional.empty(), cpus,
            n.memLen() == 4 ? Optional.of(n.memValue()) : Optional.empty());
    }

    private static List<SegmentSpec> segments(List<Action.SegmentReq> reqs) {
        List<SegmentSpec> out = new ArrayList<>();
        for (Action.SegmentReq r : reqs) {
            out.add(new SegmentSpec(r.size(), r.align() == 0 ? Optional.empty() : Optional.of(r.align()),
                r.min() == 0 ? Optional.empty() : Optional.of(r.min()),
                r.max() == Long.MAX_VALUE ? Optional.empty() : Optional.of(r.max())));
        }
        return out;
    }

    private static Optional<LoadFailPoint> failAt(Action.FailAt f) {
        switch (f) {
            case FDT_PAGE:
                return Optional.of(LoadFailPoint.FDT_PAGE);
            case PREPARE_SEGMENTS:
                return Optional.of(LoadFailPoint.PREPARE_SEGMENTS);
            case CONTROL_PAGES:
                return Optional.of(LoadFailPoint.CONTROL_PAGES);
            case POST_LOAD:
                return Optional.of(LoadFailPoint.POST_LOAD);
            default:
                return Optional.empty();
        }
    }
}
