package mkspec.traces.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --kernel mk2} on check and errata: exit codes, what is printed, and every bad option a usage error. */
class Mk2CommandLineTest {
    @TempDir
    Path tmp;

    static CommandLineTest.Run run(String... args) {
        return CommandLineTest.run(args);
    }

    @Test
    void checkingTheFixedProfileChecksTheSpecThenTheReferenceWithTheRefinementAndExitsZero() {
        CommandLineTest.Run r = run("check", "--kernel", "mk2", "--workers", "1", "--bound", "max-tx=2");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("mkspec check: kernel mk2, profile fixed"), r.out());
        assertTrue(r.out().contains("spec (mk2): "), r.out());
        assertTrue(r.out().contains("reference (mk2, fixed, refinement checked): "), r.out());
        assertFalse(r.out().contains("VIOLATION"), r.out());
    }

    @Test
    void checkingTheCodeAsReadPrintsTheShortestViolationAndExitsOne() {
        CommandLineTest.Run r = run("check", "--kernel", "mk2", "--profile", "mk2", "--workers", "1", "--out", tmp.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("VIOLATION of write-reports-result"), r.out());
        assertTrue(r.out().contains("shortest path (1 step):"), r.out());
        assertTrue(r.out().contains("1. overlay-write(instance-create web id=1 pages=2 cpus=1)  -> ok"), r.out());
    }

    @Test
    void oneDefectOverFixedIsCheckedOnTheReferenceOnlyAndItsCounterexampleWrittenAsATraceAndAReport() throws IOException {
        CommandLineTest.Run r = run("check", "--kernel", "mk2", "--erratum", "n12", "--workers", "1", "--out", tmp.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("profile fixed+N12"), r.out());
        assertTrue(r.out().contains("VIOLATION of instances-disjoint"), r.out());
        assertFalse(r.out().contains("spec (mk2): "), r.out());
        Path dir = writtenAsATraceAndAReportThatReplays(r, "mk2-fixed-N12-instances-disjoint");
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("### `instances-disjoint` (step 3)"), md);
        assertTrue(md.contains("**Memory map**: System RAM"), md);
        assertTrue(Files.readString(dir.resolve("report.html")).contains("<svg"), "the HTML report draws no map");
    }

    /**
     * The folder {@code name} of a counterexample that {@code r} printed as written: its trace and report, and the
     * trace replays as recorded.
     */
    private Path writtenAsATraceAndAReportThatReplays(CommandLineTest.Run r, String name) {
        Path dir = tmp.resolve(name);
        assertTrue(r.out().contains("  trace:  " + dir.resolve("trace.yaml")), r.out());
        assertTrue(r.out().contains("  report: " + dir.resolve("report.html")), r.out());
        assertFalse(r.out().contains("CHECKER BUG"), r.out());
        CommandLineTest.Run replay = run("replay", dir.resolve("trace.yaml").toString(), "--no-report");
        assertEquals(0, replay.code(), replay.out() + replay.err());
        assertTrue(replay.out().startsWith("ok "), replay.out());
        return dir;
    }

    @Test
    void aRaceIsFoundWithTwoThreadsAndWrittenAsAThreadedTraceThatReplaysAndAReportInLanes() throws IOException {
        CommandLineTest.Run r = run("check", "--kernel", "mk2", "--erratum", "N3", "--bound", "threads=2", "--workers",
            "1", "--out", tmp.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("reference (mk2, fixed+N3, 2 threads): "), r.out());
        assertTrue(r.out().contains("VIOLATION of images-reachable"), r.out());
        assertTrue(r.out().contains("3. t1 kexec-file-load(id=1, pages=1)  (the call goes on)"), r.out());
        assertTrue(r.out().contains("4. t2 overlay-write(instance-remove web)  -> ok"), r.out());
        Path dir = writtenAsATraceAndAReportThatReplays(r, "mk2-fixed-N3-images-reachable");
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("## Threads"), md);
        assertTrue(md.contains("| thread 1 | thread 2 |"), md);
        assertTrue(md.contains("### `images-reachable`"), md);
        assertTrue(Files.readString(dir.resolve("report.html")).contains("<table class=\"lanes\">"),
            "the HTML report draws no lanes");
    }

    @Test
    void withoutThreadsARaceIsNotFound() {
        CommandLineTest.Run r = run("check", "--kernel", "mk2", "--erratum", "N16", "--workers", "1", "--bound",
            "instances=1", "--bound", "edge-cases=false", "--out", tmp.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("no invariant violated"), r.out());
    }

    @Test
    void errataRunsEachRaceWithTwoThreadsAndWritesItsThreadedCounterexamplesReport() throws IOException {
        CommandLineTest.Run r = run("errata", "--kernel", "mk2", "--erratum", "N16", "--workers", "1", "--out",
            tmp.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*N16 +running-protected +6 .*kernel-alive \\(yes, in 7 steps\\) \\[2 threads\\].*"),
            r.out());
        for (String e : new String[] {"N16", "N16-kernel-alive"}) {
            Path dir = tmp.resolve("errata").resolve(e);
            for (String file : new String[] {"trace.yaml", "report.md", "report.html"}) {
                assertTrue(Files.isRegularFile(dir.resolve(file)), e + " has no " + file);
            }
            assertTrue(Files.readString(dir.resolve("report.md")).contains("| thread 1 | thread 2 |"), e);
        }
    }

    @Test
    void errataListsEachDefectWithItsInvariantAndStepsAndWritesEachCounterexamplesReport() {
        CommandLineTest.Run r = run("errata", "--kernel", "mk2", "--erratum", "N15,N6", "--paths", "--workers", "1",
            "--out", tmp.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*N15 +write-reports-result +1 .*"), r.out());
        assertTrue(r.out().matches("(?s).*N6 +baseline-atomic +1 .*"), r.out());
        assertTrue(r.out().contains("1. baseline-write(cpus=3,0, memory=6 pages)  -> EBUSY"), r.out());
        assertTrue(r.out().contains("counterexamples: " + tmp.resolve("errata")), r.out());
        for (String e : new String[] {"N15", "N6"}) {
            for (String file : new String[] {"trace.yaml", "report.md", "report.html"}) {
                assertTrue(Files.isRegularFile(tmp.resolve("errata").resolve(e).resolve(file)), e + " has no " + file);
            }
        }
    }

    @Test
    void reportOfAnMk2TraceWritesItsFolderWithTheBrokenInvariantTheStepsAndTheMap() throws IOException {
        Path out = tmp.resolve("n9");
        CommandLineTest.Run r = run("report", "corpus/mk2/errata/n9-failed-op-atomic.yaml", "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("replays as recorded; step 3 breaks no-host-page-leak, failed-op-atomic"), r.out());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("### `no-host-page-leak` (step 3)"), md);
        assertTrue(md.contains("| **3** | `kexec-file-load(id=1, pages=1+2)` | `ENOMEM` | `ENOMEM` |"), md);
        assertTrue(md.contains("| leaked host pages | `nobody` |"), md);
        assertEquals(Files.readString(Path.of("corpus/mk2/errata/n9-failed-op-atomic.yaml")),
            Files.readString(out.resolve("trace.yaml")));
        CommandLineTest.Run again = run("replay", out.toString(), "--no-report");
        assertEquals(0, again.code(), again.out() + again.err());
    }

    @Test
    void anMk2TraceThatDiffersGetsAReportAndOneThatCannotReplayNone() throws IOException {
        Path differs = tmp.resolve("n9-differs.yaml");
        Files.writeString(differs, Files.readString(Path.of("corpus/mk2/errata/n9-failed-op-atomic.yaml"))
            .replace("result: ENOMEM", "result: ok"));
        CommandLineTest.Run r = run("replay", differs.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(1, r.code(), r.out() + r.err());
        Path page = tmp.resolve("out").resolve("n9-failed-op-atomic").resolve("report.html");
        assertTrue(r.out().contains("      report: " + page), r.out());
        assertTrue(Files.readString(page).contains("returned ENOMEM, the trace expects ok"));

        Path unknown = tmp.resolve("unknown.yaml");
        Files.writeString(unknown, "mkspec-trace: 1\nkernel: mk2\nname: unknown\nsteps:\n  - step: 'fly(id=1)'\n");
        CommandLineTest.Run bad = run("report", unknown.toString(), "--out", tmp.resolve("never").toString());
        assertEquals(2, bad.code(), bad.out() + bad.err());
        assertTrue(bad.err().contains("unknown mk2 op 'fly'"), bad.err());
        assertFalse(Files.exists(tmp.resolve("never")));
    }

    @Test
    void aFolderThatIsNotAReportIsNeverOverwrittenByAnMk2Report() throws IOException {
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "mine");
        CommandLineTest.Run r = run("report", "corpus/mk2/errata/n12-instances-disjoint.yaml", "--out", mine.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("is not a report folder"), r.err());
        try (var files = Files.list(mine)) {
            assertEquals(java.util.List.of(mine.resolve("notes.txt")), files.toList());
        }
    }

    @Test
    void theMk2BoundsAreListedWithTheirMeanings() {
        CommandLineTest.Run r = run("check", "--kernel", "mk2", "--list-bounds");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("max-tx=4"), r.out());
        assertTrue(r.out().contains("ram-pages=32"), r.out());
    }

    @Test
    void everyBadMk2OptionIsAUsageErrorNamingIt() {
        String[][] bad = {
            {"check", "--kernel", "mk3"}, {"check", "--kernel", "mk2", "--profile", "rfc-v2"},
            {"check", "--kernel", "mk2", "--erratum", "D5"}, {"check", "--kernel", "mk2", "--bound", "pool-address=0"},
            {"check", "--kernel", "mk2", "--bound", "instances=9"}, {"check", "--kernel", "mk2", "--erratum", "N2", "--system", "spec"},
            {"errata", "--kernel", "mk2", "--erratum", "N99"}, {"errata", "--paths"},
            {"check", "--kernel", "mk2", "--bound", "max-tx"}};
        String[] names = {"--kernel mk3", "profile rfc-v2", "erratum D5", "unknown bound 'pool-address'", "instances must be",
            "--system spec", "erratum N99", "--paths", "expected key=value"};
        for (int k = 0; k < bad.length; k++) {
            CommandLineTest.Run r = run(bad[k]);
            assertEquals(2, r.code(), String.join(" ", bad[k]) + ": " + r.out() + r.err());
            assertTrue(r.err().startsWith("mkspec: ") && r.err().contains(names[k]), String.join(" ", bad[k]) + ": " + r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
    }
}
