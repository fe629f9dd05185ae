package mkspec.properties.runner;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Something that must hold after every step of a stateful property (and in the initial state).
 *
 * @param <S> the state: system under test plus model
 */
@FunctionalInterface
public interface Check<S> {

    /** Evaluates the check in {@code state}; a thrown exception is reported as a failure too. */
    Verdict check(S state);

    /** A check with the given id that holds when {@code holds} does, explaining a violation with {@code explain}. */
    static <S> Check<S> that(String id, Predicate<S> holds, Function<S, String> explain) {
        return state -> holds.test(state) ? Verdict.holds() : Verdict.violated(id, explain.apply(state));
    }
}
