package mkspec.traces.format;

import static org.junit.jupiter.api.Assertions.fail;

/** What the format tests expect of a read that must succeed. */
final class ReadResults {
    private ReadResults() {
    }

    /** The trace of an accepted read; a rejection fails the test with {@code context} and every problem found. */
    static Trace accepted(TraceReadResult result, String context) {
        if (result instanceof TraceReadResult.Rejected rejected) {
            return fail(context + rejected.render());
        }
        return ((TraceReadResult.Accepted) result).trace();
    }
}
