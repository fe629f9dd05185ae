package mkspec.properties.simulate;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import mkspec.properties.runner.Course;
import mkspec.properties.runner.Execution;
import mkspec.properties.runner.RunResult;
import mkspec.properties.runner.Settings;
import mkspec.reference.Profile;
import mkspec.spec.Bounds;
import mkspec.spec.check.HeapGauge;
import mkspec.traces.cli.Main;
import mkspec.traces.cli.ModelOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mkspec simulate}: seeded random walks, deep where the exhaustive search cannot go. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = {"Walk the spec or the reference at random from its initial state, checking every invariant after every"
            + " step (and, for the reference with fixed, that every step is one the spec allows).",
        "A step picks a kind of action uniformly, an action of that kind uniformly, and one of its successors uniformly.",
        "A violation is shrunk, written as a trace and a report, and printed with the command that reproduces it."})
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "1000", description = "steps per walk (default: ${DEFAULT-VALUE})")
    long depth;

    @Option(names = "--walks", paramLabel = "N",
        description = "how many walks (default: 1000, or no limit with --time)")
    Long walks;

    @Option(names = "--time", paramLabel = "SECONDS", defaultValue = "0",
        description = "stop after the walk that ends past this many seconds (0: no limit; default: ${DEFAULT-VALUE})")
    long time;

    @Option(names = "--seed", paramLabel = "S", description = "the seed every walk is drawn from, decimal or 0x hex (default: a fresh one, printed)")
    String seed;

    @Option(names = "--walk", paramLabel = "K", description = "run only walk K of the seed (what a violation's reproduce line says)")
    Long walk;

    /** The walks run with {@code --walks} absent and no time limit. */
    static final int DEFAULT_WALKS = 1000;

    /** How many of the actions never taken the totals name. */
    static final int NEVER_SHOWN = 12;

    /** The longest walk: the runner counts steps in an int. */
    static final long MAX_DEPTH = Integer.MAX_VALUE;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (model.mk2() ? model.mk2ListedBounds(o) : model.listedBounds(o)) {
            return Main.OK;
        }
        int steps = (int) inRange("--depth", depth, 1, MAX_DEPTH);
        long limit = inRange("--time", time, 0, Long.MAX_VALUE / 1_000_000_000L);
        int total = walks == null ? (limit > 0 ? Integer.MAX_VALUE : DEFAULT_WALKS)
            : (int) inRange("--walks", walks, 1, Integer.MAX_VALUE);
        long s = seed == null ? freshSeed() : seedOf(seed);
        int first = 0;
        if (walk != null) {
            int k = (int) inRange("--walk", walk, 1, Integer.MAX_VALUE);
            if (walks != null && k > total) {
                throw new Main.BadInput("--walk " + k + ": expected 1 to --walks (" + total + ")");
            }
            first = k - 1;
            total = k;
        }
        if (model.mk2()) {
            return simulateMk2(o, err, steps, limit, total, s, first);
        }
        ModelOptions.Chosen chosen = model.chosen(List.of("spec", "reference"), "spec");
        Bounds b = chosen.bounds();
        Profile p = chosen.profile();
        String sys = chosen.system();
        boolean refine = sys.equals("reference") && chosen.refines();
        boolean threads = b.threads() != 1;
        if (threads && !sys.equals("reference")) {
            throw new Main.BadInput("--bound threads=" + b.threads() + ": threads are the reference's (the spec's"
                + " steps are whole calls); add --system reference");
        }
        Simulation<?, ?, ?> sim = sys.equals("spec") ? Simulation.ofSpec(b)
            : threads ? Simulation.ofThreaded(b, p, refine) : Simulation.ofReference(b, p, refine);
        String what = sys.equals("spec") ? "spec" : threads
            ? "reference (" + p.name() + ", " + b.threads() + " threads" + (refine ? ", refinement and linearizability checked" : "") + ")"
            : "reference (" + p.name() + (refine ? ", refinement checked" : "") + ")";
        boolean v2 = p.errata().size() == mkspec.reference.Erratum.values().length;
        List<String> profileWords = new ArrayList<>(List.of("--profile", v2 ? "rfc-v2" : "fixed"));
        if (!v2 && !p.errata().isEmpty()) {
            profileWords.addAll(List.of("--erratum", String.join(",", p.errata().stream().map(Enum::name).toList())));
        }
        return simulate(o, err, new Run(sim, what, b.asMap(), sys, profileWords, chosen.progressSeconds()), steps, limit,
            total, s, first);
    }

    /**
     * What one simulate command walks: the simulation, how its lines name it, its bounds, the system, the words that
     * choose its kernel and profile again, and the seconds between progress lines.
     */
    private record Run(Simulation<?, ?, ?> sim, String what, Object bounds, String system, List<String> profileWords,
                       int progressSeconds) {
    }

    /**
     * Runs the walks of {@code run} through the property runner and prints their totals; a violation is shrunk,
     * written as a trace and a report that are replayed at once, and printed with the command that reproduces it.
     * Exit 0, 1, or 2 when the shrunk walk does not replay (a simulator bug).
     */
    private int simulate(PrintWriter o, PrintWriter err, Run run, int steps, long limit, int total, long s, int first)
        throws IOException {
        o.printf(Locale.ROOT, "mkspec simulate: %s, seed %d, %s, depth %,d, %s, bounds %s%n", run.what(), s,
            walk != null ? "walk " + walk + " only" : total == Integer.MAX_VALUE ? "walks until the time limit" : total + " walks",
            steps, limit > 0 ? "time limit " + limit + " s" : "no time limit", run.bounds());
        o.flush();
        Tally tally = new Tally(run.sim().walks(), err, run.what(), run.progressSeconds(), limit);
        String settingsName = "simulate-" + (run.sim().kernel().equals(Simulation.MK2) ? "mk2-" : "") + run.system();
        Settings settings = new Settings(settingsName, s, total, steps, Settings.DEFAULT_MAX_SHRINK_RUNS);
        RunResult result = run.sim().run(settings, new Course(first, true, tally::afterWalk));
        tally.printTotals(o, result);
        Optional<RunResult.Failed> failed = result.failed();
        if (failed.isPresent()) {
            return violation(o, run, failed.get(), steps);
        }
        o.println("  no invariant violated");
        o.flush();
        return Main.OK;
    }

    private int violation(PrintWriter o, Run run, RunResult.Failed failed, int steps) throws IOException {
        o.println("VIOLATION of " + failed.failure().id() + ": " + failed.failure().message());
        o.printf(Locale.ROOT, "  walk %d of seed %d, at step %d; shrunk to %d steps in %d runs%s%n", failed.tryIndex() + 1,
            failed.settings().seed(), failed.original().steps().size(), failed.shrunk().steps().size(),
            failed.shrinkRuns(), failed.shrinkBudgetSpent() ? " (budget spent: may not be minimal)" : "");
        o.println("  shrunk path (" + failed.shrunk().steps().size() + " steps):");
        o.print(failed.shrunk().describe("    "));
        Simulation.Written w = run.sim().write(failed, "shrunk simulate failure: " + failed.failure().id() + " (seed "
            + failed.settings().seed() + ", walk " + (failed.tryIndex() + 1) + ")", model.out());
        if (w.refused().isPresent()) {
            throw new Main.BadInput(w.refused().get());
        }
        o.println("  trace:     " + w.dir().resolve("trace.yaml"));
        o.println("  report:    " + w.dir().resolve("report.html"));
        o.println("  replay:    ./mkspec replay " + w.dir().resolve("trace.yaml"));
        o.println("  reproduce: " + reproduce(run, steps, failed));
        o.flush();
        if (!w.replays()) {
            o.println("  SIMULATOR BUG: the shrunk walk does not replay: " + w.difference().get());
            o.flush();
            return Main.BAD_INPUT;
        }
        return Main.VIOLATION;
    }

    /**
     * {@code --kernel mk2}: walks of the mk2 spec or reference (the refinement checked on every step for fixed), or
     * with {@code --bound threads=2} random schedules of the threaded reference (each overlap checked linearizable for
     * fixed), written, replayed and reproduced on a violation as for rfc-v2.
     */
    private int simulateMk2(PrintWriter o, PrintWriter err, int steps, long limit, int total, long s, int first)
        throws IOException {
        mkspec.spec.mk2.Mk2Bounds b = model.mk2Bounds();
        mkspec.reference.mk2.Mk2Profile p = model.mk2Profile();
        String sys = model.mk2System(p, List.of("spec", "reference"), "spec");
        boolean threads = b.threads() > 1;
        if (threads && sys.equals("spec")) {
            throw new Main.BadInput("--bound threads=" + b.threads() + ": threads are the reference's (the spec's"
                + " steps are whole calls); use --system reference");
        }
        boolean refine = p.errata().isEmpty();
        Simulation<?, ?, ?> sim = sys.equals("spec") ? Simulation.ofMk2Spec(b)
            : threads ? Simulation.ofMk2Threaded(b, p, refine) : Simulation.ofMk2Reference(b, p, refine);
        String what = sys.equals("spec") ? "spec (mk2)" : "reference (mk2, " + p.name()
            + (threads ? ", " + b.threads() + " threads" : "")
            + (refine ? threads ? ", refinement and linearizability checked" : ", refinement checked" : "") + ")";
        return simulate(o, err, new Run(sim, what, b.asMap(), sys, mk2ProfileWords(p), model.progressSeconds()), steps,
            limit, total, s, first);
    }

    /**
     * The words that choose mk2 profile {@code p} again: its base ({@code mk2} or {@code fixed}) and the errata it
     * toggles, read off its name ({@code fixed+N12}, {@code mk2-N2+N9}).
     */
    static List<String> mk2ProfileWords(mkspec.reference.mk2.Mk2Profile p) {
        String[] parts = p.name().split("(?=[+-])");
        List<String> words = new ArrayList<>(List.of("--kernel", "mk2", "--profile", parts[0]));
        List<String> toggles = new ArrayList<>();
        for (int k = 1; k < parts.length; k++) {
            toggles.add(parts[k].substring(1));
        }
        if (!toggles.isEmpty()) {
            words.addAll(List.of("--erratum", String.join(",", toggles)));
        }
        return words;
    }

    /** The command that runs the failing walk alone, from the same seed, to the same shrunk violation. */
    private String reproduce(Run run, int steps, RunResult.Failed failed) {
        List<String> words = new ArrayList<>(List.of("./mkspec", "simulate"));
        words.addAll(run.profileWords().subList(0, run.profileWords().indexOf("--profile")));
        words.addAll(List.of("--system", run.system()));
        words.addAll(run.profileWords().subList(run.profileWords().indexOf("--profile"), run.profileWords().size()));
        for (String a : model.boundAssignments()) {
            words.add("--bound");
            words.add(a);
        }
        words.addAll(List.of("--depth", Integer.toString(steps), "--seed", Long.toString(failed.settings().seed()),
            "--walk", Integer.toString(failed.tryIndex() + 1)));
        if (!model.out().toString().equals("mkspec-out")) {
            words.add("--out");
            words.add(model.out().toString());
        }
        return String.join(" ", words);
    }

    private static long inRange(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new Main.BadInput(option + " " + value + ": expected " + min + " to " + max
                + (min == 0 ? " (0: no limit)" : ""));
        }
        return value;
    }

    private static long seedOf(String text) {
        try {
            return Long.decode(text.strip());
        } catch (NumberFormatException e) {
            throw new Main.BadInput("--seed " + text + ": expected a 64-bit integer, decimal or 0x hex");
        }
    }

    private static long freshSeed() {
        return new SplittableRandom(System.nanoTime() ^ System.currentTimeMillis()).nextLong();
    }

    /** What the walks reached, counted after each walk (not over the shrinker's runs), and the progress lines. */
    private static final class Tally {
        private final Walks<?, ?, ?> walks;
        private final PrintWriter err;
        private final String what;
        private final long progressNanos;
        private final long limitNanos;
        private final long start = System.nanoTime();
        private final long[] taken;
        private long nextProgress;
        private long steps;
        private long walksDone;
        private int distinct;
        private long end;

        Tally(Walks<?, ?, ?> walks, PrintWriter err, String what, int progressSeconds, long limitSeconds) {
            this.walks = walks;
            this.err = err;
            this.what = what;
            this.progressNanos = progressSeconds * 1_000_000_000L;
            this.limitNanos = limitSeconds * 1_000_000_000L;
            this.taken = new long[walks.actionCount()];
            this.nextProgress = start + progressNanos;
        }

        boolean afterWalk(int tryIndex, Execution e) {
            for (mkspec.properties.runner.Step step : e.steps()) {
                int a = walks.moveOf(step).action();
                if (taken[a]++ == 0) {
                    distinct++;
                }
            }
            steps += e.steps().size();
            walksDone++;
            long now = System.nanoTime();
            end = now;
            if (now >= nextProgress) {
                err.printf(Locale.ROOT, "  %s: %,d steps, %,d walks, %d of %d actions seen, %,.0f steps/s, heap %.1f MiB%n",
                    what, steps, walksDone, distinct, taken.length, perSecond(now), HeapGauge.liveBytes() / (1024.0 * 1024.0));
                err.flush();
                nextProgress = now + progressNanos;
            }
            return limitNanos == 0 || now - start < limitNanos;
        }

        private double perSecond(long now) {
            return steps / Math.max(1e-9, (now - start) / 1e9);
        }

        void printTotals(PrintWriter o, RunResult result) {
            long at = end == 0 ? System.nanoTime() : end;
            o.printf(Locale.ROOT, "%s: %,d steps in %,d walks, %.1f s, %,.0f steps/s; %d of %d actions reached%n", what,
                steps, walksDone, (at - start) / 1e9, perSecond(at), distinct, taken.length);
            o.println("  statistics (per kind of action: walks' steps that picked it, their results):");
            o.print(result.statistics().table().indent(2));
            List<String> never = new ArrayList<>();
            for (int i = 0; i < taken.length; i++) {
                if (taken[i] == 0) {
                    never.add(walks.label(i));
                }
            }
            if (!never.isEmpty()) {
                int shown = Math.min(never.size(), NEVER_SHOWN);
                o.println("  never taken (" + never.size() + "): " + String.join(", ", never.subList(0, shown))
                    + (shown < never.size() ? ", and " + (never.size() - shown) + " more" : ""));
            }
        }
    }
}
