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
    void anUnknownErratumInATraceIsBadInput() throws IOException {
        Path t = write("d16.yaml", GOOD.replace("steps:", "errata: [D16]\nsteps:"));
        Run r = run("replay", t.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("erratum D16 is not modelled"), r.err());
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
}
