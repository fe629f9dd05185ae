package mkspec.refinement.mk2;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import mkspec.reference.machine.StepResult;
import mkspec.reference.mk2.Mk2Profile;
import mkspec.reference.mk2.machine.Mk2Machine;
import mkspec.refinement.Results;
import mkspec.refinement.ScratchExpansion;
import mkspec.spec.check.StateInvariant;
import mkspec.spec.check.Step;
import mkspec.spec.check.StepInvariant;
import mkspec.spec.check.TransitionSystem;
import mkspec.spec.mk2.Mk2Bounds;
import mkspec.spec.mk2.Mk2Catalogue;
import mkspec.spec.mk2.action.Mk2Action;
import mkspec.spec.mk2.invariant.Mk2Invariant;
import mkspec.spec.mk2.invariant.Mk2Invariants;
import mkspec.spec.mk2.invariant.Mk2StepInvariant;
import mkspec.spec.mk2.model.Mk2State;

/**
 * The mk2 reference seen through {@link Mk2Abstraction}, as a transition system: its states are machines with their
 * abstract state computed once, its actions the spec's catalogue, its invariants the spec's, read on the abstract
 * states.
 */
public final class Mk2ReferenceSystem implements TransitionSystem<Mk2ReferenceSystem.RefState, Mk2Action, StepResult> {

    /** A machine, its abstract state and its fingerprint, each computed once. */
    public record RefState(Mk2Machine machine, Mk2State abs, long fingerprint) {
        public static RefState of(Mk2Machine m) {
            return new RefState(m, Mk2Abstraction.of(m), m.fingerprint());
        }
    }

    private final Mk2Bounds bounds;
    private final Mk2Profile profile;
    private final List<Mk2Action> actions;
    private final Mk2Invariants invariants;
    private final Set<String> only;
    private final boolean refine;

    /**
     * @param only the invariants to check (all when null): the search for the shortest violation of one of them
     * @param refine whether every step must also be one the spec allows (sensible for {@code fixed} only)
     */
    public Mk2ReferenceSystem(Mk2Bounds bounds, Mk2Profile profile, Set<String> only, boolean refine) {
        this.bounds = bounds;
        this.profile = profile;
        this.actions = List.copyOf(Mk2Catalogue.actions(bounds));
        this.invariants = new Mk2Invariants(bounds.platform());
        this.only = only;
        this.refine = refine;
    }

    /** The id of the refinement check. */
    public static final String REFINEMENT = "refinement";

    /** The machine the bounds describe. */
    public static Mk2Machine.Config config(Mk2Bounds b) {
        return new Mk2Machine.Config(Mk2Bounds.PAGE_SIZE, b.cpus(), Mk2Bounds.RAM_FIRST_PFN, b.ramPages());
    }

    @Override
    public List<RefState> initialStates() {
        return List.of(RefState.of(new Mk2Machine(config(bounds), profile)));
    }

    @Override
    public List<Mk2Action> actions() {
        return actions;
    }

    @Override
    public Step<RefState, StepResult> next(RefState s, Mk2Action a) {
        return expand(s).step(a);
    }

    /** The steps from {@code s}, every call on one scratch copy of its machine until a call changes it. */
    @Override
    public ScratchExpansion<RefState, Mk2Action, Mk2Machine> expand(RefState s) {
        return new ScratchExpansion<>(s, s.machine(), s.fingerprint(), Mk2Calls::run,
            (m, fp) -> new RefState(m, Mk2Abstraction.of(m), fp));
    }

    @Override
    public long fingerprint(RefState s) {
        return s.fingerprint();
    }

    @Override
    public boolean withinBounds(RefState s) {
        return bounds.within(s.abs());
    }

    @Override
    public List<StateInvariant<RefState>> invariants() {
        List<StateInvariant<RefState>> out = new ArrayList<>();
        for (Mk2Invariant inv : invariants.stateInvariants()) {
            if (only == null || only.contains(inv.id())) {
                out.add(StateInvariant.of(inv.id(), inv.statement(), s -> inv.check(s.abs())));
            }
        }
        return out;
    }

    /** The spec's clean machine, judged on the abstraction. */
    @Override
    public java.util.Optional<StateInvariant<RefState>> home() {
        Mk2Invariant clean = invariants.cleanMachine();
        return java.util.Optional.of(StateInvariant.of(clean.id(), clean.statement(), s -> clean.check(s.abs())));
    }

    @Override
    public List<StepInvariant<RefState, Mk2Action, StepResult>> stepInvariants() {
        List<StepInvariant<RefState, Mk2Action, StepResult>> out = new ArrayList<>();
        for (Mk2StepInvariant inv : invariants.stepInvariants()) {
            if (only == null || only.contains(inv.id())) {
                out.add(StepInvariant.of(inv.id(), inv.statement(),
                    (pre, a, r, post) -> inv.check(pre.abs(), a, Results.toSpec(r), post.abs())));
            }
        }
        if (refine) {
            mkspec.spec.mk2.model.Mk2Platform p = bounds.platform();
            out.add(StepInvariant.of(REFINEMENT, "every reference step is one the spec allows, with the same result",
                (pre, a, r, post) -> Mk2Judge.judge(p, pre.abs(), a, Results.toSpec(r), post.abs())));
        }
        return out;
    }

    @Override
    public String label(Mk2Action a) {
        return mkspec.spec.mk2.Mk2Labels.label(a);
    }

    @Override
    public String kind(Mk2Action a) {
        return a.op();
    }
}
