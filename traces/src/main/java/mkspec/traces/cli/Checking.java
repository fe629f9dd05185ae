package mkspec.traces.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import mkspec.reference.Profile;
import mkspec.reference.machine.StepResult;
import mkspec.refinement.Command;
import mkspec.refinement.Judge;
import mkspec.refinement.ReferenceSystem;
import mkspec.refinement.ThreadedSystem;
import mkspec.spec.Bounds;
import mkspec.spec.Spec;
import mkspec.spec.action.Action;
import mkspec.spec.check.CheckOptions;
import mkspec.spec.check.CheckResult;
import mkspec.spec.check.CheckStats;
import mkspec.spec.check.ModelChecker;
import mkspec.spec.check.ProgressListener;
import mkspec.spec.model.MkState;
import mkspec.spec.model.Result;
import mkspec.traces.format.Trace;
import mkspec.traces.steps.Counterexamples;
import mkspec.traces.replay.Replayer;

/** Runs the checker on the spec or the reference and prints what it found, the way {@code mkspec check} does. */
final class Checking {
    private Checking() {
    }

    /** What one run found: the result, and the counterexample as a trace when there is one. */
    record Outcome(CheckResult<?, ?, ?> result, Trace counterexample, List<String> brokenAtEnd) {
    }

    static Outcome checkSpec(Bounds b, CheckOptions o, ProgressListener p) {
        Spec spec = new Spec(b);
        CheckResult<MkState, Action, Result> r = ModelChecker.check(spec, o, p);
        if (r instanceof CheckResult.Unrecoverable) {
            CheckResult.Unrecoverable<MkState, Action, Result> u = (CheckResult.Unrecoverable<MkState, Action, Result>) r;
            Trace t = Counterexamples.ofSpec(Counterexamples.name("spec", "unrecoverable"), stuckDescription("the spec", u),
                b, u.trace());
            return new Outcome(r, t, lastBroken(t));
        }
        if (r instanceof CheckResult.Violated) {
            CheckResult.Violated<MkState, Action, Result> v = (CheckResult.Violated<MkState, Action, Result>) r;
            Trace t = Counterexamples.ofSpec(Counterexamples.name("spec", v.invariantId()),
                "the spec breaks " + v.invariantId() + ": " + v.statement(), b, v.trace());
            return new Outcome(r, t, lastBroken(t));
        }
        return new Outcome(r, null, List.of());
    }

    static Outcome checkReference(Bounds b, Profile profile, boolean refine, CheckOptions o, ProgressListener p) {
        return checkReference(b, profile, refine, o, p, null);
    }

    /** The reference checked for the invariants in {@code only} (all when null). */
    static Outcome checkReference(Bounds b, Profile profile, boolean refine, CheckOptions o, ProgressListener p,
                                  java.util.Set<String> only) {
        ReferenceSystem sys = new ReferenceSystem(b, profile, refine, only);
        CheckResult<ReferenceSystem.RefState, Command, StepResult> r = ModelChecker.check(sys, o, p);
        if (r instanceof CheckResult.Unrecoverable) {
            CheckResult.Unrecoverable<ReferenceSystem.RefState, Command, StepResult> u =
                (CheckResult.Unrecoverable<ReferenceSystem.RefState, Command, StepResult>) r;
            Trace t = Counterexamples.ofReference(Counterexamples.name(profile.name(), "unrecoverable"),
                stuckDescription(profile.name(), u), profile, b, u.trace());
            return new Outcome(r, t, lastBroken(t));
        }
        if (r instanceof CheckResult.Violated) {
            CheckResult.Violated<ReferenceSystem.RefState, Command, StepResult> v =
                (CheckResult.Violated<ReferenceSystem.RefState, Command, StepResult>) r;
            Trace t = Counterexamples.ofReference(Counterexamples.name(profile.name(), v.invariantId()),
                profile.name() + " breaks " + v.invariantId() + ": " + v.statement(), profile, b, v.trace());
            return new Outcome(r, t, lastBroken(t));
        }
        return new Outcome(r, null, List.of());
    }

    /**
     * The reference with {@code profile}, every invariant off, checked for recoverability only: the search goes past
     * the states that break invariants, as a user would, to find where no way leads back to a clean machine. With
     * {@code b.threads()} above one, the threads' calls interleave.
     */
    static Outcome checkRecoverability(Bounds b, Profile profile, CheckOptions o, ProgressListener p) {
        CheckOptions recover = o.withRecoverability(true);
        // With threads, without the reduction: it keeps the states the search reaches, not every way out of them.
        return b.threads() > 1 ? checkThreaded(b, profile, false, false, recover, p, Set.of())
            : checkReference(b, profile, false, recover, p, Set.of());
    }

    /** A trace's description of a state the user can never leave: what keeps it from being clean. */
    static String stuckDescription(String who, CheckResult.Unrecoverable<?, ?, ?> u) {
        return who + " reaches a state from which no sequence of steps gets back to " + u.homeId() + " (" + u.statement()
            + "): " + String.join("; ", u.notHome()) + ". " + waysOut(u);
    }

    /** Every way out of a stuck state, in one sentence, for a trace's description. */
    static String waysOut(CheckResult.Unrecoverable<?, ?, ?> u) {
        if (u.deadlocked()) {
            return "No step is enabled there: a deadlock.";
        }
        return "Every way out: " + String.join("; ", u.waysOut().stream().map(CheckResult.WayOut::line).toList()) + ".";
    }

    /**
     * The reference with {@code b.threads()} user threads whose calls interleave at their lock boundaries, checked
     * for the invariants in {@code only} (all when null); {@code reduce}: with the partial-order reduction.
     */
    static Outcome checkThreaded(Bounds b, Profile profile, boolean refine, boolean reduce, CheckOptions o,
                                 ProgressListener p, java.util.Set<String> only) {
        ThreadedSystem sys = new ThreadedSystem(b, profile, refine, only, reduce);
        CheckResult<ThreadedSystem.TState, ThreadedSystem.Move, StepResult> r = ModelChecker.check(sys, o, p);
        if (r instanceof CheckResult.Unrecoverable) {
            CheckResult.Unrecoverable<ThreadedSystem.TState, ThreadedSystem.Move, StepResult> u =
                (CheckResult.Unrecoverable<ThreadedSystem.TState, ThreadedSystem.Move, StepResult>) r;
            Trace t = Counterexamples.ofThreaded(Counterexamples.name(profile.name(), "unrecoverable"),
                stuckDescription(profile.name() + " with " + b.threads() + " threads", u), profile, b, u.trace());
            return new Outcome(r, t, lastBroken(t));
        }
        if (r instanceof CheckResult.Violated) {
            CheckResult.Violated<ThreadedSystem.TState, ThreadedSystem.Move, StepResult> v =
                (CheckResult.Violated<ThreadedSystem.TState, ThreadedSystem.Move, StepResult>) r;
            Trace t = Counterexamples.ofThreaded(Counterexamples.name(profile.name(), v.invariantId()),
                profile.name() + " with " + b.threads() + " threads breaks " + v.invariantId() + ": " + v.statement(),
                profile, b, v.trace());
            return new Outcome(r, t, lastBroken(t));
        }
        return new Outcome(r, null, List.of());
    }

    private static List<String> lastBroken(Trace t) {
        if (t.steps().isEmpty()) {
            return List.of();
        }
        return t.steps().get(t.steps().size() - 1).expect().map(e -> List.copyOf(e.violations())).orElse(List.of());
    }

    /** A progress listener printing one line to {@code err} each report. */
    static ProgressListener printer(PrintWriter err, String what) {
        return p -> {
            if (p.done()) {
                return;
            }
            err.printf(Locale.ROOT, "  %s: %,d generated, %,d distinct states, queue %,d, depth %d, %,.0f distinct states/s, "
                + "heap %s%n", what, p.statesGenerated(), p.distinctStates(), p.queueSize(), p.depth(),
                p.distinctPerSecond(), mib(p.heapBytes()));
            err.flush();
        };
    }

    /** {@code bytes} in MiB, one decimal. */
    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    /** The totals of a run, as lines. */
    static void printTotals(PrintWriter o, String what, CheckStats s, boolean coverage) {
        o.printf(Locale.ROOT, "%s: %,d distinct states, %,d generated, depth %d, %s, %,.0f distinct states/s, %.1f bytes/state%n",
            what, s.distinctStates(), s.statesGenerated(), s.depth(), seconds(s.elapsed()), s.distinctPerSecond(), s.bytesPerState());
        o.printf(Locale.ROOT, "  heap needed: %s at most after a collection (%,.0f bytes per stored state), beside the "
            + "store's %s%n", mib(s.peakHeapBytes()), (double) s.peakHeapBytes() / Math.max(1, s.distinctStates()),
            mib(s.peakStoreBytes()));
        if (s.rebuildSteps() > 0) {
            o.printf(Locale.ROOT, "  queued states rebuilt from their parents: %,d steps re-run (%.2f per distinct state)%n",
                s.rebuildSteps(), (double) s.rebuildSteps() / Math.max(1, s.distinctStates()));
        }
        if (coverage) {
            o.println("  coverage (action kind: enabled / led to a new state):");
            for (CheckStats.KindCoverage k : s.kinds()) {
                o.printf(Locale.ROOT, "    %-26s %,12d / %,d%n", k.kind(), k.enabled(), k.newStates());
            }
            List<CheckStats.ActionCoverage> never = s.neverEnabled();
            if (!never.isEmpty()) {
                o.println("  never enabled: " + never.stream().map(CheckStats.ActionCoverage::label).toList());
            }
        }
        for (String line : s.collision().lines()) {
            o.println("  " + line);
        }
        s.recovery().ifPresent(r -> o.printf(Locale.ROOT, "  recoverability: %,d of %,d states can get back to a clean "
            + "machine (%,d of them clean%s); backward pass over %,d transitions: %,d ms, %s (the search: %s)%n",
            r.canGetHome(), s.distinctStates(), r.homeStates(),
            r.unjudged() == 0 ? "" : String.format(Locale.ROOT, "; %,d outside the bounds, not judged", r.unjudged()),
            r.transitions(), r.elapsed().toMillis(), mib(r.bytes()), seconds(s.elapsed())));
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /**
     * Prints a state the user can never leave (what keeps it from being clean, and every step it offers), writes the
     * path into it as a trace and a report under {@code out}, and replays the trace at once.
     *
     * @return whether the trace replayed as the checker ran it
     */
    static boolean reportUnrecoverable(PrintWriter o, Outcome outcome, Path out) throws java.io.IOException {
        CheckResult.Unrecoverable<?, ?, ?> u = (CheckResult.Unrecoverable<?, ?, ?>) outcome.result();
        Trace t = outcome.counterexample();
        Replayer.Replay replay = Replayer.replay(t, Inputs.profileOf(t));
        printStuck(o, u);
        return written(o, replay, t, out, "the path");
    }

    /**
     * Writes the trace and report of {@code t} under {@code out} and prints where; a trace that did not replay as the
     * checker ran it is printed as a checker bug.
     *
     * @return whether it replayed
     */
    private static boolean written(PrintWriter o, Replayer.Replay replay, Trace t, Path out, String what)
            throws java.io.IOException {
        Path dir = out.resolve(t.name());
        Reports.write(replay, t, dir);
        o.println("  trace:  " + dir.resolve("trace.yaml"));
        o.println("  report: " + dir.resolve("report.html"));
        if (!replay.agrees()) {
            o.println("  CHECKER BUG: " + what + " does not replay: " + replay.difference().get().line());
            return false;
        }
        return true;
    }

    /** What keeps a stuck state from being clean, the shortest path into it, and every step it offers. */
    static void printStuck(PrintWriter o, CheckResult.Unrecoverable<?, ?, ?> u) {
        o.println("UNRECOVERABLE: a state from which no sequence of steps reaches " + u.homeId() + " (" + u.statement() + ")");
        for (String d : u.notHome()) {
            o.println("  " + d);
        }
        printPath(o, "  shortest path into it", u.trace());
        if (u.deadlocked()) {
            o.println("  no step is enabled there: a deadlock");
        } else {
            o.println("  every way out:");
            for (CheckResult.WayOut w : u.waysOut()) {
                o.println("    " + w.line());
            }
        }
    }

    static void printPath(PrintWriter o, String heading, mkspec.spec.check.Trace<?, ?, ?> path) {
        List<String> labels = path.labels();
        o.println(heading + " (" + Console.count(labels.size(), "step") + "):");
        for (int i = 0; i < labels.size(); i++) {
            Object result = path.steps().get(i).result();
            o.println("    " + (i + 1) + ". " + labels.get(i) + (result == null ? "  (the call goes on)" : "  -> " + result));
        }
    }

    /**
     * Prints a violation, writes its trace and report under {@code out}, and replays the trace at
     * once: a counterexample that does not replay to the same violation is a checker bug.
     *
     * @return whether the trace replayed to the same violation
     */
    static boolean reportViolation(PrintWriter o, Outcome outcome, Path out) throws java.io.IOException {
        CheckResult.Violated<?, ?, ?> v = (CheckResult.Violated<?, ?, ?>) outcome.result();
        Trace t = outcome.counterexample();
        Replayer.Replay replay = Replayer.replay(t, Inputs.profileOf(t));
        List<String> labels = v.trace().labels();
        o.println("VIOLATION of " + v.invariantId() + ": " + v.statement());
        for (String d : v.details()) {
            o.println("  " + d);
        }
        if (replay.steps().size() == labels.size() && !labels.isEmpty()) {
            Judge.Judgement last = replay.steps().get(labels.size() - 1).judgement();
            for (String line : Console.broken(last, replay.profile(), "the last step", Set.of(v.invariantId()), "  ")) {
                o.println(line);
            }
        }
        printPath(o, "  shortest path", v.trace());
        return written(o, replay, t, out, "the counterexample");
    }
}
