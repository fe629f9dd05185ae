package mkspec.traces.format;

import java.util.Objects;

/**
 * One reason a trace was rejected, located in its file.
 *
 * @param source   the file name as given to the reader (or the name given for a string)
 * @param position where in the file; {@link Position#UNKNOWN} when the file could not be read at all
 * @param message  one line: what was expected, what was found
 */
public record TraceProblem(String source, Position position, String message) {

    /** Checks that the message is one line, as every consumer prints it as one. */
    public TraceProblem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(position, "position");
        if (message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a problem is one line: " + message);
        }
    }

    /** {@code file:line:column: message}, or {@code file: message} without a position. */
    public String render() {
        return position.isKnown() ? source + ":" + position + ": " + message : source + ": " + message;
    }

    /** The same as {@link #render()}. */
    @Override
    public String toString() {
        return render();
    }
}
