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
        List<String[]> kvs = new ArrayList<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new Main.BadInput("--bound " + a + ": expected key=value");
            }
            kvs.add(new String[] {a.substring(0, eq).trim(), a.substring(eq + 1).trim()});
        }
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

    /** What one mk2 run found. */
    record Outcome(CheckResult<Mk2ReferenceSystem.RefState, Mk2Action, StepResult> result) {
    }

    static Outcome check(Mk2Bounds b, Mk2Profile p, Set<String> only, CheckOptions o, ProgressListener l) {
        return new Outcome(ModelChecker.check(new Mk2ReferenceSystem(b, p, only, p.errata().isEmpty()), o, l));
    }

    /**
     * {@code mkspec check --kernel mk2}: the spec, then the reference through the abstraction (with the refinement
     * check for fixed), or either alone; exit code 0, 1 or 2.
     */
    static int checkCommand(PrintWriter o, PrintWriter err, Mk2Bounds b, Mk2Profile p, String system, CheckOptions opts) {
        o.println("mkspec check: kernel mk2, profile " + p.name() + ", " + opts.workers() + " worker(s), bounds "
            + b.asMap());
        o.flush();
        int code = Main.OK;
        if (system.equals("spec") || system.equals("both")) {
            CheckResult<?, ?, ?> r = ModelChecker.check(new Mk2Spec(b), opts, Checking.printer(err, "spec"));
            Checking.printTotals(o, "spec (mk2)", r.stats(), true);
            code = report(o, r);
        }
        if (code == Main.OK && (system.equals("reference") || system.equals("both"))) {
            boolean refine = p.errata().isEmpty();
            Outcome r = check(b, p, null, opts, Checking.printer(err, "reference"));
            Checking.printTotals(o, "reference (mk2, " + p.name() + (refine ? ", refinement checked" : "") + ")",
                r.result().stats(), true);
            code = report(o, r.result());
        }
        return code;
    }

    private static <S, A, R> int report(PrintWriter o, CheckResult<S, A, R> r) {
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
        if (r instanceof CheckResult.Violated<S, A, R> v) {
            o.println("VIOLATION of " + v.invariantId() + ": " + v.statement());
            for (String d : v.details()) {
                o.println("  " + d);
            }
            printPath(o, v.trace());
            o.flush();
            return Main.VIOLATION;
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

    private static <S, A, R> void printPath(PrintWriter o, mkspec.spec.check.Trace<S, A, R> t) {
        List<String> labels = t.labels();
        o.println("  shortest path (" + labels.size() + (labels.size() == 1 ? " step" : " steps") + "):");
        o.println("    (mk2 counterexamples are printed, not yet written as traces: docs/mk2.md)");
        for (int i = 0; i < labels.size(); i++) {
            o.println("    " + (i + 1) + ". " + labels.get(i) + "  -> " + t.steps().get(i).result());
        }
    }

    /**
     * {@code mkspec errata --kernel mk2}: each defect alone over fixed, the invariants its shortest counterexample
     * breaks, and a targeted search for each designed invariant it did not break.
     */
    static int errataCommand(PrintWriter o, PrintWriter err, Mk2Bounds b, List<String> only, CheckOptions opts,
                             boolean requireAll, boolean paths) {
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
            long t0 = System.nanoTime();
            Outcome first = check(b, p, null, opts, Checking.printer(err, e.name()));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            Set<String> caught = new LinkedHashSet<>();
            String steps = "-";
            if (first.result() instanceof CheckResult.Violated<Mk2ReferenceSystem.RefState, Mk2Action, StepResult> v) {
                caught.addAll(brokenByLastStep(b, v));
                steps = Integer.toString(v.trace().length());
            } else {
                missed++;
            }
            List<String> design = new ArrayList<>();
            for (String inv : Mk2CaughtBy.designed(e)) {
                if (caught.contains(inv)) {
                    design.add(inv + " (yes)");
                    continue;
                }
                Outcome targeted = check(b, p, Set.of(inv), opts, Checking.printer(err, e.name() + "/" + inv));
                if (targeted.result() instanceof CheckResult.Violated<?, ?, ?> tv) {
                    design.add(inv + " (yes, in " + tv.trace().length() + " steps)");
                } else {
                    design.add(inv + " (not reachable within the bounds)");
                }
            }
            o.printf(Locale.ROOT, "%-4s %-44s %5s %8s  %s%n", e.name(),
                caught.isEmpty() ? "nothing within the bounds" : String.join(", ", caught), steps, Checking.seconds(took),
                String.join("; ", design));
            if (paths && first.result() instanceof CheckResult.Violated<Mk2ReferenceSystem.RefState, Mk2Action, StepResult> v) {
                printPath(o, v.trace());
            }
            o.flush();
        }
        return requireAll && missed > 0 ? Main.VIOLATION : Main.OK;
    }

    /** Every invariant the last step of a counterexample breaks, state and step invariants alike. */
    private static List<String> brokenByLastStep(Mk2Bounds b,
                                                 CheckResult.Violated<Mk2ReferenceSystem.RefState, Mk2Action, StepResult> v) {
        Mk2ReferenceSystem all = new Mk2ReferenceSystem(b, Mk2Profile.MK2, null, false);
        var steps = v.trace().steps();
        List<String> out = new ArrayList<>();
        if (steps.isEmpty()) {
            for (var inv : all.invariants()) {
                if (inv.check(v.trace().initial()) != mkspec.spec.check.Verdict.HOLDS) {
                    out.add(inv.id());
                }
            }
            return out;
        }
        var last = steps.get(steps.size() - 1);
        var pre = steps.size() == 1 ? v.trace().initial() : steps.get(steps.size() - 2).state();
        for (var inv : all.invariants()) {
            if (inv.check(last.state()) != mkspec.spec.check.Verdict.HOLDS) {
                out.add(inv.id());
            }
        }
        for (var inv : all.stepInvariants()) {
            if (inv.check(pre, last.action(), last.result(), last.state()) != mkspec.spec.check.Verdict.HOLDS) {
                out.add(inv.id());
            }
        }
        return out;
    }
}
