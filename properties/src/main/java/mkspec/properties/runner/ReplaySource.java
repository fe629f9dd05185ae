package mkspec.properties.runner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A {@link RandomSource} that plays back a given list of values and records what it actually returned.
 *
 * <p>Each value is clamped into the bounds of the request it answers, and once the list is used up every
 * request gets its minimum. So any edited list (shorter, lowered values) still generates something, and
 * what it generates is the simplest completion of the edit.
 */
public final class ReplaySource implements RandomSource {

    private final List<Long> values;
    private final List<Draw> draws = new ArrayList<>();
    private int next;

    ReplaySource(List<Long> values) {
        this.values = List.copyOf(values);
    }

    @Override
    public long draw(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("draw bounds out of order: [" + min + ", " + max + "]");
        }
        long value = min;
        if (next < values.size()) {
            value = Math.max(min, Math.min(max, values.get(next)));
            next++;
        }
        draws.add(new Draw(value, min, max));
        return value;
    }

    @Override
    public List<Draw> recorded() {
        return Collections.unmodifiableList(draws);
    }
}
