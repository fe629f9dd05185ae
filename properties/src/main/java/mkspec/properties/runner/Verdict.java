package mkspec.properties.runner;

import java.util.Objects;
import java.util.Optional;

/** What a {@link Check} found in a state: it holds, or it is violated with a short id and a message. */
public sealed interface Verdict permits Verdict.Holds, Verdict.Violated {

    /** The check holds. */
    static Verdict holds() {
        return Holds.HOLDS;
    }

    /** The check is violated; {@code id} names what (an invariant name), {@code message} says how. */
    static Verdict violated(String id, String message) {
        return new Violated(id, message);
    }

    /** The violation, if the check is violated. */
    default Optional<Violated> violation() {
        return Optional.empty();
    }

    /** The check holds. */
    record Holds() implements Verdict {
        private static final Holds HOLDS = new Holds();
    }

    /**
     * The check is violated.
     *
     * @param id      a short, stable id such as an invariant name; shrinking keeps only edits that fail with it
     * @param message what was found, naming the objects involved
     */
    record Violated(String id, String message) implements Verdict {

        /** Rejects a blank id and a missing message. */
        public Violated {
            Objects.requireNonNull(id, "id");
            if (id.isBlank()) {
                throw new IllegalArgumentException("violation id is blank");
            }
            Objects.requireNonNull(message, "message");
        }

        @Override
        public Optional<Violated> violation() {
            return Optional.of(this);
        }
    }
}
