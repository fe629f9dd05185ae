package mkspec.traces.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Writing a trace and reading the text back gives the same trace, for random traces from fixed seeds. */
class TraceRoundTripTest {

    private static final long SEED = 0x6d6b73706563L;
    private static final int TRACES = 500;

    private static Trace reread(String text, String what) {
        return ReadResults.accepted(TraceReader.read(text, what), "the writer wrote a trace the reader rejects:\n--- text:\n"
            + text + "\n--- problems:\n");
    }

    @Test
    void everyRandomTraceReadsBackEqualAfterWriting() {
        RandomTraces traces = new RandomTraces(SEED);
        Set<Op> opsSeen = EnumSet.noneOf(Op.class);
        for (int i = 0; i < TRACES; i++) {
            Trace trace = traces.next();
            trace.steps().forEach(s -> opsSeen.add(s.op()));
            String text = TraceWriter.write(trace);

            Trace back = reread(text, "seed " + SEED + " trace " + i);

            assertEquals(trace, back.withoutLocations(), () -> "seed " + SEED + " trace " + text);
        }
        assertEquals(EnumSet.allOf(Op.class), opsSeen, "the generator reaches every op");
    }

    @Test
    void writingWhatWasReadReproducesTheSameText() {
        RandomTraces traces = new RandomTraces(SEED + 1);
        for (int i = 0; i < TRACES; i++) {
            String text = TraceWriter.write(traces.next());

            String again = TraceWriter.write(reread(text, "trace " + i));

            assertEquals(text, again);
        }
    }

    @Test
    void positionsOfAReadTracePointAtEachStepsOpLine() {
        RandomTraces traces = new RandomTraces(SEED + 2);
        for (int i = 0; i < 50; i++) {
            String text = TraceWriter.write(traces.next());
            String[] lines = text.split("\n", -1);

            for (Step step : reread(text, "trace " + i).steps()) {
                String line = lines[step.position().line() - 1];
                assertEquals("  - op: " + step.op().word(), line);
                assertEquals(5, step.position().column());
            }
        }
    }
}
