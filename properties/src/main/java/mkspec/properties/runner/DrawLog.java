package mkspec.properties.runner;

import java.util.ArrayList;
import java.util.List;

/**
 * The draws of one sequence, delimited by step: entry {@code i} holds exactly the draws step {@code i} made
 * (picking its action, then its arguments).
 *
 * <p>Delimiting is what lets the shrinker delete a whole step, and it keeps later steps aligned when an edit
 * makes one step draw more or fewer values: each step replays from its own list.
 *
 * @param steps the draws of each step, in order
 */
public record DrawLog(List<List<Draw>> steps) {

    /** Copies the lists, so a log never changes. */
    public DrawLog {
        List<List<Draw>> copy = new ArrayList<>(steps.size());
        for (List<Draw> step : steps) {
            copy.add(List.copyOf(step));
        }
        steps = List.copyOf(copy);
    }

    /** Just the values, step by step: what {@link PropertyRunner#replay} takes. */
    public List<List<Long>> values() {
        List<List<Long>> values = new ArrayList<>(steps.size());
        for (List<Draw> step : steps) {
            List<Long> stepValues = new ArrayList<>(step.size());
            for (Draw draw : step) {
                stepValues.add(draw.value());
            }
            values.add(List.copyOf(stepValues));
        }
        return List.copyOf(values);
    }

    /** The values as {@code [[0, 3], [1]]}, the form {@link #parseValues(String)} reads back. */
    @Override
    public String toString() {
        return values().toString();
    }

    /**
     * Reads values written as {@code [[0, 3], [1]]} (by {@link #toString()}) back for {@link PropertyRunner#replay}.
     *
     * @throws IllegalArgumentException if the text is not a list of lists of integers
     */
    public static List<List<Long>> parseValues(String text) {
        String trimmed = text.strip();
        if (!trimmed.startsWith("[") || !trimmed.endsWith("]")) {
            throw new IllegalArgumentException("draw values must look like [[0, 3], [1]], got: " + text);
        }
        String inner = trimmed.substring(1, trimmed.length() - 1).strip();
        List<List<Long>> steps = new ArrayList<>();
        int at = 0;
        while (at < inner.length()) {
            int open = inner.indexOf('[', at);
            int close = inner.indexOf(']', at);
            if (open < 0 || close < open || !inner.substring(at, open).replace(",", "").isBlank()) {
                throw new IllegalArgumentException("draw values must look like [[0, 3], [1]], got: " + text);
            }
            List<Long> step = new ArrayList<>();
            String body = inner.substring(open + 1, close).strip();
            if (!body.isEmpty()) {
                for (String number : body.split(",")) {
                    try {
                        step.add(Long.parseLong(number.strip()));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("not a draw value: '" + number.strip() + "' in " + text, e);
                    }
                }
            }
            steps.add(List.copyOf(step));
            at = close + 1;
            while (at < inner.length() && (inner.charAt(at) == ',' || Character.isWhitespace(inner.charAt(at)))) {
                at++;
            }
        }
        return List.copyOf(steps);
    }
}
