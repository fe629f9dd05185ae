package mkspec.properties.runner;

/** Thrown when a generator cannot produce a value, such as a filter that rejects every attempt; a test-setup error. */
public final class GeneratorException extends RuntimeException {

    /** Creates the exception with a message that says which generator gave up and why. */
    public GeneratorException(String message) {
        super(message);
    }
}
