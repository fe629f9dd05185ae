package mkspec.properties.runner;

/**
 * Maps a draw's distance from its minimum onto a number range so that smaller draws give numbers nearer zero.
 *
 * <p>Draw 0 is the value of the range closest to zero; then 1, -1, 2, -2, ... around it while both sides last,
 * then the rest of the longer side. So lowering a draw moves the number towards zero, which is what "simpler"
 * means for numbers, and the mapping is a bijection onto the range.
 */
final class TowardZero {

    private TowardZero() {
    }

    static long draw(RandomSource source, long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("range out of order: [" + min + ", " + max + "]");
        }
        long span = max - min;
        if (span < 0) {
            // Wider than a long: there is no offset to map, so draw directly (shrinks towards min).
            return source.draw(min, max);
        }
        long target = min > 0 ? min : (max < 0 ? max : 0);
        long up = max - target;
        long down = target - min;
        long paired = Math.min(up, down);
        long d = source.draw(0, span);
        if (d <= 2 * paired) {
            return (d & 1) == 1 ? target + (d + 1) / 2 : target - d / 2;
        }
        long beyond = d - 2 * paired;
        return up > down ? target + paired + beyond : target - paired - beyond;
    }
}
