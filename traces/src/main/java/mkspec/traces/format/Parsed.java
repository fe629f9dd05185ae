package mkspec.traces.format;

/**
 * The outcome of parsing one piece of trace text: a value, or the reason the text is not one.
 *
 * @param <T> the type of the value
 */
public sealed interface Parsed<T> permits Parsed.Value, Parsed.Invalid {

    /** The text parsed to {@code value}. */
    record Value<T>(T value) implements Parsed<T> {
    }

    /**
     * The text is not valid; {@code reason} says why as a predicate ("is negative", "has a fraction"), fit to
     * follow "found '1.5M', which ".
     */
    record Invalid<T>(String reason) implements Parsed<T> {
    }
}
