package mkspec.properties.runner;

/**
 * Maps a draw's distance from its minimum onto a number range so that smaller draws give numbers nearer zero.
 *
 * <p>Draw 0 is the value of the range closest to zero; then 1, -1, 2, -2, ... around it while both sides last,
 * then the rest of the longer side. So lowering a draw moves the number towards zero, which is what "simpler"
 * means for numbers, and the mapping is a bijection onto the range.
 *
 * <p>Distances are unsigned 64-bit numbers, so ranges wider than {@code Long.MAX_VALUE} (such as every long)
 * work too; the arithmetic wraps, and every result lands back inside the range.
 */
final class TowardZero {

    private TowardZero() {
    }

    static long draw(RandomSource source, long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("range out of order: [" + min + ", " + max + "]");
        }
        long span = max - min;
        long target = min > 0 ? min : (max < 0 ? max : 0);
        long up = max - target;
        long down = target - min;
        long paired = Long.compareUnsigned(up, down) < 0 ? up : down;
        long d;
        if (span >= 0) {
            d = source.draw(0, span);
        } else {
            // Too wide for [0, span]: draw from [MIN_VALUE, MIN_VALUE + span], whose minimum is still distance 0.
            d = source.draw(Long.MIN_VALUE, Long.MIN_VALUE + span) - Long.MIN_VALUE;
        }
        if (Long.compareUnsigned(d, 2 * paired) <= 0) {
            return (d & 1) == 1 ? target + (d >>> 1) + 1 : target - (d >>> 1);
        }
        long beyond = d - 2 * paired;
        return Long.compareUnsigned(up, down) > 0 ? target + paired + beyond : target - paired - beyond;
    }
}
