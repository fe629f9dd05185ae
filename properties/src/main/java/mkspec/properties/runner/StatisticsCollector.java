package mkspec.properties.runner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts, during one run's tries, what {@link Statistics} reports; owned by that run alone. */
final class StatisticsCollector {

    private final List<Action<?, ?>> actions;
    private final long[] enabled;
    private final long[] ran;
    // Mutable counters, so that counting an outcome boxes nothing.
    private final List<Map<String, long[]>> outcomes = new ArrayList<>();
    private final List<Integer> lengths = new ArrayList<>();
    private int stoppedEarly;

    StatisticsCollector(List<? extends Action<?, ?>> actions) {
        this.actions = List.copyOf(actions);
        this.enabled = new long[actions.size()];
        this.ran = new long[actions.size()];
        for (int i = 0; i < actions.size(); i++) {
            outcomes.add(new HashMap<>());
        }
    }

    void enabled(int action) {
        enabled[action]++;
    }

    void ran(int action, String outcome) {
        ran[action]++;
        outcomes.get(action).computeIfAbsent(outcome, o -> new long[1])[0]++;
    }

    void sequence(Execution execution) {
        lengths.add(execution.steps().size());
        if (execution.noActionEnabled()) {
            stoppedEarly++;
        }
    }

    Statistics snapshot() {
        List<Statistics.ActionStatistics> perAction = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            List<Map.Entry<String, Long>> entries = new ArrayList<>();
            for (Map.Entry<String, long[]> counted : outcomes.get(i).entrySet()) {
                entries.add(Map.entry(counted.getKey(), counted.getValue()[0]));
            }
            entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()));
            Map<String, Long> ordered = new LinkedHashMap<>();
            for (Map.Entry<String, Long> entry : entries) {
                ordered.put(entry.getKey(), entry.getValue());
            }
            perAction.add(new Statistics.ActionStatistics(actions.get(i).name(), actions.get(i).weight(),
                    enabled[i], ran[i], ordered));
        }
        int[] sorted = lengths.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return new Statistics(0, perAction, 0, 0, 0, stoppedEarly);
        }
        return new Statistics(sorted.length, perAction, sorted[0], sorted[(sorted.length - 1) / 2],
                sorted[sorted.length - 1], stoppedEarly);
    }
}
