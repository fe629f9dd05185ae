package mkspec.spec;

import java.util.ArrayList;
import java.util.List;
import mkspec.spec.action.Action;
import mkspec.spec.action.Next;
import mkspec.spec.check.StateInvariant;
import mkspec.spec.check.Step;
import mkspec.spec.check.StepInvariant;
import mkspec.spec.check.TransitionSystem;
import mkspec.spec.invariant.Invariants;
import mkspec.spec.model.MkState;
import mkspec.spec.model.Platform;
import mkspec.spec.model.Result;

/**
 * The specification as a finite transition system for the checker: Init, the actions of
 * {@link Next} over the bounded domains of a {@link Bounds}, in a fixed order, and the invariants.
 */
public final class Spec implements TransitionSystem<MkState, Action, Result> {
    private final Bounds bounds;
    private final Platform platform;
    private final List<Action> actions;
    private final Invariants invariants;

    /** The spec over the bounds' own action domains. */
    public Spec(Bounds bounds) {
        this(bounds, actions(bounds));
    }

    /**
     * The spec over an explicit action list (the command line adds actions built from device-tree
     * bytes, which only the layer above can make).
     */
    public Spec(Bounds bounds, List<Action> actions) {
        this.bounds = bounds;
        this.platform = bounds.platform();
        this.actions = List.copyOf(actions);
        this.invariants = new Invariants(platform);
    }

    public Bounds bounds() {
        return bounds;
    }

    public Platform platform() {
        return platform;
    }

    /** The catalog node for instance {@code k} (0-based): name, id k+1, CPU k+1, the bound's memory. */
    public static Action.Node catalogNode(Bounds b, int k) {
        String name = Bounds.NAMES.get(k);
        long mem = b.instancePages() * b.pageSize();
        long size = DtbSizes.perInstanceDtb(name, true, 1, true, true);
        return new Action.Node(name, 4, k + 1, size, true, 4, mem, 4, List.of((long) k + 1));
    }

    /**
     * Next over the bounds, in this order: uploads (each catalog instance alone, then all of them),
     * mkdir, rmdir per instance, loads per id, image and failure point, plain load, unloads, execs
     * per id and notifier fault, exec with a bad pointer, other reboot, boots, host page reuse.
     */
    public static List<Action> actions(Bounds b) {
        List<Action> out = new ArrayList<>();
        List<Action.Node> all = new ArrayList<>();
        for (int k = 0; k < b.instances(); k++) {
            Action.Node n = catalogNode(b, k);
            all.add(n);
            out.add(Action.UploadDeviceTree.of(new Action.Nodes(List.of(n))));
        }
        if (b.instances() > 1) {
            out.add(Action.UploadDeviceTree.of(new Action.Nodes(all)));
        }
        out.add(new Action.Mkdir(Bounds.NAMES.get(0)));
        for (int k = 0; k < b.instances(); k++) {
            out.add(new Action.Rmdir(Bounds.NAMES.get(k)));
        }
        List<Integer> ids = new ArrayList<>();
        for (int k = 1; k <= b.instances(); k++) {
            ids.add(k);
        }
        if (b.strayId() > 0) {
            ids.add(b.strayId());
        }
        List<Action.FailAt> fails = b.failPoints() ? List.of(Action.FailAt.values()) : List.of(Action.FailAt.NONE);
        for (int id : ids) {
            for (List<Long> set : b.segmentSets()) {
                for (Action.FailAt f : fails) {
                    out.add(new Action.KexecFileLoad(Next.mkIdFlags(id), segments(b, set), f));
                }
            }
        }
        if (b.plainLoads()) {
            out.add(new Action.KexecFileLoadDefault(segments(b, b.segmentSets().get(0))));
            out.add(new Action.KexecFileUnload(0x1));
        }
        for (int id : ids) {
            out.add(new Action.KexecFileUnload(0x1 | Next.mkIdFlags(id)));
        }
        List<Action.NotifierFault> faults = b.notifierFaults() ? List.of(Action.NotifierFault.values())
            : List.of(Action.NotifierFault.NONE);
        for (int id = 1; id <= b.instances(); id++) {
            for (Action.NotifierFault f : faults) {
                out.add(new Action.RebootMultikernel(id, false, f));
            }
        }
        out.add(new Action.RebootMultikernel(1, true, Action.NotifierFault.NONE));
        out.add(new Action.RebootOther());
        for (int id = 1; id <= b.instances(); id++) {
            out.add(new Action.SpawnedBoot(id));
        }
        out.add(new Action.HostReuseFreedPages());
        return out;
    }

    private static List<Action.SegmentReq> segments(Bounds b, List<Long> pages) {
        List<Action.SegmentReq> out = new ArrayList<>();
        for (long n : pages) {
            out.add(Action.SegmentReq.ofSize(n * b.pageSize()));
        }
        return out;
    }

    @Override
    public List<MkState> initialStates() {
        return List.of(MkState.init(platform));
    }

    @Override
    public List<Action> actions() {
        return actions;
    }

    @Override
    public Step<MkState, Result> next(MkState state, Action action) {
        Next.Step s = Next.step(platform, state, action);
        return new Step<>(s.next(), s.result());
    }

    @Override
    public long fingerprint(MkState state) {
        return state.fingerprint();
    }

    @Override
    public List<StateInvariant<MkState>> invariants() {
        return List.copyOf(invariants.stateInvariants());
    }

    @Override
    public List<StepInvariant<MkState, Action, Result>> stepInvariants() {
        return List.copyOf(invariants.stepInvariants());
    }

    @Override
    public String label(Action a) {
        return Labels.label(a);
    }

    @Override
    public String kind(Action a) {
        return a.op();
    }
}
