package mkspec.traces.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import mkspec.reference.Profile;
import mkspec.spec.Bounds;
import mkspec.spec.check.CheckOptions;
import mkspec.spec.check.CheckResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mkspec check}: exhaustive breadth-first model checking of the spec and the reference. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Model-check every invariant over every reachable state within the bounds.",
        "With the fixed profile (the default) it checks the spec itself, then the reference through the abstraction,"
            + " with the refinement check (every reference step is the spec's step).",
        "With --profile rfc-v2 or --erratum it checks the reference with those defects, and stops at the shortest"
            + " counterexample, which it writes as a trace and a report."})
final class CheckCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--workers", paramLabel = "N", description = "worker threads (default: the number of cores)")
    Integer workers;

    @Option(names = "--max-depth", paramLabel = "N", defaultValue = "0", description = "stop expanding at this depth (0: no limit)")
    int maxDepth;

    @Option(names = "--max-states", paramLabel = "N", defaultValue = "0", description = "stop after this many distinct states (0: no limit)")
    long maxStates;

    @Option(names = "--recoverability", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "after a complete search, check that a clean machine can be reached from every state"
            + " (default: on; --no-recoverability turns it off)")
    boolean recoverability;

    @Option(names = "--recoverability-only",
        description = "check the reference for recoverability alone, every invariant off, so that the search goes past"
            + " the states that break one (e.g. with --erratum D1: where the machine can never be cleaned up again)")
    boolean recoverabilityOnly;

    @Option(names = "--rebuild-queued", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "keep the states waiting to be expanded as nothing but their place in the parent links, and"
            + " rebuild each from its parent when its turn comes: the heap then holds the store and one path per"
            + " worker, whatever the queue's length, for about three more steps per distinct state"
            + " (default: on; --no-rebuild-queued keeps them as objects)")
    boolean rebuildQueued;

    @Option(names = "--no-reduction",
        description = "with --bound threads=2 or 3: explore every interleaving, without the partial-order reduction "
            + "(which the fixed profile's linearizability check never uses)")
    boolean noReduction;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (model.mk2()) {
            return checkMk2(o, err);
        }
        if (model.listedBounds(o)) {
            return Main.OK;
        }
        ModelOptions.Chosen chosen = model.chosen(List.of("spec", "reference", "both"), "both");
        Bounds b = chosen.bounds();
        Profile p = chosen.profile();
        boolean pure = chosen.refines();
        String sys = chosen.system();
        int progress = chosen.progressSeconds();
        CheckOptions opts = CheckOptions.defaults().withWorkers(Inputs.workers(workers, err))
            .withCheckDeadlock(true).withMaxDepth((int) Inputs.notNegative("--max-depth", maxDepth)).withMaxStates(Inputs.notNegative("--max-states", maxStates)).withProgressInterval(Duration.ofSeconds(progress))
            .withRecoverability(recoverability).withRebuildQueued(rebuildQueued);
        o.println("mkspec check: profile " + p.name() + ", " + opts.workers() + " worker(s), bounds " + b.asMap());
        o.flush();
        if (recoverabilityOnly) {
            refuseRecoverabilityOnlyWith(sys);
            return run(o, err, "reference (" + p.name() + ", recoverability only, no invariants)",
                Checking.checkRecoverability(b, p, opts, Checking.printer(err, "reference")));
        }
        int code = Main.OK;
        if (sys.equals("spec") || sys.equals("both")) {
            code = Math.max(code, run(o, err, "spec", Checking.checkSpec(b, opts, Checking.printer(err, "spec"))));
        }
        if (code == Main.OK && (sys.equals("reference") || sys.equals("both"))) {
            if (b.threads() > 1) {
                boolean reduce = !noReduction && !pure;
                String what = "reference (" + p.name() + ", " + b.threads() + " threads"
                    + (pure ? ", refinement and linearizability checked" : "") + (reduce ? ", reduced" : "") + ")";
                code = Math.max(code, run(o, err, what, Checking.checkThreaded(b, p, pure, reduce, opts,
                    Checking.printer(err, "reference"), null)));
                return code;
            }
            String what = "reference (" + p.name() + (pure ? ", refinement checked" : "") + ")";
            code = Math.max(code, run(o, err, what, Checking.checkReference(b, p, pure, opts, Checking.printer(err, "reference"))));
        }
        return code;
    }

    private int checkMk2(PrintWriter o, PrintWriter err) throws java.io.IOException {
        if (model.mk2ListedBounds(o)) {
            return Main.OK;
        }
        mkspec.reference.mk2.Mk2Profile p = model.mk2Profile();
        String sys = model.mk2System(p, List.of("spec", "reference", "both"), "both");
        CheckOptions opts = CheckOptions.defaults().withWorkers(Inputs.workers(workers, err)).withCheckDeadlock(true)
            .withMaxDepth((int) Inputs.notNegative("--max-depth", maxDepth))
            .withMaxStates(Inputs.notNegative("--max-states", maxStates))
            .withProgressInterval(Duration.ofSeconds(model.progressSeconds())).withRecoverability(recoverability)
            .withRebuildQueued(rebuildQueued);
        if (recoverabilityOnly) {
            refuseRecoverabilityOnlyWith(sys);
            return Mk2Checking.recoverabilityOnly(o, err, model.mk2Bounds(), p, opts, model.out());
        }
        return Mk2Checking.checkCommand(o, err, model.mk2Bounds(), p, sys, opts, model.out());
    }

    /** --recoverability-only checks the reference with recoverability on: a usage error otherwise. */
    private void refuseRecoverabilityOnlyWith(String system) {
        if (!recoverability) {
            throw new Main.BadInput("--recoverability-only: not with --no-recoverability");
        }
        if (system.equals("spec")) {
            throw new Main.BadInput("--recoverability-only: checks the reference (the spec holds every invariant, so"
                + " a plain check already checks its recoverability); not with --system spec");
        }
    }

    private int run(PrintWriter o, PrintWriter err, String what, Checking.Outcome outcome) throws Exception {
        CheckResult<?, ?, ?> r = outcome.result();
        Checking.printTotals(o, what, r.stats(), true);
        if (r instanceof CheckResult.Passed) {
            o.println("  no invariant violated");
            o.flush();
            return Main.OK;
        }
        if (r instanceof CheckResult.BoundReached) {
            o.println("  no invariant violated before the bound " + ((CheckResult.BoundReached<?, ?, ?>) r).bound()
                + " was reached (the search is not exhaustive)");
            o.flush();
            return Main.OK;
        }
        if (r instanceof CheckResult.Unrecoverable) {
            boolean replays = Checking.reportUnrecoverable(o, outcome, model.out());
            o.flush();
            return replays ? Main.VIOLATION : Main.BAD_INPUT;
        }
        if (r instanceof CheckResult.Violated) {
            boolean replays = Checking.reportViolation(o, outcome, model.out());
            o.flush();
            return replays ? Main.VIOLATION : Main.BAD_INPUT;
        }
        if (r instanceof CheckResult.Deadlocked) {
            o.println("DEADLOCK: a state where no action is enabled, after " + ((CheckResult.Deadlocked<?, ?, ?>) r).trace().labels());
            o.flush();
            return Main.VIOLATION;
        }
        CheckResult.Threw<?, ?, ?> t = (CheckResult.Threw<?, ?, ?>) r;
        err.println(Console.message("the model threw during ") + t.during() + " after " + t.trace().labels() + ": " + t.exception());
        return Main.BAD_INPUT;
    }
}
