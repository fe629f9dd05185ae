package mkspec.reference.fdt;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The external tools the oracle tests compare against: libfdt 1.6.1 through pylibfdt under
 * {@code /usr/bin/python3}, and {@code dtc}.
 *
 * <p>A test whose tool is missing is skipped with a message naming it, unless the environment variable
 * {@code MKSPEC_REQUIRE_ORACLES=1} is set, in which case the missing tool fails the test.
 */
final class Oracles {

    static final String PYTHON = "/usr/bin/python3";
    static final String DTC = "dtc";
    private static final long TIMEOUT_SECONDS = 120;

    private Oracles() {
    }

    /** Skips (or, when oracles are required, fails) unless pylibfdt imports under /usr/bin/python3. */
    static void assumePylibfdt() {
        require(Availability.PYLIBFDT, PYTHON + " with the libfdt module (Debian python3-libfdt)");
    }

    /** Skips (or, when oracles are required, fails) unless dtc runs. */
    static void assumeDtc() {
        require(Availability.DTC, "dtc (Debian device-tree-compiler)");
    }

    private static void require(boolean available, String what) {
        if (available) {
            return;
        }
        String message = "oracle missing: " + what;
        if ("1".equals(System.getenv("MKSPEC_REQUIRE_ORACLES"))) {
            fail(message + ", and MKSPEC_REQUIRE_ORACLES=1 requires it");
        }
        Assumptions.assumeTrue(false, message + "; skipping (set MKSPEC_REQUIRE_ORACLES=1 to fail instead)");
    }

    /** Whether each tool works, probed once when first asked. */
    private static final class Availability {
        static final boolean PYLIBFDT = runs(List.of(PYTHON, "-c", "import libfdt"));
        static final boolean DTC = runs(List.of(Oracles.DTC, "--version"));

        private static boolean runs(List<String> command) {
            try {
                return run(command, new byte[0]).exitCode == 0;
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** Runs the libfdt oracle script in {@code mode}, one input line per case; returns one line per case. */
    static List<String> libfdt(String mode, List<String> cases) {
        String script = resource("fdt/libfdt_oracle.py");
        String input = String.join("\n", cases) + "\n";
        Result r = runOrFail(List.of(PYTHON, "-c", script, mode), input.getBytes(StandardCharsets.US_ASCII));
        List<String> lines = new ArrayList<>(List.of(new String(r.stdout, StandardCharsets.US_ASCII).split("\n")));
        if (cases.isEmpty()) {
            lines.clear();
        }
        if (lines.size() != cases.size()) {
            fail("libfdt oracle answered " + lines.size() + " lines for " + cases.size() + " cases");
        }
        return lines;
    }

    /** Receives the libfdt label of blob number {@code index}. */
    interface LabelSink {
        void accept(int index, String label);
    }

    /** Exit codes above this are a process killed by signal (the code less 128). */
    private static final int KILLED_BY_SIGNAL = 128;

    /**
     * Labels every blob with libfdt in one batch process (the oracle script's {@code label} mode), handing each
     * label to {@code sink} in order as it arrives, so the caller can work while libfdt does. A label is
     * {@code "check_header check_full"}, with the tree as libfdt reads it for an accepted blob, or {@code crash}
     * or {@code loop} where libfdt 1.6.1 crashes or runs without end. The script finds those in a forked child;
     * should a case still kill the batch process, which the script's guard did not foresee, that case is labelled
     * {@code batch-killed-by-signal-N} and a new process goes on after it.
     */
    static void libfdtLabels(List<byte[]> blobs, LabelSink sink) {
        String script = resource("fdt/libfdt_oracle.py");
        Path file = null;
        Path err = null;
        try {
            file = Files.createTempFile("mkspec-fdt-cases", ".bin");
            err = Files.createTempFile("mkspec-oracle", ".err");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file),
                    1 << 16))) {
                for (byte[] b : blobs) {
                    out.writeInt(b.length);
                    out.write(b);
                }
            }
            int next = 0;
            while (next < blobs.size()) {
                Process p = new ProcessBuilder(PYTHON, "-c", script, "label", file.toString(), Integer.toString(next))
                        .redirectError(err.toFile()).start();
                p.getOutputStream().close(); // the cases are in the file
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.US_ASCII), 1 << 16)) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        if (next >= blobs.size()) {
                            fail("libfdt labeller answered more lines than the " + blobs.size() + " cases");
                        }
                        sink.accept(next++, line);
                    }
                }
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail("libfdt labeller did not exit after closing its output");
                }
                int code = p.exitValue();
                if (code == 0 && next == blobs.size()) {
                    break;
                }
                if (next == blobs.size() || code <= KILLED_BY_SIGNAL) {
                    fail("libfdt labeller exited " + code + " after " + next + " of " + blobs.size() + " cases: "
                            + Files.readString(err, StandardCharsets.ISO_8859_1));
                }
                sink.accept(next++, "batch-killed-by-signal-" + (code - KILLED_BY_SIGNAL));
            }
        } catch (IOException e) {
            fail("could not run the libfdt labeller: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while labelling with libfdt");
        } finally {
            deleteQuietly(file);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a temporary file left behind is harmless
            }
        }
    }

    /** Compiles DTS source to a blob with dtc; the result holds dtc's exit code, blob and messages. */
    static Result dtcCompile(String dts, String... extraArgs) {
        List<String> command = new ArrayList<>(List.of(DTC, "-q", "-I", "dts", "-O", "dtb"));
        command.addAll(List.of(extraArgs));
        command.add("-");
        return runOrFail(command, dts.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads a blob with dtc and writes it in format {@code out} (dtb or dts). */
    static Result dtcDecompile(byte[] blob, String out) {
        return runOrFail(List.of(DTC, "-q", "-I", "dtb", "-O", out, "-"), blob);
    }

    /** A finished process: exit code, standard output and standard error. */
    static final class Result {
        final int exitCode;
        final byte[] stdout;
        final String stderr;

        Result(int exitCode, byte[] stdout, String stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }
    }

    private static Result runOrFail(List<String> command, byte[] stdin) {
        try {
            Result r = run(command, stdin);
            if (r.exitCode != 0 && !command.get(0).equals(DTC)) {
                fail(command.get(0) + " exited " + r.exitCode + ": " + r.stderr);
            }
            return r;
        } catch (IOException e) {
            return fail("could not run " + command.get(0) + ": " + e);
        }
    }

    private static Result run(List<String> command, byte[] stdin) throws IOException {
        Path err = Files.createTempFile("mkspec-oracle", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            // the tools read all of their input before they write, so writing first cannot deadlock
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin);
            } catch (IOException e) {
                // the tool exited early; its exit code and messages say why
            }
            byte[] out;
            try (InputStream o = p.getInputStream()) {
                out = o.readAllBytes();
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " timed out");
            }
            return new Result(p.exitValue(), out, Files.readString(err, StandardCharsets.ISO_8859_1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private static String resource(String name) {
        try (InputStream in = Oracles.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                return fail("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return fail("cannot read " + name + ": " + e);
        }
    }
}
