package mkspec.traces.format;

/**
 * The outcome of parsing one piece of trace text: a value, or the reason the text is not one.
 *
 * @param <T> the type of the value
 */
public sealed interface Parsed<T> permits Parsed.Value, Parsed.Invalid {

    /** {@code c}'s case for this outcome. */
    <R> R accept(Cases<T, R> c);

    /** One case per outcome, so that a handler is exhaustive by construction. */
    interface Cases<T, R> {
        R value(Value<T> v);

        R invalid(Invalid<T> i);
    }

    /** The text parsed to {@code value}. */
    record Value<T>(T value) implements Parsed<T> {
        @Override
        public <R> R accept(Cases<T, R> c) {
            return c.value(this);
        }
    }

    /**
     * The text is not valid; {@code reason} says why as a predicate ("is negative", "has a fraction"), fit to
     * follow "found '1.5M', which ".
     */
    record Invalid<T>(String reason) implements Parsed<T> {
        @Override
        public <R> R accept(Cases<T, R> c) {
            return c.invalid(this);
        }
    }
}
