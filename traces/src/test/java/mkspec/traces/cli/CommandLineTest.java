package mkspec.traces.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's exit codes and messages: 0 all held, 1 a violation, 2 bad input or usage, never a stack trace. */
class CommandLineTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static final String GOOD = "mkspec-trace: 1\nname: good\nsteps:\n  - op: mkdir\n    name: web\n    expect: EPERM\n";

    @Test
    void aTraceThatReplaysAsRecordedExitsZero() throws IOException {
        Run r = run("replay", write("good.yaml", GOOD).toString(), "--out", tmp.resolve("out").toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("1 replayed as recorded, 0 differ"), r.out());
    }

    @Test
    void aTraceThatDiffersExitsOneWritesAReportAndNamesTheStepAndLine() throws IOException {
        Path t = write("bad-expect.yaml", GOOD.replace("EPERM", "ok"));
        Run r = run("replay", t.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains(t + ":4:5: step 1: result: expected ok, got EPERM"), r.out());
        assertTrue(Files.exists(tmp.resolve("out").resolve("good").resolve("report.html")));
    }

    @Test
    void aMalformedTraceExitsTwoWithOneLineAndItsPositionAndNoStackTrace() throws IOException {
        Path t = write("malformed.yaml", "mkspec-trace: 1\nname: m\nsteps:\n  - op: teleport\n");
        Run r = run("replay", t.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith(t + ":4:"), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    @Test
    void anUnknownErratumInATraceIsBadInputAtItsPosition() throws IOException {
        Path t = write("d16.yaml", GOOD.replace("steps:", "errata: [D16]\nsteps:"));
        Run r = run("replay", t.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith(t + ":3:10: errata: expected an erratum mkspec models (D1,"), r.err());
        assertTrue(r.err().contains("found 'D16'"), r.err());
    }

    @Test
    void aMissingFileIsBadInput() {
        Run r = run("replay", tmp.resolve("nope.yaml").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no such file or folder"), r.err());
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithAHint() {
        Run r = run("check", "--frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unknown option") && r.err().contains("--help"), r.err());
    }

    @Test
    void aBadBoundIsBadInputNamingTheBound() {
        Run r = run("check", "--bound", "pool-pages=lots");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("pool-pages") && r.err().contains("not a number"), r.err());
        Run unknown = run("check", "--bound", "nosuch=1");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown bound 'nosuch'"), unknown.err());
    }

    @Test
    void checkOnTheSpecAtSmallBoundsPassesAndPrintsTotalsAndCollisionOdds() {
        Run r = run("check", "--system", "spec", "--bound", "instances=1", "--bound", "edge-cases=false", "--workers", "1",
            "--out", tmp.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("distinct states") && r.out().contains("no invariant violated"), r.out());
        assertTrue(r.out().contains("calculated (optimistic)"), r.out());
    }

    @Test
    void checkWithAnErratumExitsOneAndWritesAReplayableCounterexample() throws IOException {
        Run r = run("check", "--erratum", "D3", "--workers", "1", "--out", tmp.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("VIOLATION of ids-loadable"), r.out());
        Path trace = tmp.resolve("fixed-d3-ids-loadable").resolve("trace.yaml");
        assertTrue(Files.exists(trace), r.out());
        Run replay = run("replay", trace.toString(), "--no-report");
        assertEquals(0, replay.code(), replay.out() + replay.err());
    }

    @Test
    void theSpecHasNoErrata() {
        Run r = run("check", "--erratum", "D3", "--system", "spec");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("the spec has no errata"), r.err());
    }

    @Test
    void dtbPrintsDtsForAValidBlobAndNamesTheOffsetOfAnInvalidOne() throws IOException {
        byte[] blob = mkspec.reference.machine.DeviceTrees.multikernelDtb(java.util.List.of(
            mkspec.reference.machine.InstanceConfig.of("web", 1, java.util.List.of(1L), 2 << 20)));
        Path good = tmp.resolve("good.dtb");
        Files.write(good, blob);
        Run r = run("dtb", good.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("/dts-v1/;") && r.out().contains("web"), r.out());
        Path bad = tmp.resolve("bad.dtb");
        Files.write(bad, java.util.Arrays.copyOf(blob, 30));
        Run b = run("dtb", bad.toString());
        assertEquals(2, b.code());
        assertTrue(b.err().contains("offset"), b.err());
    }

    @Test
    void dtbPrintsAValidTreeDtsCannotExpressAnywayWithAWarningAndExitsZero() throws IOException {
        mkspec.reference.fdt.FdtTree.Node root = new mkspec.reference.fdt.FdtTree.Node("",
            java.util.List.of(new mkspec.reference.fdt.FdtTree.Property("a$b", new byte[] {0, 0, 0, 1})),
            java.util.List.of(new mkspec.reference.fdt.FdtTree.Node("c!d", java.util.List.of(), java.util.List.of())));
        Path odd = tmp.resolve("odd.dtb");
        Files.write(odd, new mkspec.reference.fdt.FdtTree(java.util.List.of(), root).toBlob());
        Run r = run("dtb", odd.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("a$b = <0x1>;") && r.out().contains("c!d {"), r.out());
        assertTrue(r.err().startsWith("mkspec: warning: " + odd + ": a valid blob that DTS cannot express (property"
            + " name 'a$b' at / is not one dtc accepts); printed anyway, as dtc -f does"), r.err());

        Path rootless = tmp.resolve("rootless.dtb");
        Files.write(rootless, new mkspec.reference.fdt.FdtTree(java.util.List.of(), java.util.List.of(),
            java.util.Optional.empty()).toBlob());
        Run n = run("dtb", rootless.toString());
        assertEquals(0, n.code(), n.err());
        assertTrue(n.out().contains("// no root node") && n.err().contains("the tree has no root node"), n.out() + n.err());
    }

    @Test
    void dtbPrintsATreeAsDeepAsItsBlobIsLongWithoutRunningOutOfStack() throws IOException {
        int depth = 100_000;
        byte[] buf = new byte[16 * depth + 256];
        mkspec.reference.fdt.FdtSw.fdt_create(buf, buf.length);
        mkspec.reference.fdt.FdtSw.fdt_finish_reservemap(buf);
        mkspec.reference.fdt.FdtSw.fdt_begin_node(buf, "");
        for (int i = 0; i < depth; i++) {
            mkspec.reference.fdt.FdtSw.fdt_begin_node(buf, "n");
        }
        for (int i = 0; i <= depth; i++) {
            mkspec.reference.fdt.FdtSw.fdt_end_node(buf);
        }
        assertEquals(0, mkspec.reference.fdt.FdtSw.fdt_finish(buf));
        Path deep = tmp.resolve("deep.dtb");
        Files.write(deep, buf);
        Run r = run("dtb", deep.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(depth + 1, r.out().split("\\{\n", -1).length - 1, "every node opened");
        assertTrue(r.err().isEmpty(), r.err());
    }

    /** A usage error: exit 2, one line naming what was wrong and what is allowed, no stack trace. */
    private static void assertUsageError(Run r, String... says) {
        assertEquals(2, r.code(), r.out() + r.err());
        for (String s : says) {
            assertTrue(r.err().contains(s), "expected \"" + s + "\" in: " + r.err());
        }
        assertFalse(r.err().contains("could not complete") || r.err().contains("Exception"), r.err());
    }

    @Test
    void aBadBoundValueIsAUsageErrorNamingTheBoundAndTheAllowedRange() {
        assertUsageError(run("check", "--bound", "pool-pages=-1"), "pool-pages must be 1 to 1048576, was -1");
        assertUsageError(run("check", "--bound", "page-size=1000"), "page-size must be a power of two from 4096 to 65536");
        assertUsageError(run("check", "--bound", "pool-address=0x123"), "pool-address must be a multiple of page-size (0x1000)",
            "was 0x123");
        assertUsageError(run("check", "--bound", "instance-pages=0"), "instance-pages must be 1 to pool-pages (16)");
        assertUsageError(run("check", "--bound", "stray-id=1"), "stray-id must be 0 (none) or an id no catalog instance has");
    }

    @Test
    void tooFewCpusSaysTheEdgeCasesNeedThemAndHowToLeaveThemOut() {
        assertUsageError(run("check", "--bound", "cpus=3"), "the edge-case instances take 4", "--bound edge-cases=false");
    }

    @Test
    void badWorkerAndLimitCountsAreUsageErrorsAndTooManyWorkersAreCapped() {
        assertUsageError(run("check", "--workers", "0"), "--workers 0: expected 1 to the number of cores");
        assertUsageError(run("check", "--max-depth", "-1"), "--max-depth -1: expected 0 (no limit) or more");
        assertUsageError(run("check", "--max-states", "-5"), "--max-states -5: expected 0 (no limit) or more");
        Run many = run("check", "--system", "spec", "--workers", "1000", "--bound", "edge-cases=false",
            "--bound", "fail-points=false", "--bound", "notifier-faults=false");
        assertEquals(0, many.code(), many.out() + many.err());
        assertTrue(many.err().contains("--workers 1000: this machine has"), many.err());
        assertTrue(many.out().contains(Runtime.getRuntime().availableProcessors() + " worker(s)"), many.out());
    }

    @Test
    void noCommandIsAUsageErrorWithTheUsageOnStderr() {
        Run r = run();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("a command is needed") && r.err().contains("Usage:"), r.err());
    }

    @Test
    void erratumIdsTakeAnyCaseAndAnEmptyOneIsAClearError() {
        Run lower = run("check", "--erratum", "d9", "--bound", "edge-cases=false", "--out", tmp.resolve("out").toString());
        assertEquals(1, lower.code(), lower.out() + lower.err());
        assertTrue(lower.out().contains("profile fixed+D9") && lower.out().contains("VIOLATION of"), lower.out());
        assertUsageError(run("check", "--erratum", "D5,,D3"), "an empty erratum id in D5,,D3");
        assertUsageError(run("check", "--erratum", "D16"), "erratum D16 is not modelled", "D20");
    }

    @Test
    void replayingAFolderWithoutTracesIsBadInput() throws IOException {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertUsageError(run("replay", empty.toString()), "no trace (*.yaml, *.yml) in the folder");
    }

    @Test
    void listBoundsShowsEachBoundsValueMeaningAndRange() {
        Run r = run("check", "--list-bounds", "--bound", "pool-pages=32");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("pool-pages=32") && r.out().contains("pages of the multikernel pool: 1 to 1048576"),
            r.out());
        assertEquals(mkspec.spec.Bounds.defaults().allValues().keySet(), mkspec.spec.Bounds.MEANINGS.keySet());
        assertEquals(mkspec.spec.Bounds.MEANINGS.size(), r.out().lines().count(), r.out());
    }

    @Test
    void aRunReportsTheHeapItNeededBesideTheStore() {
        Run r = run("check", "--system", "spec", "--bound", "edge-cases=false", "--bound", "fail-points=false");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*heap needed: [0-9]+\\.[0-9] MiB at most after a collection \\([0-9,]+ bytes per "
            + "stored state\\), beside the store's [0-9]+\\.[0-9] MiB.*"), r.out());
    }

    @Test
    void aViolationListsEveryInvariantTheLastStepBreaksAndTheErratumThatCausesEach() {
        Run r = run("check", "--erratum", "D1", "--bound", "edge-cases=false", "--workers", "1", "--out", tmp.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("VIOLATION of failed-op-atomic: ")
            && r.out().contains("\n  the last step breaks 2 invariants: lifecycle-consistent (D1), failed-op-atomic (D1)\n"
                + "    lifecycle-consistent: an instance has an image exactly when")
            && r.out().contains("\n  D1: " + mkspec.reference.Erratum.D1.defect() + "\n"), r.out());
    }

    @Test
    void aReplayThatDiffersListsTheInvariantsTheStepBreaksAndTheirErratum() throws IOException {
        String d2 = Files.readString(Path.of("corpus/errata/d2-segments-inside-instance.yaml"));
        Path t = write("d2.yaml", d2.replace("violations: [segments-inside-instance]", "violations: [segments-disjoint]"));
        Run r = run("replay", t.toString(), "--no-report");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("\n      step 2 breaks 1 invariant: segments-inside-instance (D2)\n")
            && r.out().contains("\n      D2: " + mkspec.reference.Erratum.D2.defect() + "\n"), r.out());
    }

    @Test
    void oneStepIsSaidInTheSingular() throws IOException {
        Run check = run("check", "--erratum", "D5", "--workers", "1", "--out", tmp.toString());
        assertEquals(1, check.code(), check.out() + check.err());
        assertTrue(check.out().contains("  shortest path (1 step):\n"), check.out());
        Run replay = run("replay", write("good.yaml", GOOD).toString(), "--no-report");
        assertTrue(replay.out().contains("  (1 step, fixed"), replay.out());
    }

    @Test
    void everySubcommandWritesItsErrorsWithOnePrefixAndTheSameWords() {
        Path missing = tmp.resolve("nope.yaml");
        java.util.List<Run> runs = java.util.List.of(run("replay", missing.toString()), run("report", missing.toString(),
            "--out", tmp.resolve("r").toString()), run("dtb", missing.toString()), run("check", "--progress", "0"),
            run("check", "--erratum", "D16"), run("errata", "--erratum", "D16"), run("errata", "--erratum", "D5,,D3"),
            run("check", "--frobnicate"));
        for (Run r : runs) {
            assertEquals(2, r.code(), r.out() + r.err());
            assertTrue(r.err().startsWith("mkspec: "), r.err());
            assertFalse(r.err().contains("could not complete") || r.err().contains("Exception"), r.err());
        }
        assertTrue(runs.get(0).err().startsWith("mkspec: " + missing + ": no such file"), runs.get(0).err());
        assertTrue(runs.get(1).err().startsWith("mkspec: " + missing + ": no such file"), runs.get(1).err());
        assertTrue(runs.get(3).err().startsWith("mkspec: --progress 0: expected 1 (second) or more"), runs.get(3).err());
        assertEquals(runs.get(4).err(), runs.get(5).err(), "check and errata say the same of an unknown erratum");
        assertTrue(runs.get(6).err().contains("an empty erratum id in D5,,D3"), runs.get(6).err());
    }
}
