package mkspec.properties.runner;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a sequence failed: a check's violation, or an exception thrown by init, a precondition, a generator,
 * an action or a check.
 *
 * @param id        the failure's short id: the violated check's id, or {@code exception:<class name>}; the
 *                  shrinker keeps only edits that fail with the same id
 * @param message   what happened and where
 * @param exception the exception, when one was thrown; it is never swallowed
 */
public record Failure(String id, String message, Optional<Throwable> exception) {

    /** Rejects missing parts. */
    public Failure {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(exception, "exception");
    }

    /** A failure for a check's violation. */
    static Failure violated(Verdict.Violated violation, String where) {
        return new Failure(violation.id(), violation.message() + " (" + where + ")", Optional.empty());
    }

    /** A failure for an exception thrown at {@code where}. */
    static Failure thrown(Throwable exception, String where) {
        return new Failure("exception:" + exception.getClass().getName(), where + " threw " + exception,
                Optional.of(exception));
    }

    /** The exception's stack trace, or empty when none was thrown. */
    public String stackTrace() {
        if (exception.isEmpty()) {
            return "";
        }
        StringWriter text = new StringWriter();
        exception.get().printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    @Override
    public String toString() {
        return id + ": " + message;
    }
}
