package mkspec.traces.format;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever bytes it is given, the reader answers with a trace or with located one-line problems inside the text;
 * it never throws. Inputs are valid traces with random edits, from a fixed seed.
 */
class TraceReaderFuzzTest {

    private static final long SEED = 20251019L;
    private static final String NOISE = ":-[]{},#&*!|>'\"%@`?\t\n \\0x1MK.~=\u00e9\u0001";

    @Test
    void randomlyDamagedTracesAreAcceptedOrRejectedButNeverThrow() {
        Random random = new Random(SEED);
        RandomTraces traces = new RandomTraces(SEED);
        int rejected = 0;
        for (int i = 0; i < 3000; i++) {
            String text = damage(TraceWriter.write(traces.next()), random);
            TraceReadResult result;
            try {
                result = TraceReader.read(text, "fuzz.yaml");
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + SEED + " input " + i + " threw on:\n" + text, e);
            }
            if (result instanceof TraceReadResult.Rejected r) {
                rejected++;
                checkProblems(r, text, i);
            }
        }
        assertTrue(rejected > 1000, "the damage should break most traces, broke " + rejected);
    }

    @Test
    void randomBytesAreRejectedWithoutThrowing() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < 500; i++) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            TraceReadResult result = TraceReader.read(bytes, "noise.bin");
            if (!(result instanceof TraceReadResult.Rejected r)) {
                fail("random bytes made a trace: " + new String(bytes, StandardCharsets.ISO_8859_1));
                return;
            }
            for (TraceProblem problem : r.problems()) {
                assertFalse(problem.message().isBlank());
                assertTrue(problem.position().isKnown(), problem.render());
            }
        }
    }

    private static void checkProblems(TraceReadResult.Rejected rejected, String text, int index) {
        int lines = text.split("\n", -1).length;
        Position previous = Position.UNKNOWN;
        for (TraceProblem problem : rejected.problems()) {
            String where = "input " + index + ": " + problem.render() + "\n" + text;
            assertTrue(problem.render().startsWith("fuzz.yaml:"), where);
            assertTrue(problem.position().isKnown() && problem.position().line() <= lines + 1, where);
            assertTrue(problem.message().startsWith("expected ") || problem.message().contains(": expected ")
                    || problem.message().startsWith("unsupported trace version "), where);
            assertTrue(previous.compareTo(problem.position()) <= 0, "problems out of order, " + where);
            previous = problem.position();
        }
    }

    private static String damage(String text, Random random) {
        StringBuilder out = new StringBuilder(text);
        for (int edits = 1 + random.nextInt(3); edits > 0 && out.length() > 0; edits--) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(4)) {
                case 0 -> out.deleteCharAt(at);
                case 1 -> out.insert(at, NOISE.charAt(random.nextInt(NOISE.length())));
                case 2 -> out.setCharAt(at, NOISE.charAt(random.nextInt(NOISE.length())));
                default -> {
                    int end = Math.min(out.length(), at + random.nextInt(20));
                    out.delete(at, end);
                }
            }
        }
        return out.toString();
    }
}
