package mkspec.traces.cli;

import static mkspec.traces.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mkspec check} and {@code mkspec errata} report recoverability: its figures, and a state nobody can leave. */
class RecoverabilityCommandLineTest {
    @TempDir
    Path tmp;

    private static final String[] SMALL = {"--bound", "instances=1", "--bound", "edge-cases=false", "--bound",
        "plain-loads=false", "--bound", "segments=1", "--workers", "1"};

    private static String[] with(String[] head, String... tail) {
        String[] out = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    @Test
    void checkPrintsTheRecoverabilityFiguresBesideTheSearchsAndLeavesThemOutOnRequest() {
        CommandLineTest.Run on = run("check", "--system", "spec", "--workers", "1");
        assertEquals(0, on.code(), on.out() + on.err());
        assertTrue(on.out().matches("(?s).*\n  recoverability: 16,248 of 16,248 states can get back to a clean machine "
            + "\\(628 of them clean\\); backward pass over [0-9,]+ transitions: [0-9,]+ ms, [0-9.]+ MiB \\(the search: "
            + "[0-9.]+ s\\)\n.*"), on.out());
        CommandLineTest.Run off = run("check", "--system", "spec", "--workers", "1", "--no-recoverability");
        assertEquals(0, off.code(), off.out() + off.err());
        assertFalse(off.out().contains("recoverability"), off.out());
    }

    @Test
    void recoverabilityOnlyShowsTheStateD9LeavesWithEveryWayOutAndWritesItsPath() throws Exception {
        CommandLineTest.Run r = run(with(with(new String[] {"check", "--erratum", "D9", "--recoverability-only"}, SMALL),
            "--out", tmp.toString()));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("UNRECOVERABLE: a state from which no sequence of steps reaches clean-machine"), r.out());
        assertTrue(r.out().contains("\n  system_transition_mutex is held\n  shortest path into it (1 step):\n"
            + "    1. reboot-multikernel(id=1, bad-pointer)  -> EFAULT\n  every way out:\n"), r.out());
        assertFalse(r.out().contains("CHECKER BUG"), r.out());
        Path trace = tmp.resolve("fixed-d9-unrecoverable").resolve("trace.yaml");
        assertTrue(Files.readString(trace).contains("no sequence of steps gets back to clean-machine"));
        CommandLineTest.Run replay = run("replay", trace.toString(), "--no-report");
        assertEquals(0, replay.code(), replay.out() + replay.err());
    }

    @Test
    void recoverabilityOnlyRefusesToRunWithRecoverabilityOff() {
        CommandLineTest.Run r = run("check", "--recoverability-only", "--no-recoverability");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--recoverability-only: not with --no-recoverability"), r.err());
        CommandLineTest.Run spec = run("check", "--recoverability-only", "--system", "spec");
        assertEquals(2, spec.code(), spec.out() + spec.err());
        assertTrue(spec.err().contains("not with --system spec"), spec.err());
    }

    @Test
    void errataSaysWhichErratumLeavesTheMachineStuckAndWritesThePath() {
        CommandLineTest.Run r = run(with(with(new String[] {"errata", "--erratum", "D9,D2"}, SMALL), "--out", tmp.toString()));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("reboot-lock-released (yes); recoverable (broken: stuck after 1 step)\n"), r.out());
        assertTrue(r.out().contains("\nD2   ") && !r.out().split("\nD2   ")[1].split("\n")[0].contains("recoverable"), r.out());
        assertTrue(Files.exists(tmp.resolve("errata").resolve("D9-recoverable").resolve("trace.yaml")));
    }

    @Test
    void withTwoThreadsRecoverabilityOnlyShowsWhereD18sRaceLeavesNoWayBack() {
        CommandLineTest.Run r = run("check", "--erratum", "D18", "--bound", "threads=2", "--bound", "instances=1",
            "--bound", "edge-cases=false", "--bound", "cpus=3", "--recoverability-only", "--workers", "1", "--out",
            tmp.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("  shortest path into it (3 steps):\n    1. t1 upload-device-tree(web)  -> ok\n"
            + "    2. t1 kexec-file-load(id=1, segments=[4K])  (the call goes on)\n    3. t2 rmdir(web)  (the call goes on)\n"),
            r.out());
        assertTrue(r.out().contains("    t2 continues -> no result yet, to a state that cannot get home either"), r.out());
        assertFalse(r.out().contains("CHECKER BUG"), r.out());
    }
}
