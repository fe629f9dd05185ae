package mkspec.properties.runner;

/**
 * One recorded draw: the value a {@link RandomSource} returned and the inclusive bounds it was asked for.
 *
 * <p>The bounds let the shrinker lower the value towards {@code min}, which generators treat as "simplest".
 *
 * @param value the value returned, within {@code [min, max]}
 * @param min   the lower bound asked for (inclusive)
 * @param max   the upper bound asked for (inclusive)
 */
public record Draw(long value, long min, long max) {

    /** Rejects bounds in the wrong order and values outside them. */
    public Draw {
        if (min > max) {
            throw new IllegalArgumentException("draw bounds out of order: [" + min + ", " + max + "]");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("draw " + value + " outside [" + min + ", " + max + "]");
        }
    }

    /** The distance from the minimum, compared unsigned so that spans wider than a {@code long} still order right. */
    long offset() {
        return value - min;
    }
}
