package mkspec.traces.replay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import mkspec.reference.machine.StepResult;
import mkspec.reference.mk2.Mk2Profile;
import mkspec.reference.mk2.machine.Mk2Machine;
import mkspec.refinement.Linearizability;
import mkspec.refinement.Results;
import mkspec.refinement.mk2.Mk2Abstraction;
import mkspec.refinement.mk2.Mk2Calls;
import mkspec.refinement.mk2.Mk2Judge;
import mkspec.refinement.mk2.Mk2ReferenceSystem;
import mkspec.refinement.mk2.Mk2ThreadedSystem;
import mkspec.spec.check.Trace;
import mkspec.spec.check.Verdict;
import mkspec.spec.mk2.Mk2Bounds;
import mkspec.spec.mk2.Mk2Labels;
import mkspec.spec.mk2.action.Mk2Action;
import mkspec.spec.mk2.invariant.Mk2Invariant;
import mkspec.spec.mk2.invariant.Mk2Invariants;
import mkspec.spec.mk2.invariant.Mk2StepInvariant;
import mkspec.spec.mk2.model.Mk2State;
import mkspec.traces.format.Mk2Trace;
import mkspec.traces.format.TraceProblem;

/**
 * Replays an mk2 trace on the mk2 reference: each step's label is the spec's action, run as the system call it
 * stands for; after each step every invariant is judged on the abstract state (and, for fixed, the refinement), and
 * the result and the broken invariants must be the ones the trace expects.
 *
 * <p>A threaded trace is judged as the threaded checker judges it: the state invariants when every thread is between
 * calls, a lone call as a sequential step, and, for fixed, the calls that overlap as linearizable as the run goes
 * ({@link Linearizability}, the window carried from step to step): a step after which no sequential order of the
 * overlapping calls explains what the reference returned breaks the refinement, its lines prefixed
 * {@code linearizable: }.
 */
public final class Mk2Replayer {
    private Mk2Replayer() {
    }

    /**
     * What one step did: its result (null when the step ran a section and the call goes on), every invariant broken
     * after it (the refinement included), why each is broken, the machine after it, and its thread.
     *
     * @param index the 1-based step
     * @param action its label
     * @param result its result word, null when the step ran a section of a call that goes on
     * @param broken the ids of every invariant broken after it, as a trace's {@code violations} lists them (while a
     *     thread is inside a call, none but the refinement when the overlap is not linearizable: the invariants are
     *     judged when every thread is between calls)
     * @param why each of those with its statement and details, in the same order
     * @param machineAfter a copy of the machine after the step, for a report
     * @param thread the step's thread (1-based), 0 in a sequential run
     */
    public record StepRecord(int index, String action, String result, List<String> broken, List<Broken> why,
                             Mk2Machine machineAfter, int thread) {
        public StepRecord {
            broken = List.copyOf(broken);
            why = List.copyOf(why);
        }
    }

    /** What the refinement check asks of a step, as {@code check --kernel mk2} states it. */
    public static final String REFINEMENT_STATEMENT = "every reference step is one the spec allows, with the same result";

    /**
     * An invariant a step leaves broken.
     *
     * @param id its id ({@link Mk2ReferenceSystem#REFINEMENT} for the refinement check)
     * @param statement its one-line statement
     * @param details the verdict's lines: what breaks it
     * @param before whether it was broken before the step already (a state invariant still failing)
     */
    public record Broken(String id, String statement, List<String> details, boolean before) {
        public Broken {
            details = List.copyOf(details);
        }
    }

    /**
     * The outcome: the steps replayed (up to and including the first that differs), the first difference, if any,
     * problems that kept the trace from replaying at all (a bound or a step it names that the model lacks), and the
     * bounds and profile the machine was built with.
     */
    public record Replay(List<StepRecord> steps, Optional<String> difference, List<TraceProblem> problems,
                         boolean refinementChecked, Mk2Bounds bounds, Mk2Profile profile) {
        public boolean agrees() {
            return difference.isEmpty() && problems.isEmpty();
        }
    }

    /** Replays {@code t}, with the refinement (and linearizability) checked for fixed. */
    public static Replay replay(Mk2Trace t) {
        return replay(t, false);
    }

    /**
     * Replays {@code t}; {@code refineAlways}: check the refinement and the linearizability of overlapping calls
     * whatever the profile (held to the spec, an erratum's race is an overlap no sequential order explains).
     */
    static Replay replay(Mk2Trace t, boolean refineAlways) {
        String source = t.file().map(Object::toString).orElse(t.name());
        List<TraceProblem> problems = new ArrayList<>();
        Mk2Bounds bounds = Mk2Bounds.defaults();
        Mk2Profile profile = Mk2Profile.FIXED;
        try {
            List<String[]> kvs = new ArrayList<>();
            t.bounds().forEach((k, v) -> kvs.add(new String[] {k, v}));
            bounds = Mk2Bounds.defaults().with(kvs);
        } catch (IllegalArgumentException e) {
            problems.add(new TraceProblem(source, t.header(), "bounds: " + e.getMessage()));
        }
        try {
            profile = Mk2Profile.select(t.profile(), t.errata());
        } catch (IllegalArgumentException e) {
            problems.add(new TraceProblem(source, t.header(), "errata: " + e.getMessage()));
        }
        List<Mk2Action> actions = new ArrayList<>();
        for (Mk2Trace.Step s : t.steps()) {
            try {
                actions.add(Mk2Labels.parse(s.action()));
            } catch (IllegalArgumentException e) {
                problems.add(new TraceProblem(source, s.position(), "step: " + e.getMessage()));
            }
        }
        boolean refine = refineAlways || profile.errata().isEmpty();
        if (!problems.isEmpty()) {
            return new Replay(List.of(), Optional.empty(), problems, refine, bounds, profile);
        }
        boolean threaded = t.threaded();
        int threads = bounds.threads();
        for (Mk2Trace.Step s : t.steps()) {
            threads = Math.max(threads, s.thread());
        }
        Judged run = new Judged(bounds, profile, threads, refine);
        List<StepRecord> records = new ArrayList<>();
        for (int k = 0; k < actions.size(); k++) {
            Mk2Trace.Step s = t.steps().get(k);
            String at = source + ":" + s.position().line() + ":" + s.position().column() + ": step " + (k + 1) + " "
                + Mk2Labels.label(actions.get(k));
            int thread = threaded ? Math.max(1, s.thread()) : 0;
            Optional<String> other = run.differentCall(thread, actions.get(k));
            if (other.isPresent()) {
                return new Replay(records, Optional.of(at + ": thread " + thread + " is inside " + other.get()
                    + ", so its step must name that call"), problems, refine, bounds, profile);
            }
            StepRecord rec = run.step(k + 1, thread, actions.get(k));
            records.add(rec);
            if (s.result().isPresent() && !s.result().get().equals(rec.result())) {
                return new Replay(records, Optional.of(at + (rec.result() == null ? " did not return (the call goes on)"
                    : " returned " + rec.result()) + ", the trace expects " + s.result().get()), problems, refine,
                    bounds, profile);
            }
            if (!new LinkedHashSet<>(s.violations()).equals(new LinkedHashSet<>(rec.broken()))) {
                return new Replay(records, Optional.of(at + " breaks " + (rec.broken().isEmpty() ? "nothing" : rec.broken())
                    + ", the trace expects " + (s.violations().isEmpty() ? "nothing" : s.violations())), problems, refine,
                    bounds, profile);
            }
        }
        return new Replay(records, Optional.empty(), problems, refine, bounds, profile);
    }

    /**
     * A machine stepped one action (or, with threads, one section) at a time. A state is judged by every state
     * invariant when every thread is between calls; a step that ran a whole call from such a state is judged by the
     * step invariants (and the refinement for fixed), as the threaded checker judges it; with the refinement, every
     * other step of a thread is judged for linearizability ({@link Mk2ThreadedSystem#overlap}).
     */
    private static final class Judged {
        private final Mk2Bounds bounds;
        private final Mk2Machine m;
        private final Mk2Invariants inv;
        private final boolean refine;
        private final Linearizability<Mk2State, Mk2Action> linearizability;
        /** The action each thread is inside, null between calls. */
        private final Mk2Action[] running;
        /** The abstract state at the last step after which every thread was between calls. */
        private Mk2State before;
        /** The calls that overlapped since then, and the orders of them that explain the run so far. */
        private Linearizability.Window<Mk2State, Mk2Action> window = Linearizability.Window.empty();

        Judged(Mk2Bounds bounds, Mk2Profile profile, int threads, boolean refine) {
            this.bounds = bounds;
            this.m = new Mk2Machine(Mk2ReferenceSystem.config(bounds), profile, threads);
            this.inv = new Mk2Invariants(bounds.platform());
            this.refine = refine;
            this.linearizability = Mk2ThreadedSystem.linearizability(bounds.platform());
            this.running = new Mk2Action[threads];
            this.before = Mk2Abstraction.of(m);
        }

        /** The call thread {@code thread} is inside when it is not {@code a}, for a message; empty otherwise. */
        Optional<String> differentCall(int thread, Mk2Action a) {
            Mk2Action in = thread == 0 ? null : running[thread - 1];
            return in == null || in.equals(a) ? Optional.empty() : Optional.of(Mk2Labels.label(in));
        }

        /** Thread {@code thread} (0: a sequential step) starts {@code a} or runs its call's next section. */
        StepRecord step(int index, int thread, Mk2Action a) {
            boolean quiescentBefore = m.quiescent();
            boolean starts = thread == 0 || running[thread - 1] == null;
            Mk2Action started = starts ? a : null;
            boolean contended = thread != 0 && Mk2ThreadedSystem.contended(m, started);
            long fingerprintBefore = refine && thread != 0 ? m.fingerprint() : 0;
            String overlapping = thread == 0 ? "" : Mk2ThreadedSystem.overlapping(Arrays.asList(running), thread - 1,
                started);
            StepResult r = thread == 0 ? Mk2Calls.run(m, a)
                : starts ? Mk2Calls.start(m, thread - 1, a) : m.resume(thread - 1);
            if (thread != 0) {
                running[thread - 1] = m.inFlight(thread - 1) == null ? null : a;
            }
            boolean lone = starts && quiescentBefore && m.quiescent();
            Mk2State after = m.quiescent() || refine && !lone ? Mk2Abstraction.of(m) : null;
            List<Broken> unexplained = List.of();
            if (refine && !lone) {
                Mk2ThreadedSystem.Overlap o = Mk2ThreadedSystem.overlap(linearizability, window, thread - 1, started,
                    contended, r, m.fingerprint() == fingerprintBefore, before, after, m.quiescent(), overlapping);
                window = m.quiescent() ? Linearizability.Window.empty() : o.window();
                unexplained = unexplained(o.unexplained());
            }
            if (!m.quiescent()) {
                return new StepRecord(index, Mk2Labels.label(a), r == null ? null : r.toString(), ids(unexplained),
                    unexplained, m.copy(), thread);
            }
            List<Broken> why = new ArrayList<>();
            for (Mk2Invariant i : inv.stateInvariants()) {
                if (i.check(after) instanceof Verdict.Violated v) {
                    why.add(new Broken(i.id(), i.statement(), v.details(), i.check(before) != Verdict.HOLDS));
                }
            }
            if (lone) {
                for (Mk2StepInvariant i : inv.stepInvariants()) {
                    if (i.check(before, a, Results.toSpec(r), after) instanceof Verdict.Violated v) {
                        why.add(new Broken(i.id(), i.statement(), v.details(), false));
                    }
                }
                if (refine && Mk2Judge.judge(bounds.platform(), before, a, Results.toSpec(r), after)
                    instanceof Verdict.Violated v) {
                    why.add(new Broken(Mk2ReferenceSystem.REFINEMENT, REFINEMENT_STATEMENT, v.details(), false));
                }
            }
            why.addAll(unexplained);
            before = after;
            return new StepRecord(index, Mk2Labels.label(a), r.toString(), ids(why), why, m.copy(), thread);
        }

        /** An overlap no order explains, as the refinement broken, its lines prefixed {@code linearizable: }. */
        private static List<Broken> unexplained(List<String> lines) {
            if (lines.isEmpty()) {
                return List.of();
            }
            List<String> prefixed = new ArrayList<>();
            lines.forEach(line -> prefixed.add(Linearizability.ID + ": " + line));
            return List.of(new Broken(Mk2ReferenceSystem.REFINEMENT, REFINEMENT_STATEMENT, prefixed, false));
        }

        /** The ids of {@code why}, each once, in order. */
        private static List<String> ids(List<Broken> why) {
            Set<String> broken = new LinkedHashSet<>();
            why.forEach(b -> broken.add(b.id()));
            return List.copyOf(broken);
        }
    }

    /**
     * The trace of a path of the mk2 reference, each step expecting what it did. {@code profile} is fixed with errata
     * switched on, or mk2.
     */
    public static Mk2Trace trace(String name, String description, Mk2Profile profile, java.util.Map<String, String> bounds,
                                 List<StepRecord> steps) {
        List<Mk2Trace.Step> out = new ArrayList<>();
        for (StepRecord s : steps) {
            out.add(new Mk2Trace.Step(s.action(), Optional.ofNullable(s.result()), s.broken(),
                mkspec.traces.format.Position.UNKNOWN, s.thread()));
        }
        boolean fixed = profile.name().startsWith("fixed");
        List<String> errata = new ArrayList<>();
        if (fixed) {
            profile.errata().forEach(e -> errata.add(e.name()));
        }
        return new Mk2Trace(name, Optional.of(description), fixed ? "fixed" : "mk2", errata, bounds, out, Optional.empty(),
            mkspec.traces.format.Position.UNKNOWN);
    }

    /**
     * A path of the mk2 spec or reference as a trace: its actions run on the reference with {@code profile}, each
     * step expecting what it did there (the checker's and the walks' counterexamples, written to be replayed).
     */
    public static Mk2Trace ofPath(String name, String description, Mk2Bounds bounds, Mk2Profile profile,
                                  List<Mk2Action> actions) {
        return trace(name, description, profile, bounds.asMap(), run(bounds, profile, actions));
    }

    /**
     * A schedule of the threaded mk2 reference {@code sys} as a threaded trace: every step names its thread and the
     * call it starts or goes on with, run section by section on a fresh machine with {@code profile}, each step
     * expecting what it did there (the threaded checker's and the threaded walks' counterexamples).
     */
    public static Mk2Trace ofSchedule(String name, String description, Mk2Bounds bounds, Mk2Profile profile,
                                      Mk2ThreadedSystem sys, Trace<Mk2ThreadedSystem.TState, Mk2ThreadedSystem.Move, ?> path) {
        List<ThreadStep> schedule = new ArrayList<>();
        Mk2ThreadedSystem.TState pre = path.initial();
        for (var st : path.steps()) {
            schedule.add(new ThreadStep(st.action().thread() + 1, sys.call(pre, st.action())));
            pre = st.state();
        }
        return trace(name, description, profile, bounds.asMap(), runThreaded(bounds, profile, schedule));
    }

    /** Runs {@code actions} on a fresh machine with {@code profile} and records what each step did. */
    public static List<StepRecord> run(Mk2Bounds bounds, Mk2Profile profile, List<Mk2Action> actions) {
        Judged run = new Judged(bounds, profile, 1, profile.errata().isEmpty());
        List<StepRecord> out = new ArrayList<>();
        for (int k = 0; k < actions.size(); k++) {
            out.add(run.step(k + 1, 0, actions.get(k)));
        }
        return out;
    }

    /** One step of a threaded run: {@code thread} (1-based) starts {@code action}, or continues it when inside it. */
    public record ThreadStep(int thread, Mk2Action action) {
    }

    /**
     * Runs a threaded schedule on a fresh machine with {@code bounds.threads()} threads and records what each step
     * did: a step of a thread between calls starts its action, a step of a thread inside a call runs its next section.
     */
    public static List<StepRecord> runThreaded(Mk2Bounds bounds, Mk2Profile profile, List<ThreadStep> steps) {
        int threads = bounds.threads();
        for (ThreadStep s : steps) {
            threads = Math.max(threads, s.thread());
        }
        Judged run = new Judged(bounds, profile, threads, profile.errata().isEmpty());
        List<StepRecord> out = new ArrayList<>();
        for (int k = 0; k < steps.size(); k++) {
            out.add(run.step(k + 1, steps.get(k).thread(), steps.get(k).action()));
        }
        return out;
    }
}
