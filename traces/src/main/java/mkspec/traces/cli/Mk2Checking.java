package mkspec.traces.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import mkspec.reference.machine.StepResult;
import mkspec.reference.mk2.Mk2Erratum;
import mkspec.reference.mk2.Mk2Profile;
import mkspec.refinement.mk2.Mk2CaughtBy;
import mkspec.refinement.mk2.Mk2ReferenceSystem;
import mkspec.refinement.mk2.Mk2ThreadedSystem;
import mkspec.spec.check.CheckOptions;
import mkspec.spec.check.CheckResult;
import mkspec.spec.check.ModelChecker;
import mkspec.spec.check.ProgressListener;
import mkspec.spec.mk2.Mk2Bounds;
import mkspec.spec.mk2.Mk2Spec;
import mkspec.spec.mk2.action.Mk2Action;

/** {@code mkspec check} and {@code mkspec errata} with {@code --kernel mk2}: the later multikernel tree. */
final class Mk2Checking {
    private Mk2Checking() {
    }

    /** The kernels {@code --kernel} takes. */
    static final List<String> KERNELS = List.of("rfc-v2", "mk2");

    /** The kernel {@code --kernel} names, or a usage error. */
    static String kernel(String k) {
        if (!KERNELS.contains(k)) {
            throw new Main.BadInput("--kernel " + k + ": expected " + String.join(" or ", KERNELS));
        }
        return k;
    }

    /** The mk2 bounds: the defaults with each {@code key=value} applied in order. */
    static Mk2Bounds bounds(List<String> assignments) {
        List<String[]> kvs = Inputs.assignments(assignments);
        try {
            return Mk2Bounds.defaults().with(kvs);
        } catch (IllegalArgumentException e) {
            throw new Main.BadInput("--bound: " + e.getMessage());
        }
    }

    /** The profile of {@code --profile} (mk2 or fixed; rfc-v2's default "fixed" serves both) and {@code --erratum}. */
    static Mk2Profile profile(String name, List<String> errata) {
        try {
            return Mk2Profile.select(name, errata);
        } catch (IllegalArgumentException e) {
            throw new Main.BadInput("--profile/--erratum: " + e.getMessage());
        }
    }

    /**
     * What one mk2 run found, and how a path of the system checked is written as a trace (a sequential path, or a
     * threaded schedule whose steps name their threads).
     */
    record Outcome(CheckResult<?, ?, StepResult> result, Paths paths) {
        /** The path {@code path} of this run as a trace, each step expecting what the reference did. */
        mkspec.traces.format.Mk2Trace trace(String name, String description, Mk2Bounds b, Mk2Profile p,
                                            mkspec.spec.check.Trace<?, ?, ?> path) {
            return paths.trace(name, description, b, p, path);
        }
    }

    /** Writes a path of the system checked as a trace replayed on a fresh machine with profile {@code p}. */
    interface Paths {
        mkspec.traces.format.Mk2Trace trace(String name, String description, Mk2Bounds b, Mk2Profile p,
                                            mkspec.spec.check.Trace<?, ?, ?> path);
    }

    /**
     * The mk2 reference with {@code p} checked: one call at a time, or, with {@code b.threads()} above one, the
     * threads' calls interleaving at their lock boundaries ({@link Mk2ThreadedSystem}). The refinement is checked for
     * fixed.
     */
    @SuppressWarnings("unchecked")
    static Outcome check(Mk2Bounds b, Mk2Profile p, Set<String> only, CheckOptions o, ProgressListener l) {
        boolean refine = p.errata().isEmpty();
        if (b.threads() > 1) {
            Mk2ThreadedSystem sys = new Mk2ThreadedSystem(b, p, only, refine);
            return new Outcome(ModelChecker.check(sys, o, l), (name, d, bb, pp, path) ->
                mkspec.traces.replay.Mk2Replayer.ofSchedule(name, d, bb, pp, sys,
                    (mkspec.spec.check.Trace<Mk2ThreadedSystem.TState, Mk2ThreadedSystem.Move, ?>) path));
        }
        return new Outcome(ModelChecker.check(new Mk2ReferenceSystem(b, p, only, refine), o, l),
            (name, d, bb, pp, path) -> counterexample(name, d, bb, pp, (mkspec.spec.check.Trace<?, Mk2Action, ?>) path));
    }

    /**
     * {@code mkspec check --kernel mk2}: the spec, then the reference through the abstraction (with the refinement
     * check for fixed), or either alone; exit code 0, 1 or 2.
     */
    static int checkCommand(PrintWriter o, PrintWriter err, Mk2Bounds b, Mk2Profile p, String system, CheckOptions opts,
                            java.nio.file.Path out) throws java.io.IOException {
        header(o, b, p, opts);
        int code = Main.OK;
        if (system.equals("spec") || system.equals("both")) {
            CheckResult<?, ?, ?> r = ModelChecker.check(new Mk2Spec(b), opts, Checking.printer(err, "spec"));
            Checking.printTotals(o, "spec (mk2)", r.stats(), true);
            code = report(o, new Outcome((CheckResult<?, ?, StepResult>) (CheckResult<?, ?, ?>) r, (name, d, bb, pp,
                path) -> counterexample(name, d, bb, pp, (mkspec.spec.check.Trace<?, Mk2Action, ?>) path)), b,
                Mk2Profile.FIXED, out);
        }
        if (code == Main.OK && (system.equals("reference") || system.equals("both"))) {
            boolean refine = p.errata().isEmpty();
            Outcome r = check(b, p, null, opts, Checking.printer(err, "reference"));
            Checking.printTotals(o, "reference (mk2, " + p.name() + (b.threads() > 1 ? ", " + b.threads() + " threads"
                : "") + (refine ? b.threads() > 1 ? ", refinement and linearizability checked" : ", refinement checked"
                : "") + ")", r.result().stats(), true);
            code = report(o, r, b, p, out);
        }
        return code;
    }

    /** The line every mk2 check starts with: what is checked, on how many workers, within which bounds. */
    private static void header(PrintWriter o, Mk2Bounds b, Mk2Profile p, CheckOptions opts) {
        o.println("mkspec check: kernel mk2, profile " + p.name() + ", " + opts.workers() + " worker(s), bounds "
            + b.asMap());
        o.flush();
    }

    /** The mk2 reference with {@code p} and every invariant off, checked for recoverability alone. */
    static Outcome checkRecoverability(Mk2Bounds b, Mk2Profile p, CheckOptions opts, ProgressListener l) {
        return check(b, p, Set.of(), opts.withRecoverability(true), l);
    }

    /** {@code mkspec check --kernel mk2 --recoverability-only}. */
    static int recoverabilityOnly(PrintWriter o, PrintWriter err, Mk2Bounds b, Mk2Profile p, CheckOptions opts,
                                  java.nio.file.Path out) throws java.io.IOException {
        header(o, b, p, opts);
        Outcome r = checkRecoverability(b, p, opts, Checking.printer(err, "reference"));
        Checking.printTotals(o, "reference (mk2, " + p.name() + ", recoverability only, no invariants)",
            r.result().stats(), true);
        return report(o, r, b, p, out);
    }

    private static int report(PrintWriter o, Outcome outcome, Mk2Bounds b, Mk2Profile p, java.nio.file.Path out)
            throws java.io.IOException {
        CheckResult<?, ?, StepResult> r = outcome.result();
        if (r instanceof CheckResult.Passed) {
            o.println("  no invariant violated");
            o.flush();
            return Main.OK;
        }
        if (r instanceof CheckResult.BoundReached<?, ?, ?> br) {
            o.println("  no invariant violated before the bound " + br.bound() + " was reached (the search is not exhaustive)");
            o.flush();
            return Main.OK;
        }
        if (r instanceof CheckResult.Violated<?, ?, StepResult> v) {
            o.println("VIOLATION of " + v.invariantId() + ": " + v.statement());
            for (String d : v.details()) {
                o.println("  " + d);
            }
            Checking.printPath(o, "  shortest path", v.trace());
            String name = "mk2-" + p.name().replace('+', '-') + "-" + v.invariantId();
            mkspec.traces.format.Mk2Trace t = outcome.trace(name, p.name() + (b.threads() > 1 ? " with " + b.threads()
                + " threads" : "") + " breaks " + v.invariantId() + ": " + v.statement(), b, p, v.trace());
            boolean replayed = written(o, t, out, "the counterexample");
            o.flush();
            return replayed ? Main.VIOLATION : Main.BAD_INPUT;
        }
        if (r instanceof CheckResult.Unrecoverable<?, ?, StepResult> u) {
            Checking.printStuck(o, u);
            String name = "mk2-" + p.name().replace('+', '-') + "-unrecoverable";
            mkspec.traces.format.Mk2Trace t = outcome.trace(name, Checking.stuckDescription(p.name(), u), b, p,
                u.trace());
            boolean replayed = written(o, t, out, "the path");
            o.flush();
            return replayed ? Main.VIOLATION : Main.BAD_INPUT;
        }
        if (r instanceof CheckResult.Deadlocked<?, ?, ?> d) {
            o.println("DEADLOCK: a state where no action is enabled, after " + d.trace().labels());
            o.flush();
            return Main.VIOLATION;
        }
        CheckResult.Threw<?, ?, ?> t = (CheckResult.Threw<?, ?, ?>) r;
        o.println("mkspec: the model threw during " + t.during() + " after " + t.trace().labels() + ": " + t.exception());
        o.flush();
        return Main.BAD_INPUT;
    }

    /**
     * {@code mkspec errata --kernel mk2}: each defect alone over fixed, the invariants its shortest counterexample
     * breaks, and a targeted search for each designed invariant it did not break.
     */
    static int errataCommand(PrintWriter o, PrintWriter err, Mk2Bounds b, List<String> only, CheckOptions opts,
                             boolean requireAll, boolean paths, java.nio.file.Path out, java.nio.file.Path corpus)
            throws java.io.IOException {
        List<Mk2Erratum> which = new ArrayList<>();
        for (String id : only) {
            try {
                which.add(Mk2Profile.byId(id));
            } catch (IllegalArgumentException e) {
                throw new Main.BadInput("--erratum: " + e.getMessage());
            }
        }
        if (which.isEmpty()) {
            which.addAll(List.of(Mk2Erratum.values()));
        }
        o.printf(Locale.ROOT, "%-4s %-44s %5s %8s  %s%n", "", "caught by (shortest counterexample)", "steps", "time",
            "the design says");
        int missed = 0;
        for (Mk2Erratum e : which) {
            Mk2Profile p = Mk2Profile.select("fixed", List.of(e.name()));
            // a race needs two threads: no sequential run shows it
            Mk2Bounds be = e.race() && b.threads() == 1 ? b.with(List.<String[]>of(new String[] {"threads", "2"})) : b;
            long t0 = System.nanoTime();
            Outcome first = check(be, p, null, opts, Checking.printer(err, e.name()));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            Set<String> caught = new LinkedHashSet<>();
            String steps = "-";
            if (first.result() instanceof CheckResult.Violated<?, ?, StepResult> v) {
                mkspec.traces.format.Mk2Trace t = reproducer(first, be, e, p, v);
                // every invariant the last step breaks, state and step invariants alike, as its trace replays
                caught.addAll(t.steps().get(t.steps().size() - 1).violations());
                steps = Integer.toString(v.trace().length());
                writeReport(t, out.resolve("errata").resolve(e.name()));
                if (corpus != null) {
                    writeCorpus(corpus, first, be, e, t, v);
                }
            } else {
                missed++;
            }
            List<String> design = new ArrayList<>();
            for (String inv : Mk2CaughtBy.designed(e)) {
                if (caught.contains(inv)) {
                    design.add(inv + " (yes)");
                    continue;
                }
                Outcome targeted = check(be, p, Set.of(inv), opts, Checking.printer(err, e.name() + "/" + inv));
                if (targeted.result() instanceof CheckResult.Violated<?, ?, StepResult> tv) {
                    design.add(inv + " (yes, in " + tv.trace().length() + " steps)");
                    writeReport(reproducer(targeted, be, e, p, tv), out.resolve("errata").resolve(e.name() + "-" + inv));
                } else {
                    design.add(inv + " (not reachable within the bounds)");
                }
            }
            o.printf(Locale.ROOT, "%-4s %-44s %5s %8s  %s%n", e.name(),
                caught.isEmpty() ? "nothing within the bounds" : String.join(", ", caught), steps, Checking.seconds(took),
                String.join("; ", design) + (e.race() ? " [" + be.threads() + " threads]" : ""));
            if (paths && first.result() instanceof CheckResult.Violated<?, ?, ?> v) {
                Checking.printPath(o, "  shortest path", v.trace());
            }
            o.flush();
        }
        o.println("counterexamples: " + out.resolve("errata"));
        return requireAll && missed > 0 ? Main.VIOLATION : Main.OK;
    }

    /**
     * Defect {@code e}'s counterexample {@code v}, found by run {@code found}, as its reproducer trace
     * ({@code n12-instances-disjoint}, fixed with the defect on; a threaded trace for a race), each step expecting what
     * it did.
     */
    private static mkspec.traces.format.Mk2Trace reproducer(Outcome found, Mk2Bounds b, Mk2Erratum e, Mk2Profile p,
                                                            CheckResult.Violated<?, ?, StepResult> v) {
        return found.trace(e.name().toLowerCase(Locale.ROOT) + "-" + v.invariantId(),
            e + ": " + e.text() + "; found as " + v.invariantId(), b, p, v.trace());
    }

    /** The report folder of counterexample {@code t} at {@code dir}, as errata writes it for RFC v2. */
    private static void writeReport(mkspec.traces.format.Mk2Trace t, java.nio.file.Path dir) throws java.io.IOException {
        Reports.write(mkspec.traces.replay.Mk2Replayer.replay(t), t, dir);
    }

    /**
     * The corpus pair of defect {@code e}: its reproducer {@code t} ({@code n12-instances-disjoint.yaml}) and the same
     * steps under fixed ({@code n12-fixed.yaml}), where nothing breaks.
     */
    private static void writeCorpus(java.nio.file.Path corpus, Outcome found, Mk2Bounds b, Mk2Erratum e,
                                    mkspec.traces.format.Mk2Trace t, CheckResult.Violated<?, ?, StepResult> v) {
        String id = e.name().toLowerCase(Locale.ROOT);
        write(t, corpus, t.name() + ".yaml");
        write(found.trace(id + "-fixed", "the steps of " + t.name() + " under fixed: " + e.fix(), b, Mk2Profile.FIXED,
            v.trace()), corpus, id + "-fixed.yaml");
    }

    /** Whether {@code file} is an mk2 trace ({@code kernel: mk2}); a file too large or unreadable is not. */
    static boolean isMk2Trace(java.nio.file.Path file) {
        try {
            if (java.nio.file.Files.size(file) > mkspec.traces.format.TraceReader.MAX_BYTES) {
                return false;
            }
            byte[] bytes = java.nio.file.Files.readAllBytes(file);
            return mkspec.traces.format.Mk2TraceFormat.isMk2(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** An mk2 trace and its replay. */
    record Replayed(mkspec.traces.format.Mk2Trace trace, mkspec.traces.replay.Mk2Replayer.Replay replay) {
    }

    /**
     * Reads and replays one mk2 trace; a trace that cannot be read or replayed at all (a bound, an erratum or a step
     * the model lacks) has its problems printed to {@code err} and is empty.
     */
    private static java.util.Optional<Replayed> readAndReplay(java.nio.file.Path file, PrintWriter err) {
        mkspec.traces.format.Mk2TraceFormat.Read read = mkspec.traces.format.Mk2TraceFormat.read(file);
        if (read instanceof mkspec.traces.format.Mk2TraceFormat.Read.Rejected rj) {
            rj.problems().forEach(p -> err.println(p.render()));
            return java.util.Optional.empty();
        }
        mkspec.traces.format.Mk2Trace t = ((mkspec.traces.format.Mk2TraceFormat.Read.Accepted) read).trace();
        mkspec.traces.replay.Mk2Replayer.Replay r = mkspec.traces.replay.Mk2Replayer.replay(t);
        if (!r.problems().isEmpty()) {
            r.problems().forEach(p -> err.println(p.render()));
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Replayed(t, r));
    }

    /**
     * Replays one mk2 trace and prints its line; a trace that differs gets its report folder under {@code out}
     * (none when {@code out} is null). Returns 0 (as recorded), 1 (differs) or 2 (cannot be read).
     */
    static int replay(java.nio.file.Path file, PrintWriter o, PrintWriter err, java.nio.file.Path out)
            throws java.io.IOException {
        java.util.Optional<Replayed> read = readAndReplay(file, err);
        if (read.isEmpty()) {
            return Main.BAD_INPUT;
        }
        mkspec.traces.format.Mk2Trace t = read.get().trace();
        mkspec.traces.replay.Mk2Replayer.Replay r = read.get().replay();
        String profile = t.profile() + (t.errata().isEmpty() ? "" : "+" + String.join("+", t.errata()));
        if (r.agrees()) {
            o.println("ok    " + file + "  (" + Console.count(t.steps().size(), "step") + ", mk2 " + profile
                + (r.refinementChecked() ? ", refines the spec" : "") + ")");
            return Main.OK;
        }
        o.println("FAIL  " + r.difference().get());
        if (out != null) {
            java.nio.file.Path dir = Reports.write(r, t, out.resolve(t.name()));
            o.println("      report: " + dir.resolve(mkspec.traces.report.ReportWriter.HTML_FILE));
        }
        return Main.VIOLATION;
    }

    /** {@code mkspec report} of an mk2 trace: its report folder at {@code out}; 0 as recorded, 1 differs, 2 unreadable. */
    static int reportCommand(java.nio.file.Path file, java.nio.file.Path out, PrintWriter o, PrintWriter err)
            throws java.io.IOException {
        java.util.Optional<Replayed> read = readAndReplay(file, err);
        if (read.isEmpty()) {
            return Main.BAD_INPUT;
        }
        Reports.write(read.get().replay(), read.get().trace(), out);
        o.println(mkspec.traces.report.Mk2ReportBuilder.verdict(read.get().replay()));
        o.println("report: " + out.resolve(mkspec.traces.report.ReportWriter.HTML_FILE));
        return read.get().replay().agrees() ? Main.OK : Main.VIOLATION;
    }

    /**
     * Writes the trace and report of counterexample {@code t} to {@code out/<name>}, replays it at once and prints
     * where it went; a trace that does not replay as the checker ran it is printed as a checker bug.
     *
     * @return whether it replayed
     */
    static boolean written(PrintWriter o, mkspec.traces.format.Mk2Trace t, java.nio.file.Path out, String what)
            throws java.io.IOException {
        mkspec.traces.replay.Mk2Replayer.Replay r = mkspec.traces.replay.Mk2Replayer.replay(t);
        java.nio.file.Path dir = Reports.write(r, t, out.resolve(t.name()));
        o.println("  trace:  " + dir.resolve(mkspec.traces.report.ReportWriter.TRACE_FILE));
        o.println("  report: " + dir.resolve(mkspec.traces.report.ReportWriter.HTML_FILE));
        if (!r.agrees()) {
            o.println("  CHECKER BUG: " + what + " does not replay: " + r.difference().orElse(r.problems().toString()));
            return false;
        }
        return true;
    }

    /** A counterexample of the mk2 reference as a trace, each step expecting what the reference did. */
    static mkspec.traces.format.Mk2Trace counterexample(String name, String description, Mk2Bounds b, Mk2Profile p,
                                                       mkspec.spec.check.Trace<?, Mk2Action, ?> path) {
        List<Mk2Action> actions = new ArrayList<>();
        path.steps().forEach(s -> actions.add(s.action()));
        return mkspec.traces.replay.Mk2Replayer.ofPath(name, description, b, p, actions);
    }

    /** Writes {@code t} as {@code dir/file}, whole or not at all (a temporary file moved into place). */
    static java.nio.file.Path write(mkspec.traces.format.Mk2Trace t, java.nio.file.Path dir, String file) {
        try {
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Path target = dir.resolve(file);
            java.nio.file.Path tmp = java.nio.file.Files.createTempFile(dir, "." + file, ".new");
            java.nio.file.Files.writeString(tmp, mkspec.traces.format.Mk2TraceFormat.write(t));
            java.nio.file.Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (java.io.IOException e) {
            throw new Main.BadInput(dir + ": cannot write " + file + ": " + e.getMessage());
        }
    }
}
