package mkspec.refinement;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mkspec.reference.Profile;
import mkspec.reference.machine.Machine;
import mkspec.reference.machine.MachineConfig;
import mkspec.reference.machine.StepResult;
import mkspec.spec.Bounds;
import mkspec.spec.action.Action;
import mkspec.spec.check.StateInvariant;
import mkspec.spec.check.Step;
import mkspec.spec.check.StepInvariant;
import mkspec.spec.check.TransitionSystem;
import mkspec.spec.check.Verdict;
import mkspec.spec.invariant.Invariants;
import mkspec.spec.invariant.SpecInvariant;
import mkspec.spec.invariant.SpecStepInvariant;
import mkspec.spec.model.MkState;
import mkspec.spec.model.Platform;

/**
 * The reference seen through the abstraction, as a transition system: its states are machines
 * (with their abstract state computed once), its actions the spec's catalogue concretized
 * ({@link BoundedSteps}), its invariants the spec's read through {@link Abstraction}, plus, for
 * the fixed profile, the refinement check: every reference step is one the spec allows, with the
 * same result.
 */
public final class ReferenceSystem implements TransitionSystem<ReferenceSystem.RefState, Command, StepResult> {

    /**
     * A machine, its abstract state and its fingerprint, each computed once. Equality is the
     * fingerprint's business.
     */
    public record RefState(Machine machine, MkState abs, long fingerprint) {
        /** The state of {@code m}, abstracted and fingerprinted. */
        public static RefState of(Machine m) {
            return new RefState(m, Abstraction.of(m), m.fingerprint());
        }
    }

    private final Profile profile;
    private final MachineConfig config;
    private final Platform platform;
    private final List<Command> commands;
    private final Invariants invariants;
    private final boolean refine;
    private final java.util.Set<String> only;

    /**
     * @param refine whether to check refinement against the spec (only sensible for {@code fixed})
     */
    public ReferenceSystem(Bounds bounds, Profile profile, boolean refine) {
        this(bounds, profile, refine, null);
    }

    /**
     * A system that checks only the invariants in {@code only} (all of them when null): the search
     * for the shortest violation of one particular invariant.
     */
    public ReferenceSystem(Bounds bounds, Profile profile, boolean refine, java.util.Set<String> only) {
        this.profile = profile;
        this.config = config(bounds);
        this.platform = Abstraction.platform(config);
        this.refine = refine;
        this.only = only;
        this.invariants = new Invariants(platform);
        List<Command> cs = BoundedSteps.of(bounds);
        this.commands = List.copyOf(cs);
    }

    /** The machine the bounds describe. */
    public static MachineConfig config(Bounds b) {
        Platform p = b.platform();
        return new MachineConfig(b.pageSize(), b.cpus(), b.poolPages() * b.pageSize(), b.poolAddress(),
            p.ram().first() * b.pageSize(), p.ram().end() * b.pageSize());
    }

    @Override
    public List<RefState> initialStates() {
        return List.of(RefState.of(new Machine(config, profile)));
    }

    @Override
    public List<Command> actions() {
        return commands;
    }

    @Override
    public Step<RefState, StepResult> next(RefState s, Command c) {
        return expand(s).step(c);
    }

    /** The steps from {@code s}, every call on one scratch copy of its machine until a call changes it. */
    @Override
    public ScratchExpansion<RefState, Command, Machine> expand(RefState s) {
        return new ScratchExpansion<>(s, s.machine(), s.fingerprint(), ReferenceCalls::run,
            (m, fp) -> new RefState(m, Abstraction.of(m), fp));
    }

    /**
     * The step {@code c} takes from {@code s}, run on {@code s}'s own machine, which it changes: what a random walk
     * does, since it never returns to {@code s}, so the machine is not copied. {@code s} keeps its abstract state and
     * fingerprint, which are all the invariants and the refinement check read of a pre-state; its machine is the
     * successor's from then on.
     */
    public Step<RefState, StepResult> stepInPlace(RefState s, Command c) {
        Machine m = s.machine();
        StepResult r = ReferenceCalls.run(m, c);
        long fp = m.fingerprint();
        return new Step<>(fp == s.fingerprint() ? s : new RefState(m, Abstraction.of(m), fp), r);
    }

    @Override
    public long fingerprint(RefState s) {
        return s.fingerprint();
    }

    @Override
    public List<StateInvariant<RefState>> invariants() {
        List<StateInvariant<RefState>> out = new ArrayList<>();
        for (SpecInvariant inv : invariants.stateInvariants()) {
            if (only != null && !only.contains(inv.id())) {
                continue;
            }
            out.add(StateInvariant.of(inv.id(), inv.statement(), s -> inv.check(s.abs())));
        }
        return out;
    }

    /** The spec's clean machine, judged on the abstraction. */
    @Override
    public Optional<StateInvariant<RefState>> home() {
        SpecInvariant clean = invariants.cleanMachine();
        return Optional.of(StateInvariant.of(clean.id(), clean.statement(), s -> clean.check(s.abs())));
    }

    @Override
    public List<StepInvariant<RefState, Command, StepResult>> stepInvariants() {
        List<StepInvariant<RefState, Command, StepResult>> out = new ArrayList<>();
        for (SpecStepInvariant inv : invariants.stepInvariants()) {
            if (only != null && !only.contains(inv.id())) {
                continue;
            }
            out.add(StepInvariant.of(inv.id(), inv.statement(),
                (pre, c, r, post) -> inv.check(pre.abs(), c.action(), Results.toSpec(r), post.abs())));
        }
        if (refine) {
            Judge judge = new Judge(platform);
            out.add(StepInvariant.of(REFINEMENT, "every reference step is one the spec allows, with the same result",
                (pre, c, r, post) -> {
                    List<String> d = judge.refinement(pre.abs(), c.action(), Results.toSpec(r), post.abs());
                    return d.isEmpty() ? Verdict.HOLDS : Verdict.violated(d);
                }));
        }
        return out;
    }

    /** The id of the refinement check. */
    public static final String REFINEMENT = "refinement";

    @Override
    public String label(Command c) {
        return c.label();
    }

    @Override
    public String kind(Command c) {
        return c.action().op();
    }
}
