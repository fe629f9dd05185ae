package mkspec.traces.cli;

import static mkspec.traces.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mkspec check} rebuilds its queued states by default: the same search and the same counterexample as with
 * {@code --no-rebuild-queued}, and it says how many steps it re-ran.
 */
class RebuildQueuedCommandLineTest {
    @TempDir
    Path tmp;

    private static final Pattern TOTALS = Pattern.compile("(?m)^reference \\([^)]*\\): ([0-9,]+ distinct states, [0-9,]+ "
        + "generated, depth [0-9]+),");

    private static String totals(String out) {
        Matcher m = TOTALS.matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    @Test
    void aReferenceSearchRebuildingItsQueueCountsWhatAKeptQueueCountsAndPrintsTheStepsItReran() {
        CommandLineTest.Run kept = run("check", "--system", "reference", "--workers", "2", "--bound", "instances=2",
            "--bound", "edge-cases=false", "--no-recoverability", "--no-rebuild-queued");
        CommandLineTest.Run rebuilt = run("check", "--system", "reference", "--workers", "2", "--bound", "instances=2",
            "--bound", "edge-cases=false", "--no-recoverability");
        assertEquals(0, kept.code(), kept.out() + kept.err());
        assertEquals(0, rebuilt.code(), rebuilt.out() + rebuilt.err());
        assertEquals(totals(kept.out()), totals(rebuilt.out()));
        assertFalse(kept.out().contains("queued states rebuilt"), kept.out());
        assertTrue(rebuilt.out().matches("(?s).*\n  queued states rebuilt from their parents: [0-9,]+ steps re-run "
            + "\\([0-9.]+ per distinct state\\)\n.*"), rebuilt.out());
    }

    @Test
    void aCounterexampleFoundRebuildingTheQueueIsTheTraceAKeptQueueFinds() throws Exception {
        Path kept = tmp.resolve("kept");
        Path rebuilt = tmp.resolve("rebuilt");
        // D14's shortest path is four steps: its last states were rebuilt through three levels.
        CommandLineTest.Run a = run("check", "--system", "reference", "--erratum", "D14", "--workers", "1",
            "--no-recoverability", "--no-rebuild-queued", "--out", kept.toString());
        CommandLineTest.Run b = run("check", "--system", "reference", "--erratum", "D14", "--workers", "2",
            "--no-recoverability", "--out", rebuilt.toString());
        assertEquals(1, a.code(), a.out() + a.err());
        assertEquals(1, b.code(), b.out() + b.err());
        Path trace = kept.resolve("fixed-d14-handover-page-alive").resolve("trace.yaml");
        assertTrue(Files.exists(trace), a.out());
        assertEquals(Files.readString(trace), Files.readString(rebuilt.resolve("fixed-d14-handover-page-alive").resolve("trace.yaml")));
    }
}
