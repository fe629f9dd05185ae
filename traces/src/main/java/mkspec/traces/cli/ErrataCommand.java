package mkspec.traces.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import mkspec.reference.Erratum;
import mkspec.reference.Profile;
import mkspec.spec.Bounds;
import mkspec.spec.check.CheckOptions;
import mkspec.spec.check.CheckResult;
import mkspec.refinement.CaughtBy;
import mkspec.traces.format.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mkspec errata}: what each erratum breaks, found by the checker. */
@Command(name = "errata", mixinStandardHelpOptions = true,
    description = {"For every erratum, model-check the reference with only that erratum on over fixed, and report the"
        + " invariants its shortest counterexample breaks, its length and the time it took; then look for a shortest"
        + " violation of each invariant the design (docs/design.md) maps the erratum to that the first one did not break.",
        "Counterexamples are written as traces and reports under --out/errata/."})
final class ErrataCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--kernel", paramLabel = "K", defaultValue = "rfc-v2",
        description = "the modelled kernel: rfc-v2 or mk2 (default: ${DEFAULT-VALUE})")
    String kernel;

    @Option(names = "--paths", description = "with --kernel mk2: print each defect's shortest counterexample under its row")
    boolean paths;

    @Option(names = "--bound", paramLabel = "K=V", description = "change a bound, as for check")
    List<String> bounds = new ArrayList<>();

    @Option(names = "--workers", paramLabel = "N", description = "worker threads (default: the number of cores)")
    Integer workers;

    @Option(names = "--erratum", paramLabel = "D", split = ",", description = "only these errata")
    List<String> only = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "mkspec-out", description = "where counterexamples go (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--require-all", description = "exit 1 unless every erratum is caught")
    boolean requireAll;

    @Option(names = "--corpus", paramLabel = "DIR",
        description = "also write each shortest counterexample as a corpus trace, and the same steps under fixed")
    Path corpus;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (Mk2Checking.kernel(kernel).equals("mk2")) {
            return Mk2Checking.errataCommand(o, err, Mk2Checking.bounds(bounds), only,
                CheckOptions.defaults().withWorkers(Inputs.workers(workers, err)).withCheckDeadlock(false), requireAll, paths,
                out, corpus);
        }
        if (paths) {
            throw new Main.BadInput("--paths: only with --kernel mk2 (rfc-v2 writes each counterexample under --out)");
        }
        Bounds b = Inputs.bounds(bounds);
        CheckOptions opts = CheckOptions.defaults().withWorkers(Inputs.workers(workers, err))
            .withCheckDeadlock(false);
        // the same ids, in any case, and the same messages as check's --erratum
        List<Erratum> which = new ArrayList<>(Inputs.profile(Trace.PROFILE_FIXED, only).errata());
        if (which.isEmpty()) {
            which.addAll(List.of(Erratum.values()));
        }
        o.printf(Locale.ROOT, "%-4s %-44s %5s %8s  %s%n", "", "caught by (shortest counterexample)", "steps", "time", "the design says");
        int missed = 0;
        for (Erratum e : which) {
            Profile p = Profile.fixed().with(e);
            Bounds be = e.race() && b.threads() == 1 ? b.with("threads", "2") : b; // a race needs two threads
            long t0 = System.nanoTime();
            Checking.Outcome first = check(be, p, opts, Checking.printer(err, e.name()), null);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            Set<String> caught = new LinkedHashSet<>(first.brokenAtEnd());
            String steps = "-";
            if (first.result() instanceof CheckResult.Violated) {
                steps = Integer.toString(((CheckResult.Violated<?, ?, ?>) first.result()).trace().length());
                writeQuietly(first, out.resolve("errata").resolve(e.name()));
                if (corpus != null) {
                    Corpus.write(corpus, e, first.counterexample(), caught);
                }
            } else {
                missed++;
            }
            List<String> design = new ArrayList<>();
            for (String inv : CaughtBy.designed(e)) {
                if (inv.equals(CaughtBy.RECOVERABLE)) {
                    design.add(recoverability(be, p, opts, err, e));
                    continue;
                }
                if (caught.contains(inv)) {
                    design.add(inv + " (yes)");
                    continue;
                }
                Checking.Outcome targeted = check(be, p, opts, Checking.printer(err, e.name() + "/" + inv), Set.of(inv));
                if (targeted.result() instanceof CheckResult.Violated) {
                    int len = ((CheckResult.Violated<?, ?, ?>) targeted.result()).trace().length();
                    design.add(inv + " (yes, in " + len + " steps)");
                    writeQuietly(targeted, out.resolve("errata").resolve(e.name() + "-" + inv));
                    if (corpus != null) {
                        Corpus.write(corpus, e, targeted.counterexample(), new LinkedHashSet<>(targeted.brokenAtEnd()));
                    }
                } else {
                    design.add(inv + " (not reachable within the bounds)");
                }
            }
            o.printf(Locale.ROOT, "%-4s %-44s %5s %8s  %s%n", e.name(),
                caught.isEmpty() ? "nothing within the bounds" : String.join(", ", caught), steps, Checking.seconds(took),
                String.join("; ", design));
            o.flush();
        }
        o.println("counterexamples: " + out.resolve("errata"));
        return requireAll && missed > 0 ? Main.VIOLATION : Main.OK;
    }

    /** The recoverability column: where the erratum leaves the machine stuck, written under --out and --corpus. */
    private String recoverability(Bounds b, Profile p, CheckOptions opts, PrintWriter err, Erratum e) throws java.io.IOException {
        Checking.Outcome stuck = Checking.checkRecoverability(b, p, opts, Checking.printer(err, e.name() + "/recoverable"));
        if (!(stuck.result() instanceof CheckResult.Unrecoverable)) {
            return CaughtBy.RECOVERABLE + " (holds within the bounds)";
        }
        CheckResult.Unrecoverable<?, ?, ?> u = (CheckResult.Unrecoverable<?, ?, ?>) stuck.result();
        writeQuietly(stuck, out.resolve("errata").resolve(e.name() + "-" + CaughtBy.RECOVERABLE));
        if (corpus != null) {
            Corpus.writeStuck(corpus, e, stuck.counterexample(), u);
        }
        return CaughtBy.RECOVERABLE + " (broken: stuck after " + Console.count(u.trace().length(), "step")
            + (u.deadlocked() ? ", deadlocked" : "") + ")";
    }

    /** The reference with {@code p}, checked for {@code only} (all when null): threaded, and reduced, when the bounds say so. */
    private static Checking.Outcome check(Bounds b, Profile p, CheckOptions opts, mkspec.spec.check.ProgressListener l,
                                          Set<String> only) {
        return b.threads() > 1 ? Checking.checkThreaded(b, p, false, true, opts, l, only)
            : Checking.checkReference(b, p, false, opts, l, only);
    }

    private static void writeQuietly(Checking.Outcome outcome, Path dir) throws java.io.IOException {
        mkspec.traces.replay.Replayer.Replay r = mkspec.traces.replay.Replayer.replay(outcome.counterexample(),
            Inputs.profileOf(outcome.counterexample()));
        Reports.write(r, outcome.counterexample(), dir);
    }
}
