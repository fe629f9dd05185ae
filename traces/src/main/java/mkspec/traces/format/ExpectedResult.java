package mkspec.traces.format;

import java.util.Optional;

/**
 * What a step must return: {@code ok}, an errno name, {@code hang} (the call would block forever) or {@code bug}.
 *
 * <p>{@code bug} is an mkspec extension, compatible with v1: the step reaches a modelled kernel {@code BUG()} or
 * oops (for example {@code gen_pool_destroy} with live allocations, D6). No v1 trace uses the word, so every v1
 * trace stays valid.
 */
public sealed interface ExpectedResult
        permits ExpectedResult.Ok, ExpectedResult.Errno, ExpectedResult.Hang, ExpectedResult.Bug {

    /** The word for this result in a trace. */
    String word();

    /** The call returns success (0, or the byte count of a write). */
    record Ok() implements ExpectedResult {
        @Override
        public String word() {
            return "ok";
        }
    }

    /**
     * The call fails with this errno.
     *
     * @param name a canonical errno name of {@link ErrnoNames}, like {@code EINVAL}
     */
    record Errno(String name) implements ExpectedResult {

        /** Checks that {@code name} is an errno name. */
        public Errno {
            if (!ErrnoNames.isErrno(name)) {
                throw new IllegalArgumentException("not an errno name: " + name);
            }
        }

        @Override
        public String word() {
            return name;
        }
    }

    /** The call would block forever (for example on a lock a previous step left held). */
    record Hang() implements ExpectedResult {
        @Override
        public String word() {
            return "hang";
        }
    }

    /** The step hits a modelled kernel BUG()/oops; an mkspec extension, compatible with v1. */
    record Bug() implements ExpectedResult {
        @Override
        public String word() {
            return "bug";
        }
    }

    /** The result named by {@code word}, if it names one. */
    static Optional<ExpectedResult> fromWord(String word) {
        switch (word) {
            case "ok": return Optional.of(new Ok());
            case "hang": return Optional.of(new Hang());
            case "bug": return Optional.of(new Bug());
            default: return ErrnoNames.isErrno(word) ? Optional.of(new Errno(word)) : Optional.empty();
        }
    }
}
