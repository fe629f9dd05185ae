package mkspec.properties.runner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/** A {@link RandomSource} that draws uniformly from a {@link SplittableRandom} with a given seed and records each draw. */
public final class SeededSource implements RandomSource {

    private final SplittableRandom random;
    private final List<Draw> draws = new ArrayList<>();

    SeededSource(long seed) {
        this.random = new SplittableRandom(seed);
    }

    @Override
    public long draw(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("draw bounds out of order: [" + min + ", " + max + "]");
        }
        long value;
        long span = max - min;
        if (span >= 0 && span < Long.MAX_VALUE) {
            value = min + random.nextLong(span + 1);
        } else {
            // The span does not fit in a long, so at least half of all longs are in range: rejection is cheap.
            do {
                value = random.nextLong();
            } while (value < min || value > max);
        }
        draws.add(new Draw(value, min, max));
        return value;
    }

    @Override
    public List<Draw> recorded() {
        return Collections.unmodifiableList(draws);
    }
}
