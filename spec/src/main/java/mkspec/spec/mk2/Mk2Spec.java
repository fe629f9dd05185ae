package mkspec.spec.mk2;

import java.util.ArrayList;
import java.util.List;
import mkspec.spec.check.StateInvariant;
import mkspec.spec.check.Step;
import mkspec.spec.check.StepInvariant;
import mkspec.spec.check.TransitionSystem;
import mkspec.spec.mk2.action.Mk2Action;
import mkspec.spec.mk2.action.Mk2Choice;
import mkspec.spec.mk2.action.Mk2Next;
import mkspec.spec.mk2.invariant.Mk2Invariants;
import mkspec.spec.mk2.model.Mk2Platform;
import mkspec.spec.mk2.model.Mk2State;
import mkspec.spec.model.Result;

/**
 * The mk2 specification as a finite transition system: Init, {@link Mk2Next} over the catalogue of
 * {@link Mk2Catalogue}, one representative choice per allocation, and the invariants.
 */
public final class Mk2Spec implements TransitionSystem<Mk2State, Mk2Action, Result> {
    private final Mk2Bounds bounds;
    private final Mk2Platform platform;
    private final List<Mk2Action> actions;
    private final Mk2Invariants invariants;

    public Mk2Spec(Mk2Bounds bounds) {
        this.bounds = bounds;
        this.platform = bounds.platform();
        this.actions = List.copyOf(Mk2Catalogue.actions(bounds));
        this.invariants = new Mk2Invariants(platform);
    }

    public Mk2Platform platform() {
        return platform;
    }

    @Override
    public List<Mk2State> initialStates() {
        return List.of(Mk2State.init(platform));
    }

    @Override
    public List<Mk2Action> actions() {
        return actions;
    }

    @Override
    public List<Step<Mk2State, Result>> steps(Mk2State s, Mk2Action a) {
        List<Step<Mk2State, Result>> out = new ArrayList<>();
        for (Mk2Next.Step st : Mk2Next.steps(platform, s, a, Mk2Choice.CANONICAL)) {
            out.add(new Step<>(st.next(), st.result()));
        }
        return out;
    }

    @Override
    public long fingerprint(Mk2State s) {
        return s.fingerprint();
    }

    @Override
    public boolean withinBounds(Mk2State s) {
        return bounds.within(s);
    }

    @Override
    public List<StateInvariant<Mk2State>> invariants() {
        return List.copyOf(invariants.stateInvariants());
    }

    @Override
    public List<StepInvariant<Mk2State, Mk2Action, Result>> stepInvariants() {
        return List.copyOf(invariants.stepInvariants());
    }

    @Override
    public java.util.Optional<StateInvariant<Mk2State>> home() {
        return java.util.Optional.of(invariants.cleanMachine());
    }

    @Override
    public String label(Mk2Action a) {
        return Mk2Labels.label(a);
    }

    @Override
    public String kind(Mk2Action a) {
        return a.op();
    }
}
