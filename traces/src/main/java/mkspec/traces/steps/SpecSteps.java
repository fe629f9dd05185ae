package mkspec.traces.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mkspec.refinement.Concretization;
import mkspec.refinement.EdgeDtbs;
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
     * The trace step for {@code a}: the concretization of a spec action, which {@link TraceCommands} maps back to
     * {@code a} (a test holds this for the whole catalogue). An upload becomes an instance list where every node has
     * that form, else the bytes of a tree whose nodes read as the action's.
     *
     * @throws IllegalArgumentException for an upload with no concrete tree here: several write() calls that are not a
     *     tree's leading bytes, an unreadable blob, a node without a name or resources, or a per-instance DTB size no
     *     {@code bootargs} length gives
     */
    public static Step toStep(Action a) {
        Position at = Position.UNKNOWN;
        return a.accept(new Action.Cases<Step>() {
            public Step uploadDeviceTree(Action.UploadDeviceTree u) {
                if (u.writes().size() != 1) {
                    throw new IllegalArgumentException("an upload of several write() calls has no concrete tree here");
                }
                return u.writes().get(0).accept(new Action.DeviceTree.Cases<>() {
                    public Step unreadable(Action.Unreadable t) {
                        throw new IllegalArgumentException("an unreadable upload has no concrete tree here: " + t);
                    }

                    public Step prefix(Action.Prefix p) {
                        return new Step.UploadDeviceTree(source(p.tree()), Optional.of(p.count()), Optional.empty(), at);
                    }

                    public Step nodes(Action.Nodes n) {
                        return new Step.UploadDeviceTree(source(n), Optional.empty(), Optional.empty(), at);
                    }
                });
            }

            public Step mkdir(Action.Mkdir d) {
                return new Step.Mkdir(d.name(), Optional.empty(), at);
            }

            public Step rmdir(Action.Rmdir d) {
                return new Step.Rmdir(d.name(), Optional.empty(), at);
            }

            public Step status(Action.Status st) {
                return new Step.Status(Optional.empty(), at);
            }

            public Step kexecFileLoad(Action.KexecFileLoad l) {
                int id = Next.mkIdOf(l.flags());
                LoadTarget t = id >= 1 && l.flags() == Next.mkIdFlags(id) ? new LoadTarget.ById(id)
                    : new LoadTarget.RawFlags(l.flags());
                return new Step.KexecFileLoad(t, segments(l.segments()), failAt(l.failAt()), Optional.empty(), at);
            }

            public Step kexecFileLoadDefault(Action.KexecFileLoadDefault l) {
                return new Step.KexecFileLoadDefault(segments(l.segments()), Optional.empty(), at);
            }

            public Step kexecFileUnload(Action.KexecFileUnload u) {
                Optional<Long> id = Next.isMultikernel(u.flags()) ? Optional.of((long) Next.mkIdOf(u.flags()))
                    : Optional.empty();
                return new Step.KexecFileUnload(id, Optional.empty(), at);
            }

            public Step rebootMultikernel(Action.RebootMultikernel r) {
                Optional<RebootFailPoint> f = r.fault() == Action.NotifierFault.NONE ? Optional.empty()
                    : Optional.of(r.fault() == Action.NotifierFault.LOOKUP ? RebootFailPoint.NOTIFIER_LOOKUP
                        : RebootFailPoint.NOTIFIER_NO_DTB);
                return new Step.RebootMultikernel(r.mkId(), r.badPointer(), f, Optional.empty(), at);
            }

            public Step rebootOther(Action.RebootOther r) {
                return new Step.RebootOther(Optional.empty(), at);
            }

            public Step spawnedBoot(Action.SpawnedBoot b) {
                return new Step.SpawnedBoot(b.mkId(), Optional.empty(), at);
            }

            public Step hostReuseFreedPages(Action.HostReuseFreedPages h) {
                return new Step.HostReuseFreedPages(Optional.empty(), at);
            }
        });
    }

    /** The tree: an instance list when every node has that form, else one node's raw bytes. */
    private static DeviceTreeSource source(Action.Nodes tree) {
        List<InstanceSpec> list = new ArrayList<>();
        for (Action.Node n : tree.nodes()) {
            if (!Concretization.hasListForm(n)) {
                if (tree.nodes().size() != 1) {
                    throw new IllegalArgumentException("node " + n.name() + " has no instance-list form and is not alone");
                }
                return new DeviceTreeSource.Dtb(EdgeDtbs.of(n));
            }
            list.add(instance(n));
        }
        return new DeviceTreeSource.Instances(list);
    }

    private static InstanceSpec instance(Action.Node n) {
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
