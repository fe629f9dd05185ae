package mkspec.refinement.mk2;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import mkspec.reference.machine.StepResult;
import mkspec.reference.mk2.Mk2Profile;
import mkspec.reference.mk2.machine.Mk2Machine;
import mkspec.refinement.Linearizability;
import mkspec.refinement.Results;
import mkspec.refinement.ScratchCopy;
import mkspec.spec.check.StateInvariant;
import mkspec.spec.check.Step;
import mkspec.spec.check.StepInvariant;
import mkspec.spec.check.TransitionSystem;
import mkspec.spec.check.Verdict;
import mkspec.spec.mk2.Mk2Bounds;
import mkspec.spec.mk2.Mk2Catalogue;
import mkspec.spec.mk2.Mk2Labels;
import mkspec.spec.mk2.action.Mk2Action;
import mkspec.spec.mk2.action.Mk2Choice;
import mkspec.spec.mk2.action.Mk2Next;
import mkspec.spec.mk2.invariant.Mk2Invariant;
import mkspec.spec.mk2.invariant.Mk2Invariants;
import mkspec.spec.mk2.invariant.Mk2StepInvariant;
import mkspec.spec.mk2.model.Mk2Platform;
import mkspec.spec.mk2.model.Mk2State;
import mkspec.spec.model.Result;

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
 * <p>No call waits: the calls stopped between sections hold no mutex there, only kexec_lock (the N3 load, fixed's
 * unload), which a load, an unload or an exec tries and fails with -EBUSY. In {@code fixed} only the unload has two
 * sections (kimage_remove_from_list, then kimage_free before kexec_unlock), and every overlap of calls is checked to
 * be linearizable ({@link Linearizability}), a contended trylock's -EBUSY taken as a refusal at that moment.
 *
 * <p>Threads are interchangeable: a call is started only by the lowest-numbered thread between calls.
 */
public final class Mk2ThreadedSystem implements TransitionSystem<Mk2ThreadedSystem.TState, Mk2ThreadedSystem.Move, StepResult> {

    /**
     * A machine with its threads, its abstract state (meaningful when quiescent) and its fingerprint, and, when the
     * refinement is checked, the history of the calls that overlapped since the last quiescent state.
     */
    public record TState(Mk2Machine machine, Mk2State abs, long fingerprint,
                         Linearizability.Window<Mk2State, Mk2Action> window, List<Mk2Action> running) {
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
    private final Linearizability<Mk2State, Mk2Action> linearizability;

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
        this.linearizability = linearizability(bounds.platform());
    }

    /**
     * The linearizability check on the mk2 spec. A call in progress is taken early with the choices the reference's
     * machine shows at that moment, as the returning call's are read: the mk2 spec's relation is asked of a state's
     * choices ({@link Mk2Choice.MadeIn}), not enumerated, so a call whose pages are not placed yet (a load before its
     * last section) can be taken only when it returns. That can only refuse an order, never accept a wrong one.
     */
    public static Linearizability<Mk2State, Mk2Action> linearizability(Mk2Platform p) {
        return new Linearizability<>(new Linearizability.SpecSteps<>() {
            public List<Linearizability.Allowed<Mk2State>> madeIn(Mk2State s, Mk2Action a, Result r, Mk2State post) {
                return any(s, a, post);
            }

            public List<Linearizability.Allowed<Mk2State>> any(Mk2State s, Mk2Action a, Mk2State post) {
                List<Linearizability.Allowed<Mk2State>> out = new ArrayList<>();
                for (Mk2Next.Step st : Mk2Next.steps(p, s, a, new Mk2Choice.MadeIn(post))) {
                    out.add(new Linearizability.Allowed<>(st.next(), st.result()));
                }
                return out;
            }

            public long fingerprint(Mk2State s) {
                return s.fingerprint();
            }

            public List<String> diff(Mk2State want, Mk2State got) {
                return List.of(Mk2Judge.difference(want, got));
            }
        });
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
        return List.of(new TState(m, Mk2Abstraction.of(m), m.fingerprint(), refine ? Linearizability.Window.empty()
            : null, Collections.nCopies(bounds.threads(), null)));
    }

    @Override
    public List<Move> actions() {
        return moves;
    }

    @Override
    public Step<TState, StepResult> next(TState s, Move mv) {
        return expand(s).step(mv);
    }

    /** The moves from {@code s}, every call on one scratch copy of its machine until a move changes it. */
    @Override
    public Moves expand(TState s) {
        return new Moves(s);
    }

    /**
     * One state's moves, run on one scratch copy of its machine while they leave it as it was, as
     * {@link mkspec.refinement.ScratchExpansion} does for the sequential reference (and
     * {@link mkspec.refinement.ThreadedSystem.Moves} for RFC v2's threads): only a refused lone call in a quiescent
     * state is a self-loop, and only then is the copy given back for the next move ({@link ScratchCopy}). Most moves from a
     * quiescent state are such refusals (a load of an id no instance has, an unload of an instance not loaded).
     */
    public final class Moves implements TransitionSystem.Expansion<TState, Move, StepResult> {
        private final TState s;
        private final ScratchCopy<Mk2Machine> scratch;

        Moves(TState s) {
            this.s = s;
            this.scratch = new ScratchCopy<>(s.machine());
        }

        @Override
        public List<Step<TState, StepResult>> steps(Move mv) {
            Step<TState, StepResult> step = step(mv);
            return step == null ? List.of() : List.of(step);
        }

        /** The step {@code mv} takes, or null when it is not enabled. */
        public Step<TState, StepResult> step(Move mv) {
            Mk2Machine pre = s.machine();
            if (!enabled(pre, mv)) {
                return null;
            }
            Mk2Machine m = scratch.take();
            StepResult r = mv.starts() ? Mk2Calls.start(m, mv.thread(), mv.action()) : m.resume(mv.thread());
            long fp = m.fingerprint();
            if (fp == s.fingerprint() && s.quiescent()) {
                scratch.giveBack(m);
                return new Step<>(s, r); // a refused lone call: the same state
            }
            Mk2State abs = Mk2Abstraction.of(m);
            Linearizability.Window<Mk2State, Mk2Action> w = s.window() == null ? null
                : window(s, mv, r, fp, m.quiescent(), abs);
            List<Mk2Action> running = new ArrayList<>(s.running());
            running.set(mv.thread(), m.inFlight(mv.thread()) == null ? null : call(s, mv));
            return new Step<>(new TState(m, abs, fp, w, Collections.unmodifiableList(running)), r);
        }
    }

    /**
     * The window after {@code mv}: empty once every thread is between calls (its judgement is the invariant's), the
     * same after a contended trylock.
     */
    private Linearizability.Window<Mk2State, Mk2Action> window(TState s, Move mv, StepResult r, long fp,
                                                               boolean quiescentAfter, Mk2State abs) {
        if (quiescentAfter) {
            return Linearizability.Window.empty();
        }
        return overlap(linearizability, s.window(), mv.thread(), mv.action(), contended(s.machine(), mv.action()), r,
            fp == s.fingerprint(), s.abs(), abs, false, "").window();
    }

    /**
     * What one step of overlapping calls leaves: the window after it, and why no sequential order of the calls explains
     * what the reference did (empty when some order does).
     */
    public record Overlap(Linearizability.Window<Mk2State, Mk2Action> window, List<String> unexplained) {
        public Overlap {
            unexplained = List.copyOf(unexplained);
        }
    }

    /**
     * Thread {@code thread}'s step of overlapping calls (any step but a lone call), judged from window {@code w} as
     * the checker judges it and replay after it: a contended kexec_trylock ({@link #contended}) leaves the window as
     * it was and must return -EBUSY having changed nothing; any other step is {@link Linearizability#step}, then
     * {@link Linearizability#judge}.
     *
     * @param started the call the step started, null when it went on with its call
     * @param r what the step returned, null while the call goes on
     * @param unchanged whether the step left the machine as it was (its fingerprint)
     * @param pre the abstract state before the step, which opens the window when {@code w} is empty
     * @param post the abstract state after it
     * @param quiescentAfter whether every thread is between calls after it, which closes the window
     * @param labels the calls the step concerns, for a message ({@link #overlapping})
     */
    public static Overlap overlap(Linearizability<Mk2State, Mk2Action> lin, Linearizability.Window<Mk2State, Mk2Action> w,
                                  int thread, Mk2Action started, boolean contended, StepResult r, boolean unchanged,
                                  Mk2State pre, Mk2State post, boolean quiescentAfter, String labels) {
        if (contended) {
            boolean refused = unchanged && Results.toSpec(r).equals(Result.err(mkspec.spec.model.Errno.EBUSY));
            return new Overlap(w, refused ? List.of()
                : List.of("a contended kexec_trylock returned " + r + " or changed the machine"));
        }
        Linearizability.Window<Mk2State, Mk2Action> next = lin.step(w, pre, thread, started,
            started == null ? null : Mk2Labels.label(started), r, post);
        return new Overlap(next, lin.judge(next, quiescentAfter, post, labels));
    }

    /**
     * Whether {@code started} (null: a thread going on with its call) is a load, unload or exec started while another
     * thread's call holds kexec_lock of {@code pre}: its kexec_trylock fails, it returns -EBUSY having changed
     * nothing, and the spec, which has no kexec_lock, is not asked. That -EBUSY is the kernel's answer to two kexec
     * calls at once, and a sequential spec has no such call to say it of; so the check takes a contended call as
     * refused at that moment, outside any order of the others.
     */
    public static boolean contended(Mk2Machine pre, Mk2Action started) {
        return started != null && pre.kexecLockHeld() && tryKexecLockFirst(started);
    }

    /** The calls whose first lock is kexec_lock, which they try: a load, an unload, an exec. */
    private static final Set<String> TRY_KEXEC_LOCK_FIRST = Set.of("kexec-file-load", "kexec-file-unload",
        "reboot-multikernel");

    /** Whether the call's first lock is kexec_lock, which it tries. */
    static boolean tryKexecLockFirst(Mk2Action a) {
        return TRY_KEXEC_LOCK_FIRST.contains(a.op());
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
        return s.window() == null ? s.fingerprint() : linearizability.fingerprint(s.window(), s.fingerprint());
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
            out.add(StepInvariant.of(Linearizability.ID, Linearizability.STATEMENT, (pre, mv, r, post) -> {
                if (lone(pre, mv, post) || pre.window() == null) {
                    return Verdict.HOLDS;
                }
                List<String> d = overlap(linearizability, pre.window(), mv.thread(), mv.action(),
                    contended(pre.machine(), mv.action()), r, post.fingerprint() == pre.fingerprint(), pre.abs(),
                    post.abs(), post.quiescent(), overlapping(pre.running(), mv.thread(), mv.action())).unexplained();
                return d.isEmpty() ? Verdict.HOLDS : Verdict.violated(d);
            }));
        }
        return out;
    }

    /**
     * The calls a step of a window concerns, thread by thread, for a message: those {@code running} holds (the action
     * each thread is inside, or null), with {@code started} (when not null) on thread {@code thread}.
     */
    public static String overlapping(List<Mk2Action> running, int thread, Mk2Action started) {
        return Linearizability.overlapping(running, thread, started, Mk2Labels::label);
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
