package mkspec.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mkspec.spec.action.Action;
import mkspec.spec.action.Choice;
import mkspec.spec.action.DtbSizes;
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
    private final Choice choice;

    /** The spec over the bounds' action catalogue, edge cases included: the model {@code mkspec check} explores. */
    public Spec(Bounds bounds) {
        this(bounds, false);
    }

    /**
     * The spec over the bounds' catalogue, exploring either one choice per class the model cannot tell apart
     * ({@link Choice#onePerClass}) or, with {@code everyChoice}, every allowed choice ({@link Choice#EVERY}), which
     * tests compare at small bounds.
     */
    public Spec(Bounds bounds, boolean everyChoice) {
        this.bounds = bounds;
        this.platform = bounds.platform();
        this.actions = List.copyOf(actions(bounds));
        this.invariants = new Invariants(platform);
        this.choice = everyChoice ? Choice.EVERY : Choice.onePerClass(loads(this.actions));
    }

    public Bounds bounds() {
        return bounds;
    }

    public Platform platform() {
        return platform;
    }

    /** The write() size of the chunked upload among the edge cases. */
    public static final int CHUNK = 64;

    /** The catalog node for instance {@code k} (0-based): name, id k+1, CPU k+1, the bound's memory. */
    public static Action.Node catalogNode(Bounds b, int k) {
        return node(Bounds.NAMES.get(k), k + 1, List.of((long) k + 1), b.instancePages() * b.pageSize(), 0);
    }

    /**
     * A well-formed node: a 4-byte id, resources with the CPUs, memory-bytes unless {@code mem} is negative, and a
     * {@code bootargs} string of {@code bootargs} bytes (none when 0), which only makes its DTB larger.
     */
    static Action.Node node(String name, long id, List<Long> cpus, long mem, int bootargs) {
        long size = DtbSizes.perInstance(new DtbSizes.InstanceNode(name, 4, bootargs, cpus.size(), mem >= 0));
        return new Action.Node(name, 4, id, new Action.Built(size), true, mem >= 0 ? 4 : -1, Math.max(mem, 0),
            4 * cpus.size(), cpus);
    }

    /**
     * The edge-case uploads, after the catalog's instances and with their own CPUs: the catalog written in
     * {@value #CHUNK}-byte writes; an instance sharing web's id (the idr fails after the reservation); one without
     * memory-bytes; one whose DTB nearly fills a page (its handover cannot fit); one whose id is two bytes long; one
     * asking for CPU 0 and web's CPU; one a property of which libfdt cannot copy (its name lies outside the strings
     * block), which fails before anything of it is read.
     */
    static List<Action.Nodes> edgeTrees(Bounds b) {
        int n = b.instances();
        long mem = b.instancePages() * b.pageSize();
        List<Action.Nodes> out = new ArrayList<>();
        out.add(new Action.Nodes(List.of(node("twin", 1, List.of((long) n + 1), mem, 0))));
        out.add(new Action.Nodes(List.of(node("nomem", n + 2, List.of((long) n + 2), -1, 0))));
        out.add(new Action.Nodes(List.of(nearPage(b, "big", n + 3, mem))));
        long odd = DtbSizes.perInstance(new DtbSizes.InstanceNode("odd", 2, 0, 1, true));
        out.add(new Action.Nodes(List.of(new Action.Node("odd", 2, 0, new Action.Built(odd), true, 4, mem, 4,
            List.of((long) n + 4)))));
        out.add(new Action.Nodes(List.of(node("shared", n + 5, List.of(0L, 1L), mem, 0))));
        out.add(new Action.Nodes(List.of(new Action.Node("badname", 4, n + 6, new Action.Refused(), false, -1, 0, -1,
            List.of()))));
        return out;
    }

    /** The names of the edge-case instances, in the order {@link #edgeTrees} uploads them. */
    public static final List<String> EDGE_NAMES = List.of("twin", "nomem", "big", "odd", "shared", "badname");

    /** A node whose per-instance DTB is as large as it can be within a page less 96 bytes: bootargs fill it. */
    private static Action.Node nearPage(Bounds b, String name, long id, long mem) {
        long base = DtbSizes.perInstance(new DtbSizes.InstanceNode(name, 4, 0, 1, true));
        long room = b.pageSize() - 96 - base - 12 - "bootargs".length() - 1;
        int bootargs = (int) Math.max(1, room & ~3L);
        return node(name, id, List.of(id), mem, bootargs);
    }

    /**
     * Next over the bounds, in this order: uploads (each catalog instance alone, then all of them),
     * mkdir, rmdir per instance, loads per id, image and failure point, plain load, unloads, execs
     * per id and notifier fault, exec with a bad pointer, other reboot, boots, host page reuse; then,
     * with {@code edge-cases}, the edge-case uploads ({@link #edgeTrees}), loads, execs and boots of
     * the instances without memory-bytes and near a page, their unloads, and the edge instances' removal.
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
        if (b.edgeCases()) {
            out.add(Action.UploadDeviceTree.of(new Action.Prefix(new Action.Nodes(all), CHUNK)));
            for (Action.Nodes tree : edgeTrees(b)) {
                out.add(Action.UploadDeviceTree.of(tree));
            }
            int n = b.instances();
            for (int id : List.of(n + 2, n + 3)) {
                out.add(new Action.KexecFileLoad(Next.mkIdFlags(id), segments(b, List.of(1L)), Action.FailAt.NONE));
                // Without it a loaded edge instance could never be unloaded, so never removed: the recoverability
                // check found the catalogue missing it.
                out.add(new Action.KexecFileUnload(0x1 | Next.mkIdFlags(id)));
                out.add(new Action.RebootMultikernel(id, false, Action.NotifierFault.NONE));
                out.add(new Action.SpawnedBoot(id));
            }
            for (String name : EDGE_NAMES) {
                out.add(new Action.Rmdir(name));
            }
        }
        return out;
    }

    /** The images the actions may load into an instance. */
    private static List<List<Action.SegmentReq>> loads(List<Action> actions) {
        List<List<Action.SegmentReq>> out = new ArrayList<>();
        for (Action a : actions) {
            if (a instanceof Action.KexecFileLoad l && Next.isMultikernel(l.flags()) && !out.contains(l.segments())) {
                out.add(l.segments());
            }
        }
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
    public List<Step<MkState, Result>> steps(MkState state, Action action) {
        List<Next.Step> next = Next.steps(platform, state, action, choice);
        List<Step<MkState, Result>> out = new ArrayList<>(next.size());
        for (Next.Step s : next) {
            out.add(new Step<>(s.next(), s.result()));
        }
        return out;
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
    public Optional<StateInvariant<MkState>> home() {
        return Optional.of(invariants.cleanMachine());
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
