package mkspec.refinement.mk2;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import mkspec.reference.machine.StepResult;
import mkspec.reference.mk2.Mk2Profile;
import mkspec.reference.mk2.machine.Mk2Machine;
import mkspec.refinement.Results;
import mkspec.spec.check.StateInvariant;
import mkspec.spec.check.Step;
import mkspec.spec.check.StepInvariant;
import mkspec.spec.check.TransitionSystem;
import mkspec.spec.check.Verdict;
import mkspec.spec.mk2.Mk2Bounds;
import mkspec.spec.mk2.Mk2Catalogue;
import mkspec.spec.mk2.Mk2Labels;
import mkspec.spec.mk2.action.Mk2Action;
import mkspec.spec.mk2.invariant.Mk2Invariant;
import mkspec.spec.mk2.invariant.Mk2Invariants;
import mkspec.spec.mk2.invariant.Mk2StepInvariant;
import mkspec.spec.mk2.model.Mk2State;

/**
 * The mk2 reference with several user threads, as a transition system: each thread runs one call of the catalogue
 * at a time, and a call is a sequence of atomic sections that end where the C takes, drops or tries a lock or touches
 * shared state unlocked (the sections are the reference's, {@link mkspec.reference.mk2.kernel.Mk2UserCall}). A step
 * is one section of one thread: a thread between calls starts one, a thread inside a call runs its next section. The
 * checker explores every interleaving of sections.
 *
 * <p>As {@link mkspec.refinement.ThreadedSystem} does for RFC v2: only a quiescent state (every thread between
 * calls) is a state of the spec, so the state invariants are judged there and nowhere else; a step from a quiescent
 * state that runs a whole call is a lone call, exactly a step of {@link Mk2ReferenceSystem}, and is judged as one
 * (the step invariants, and for {@code fixed} the refinement check).
 *
 * <p>No call waits: the calls that stop between sections (a load with N3, an unload with N16) hold no mutex there,
 * only kexec_lock (the load), which the others try and fail with -EBUSY. In {@code fixed} no call stops at all (the
 * load holds mk_instance_mutex from its lookup to LOADED, the unload frees its image before kexec_unlock), so calls
 * never overlap and every step is a lone call.
 *
 * <p>Threads are interchangeable: a call is started only by the lowest-numbered thread between calls.
 */
public final class Mk2ThreadedSystem implements TransitionSystem<Mk2ThreadedSystem.TState, Mk2ThreadedSystem.Move, StepResult> {

    /** A machine with its threads, its abstract state (meaningful when quiescent) and its fingerprint. */
    public record TState(Mk2Machine machine, Mk2State abs, long fingerprint, List<Mk2Action> running) {
        /** Whether every thread is between calls. */
        public boolean quiescent() {
            return machine.quiescent();
        }

        /** The action thread {@code t} is inside, or null. */
        public Mk2Action running(int t) {
            return running.get(t);
        }
    }

    /**
     * One step: thread {@code thread} starts {@code action} when it is between calls, or, with a null action, runs the
     * next section of its call in progress.
     */
    public record Move(int thread, Mk2Action action) {
        /** Whether the move starts a call. */
        public boolean starts() {
            return action != null;
        }
    }

    private final Mk2Bounds bounds;
    private final Mk2Profile profile;
    private final List<Move> moves;
    private final Mk2Invariants invariants;
    private final Set<String> only;
    private final boolean refine;

    /**
     * @param only the invariants to check, all of them when null
     * @param refine whether lone calls must be steps the spec allows (sensible for {@code fixed} only)
     */
    public Mk2ThreadedSystem(Mk2Bounds bounds, Mk2Profile profile, Set<String> only, boolean refine) {
        this.bounds = bounds;
        this.profile = profile;
        List<Move> ms = new ArrayList<>();
        List<Mk2Action> actions = Mk2Catalogue.actions(bounds);
        for (int t = 0; t < bounds.threads(); t++) {
            for (Mk2Action a : actions) {
                ms.add(new Move(t, a));
            }
        }
        for (int t = 0; t < bounds.threads(); t++) {
            ms.add(new Move(t, null));
        }
        this.moves = List.copyOf(ms);
        this.invariants = new Mk2Invariants(bounds.platform());
        this.only = only;
        this.refine = refine;
    }

    /** The profile the reference runs. */
    public Mk2Profile profile() {
        return profile;
    }

    /** The call {@code mv} runs a section of from {@code pre}: the one it starts, or the one its thread is inside. */
    public Mk2Action call(TState pre, Move mv) {
        return mv.starts() ? mv.action() : pre.running(mv.thread());
    }

    @Override
    public List<TState> initialStates() {
        Mk2Machine m = new Mk2Machine(Mk2ReferenceSystem.config(bounds), profile, bounds.threads());
        return List.of(new TState(m, Mk2Abstraction.of(m), m.fingerprint(),
            Collections.nCopies(bounds.threads(), null)));
    }

    @Override
    public List<Move> actions() {
        return moves;
    }

    @Override
    public Step<TState, StepResult> next(TState s, Move mv) {
        Mk2Machine pre = s.machine();
        if (!enabled(pre, mv)) {
            return null;
        }
        Mk2Machine m = pre.copy();
        StepResult r = mv.starts() ? Mk2Calls.start(m, mv.thread(), mv.action()) : m.resume(mv.thread());
        long fp = m.fingerprint();
        if (fp == s.fingerprint() && s.quiescent()) {
            return new Step<>(s, r); // a refused lone call: the same state
        }
        List<Mk2Action> running = new ArrayList<>(s.running());
        running.set(mv.thread(), m.inFlight(mv.thread()) == null ? null : mv.starts() ? mv.action() : s.running(mv.thread()));
        return new Step<>(new TState(m, Mk2Abstraction.of(m), fp, Collections.unmodifiableList(running)), r);
    }

    /** Whether {@code mv} can run on {@code m}: a continuation of a call in progress, or a start by the lowest idle thread. */
    static boolean enabled(Mk2Machine m, Move mv) {
        int t = mv.thread();
        if (!mv.starts()) {
            return m.inFlight(t) != null;
        }
        if (m.inFlight(t) != null) {
            return false;
        }
        for (int u = 0; u < t; u++) {
            if (m.inFlight(u) == null) {
                return false; // the lowest idle thread starts calls
            }
        }
        return true;
    }

    @Override
    public long fingerprint(TState s) {
        return s.fingerprint();
    }

    @Override
    public boolean withinBounds(TState s) {
        return bounds.within(s.abs());
    }

    @Override
    public List<StateInvariant<TState>> invariants() {
        List<StateInvariant<TState>> out = new ArrayList<>();
        for (Mk2Invariant inv : invariants.stateInvariants()) {
            if (only == null || only.contains(inv.id())) {
                out.add(StateInvariant.of(inv.id(), inv.statement(),
                    s -> s.quiescent() ? inv.check(s.abs()) : Verdict.HOLDS));
            }
        }
        return out;
    }

    /** The spec's clean machine, at a quiescent state only (a call part-way through is not clean). */
    @Override
    public Optional<StateInvariant<TState>> home() {
        Mk2Invariant clean = invariants.cleanMachine();
        return Optional.of(StateInvariant.of(clean.id(), clean.statement(),
            s -> s.quiescent() ? clean.check(s.abs()) : Verdict.violated("a call is part-way through")));
    }

    /** Whether {@code mv} from {@code pre} to {@code post} ran a whole call while no other thread was in one. */
    static boolean lone(TState pre, Move mv, TState post) {
        return mv.starts() && pre.quiescent() && post.quiescent();
    }

    @Override
    public List<StepInvariant<TState, Move, StepResult>> stepInvariants() {
        List<StepInvariant<TState, Move, StepResult>> out = new ArrayList<>();
        for (Mk2StepInvariant inv : invariants.stepInvariants()) {
            if (only == null || only.contains(inv.id())) {
                out.add(StepInvariant.of(inv.id(), inv.statement(), (pre, mv, r, post) -> lone(pre, mv, post)
                    ? inv.check(pre.abs(), mv.action(), Results.toSpec(r), post.abs()) : Verdict.HOLDS));
            }
        }
        if (refine) {
            mkspec.spec.mk2.model.Mk2Platform p = bounds.platform();
            out.add(StepInvariant.of(Mk2ReferenceSystem.REFINEMENT,
                "every reference step is one the spec allows, with the same result", (pre, mv, r, post) -> lone(pre, mv, post)
                    ? Mk2Judge.judge(p, pre.abs(), mv.action(), Results.toSpec(r), post.abs()) : Verdict.HOLDS));
        }
        return out;
    }

    @Override
    public String label(Move mv) {
        return "t" + (mv.thread() + 1) + " " + (mv.starts() ? Mk2Labels.label(mv.action()) : "continues");
    }

    @Override
    public String kind(Move mv) {
        return mv.starts() ? mv.action().op() : "continue";
    }
}
