package mkspec.properties.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mkspec.traces.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code mkspec simulate} as a user runs it: exit codes, output, the written case, and its reproduce line. */
class SimulateCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), List.of(new SimulateCommand()))
            .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static String[] with(Path out, String... args) {
        List<String> all = new ArrayList<>(List.of("simulate", "--out", out.toString()));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    /** The output without what depends on the clock: the totals line's seconds and rate. */
    private static String timeless(String out) {
        return out.replaceAll("[0-9.]+ s, [0-9,]+ steps/s", "T");
    }

    @Test
    void theFixedSpecHoldsExitZeroWithTheActionStatisticsAndTheStepsPerSecond(@TempDir Path out) {
        Run r = run(with(out, "--seed", "3", "--walks", "20", "--depth", "100"));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("mkspec simulate: spec, seed 3, 20 walks, depth 100"), r.out());
        assertTrue(r.out().contains("spec: 2,000 steps in 20 walks, "), r.out());
        assertTrue(r.out().contains(" steps/s; "), r.out());
        assertTrue(Pattern.compile("kexec-file-load +1 +2000 +[1-9][0-9]* +.*ENOENT").matcher(r.out()).find(), r.out());
        assertTrue(r.out().contains("  no invariant violated"), r.out());
    }

    @Test
    void threadsAreTheReferencesAndRefusedForTheSpec(@TempDir Path out) {
        Run r = run(with(out, "--bound", "threads=2", "--walks", "1"));
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--bound threads=2: threads are the reference's"), r.err());
    }

    @Test
    void randomSchedulesOfTwoThreadsFindD18AndShrinkItToTheCheckersShortestInterleaving(@TempDir Path out) {
        Run r = run(with(out, "--system", "reference", "--erratum", "D18", "--bound", "threads=2", "--seed", "1",
            "--walks", "2000", "--depth", "30"));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("VIOLATION of no-use-after-free"), r.out());
        assertTrue(r.out().contains("; shrunk to 5 steps"), r.out());
        assertTrue(r.out().contains("4. status(t2 status) -> ok"), r.out());
        Path trace = out.resolve("simulate-reference-no-use-after-free").resolve("trace.yaml");
        assertTrue(r.out().contains("  trace:     " + trace), r.out());
        assertTrue(!r.out().contains("SIMULATOR BUG"), r.out());
        Run replay = run("replay", trace.toString(), "--no-report");
        assertEquals(0, replay.code(), replay.out() + replay.err());
    }

    @Test
    void randomSchedulesOfTheFixedReferenceAreLinearizable(@TempDir Path out) {
        Run r = run(with(out, "--system", "reference", "--bound", "threads=2", "--seed", "1", "--walks", "300",
            "--depth", "30"));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("reference (fixed, 2 threads, refinement and linearizability checked): 9,000 steps in"
            + " 300 walks"), r.out());
    }

    @Test
    void progressLinesGoToStderrOnALongRun(@TempDir Path out) {
        Run r = run(with(out, "--seed", "3", "--time", "2", "--progress", "1", "--depth", "100"));
        assertEquals(0, r.code(), r.out() + r.err());
        int actions = new mkspec.spec.Spec(mkspec.spec.Bounds.defaults()).actions().size();
        assertTrue(Pattern.compile("  spec: [0-9,]+ steps, [0-9,]+ walks, [0-9]+ of " + actions + " actions seen, [0-9,]+ steps/s, heap ")
            .matcher(r.err()).find(), r.err());
        assertTrue(r.out().contains("walks until the time limit"), r.out());
    }

    @Test
    void aViolationExitsOneWritesTheShrunkCaseThatReplaysAndPrintsTheCommandThatReproducesIt(@TempDir Path out) {
        Run r = run(with(out, "--erratum", "D14", "--seed", "1", "--walks", "1000", "--depth", "100"));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("VIOLATION of handover-page-alive: "), r.out());
        Matcher walk = Pattern.compile("walk ([0-9]+) of seed 1, at step ([0-9]+); shrunk to ([0-9]+) steps").matcher(r.out());
        assertTrue(walk.find(), r.out());
        assertTrue(Integer.parseInt(walk.group(3)) <= Integer.parseInt(walk.group(2)));
        Path trace = out.resolve("simulate-reference-handover-page-alive").resolve("trace.yaml");
        assertTrue(Files.isRegularFile(trace), r.out());
        assertTrue(r.out().contains("  replay:    ./mkspec replay " + trace), r.out());
        Run replay = run("replay", trace.toString());
        assertEquals(0, replay.code(), replay.out() + replay.err());

        Matcher again = Pattern.compile("  reproduce: ./mkspec (.*)\n").matcher(r.out());
        assertTrue(again.find(), r.out());
        assertTrue(again.group(1).endsWith("--seed 1 --walk " + walk.group(1) + " --out " + out), again.group(1));
        Run reproduced = run(again.group(1).split(" "));
        assertEquals(1, reproduced.code(), reproduced.out());
        String shrunk = r.out().substring(r.out().indexOf("VIOLATION"), r.out().indexOf("  trace:"));
        assertTrue(reproduced.out().contains(shrunk), reproduced.out());
    }

    @Test
    void theSameSeedPrintsTheSameRun(@TempDir Path out) {
        String[] args = with(out, "--system", "reference", "--seed", "0x2a", "--walks", "5", "--depth", "100");
        Run a = run(args);
        Run b = run(args);
        assertEquals(0, a.code(), a.out() + a.err());
        assertTrue(a.out().contains("seed 42"), a.out());
        assertEquals(timeless(a.out()), timeless(b.out()));
    }

    @ParameterizedTest(name = "{0} is a usage error naming the option")
    @CsvSource(delimiter = '|', value = {
        "--depth 0|--depth 0: expected 1 to 2147483647",
        "--walks 0|--walks 0: expected 1 to 2147483647",
        "--time -1|--time -1: expected 0 to",
        "--walk 0|--walk 0: expected 1 to",
        "--walks 2 --walk 3|--walk 3: expected 1 to --walks (2)",
        "--seed twelve|--seed twelve: expected a 64-bit integer, decimal or 0x hex",
        "--system both|--system both: expected spec or reference",
        "--system spec --erratum D5|--system spec: the spec has no errata",
        "--profile v3|--profile v3: expected fixed or rfc-v2",
        "--erratum D99|--erratum: ",
        "--bound pages=3|--bound: ",
        "--progress 0|--progress 0: expected 1 (second) or more",
        "--depth many|--depth"})
    void badOptionsAreUsageErrorsExitTwo(String args, String message, @TempDir Path out) {
        Run r = run(with(out, args.split(" ")));
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(message), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    /** Every mk2 defect is found by seeded walks alone over fixed (the races with two threads), and shrunk. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(mkspec.reference.mk2.Mk2Erratum.class)
    void mk2WalksFindEveryDefectAndShrinkIt(mkspec.reference.mk2.Mk2Erratum e, @TempDir Path out) {
        // a race needs two threads: each step is then one thread's next section
        Run r = run(with(out, "--kernel", "mk2", "--system", "reference", "--erratum", e.name(), "--seed", "1",
            "--walks", "3000", "--depth", "40", "--bound", e.race() ? "threads=2" : "threads=1"));
        assertEquals(1, r.code(), r.out() + r.err());
        Matcher violated = Pattern.compile("VIOLATION of ([a-z-]+)").matcher(r.out());
        assertTrue(violated.find(), r.out());
        assertTrue(mkspec.refinement.mk2.Mk2CaughtBy.mayBreak(e).contains(violated.group(1)),
            e + " broke " + violated.group(1));
        Matcher shrunk = Pattern.compile("at step ([0-9]+); shrunk to ([0-9]+) steps").matcher(r.out());
        assertTrue(shrunk.find(), r.out());
        int length = Integer.parseInt(shrunk.group(2));
        assertTrue(length <= Integer.parseInt(shrunk.group(1)) && length <= 10, r.out());
    }

    @Test
    void mk2WalksFindADefectShrinkItToTheCheckersShortestPathAndWriteATraceThatReplaysToTheSameViolation(@TempDir Path out)
        throws java.io.IOException {
        Run r = run(with(out, "--kernel", "mk2", "--system", "reference", "--erratum", "N12", "--seed", "1",
            "--walks", "300", "--depth", "50"));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("VIOLATION of instances-disjoint"), r.out());
        assertTrue(r.out().contains("shrunk to 3 steps"), r.out());
        assertTrue(r.out().contains("3. overlay-write(memory-remove db first-region) -> ok"), r.out());
        Path dir = out.resolve("simulate-mk2-reference-instances-disjoint");
        String reproduce = writtenReplayedAndReproduced(r, dir);
        String yaml = Files.readString(dir.resolve("trace.yaml"));
        assertTrue(yaml.contains("kernel: mk2") && yaml.contains("errata: [N12]"), yaml);
        assertTrue(yaml.endsWith("    expect: {result: ok, violations: [instances-disjoint]}\n"), yaml);
        assertTrue(Files.readString(dir.resolve("report.md")).contains("### `instances-disjoint` (step 3)"));
        assertTrue(reproduce.startsWith("simulate --kernel mk2 --system reference --profile fixed --erratum N12 "),
            reproduce);
    }

    /**
     * Checks that the violation {@code r} printed was written to {@code dir} as a trace and a report, that the trace
     * replays as recorded, and that the printed reproduce line runs to the same shrunk violation; returns that line.
     */
    private static String writtenReplayedAndReproduced(Run r, Path dir) {
        Path trace = dir.resolve("trace.yaml");
        assertTrue(r.out().contains("  trace:     " + trace), r.out());
        assertTrue(r.out().contains("  report:    " + dir.resolve("report.html")), r.out());
        assertTrue(!r.out().contains("SIMULATOR BUG"), r.out());
        Run replay = run("replay", trace.toString(), "--no-report");
        assertEquals(0, replay.code(), replay.out() + replay.err());
        Matcher again = Pattern.compile("  reproduce: ./mkspec (.*)\n").matcher(r.out());
        assertTrue(again.find(), r.out());
        Run reproduced = run(again.group(1).split(" "));
        assertEquals(1, reproduced.code(), reproduced.out());
        String shrunk = r.out().substring(r.out().indexOf("VIOLATION"), r.out().indexOf("  trace:"));
        assertTrue(reproduced.out().contains(shrunk), reproduced.out());
        return again.group(1);
    }

    @Test
    void mk2ThreadedWalksFindARaceAndWriteAThreadedTraceAndReportThatReplayAndAReproduceLineThatRepeatsIt(
        @TempDir Path out) throws java.io.IOException {
        Run r = run(with(out, "--kernel", "mk2", "--system", "reference", "--erratum", "N3", "--seed", "1",
            "--walks", "3000", "--depth", "40", "--bound", "threads=2"));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("reference (mk2, fixed+N3, 2 threads): "), r.out());
        assertTrue(r.out().contains("VIOLATION of images-reachable"), r.out());
        Path dir = out.resolve("simulate-mk2-reference-images-reachable");
        String reproduce = writtenReplayedAndReproduced(r, dir);
        String yaml = Files.readString(dir.resolve("trace.yaml"));
        assertTrue(yaml.contains("kernel: mk2") && yaml.contains("threads: 2") && yaml.contains("  - thread: 2\n"), yaml);
        assertTrue(yaml.endsWith("violations: [images-reachable]}\n"), yaml);
        assertTrue(Files.readString(dir.resolve("report.md")).contains("| thread 1 | thread 2 |"));
        assertTrue(reproduce.contains(" --bound threads=2 "), reproduce);
    }

    @Test
    void mk2ProfileWordsChooseTheSameProfileAgain() {
        for (String[] chosen : new String[][] {{"fixed"}, {"fixed", "N12"}, {"mk2"}, {"mk2", "N2,N9"}}) {
            mkspec.reference.mk2.Mk2Profile p = mkspec.reference.mk2.Mk2Profile.select(chosen[0],
                chosen.length > 1 ? List.of(chosen[1].split(",")) : List.of());
            List<String> words = SimulateCommand.mk2ProfileWords(p);
            List<String> expected = new ArrayList<>(List.of("--kernel", "mk2", "--profile", chosen[0]));
            if (chosen.length > 1) {
                expected.addAll(List.of("--erratum", chosen[1]));
            }
            assertEquals(expected, words, p.name());
        }
    }

    @Test
    void mk2WalksFindTheSpawnedKernelsDefects(@TempDir Path out) {
        Run n19 = run(with(out, "--kernel", "mk2", "--system", "reference", "--erratum", "N19", "--seed", "1",
            "--walks", "300", "--depth", "50"));
        assertEquals(1, n19.code(), n19.out() + n19.err());
        assertTrue(n19.out().contains("VIOLATION of self-record-alive"), n19.out());
        assertTrue(n19.out().contains("shrunk to 5 steps"), n19.out());
        assertTrue(n19.out().contains("5. spawn-instance-remove(id=1) -> ok"), n19.out());
        Run n20 = run(with(out, "--kernel", "mk2", "--system", "reference", "--erratum", "N20", "--seed", "1",
            "--walks", "300", "--depth", "50"));
        assertEquals(1, n20.code(), n20.out() + n20.err());
        assertTrue(n20.out().contains("VIOLATION of manifest-fits"), n20.out());
        // the checker's shortest path has 4 steps; the walk's shrinking keeps web, which gives big id 2
        assertTrue(n20.out().contains("shrunk to 5 steps"), n20.out());
        assertTrue(n20.out().contains("overlay-write(instance-create b*11000 id=auto pages=1 cpus=4 host-tree=6000) -> ok"),
            n20.out());
    }

    @Test
    void mk2WalksOfTheFixedReferenceHoldWithTheRefinementChecked(@TempDir Path out) {
        Run r = run(with(out, "--kernel", "mk2", "--system", "reference", "--seed", "1", "--walks", "100", "--depth", "50"));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("reference (mk2, fixed, refinement checked): 5,000 steps in 100 walks"), r.out());
    }
}
