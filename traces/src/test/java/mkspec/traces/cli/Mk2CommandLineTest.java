package mkspec.traces.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code --kernel mk2} on check and errata: exit codes, what is printed, and every bad option a usage error. */
class Mk2CommandLineTest {
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
        CommandLineTest.Run r = run("check", "--kernel", "mk2", "--profile", "mk2", "--workers", "1");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("VIOLATION of write-reports-result"), r.out());
        assertTrue(r.out().contains("shortest path (1 step):"), r.out());
        assertTrue(r.out().contains("1. overlay-write(instance-create web id=1 pages=2 cpus=1)  -> ok"), r.out());
    }

    @Test
    void oneDefectOverFixedIsCheckedOnTheReferenceOnly() {
        CommandLineTest.Run r = run("check", "--kernel", "mk2", "--erratum", "n12", "--workers", "1");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("profile fixed+N12"), r.out());
        assertTrue(r.out().contains("VIOLATION of instances-disjoint"), r.out());
        assertFalse(r.out().contains("spec (mk2): "), r.out());
    }

    @Test
    void aRaceIsFoundWithTwoThreadsAndWrittenAsAThreadedTraceThatReplays(@org.junit.jupiter.api.io.TempDir
                                                                         java.nio.file.Path tmp) {
        CommandLineTest.Run r = run("check", "--kernel", "mk2", "--erratum", "N3", "--bound", "threads=2", "--workers",
            "1", "--out", tmp.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("reference (mk2, fixed+N3, 2 threads): "), r.out());
        assertTrue(r.out().contains("VIOLATION of images-reachable"), r.out());
        assertTrue(r.out().contains("3. t1 kexec-file-load(id=1, pages=1)  (the call goes on)"), r.out());
        assertTrue(r.out().contains("4. t2 overlay-write(instance-remove web)  -> ok"), r.out());
        java.nio.file.Path trace = tmp.resolve("mk2-fixed-N3-images-reachable").resolve("trace.yaml");
        CommandLineTest.Run replay = run("replay", trace.toString());
        assertEquals(0, replay.code(), replay.out() + replay.err());
        assertTrue(replay.out().startsWith("ok "), replay.out());
    }

    @Test
    void withoutThreadsARaceIsNotFound() {
        CommandLineTest.Run r = run("check", "--kernel", "mk2", "--erratum", "N16", "--workers", "1", "--bound",
            "instances=1", "--bound", "edge-cases=false");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("no invariant violated"), r.out());
    }

    @Test
    void errataRunsEachRaceWithTwoThreads() {
        CommandLineTest.Run r = run("errata", "--kernel", "mk2", "--erratum", "N16", "--workers", "1");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*N16 +running-protected +6 .*kernel-alive \\(yes, in 7 steps\\) \\[2 threads\\].*"),
            r.out());
    }

    @Test
    void errataListsEachDefectWithItsInvariantAndSteps() {
        CommandLineTest.Run r = run("errata", "--kernel", "mk2", "--erratum", "N15,N6", "--paths", "--workers", "1");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*N15 +write-reports-result +1 .*"), r.out());
        assertTrue(r.out().matches("(?s).*N6 +baseline-atomic +1 .*"), r.out());
        assertTrue(r.out().contains("1. baseline-write(cpus=3,0, memory=6 pages)  -> EBUSY"), r.out());
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
