package mkspec.properties.runner;

import java.util.List;

/**
 * The only source of randomness a {@link Gen} may draw from; every draw is recorded with its bounds.
 *
 * <p>Recording is what makes runs replayable and shrinkable: a run is fully determined by its draws, so the
 * shrinker edits a recorded draw list (deletes a step's draws, lowers a value) and regenerates from it with a
 * {@link ReplaySource}. Generators should therefore map the minimum of each draw to the simplest choice.
 */
public sealed interface RandomSource permits SeededSource, ReplaySource {

    /**
     * Draws a value in {@code [min, max]} (both inclusive) and records it.
     *
     * @throws IllegalArgumentException if {@code min > max}
     */
    long draw(long min, long max);

    /** Every draw made so far, oldest first (an unmodifiable view). */
    List<Draw> recorded();

    /** A pseudo-random source from a fixed seed: the same seed gives the same draws. */
    static SeededSource seeded(long seed) {
        return new SeededSource(seed);
    }

    /** A source that plays back {@code values} (clamped into each request's bounds), then returns each minimum. */
    static ReplaySource replaying(List<Long> values) {
        return new ReplaySource(values);
    }
}
