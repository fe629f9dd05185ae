package mkspec.traces.format;

import java.util.List;
import java.util.stream.Collectors;

/** The outcome of reading a trace: the trace, or the problems that reject it before anything runs. */
public sealed interface TraceReadResult permits TraceReadResult.Accepted, TraceReadResult.Rejected {

    /** {@code c}'s case for this outcome. */
    <R> R accept(Cases<R> c);

    /** One case per outcome, so that a handler is exhaustive by construction. */
    interface Cases<R> {
        R accepted(Accepted a);

        R rejected(Rejected r);
    }

    /**
     * The text is a valid version-1 trace.
     *
     * @param trace the trace, its steps positioned in the file
     */
    record Accepted(Trace trace) implements TraceReadResult {

        /** Rejects a null trace. */
        public Accepted {
            java.util.Objects.requireNonNull(trace, "trace");
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.accepted(this);
        }
    }

    /**
     * The text is not a valid trace.
     *
     * @param problems at least one; sorted by position, so the first is the earliest in the file
     */
    record Rejected(List<TraceProblem> problems) implements TraceReadResult {

        /** Makes the list immutable and checks it is not empty. */
        public Rejected {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("a rejection has at least one problem");
            }
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.rejected(this);
        }

        /** The earliest problem in the file. */
        public TraceProblem first() {
            return problems.get(0);
        }

        /** Every problem, one rendered line each. */
        public String render() {
            return problems.stream().map(TraceProblem::render).collect(Collectors.joining("\n"));
        }
    }
}
