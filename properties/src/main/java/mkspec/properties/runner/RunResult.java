package mkspec.properties.runner;

import java.util.Objects;
import java.util.Optional;

/** The result of running a property: it passed every try, or it failed, with the original and shrunk sequence. */
public sealed interface RunResult permits RunResult.Passed, RunResult.Failed {

    /** The settings the run used (after any overrides), including its seed. */
    Settings settings();

    /** What the tries exercised. */
    Statistics statistics();

    /** The failed run, if this is one. */
    default Optional<Failed> failed() {
        return Optional.empty();
    }

    /** {@code c}'s case for this result. */
    <R> R accept(Cases<R> c);

    /** One case per result, so that a handler is exhaustive by construction. */
    interface Cases<R> {
        R passed(Passed p);

        R failed(Failed f);
    }

    /** A header line with the property's name, verdict and seed, followed by the statistics table. */
    default String summary() {
        String verdict = failed().isPresent() ? "FAILED" : "passed";
        return "property " + settings().name() + " " + verdict + " (seed " + settings().seed() + ")\n"
                + statistics().table();
    }

    /**
     * Every try passed.
     *
     * @param settings   the settings used
     * @param statistics what the tries exercised
     */
    record Passed(Settings settings, Statistics statistics) implements RunResult {

        /** Rejects missing parts. */
        public Passed {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(statistics, "statistics");
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.passed(this);
        }
    }

    /**
     * A try failed; its sequence was shrunk.
     *
     * @param settings     the settings used; {@link Settings#asSystemProperties()} replays this failure
     * @param statistics   what the tries up to the failing one exercised
     * @param tryIndex     which try failed, counting from 0
     * @param original     the failing sequence as generated
     * @param shrunk       the smallest failing sequence found, with the same failure id
     * @param shrinkRuns   how many candidate sequences the shrinker ran
     * @param shrinkBudgetSpent true if shrinking stopped at {@link Settings#maxShrinkRuns()}, not at a fixpoint
     */
    record Failed(Settings settings, Statistics statistics, int tryIndex, Execution original, Execution shrunk,
                  int shrinkRuns, boolean shrinkBudgetSpent) implements RunResult {

        /** Rejects missing parts and sequences that did not fail. */
        public Failed {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(statistics, "statistics");
            if (!original.failed() || !shrunk.failed()) {
                throw new IllegalArgumentException("a failed run needs failing original and shrunk sequences");
            }
        }

        @Override
        public Optional<Failed> failed() {
            return Optional.of(this);
        }

        @Override
        public <R> R accept(Cases<R> c) {
            return c.failed(this);
        }

        /** The shrunk sequence's failure. */
        public Failure failure() {
            return shrunk.failure().orElseThrow();
        }

        /** One line that replays exactly this case: the same seed reaches the same try and shrinks it the same way. */
        public String replayHint() {
            return "replay: mvn test " + settings.withTries(tryIndex + 1).asSystemProperties();
        }

        /** The full failure report: failure, seed, try, shrunk and original sequences, draws, replay hint. */
        public String report() {
            StringBuilder text = new StringBuilder();
            text.append("property ").append(settings.name()).append(" failed: ").append(failure().id()).append('\n');
            text.append("  ").append(failure().message()).append('\n');
            text.append("  seed ").append(settings.seed()).append(", try ").append(tryIndex + 1).append(" of ")
                    .append(settings.tries()).append("; shrunk from ").append(original.steps().size())
                    .append(" to ").append(shrunk.steps().size()).append(" steps in ").append(shrinkRuns)
                    .append(" runs").append(shrinkBudgetSpent ? " (budget spent: may not be minimal)" : "")
                    .append('\n');
            text.append("  shrunk sequence:\n").append(shrunk.describe("    "));
            text.append("  shrunk draws: ").append(shrunk.draws()).append('\n');
            text.append("  original sequence (fails with ").append(original.failure().orElseThrow().message())
                    .append("):\n").append(elided(original));
            text.append("  ").append(replayHint()).append('\n');
            String trace = failure().stackTrace();
            if (!trace.isEmpty()) {
                text.append("  stack trace of the shrunk failure:\n").append(trace.indent(4));
            }
            text.append(statistics.table());
            return text.toString();
        }

        private static String elided(Execution execution) {
            int keep = 20;
            String all = execution.describe("    ");
            if (execution.steps().size() <= 2 * keep) {
                return all;
            }
            String[] lines = all.split("\n");
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < keep; i++) {
                text.append(lines[i]).append('\n');
            }
            text.append("    ... ").append(lines.length - 2 * keep).append(" steps ...\n");
            for (int i = lines.length - keep; i < lines.length; i++) {
                text.append(lines[i]).append('\n');
            }
            return text.toString();
        }
    }
}
