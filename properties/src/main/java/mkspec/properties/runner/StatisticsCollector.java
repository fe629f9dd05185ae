package mkspec.properties.runner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts, during one run's tries, what {@link Statistics} reports; owned by that run alone. */
final class StatisticsCollector {

    private final List<Action<?, ?>> actions;
    private final long[] enabled;
    private final long[] ran;
    // Mutable counters, so that counting an outcome boxes nothing.
    private final List<Map<String, long[]>> outcomes = new ArrayList<>();
    // How many sequences had each length: a run of millions of walks keeps one entry per length, not per walk.
    private final TreeMap<Integer, long[]> lengths = new TreeMap<>();
    private long sequences;
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
        lengths.computeIfAbsent(execution.steps().size(), n -> new long[1])[0]++;
        sequences++;
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
        if (sequences == 0) {
            return new Statistics(0, perAction, 0, 0, 0, stoppedEarly);
        }
        // The lower middle, as the sorted list's element (sequences - 1) / 2.
        long middle = (sequences - 1) / 2;
        int median = lengths.lastKey();
        long seen = 0;
        for (Map.Entry<Integer, long[]> length : lengths.entrySet()) {
            seen += length.getValue()[0];
            if (seen > middle) {
                median = length.getKey();
                break;
            }
        }
        return new Statistics((int) Math.min(Integer.MAX_VALUE, sequences), perAction, lengths.firstKey(), median,
                lengths.lastKey(), stoppedEarly);
    }
}
