package mkspec.traces.format;

/**
 * A place in a trace file: 1-based line and column, as YAML parsers and editors count them.
 *
 * <p>Steps built in code (by the checker or a property run) carry {@link #UNKNOWN}.
 *
 * @param line   1-based line, or 0 when unknown
 * @param column 1-based column (in characters), or 0 when unknown
 */
public record Position(int line, int column) implements Comparable<Position> {

    /** The position of something that was not read from a file. */
    public static final Position UNKNOWN = new Position(0, 0);

    /** Checks that the position is either {@link #UNKNOWN} or a real 1-based place. */
    public Position {
        boolean unknown = line == 0 && column == 0;
        if (!unknown && (line < 1 || column < 1)) {
            throw new IllegalArgumentException("position must be 1-based or UNKNOWN: " + line + ":" + column);
        }
    }

    /** Whether this position points into a file. */
    public boolean isKnown() {
        return line > 0;
    }

    /** Earlier in the file sorts first; {@link #UNKNOWN} sorts before every real position. */
    @Override
    public int compareTo(Position other) {
        int byLine = Integer.compare(line, other.line);
        return byLine != 0 ? byLine : Integer.compare(column, other.column);
    }

    /** {@code line:column}, the form that follows a file name in a message. */
    @Override
    public String toString() {
        return line + ":" + column;
    }
}
