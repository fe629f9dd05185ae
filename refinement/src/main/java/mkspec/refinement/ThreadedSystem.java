package mkspec.refinement;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import mkspec.reference.Profile;
import mkspec.reference.kernel.FailPoint;
import mkspec.reference.kernel.NotifierFault;
import mkspec.reference.kernel.UserCall;
import mkspec.reference.machine.Machine;
import mkspec.reference.machine.MachineConfig;
import mkspec.reference.machine.StepResult;
import mkspec.spec.Bounds;
import mkspec.spec.action.Action;
import mkspec.spec.action.Next;
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
 * The reference with several user threads, as a transition system: each thread runs one call of the catalogue at a
 * time, and a call is a sequence of atomic sections that end where the C takes, drops or tries a lock or touches
 * shared state unlocked (the sections themselves are the reference's, {@link UserCall}). A step is one section of
 * one thread: a thread between calls starts one (its first section), a thread inside a call runs its next section.
 * The checker explores every interleaving of sections.
 *
 * <p>What a state means: only a quiescent state (every thread between calls) is a state of the spec, so the state
 * invariants are judged there and nowhere else; a ghost a section sets (a freed struct read) stays until then. A
 * step from a quiescent state that runs a whole call is a lone call, exactly a step of {@link ReferenceSystem}, and
 * is judged as one (the step invariants, and for {@code fixed} the refinement check). Calls that overlapped are
 * judged at the quiescent state that ends them by {@link Linearizability} when the refinement is checked.
 *
 * <p>Blocking: a reboot-class call waits in mutex_lock() while another thread's exec holds system_transition_mutex,
 * an rmdir waits on the parent directory's i_rwsem while another thread's rmdir runs (vfs_rmdir), and, in
 * {@code fixed}, a call that takes mk_instance_mutex waits while an rmdir holds it across its sections; such a start
 * is not enabled until the holder's call ends. A trylock that fails is a result (-EBUSY), not a wait.
 *
 * <p>Threads are interchangeable: a call is started only by the lowest-numbered thread between calls. Every
 * schedule has a twin that assigns calls to threads that way and passes through the same machines up to the
 * threads' names, so nothing reachable is lost.
 */
public final class ThreadedSystem implements TransitionSystem<ThreadedSystem.TState, ThreadedSystem.Move, StepResult> {

    /**
     * A machine with its threads, its abstract state (meaningful when quiescent) and its fingerprint, and, when the
     * refinement is checked, the history of the calls that overlapped since the last quiescent state.
     */
    public record TState(Machine machine, MkState abs, long fingerprint, Linearizability.Window<MkState, Action> window,
                         List<Command> running, BitSet startsExplored) {
        /** Whether every thread is between calls. */
        public boolean quiescent() {
            return machine.quiescent();
        }

        /** The command thread {@code t} is inside, or null. */
        public Command running(int t) {
            return running.get(t);
        }
    }

    /**
     * One step: thread {@code thread} starts {@code command} when it is between calls, or, with a null command, runs
     * the next section of its call in progress.
     */
    public record Move(int thread, Command command) {
        /** Whether the move starts a call. */
        public boolean starts() {
            return command != null;
        }
    }

    private final Profile profile;
    private final MachineConfig config;
    private final Platform platform;
    private final int threads;
    private final List<Command> commands;
    private final List<Move> moves;
    private final Invariants invariants;
    private final boolean refine;
    private final Set<String> only;
    private final Reduction reduction;
    private final Linearizability<MkState, Action> linearizability;

    /**
     * @param refine whether to check lone calls against the spec and overlapping calls for linearizability (only
     *     sensible for {@code fixed})
     * @param only the invariants to check, all of them when null
     * @param reduce whether to explore one representative of interleavings that commute ({@link Reduction})
     */
    public ThreadedSystem(Bounds bounds, Profile profile, boolean refine, Set<String> only, boolean reduce) {
        this.profile = profile;
        this.config = ReferenceSystem.config(bounds);
        this.platform = Abstraction.platform(config);
        this.threads = bounds.threads();
        List<Command> cs = new ArrayList<>(BoundedSteps.of(bounds));
        // A status read changes nothing alone, so the sequential catalogue leaves it out; between another
        // thread's sections it is how a user sees a call half done.
        cs.add(Command.of(new Action.Status(), "status"));
        this.commands = List.copyOf(cs);
        this.invariants = new Invariants(platform);
        this.refine = refine;
        this.only = only;
        List<Move> ms = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            for (Command c : commands) {
                ms.add(new Move(t, c));
            }
        }
        for (int t = 0; t < threads; t++) {
            ms.add(new Move(t, null));
        }
        this.moves = List.copyOf(ms);
        if (reduce && refine) {
            throw new IllegalArgumentException("the partial-order reduction does not preserve the histories the "
                + "linearizability check reads: check the refinement without it");
        }
        this.reduction = reduce ? new Reduction(commands, profile) : null;
        this.linearizability = Linearizability.rfcV2(platform);
    }

    /** How many threads the system runs. */
    public int threads() {
        return threads;
    }

    /** The profile the reference runs. */
    public Profile profile() {
        return profile;
    }

    private TState state(Machine m, MkState abs, long fp, Linearizability.Window<MkState, Action> w, List<Command> running) {
        BitSet starts = null;
        if (reduction != null && !m.quiescent()) {
            List<Command> inside = new ArrayList<>();
            for (Command c : running) {
                if (c != null) {
                    inside.add(c);
                }
            }
            starts = reduction.startsExplored(inside);
        }
        return new TState(m, abs, fp, w, running, starts);
    }

    @Override
    public List<TState> initialStates() {
        Machine m = new Machine(config, profile, threads);
        List<Command> idle = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            idle.add(null);
        }
        return List.of(state(m, Abstraction.of(m), m.fingerprint(), refine ? Linearizability.Window.empty() : null,
            Collections.unmodifiableList(idle)));
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
     * {@link ScratchExpansion} does for the sequential reference: only a refused lone call in a quiescent state is a
     * self-loop, and only then is the copy kept for the next move.
     */
    public final class Moves implements TransitionSystem.Expansion<TState, Move, StepResult> {
        private final TState s;
        private final ScratchCopy<Machine> scratch;

        Moves(TState s) {
            this.s = s;
            this.scratch = new ScratchCopy<>(s.machine());
        }

        @Override
        public List<Step<TState, StepResult>> steps(Move mv) {
            Step<TState, StepResult> step = step(mv);
            return step == null ? List.of() : List.of(step);
        }

        /** The step {@code mv} takes, or null when it is not enabled (or the reduction leaves it out). */
        public Step<TState, StepResult> step(Move mv) {
            Machine pre = s.machine();
            if (!enabled(pre, mv)) {
                return null;
            }
            if (mv.starts() && reduction != null && !reduction.explores(s.startsExplored(), mv.command())) {
                return null;
            }
            Machine m = scratch.take();
            StepResult r = mv.starts() ? start(m, mv.thread(), mv.command()) : m.resume(mv.thread());
            Command cmd = mv.starts() ? mv.command() : s.running(mv.thread());
            if (reduction != null && pre.crashed() == null && m.crashed() != null) {
                reduction.checkCrash(cmd);
            }
            long fp = m.fingerprint();
            if (fp == s.fingerprint() && s.quiescent()) {
                scratch.giveBack(m);
                return new Step<>(s, r); // a refused lone call: the same state
            }
            MkState abs = Abstraction.of(m);
            Linearizability.Window<MkState, Action> w =
                s.window() == null ? null : window(s, mv, r, m.quiescent(), abs);
            List<Command> running = new ArrayList<>(s.running());
            running.set(mv.thread(), m.inFlight(mv.thread()) == null ? null : cmd);
            return new Step<>(state(m, abs, fp, w, Collections.unmodifiableList(running)), r);
        }
    }

    /** The window after {@code mv}: empty once every thread is between calls (its judgement is the invariant's). */
    private Linearizability.Window<MkState, Action> window(TState s, Move mv, StepResult r, boolean quiescentAfter, MkState abs) {
        if (quiescentAfter) {
            return Linearizability.Window.empty();
        }
        return linearizability.step(s.window(), s.abs(), mv.thread(), mv.starts() ? mv.command().action() : null,
            mv.starts() ? mv.command().label() : null, r, abs);
    }

    /** Whether {@code mv} can run on {@code m}: who may start a call, and who waits on a lock. */
    boolean enabled(Machine m, Move mv) {
        int t = mv.thread();
        UserCall running = m.inFlight(t);
        if (!mv.starts()) {
            return running != null;
        }
        if (running != null) {
            return false;
        }
        for (int u = 0; u < t; u++) {
            if (m.inFlight(u) == null) {
                return false; // the lowest idle thread starts calls
            }
        }
        String op = mv.command().action().op();
        if ((op.equals("reboot-multikernel") || op.equals("reboot-other")) && m.rebootMutexHeldByACall()) {
            return false; // mutex_lock(&system_transition_mutex) waits for the exec that holds it
        }
        if (op.equals("rmdir")) {
            for (int u = 0; u < m.threadCount(); u++) {
                if (m.inFlight(u) != null && m.inFlight(u).accept(IS_RMDIR)) {
                    return false; // vfs_rmdir holds the parent's i_rwsem: the other rmdir waits
                }
            }
        }
        if (takesInstanceMutex(mv.command().action())) {
            for (int u = 0; u < m.threadCount(); u++) {
                if (m.inFlight(u) != null && m.inFlight(u).holdsInstanceMutex()) {
                    return false; // mutex_lock(&mk_instance_mutex) waits for the rmdir that holds it
                }
            }
        }
        return true;
    }

    /**
     * Whether the call takes mk_instance_mutex: the device_tree write (for its whole loop), rmdir, and every
     * mk_instance_find() (a multikernel load or unload, an exec's kimage_find_by_id).
     */
    static boolean takesInstanceMutex(Action a) {
        return a.accept(new Action.Cases<Boolean>() {
            public Boolean uploadDeviceTree(Action.UploadDeviceTree u) {
                return true;
            }

            public Boolean mkdir(Action.Mkdir d) {
                return false;
            }

            public Boolean rmdir(Action.Rmdir d) {
                return true;
            }

            public Boolean status(Action.Status s) {
                return false;
            }

            public Boolean kexecFileLoad(Action.KexecFileLoad l) {
                return Next.isMultikernel(l.flags());
            }

            public Boolean kexecFileLoadDefault(Action.KexecFileLoadDefault l) {
                return false;
            }

            public Boolean kexecFileUnload(Action.KexecFileUnload u) {
                return Next.isMultikernel(u.flags());
            }

            public Boolean rebootMultikernel(Action.RebootMultikernel r) {
                return !r.badPointer();
            }

            public Boolean rebootOther(Action.RebootOther r) {
                return false;
            }

            public Boolean spawnedBoot(Action.SpawnedBoot b) {
                return false;
            }

            public Boolean hostReuseFreedPages(Action.HostReuseFreedPages h) {
                return false;
            }
        });
    }

    private static final UserCall.Cases<Boolean> IS_RMDIR = new UserCall.Cases<>() {
        public Boolean rmdir(UserCall.Rmdir r) {
            return true;
        }

        public Boolean load(UserCall.Load l) {
            return false;
        }

        public Boolean exec(UserCall.Exec e) {
            return false;
        }
    };

    /**
     * Starts {@code c} on thread {@code t} of {@code m}: its first section, or the whole call when it has one
     * section. Returns the call's result, or null while it goes on ({@link Machine#resume} runs the rest). The one
     * dispatch of a threaded step, for the checker and for replay.
     */
    public static StepResult start(Machine m, int t, Command c) {
        return c.action().accept(new Action.Cases<StepResult>() {
            public StepResult uploadDeviceTree(Action.UploadDeviceTree u) {
                return ReferenceCalls.run(m, c);
            }

            public StepResult mkdir(Action.Mkdir d) {
                return ReferenceCalls.run(m, c);
            }

            public StepResult rmdir(Action.Rmdir d) {
                return m.startRmdir(t, d.name());
            }

            public StepResult status(Action.Status s) {
                return m.statusRead();
            }

            public StepResult kexecFileLoad(Action.KexecFileLoad l) {
                return m.startKexecFileLoad(t, l.flags(), ReferenceCalls.requests(l.segments()),
                    FailPoint.valueOf(l.failAt().name()));
            }

            public StepResult kexecFileLoadDefault(Action.KexecFileLoadDefault l) {
                return ReferenceCalls.run(m, c);
            }

            public StepResult kexecFileUnload(Action.KexecFileUnload u) {
                return ReferenceCalls.run(m, c);
            }

            public StepResult rebootMultikernel(Action.RebootMultikernel r) {
                return m.startRebootMultikernel(t, r.mkId(), r.badPointer(), NotifierFault.valueOf(r.fault().name()));
            }

            public StepResult rebootOther(Action.RebootOther r) {
                return ReferenceCalls.run(m, c);
            }

            public StepResult spawnedBoot(Action.SpawnedBoot b) {
                return ReferenceCalls.run(m, c);
            }

            public StepResult hostReuseFreedPages(Action.HostReuseFreedPages h) {
                return ReferenceCalls.run(m, c);
            }
        });
    }

    @Override
    public long fingerprint(TState s) {
        return s.window() == null ? s.fingerprint() : linearizability.fingerprint(s.window(), s.fingerprint());
    }

    @Override
    public List<StateInvariant<TState>> invariants() {
        List<StateInvariant<TState>> out = new ArrayList<>();
        for (SpecInvariant inv : invariants.stateInvariants()) {
            if (only != null && !only.contains(inv.id())) {
                continue;
            }
            out.add(StateInvariant.of(inv.id(), inv.statement(),
                s -> s.quiescent() ? inv.check(s.abs()) : Verdict.HOLDS));
        }
        return out;
    }

    /**
     * The spec's clean machine, at a quiescent state only (a call part-way through is not clean). Not with the
     * reduction: a stubborn set keeps every quiescent state the search reaches, not every way out of every state, so
     * a state it left with fewer successors could look stuck.
     */
    @Override
    public java.util.Optional<StateInvariant<TState>> home() {
        if (reduction != null) {
            return java.util.Optional.empty();
        }
        SpecInvariant clean = invariants.cleanMachine();
        return java.util.Optional.of(StateInvariant.of(clean.id(), clean.statement(),
            s -> s.quiescent() ? clean.check(s.abs()) : Verdict.violated("a call is part-way through")));
    }

    /** Whether {@code mv} from {@code pre} to {@code post} ran a whole call while no other thread was in one. */
    static boolean lone(TState pre, Move mv, TState post) {
        return mv.starts() && pre.quiescent() && post.quiescent();
    }

    @Override
    public List<StepInvariant<TState, Move, StepResult>> stepInvariants() {
        List<StepInvariant<TState, Move, StepResult>> out = new ArrayList<>();
        for (SpecStepInvariant inv : invariants.stepInvariants()) {
            if (only != null && !only.contains(inv.id())) {
                continue;
            }
            out.add(StepInvariant.of(inv.id(), inv.statement(), (pre, mv, r, post) -> lone(pre, mv, post)
                ? inv.check(pre.abs(), mv.command().action(), Results.toSpec(r), post.abs()) : Verdict.HOLDS));
        }
        if (refine) {
            Judge judge = new Judge(platform);
            out.add(StepInvariant.of(ReferenceSystem.REFINEMENT,
                "every reference step is one the spec allows, with the same result", (pre, mv, r, post) -> {
                    if (!lone(pre, mv, post)) {
                        return Verdict.HOLDS;
                    }
                    List<String> d = judge.refinement(pre.abs(), mv.command().action(), Results.toSpec(r), post.abs());
                    return d.isEmpty() ? Verdict.HOLDS : Verdict.violated(d);
                }));
            out.add(StepInvariant.of(Linearizability.ID, Linearizability.STATEMENT, (pre, mv, r, post) -> {
                if (lone(pre, mv, post) || pre.window() == null) {
                    return Verdict.HOLDS;
                }
                Linearizability.Window<MkState, Action> w = linearizability.step(pre.window(), pre.abs(), mv.thread(),
                    mv.starts() ? mv.command().action() : null, mv.starts() ? mv.command().label() : null, r,
                    post.abs());
                List<String> d = linearizability.judge(w, post.quiescent(), post.abs(), labels(pre, mv));
                return d.isEmpty() ? Verdict.HOLDS : Verdict.violated(d);
            }));
        }
        return out;
    }

    /** The calls a step of a window concerns, for a message. */
    private static String labels(TState pre, Move mv) {
        return Linearizability.overlapping(pre.running(), mv.thread(), mv.starts() ? mv.command() : null, Command::label);
    }

    @Override
    public String label(Move mv) {
        return "t" + (mv.thread() + 1) + " " + (mv.starts() ? mv.command().label() : "continues");
    }

    @Override
    public String kind(Move mv) {
        return mv.starts() ? mv.command().action().op() : "continue";
    }
}
