package mkspec.properties.runner;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a run's tries exercised: how often each action was enabled and ran, with which outcomes, and how long
 * the sequences were. Shrink runs are not counted.
 *
 * <p>Every action of the model is listed, so an action the generator never reaches shows up with 0 runs.
 *
 * @param tries         how many sequences were generated (including a failing last one)
 * @param actions       per action, in the model's order
 * @param minLength     the shortest sequence, in steps run
 * @param medianLength  the median sequence length (the lower middle for an even number of tries)
 * @param maxLength     the longest sequence, in steps run
 * @param stoppedEarly  how many sequences stopped before their length because no action was enabled
 */
public record Statistics(int tries, List<ActionStatistics> actions, int minLength, int medianLength, int maxLength,
                         int stoppedEarly) {

    /** Copies the action list. */
    public Statistics {
        actions = List.copyOf(actions);
    }

    /** The statistics of the action named {@code name}. */
    public ActionStatistics action(String name) {
        for (ActionStatistics action : actions) {
            if (action.name().equals(name)) {
                return action;
            }
        }
        throw new IllegalArgumentException("no action named " + name);
    }

    /** A compact table: one line per action with weight, steps enabled, runs and outcome counts. */
    public String table() {
        int nameWidth = "action".length();
        for (ActionStatistics action : actions) {
            nameWidth = Math.max(nameWidth, action.name().length());
        }
        String row = "  %-" + nameWidth + "s %6s %9s %9s  %s%n";
        StringBuilder text = new StringBuilder();
        text.append(String.format("  %d %s; sequence length min %d, median %d, max %d%n",
                tries, tries == 1 ? "try" : "tries", minLength, medianLength, maxLength));
        text.append(String.format(row, "action", "weight", "enabled", "ran", "outcomes"));
        for (ActionStatistics action : actions) {
            text.append(String.format(row, action.name(), action.weight(), action.enabled(), action.ran(),
                    action.ran() == 0 ? "NEVER RAN" : action.outcomesText()));
        }
        if (stoppedEarly > 0) {
            text.append(String.format("  %d sequences stopped early: no action enabled%n", stoppedEarly));
        }
        return text.toString();
    }

    /**
     * How one action fared over a run's tries.
     *
     * @param name     the action's name
     * @param weight   its weight
     * @param enabled  in how many steps its precondition held
     * @param ran      how many times it ran
     * @param outcomes how often each outcome label occurred, most frequent first
     */
    public record ActionStatistics(String name, int weight, long enabled, long ran, Map<String, Long> outcomes) {

        /** Copies the outcome counts, keeping their order. */
        public ActionStatistics {
            Objects.requireNonNull(name, "name");
            outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
        }

        /** How often {@code outcome} occurred (0 if never). */
        public long count(String outcome) {
            return outcomes.getOrDefault(outcome, 0L);
        }

        String outcomesText() {
            StringBuilder text = new StringBuilder();
            for (Map.Entry<String, Long> entry : outcomes.entrySet()) {
                if (text.length() > 0) {
                    text.append(", ");
                }
                text.append(entry.getKey()).append(' ').append(entry.getValue());
            }
            return text.toString();
        }
    }
}
