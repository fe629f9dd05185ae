package mkspec.properties.runner;

import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One kind of step a stateful property can take: enabled when its precondition holds, it draws its arguments
 * from a generator that may depend on the current state, runs, and returns an outcome label for statistics.
 *
 * <p>Build one with {@link #of(String, Function, BiFunction)} (or {@link #of(String, Function)} for an action
 * without arguments) and refine it with the {@code with...}/{@link #when} copies.
 *
 * @param name         the action's name, as shown in sequences and statistics
 * @param weight       how often it is picked relative to the other enabled actions, at least 1
 * @param precondition whether the action may run in a state; it is never run when this is false
 * @param args         the argument generator for a state
 * @param run          runs the action on the state (which it may change) and returns its outcome label, such
 *                     as {@code "ok"} or {@code "EINVAL"}; never null
 * @param describer    renders arguments in sequences; {@code ""} shows the action without parentheses
 * @param <S>          the state: system under test plus model
 * @param <A>          the arguments
 */
public record Action<S, A>(
        String name,
        int weight,
        Predicate<S> precondition,
        Function<S, Gen<A>> args,
        BiFunction<S, A, String> run,
        Function<A, String> describer) {

    /** Rejects a blank name, a weight below 1 and missing functions. */
    public Action {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("action name is blank");
        }
        if (weight < 1) {
            throw new IllegalArgumentException("action " + name + ": weight must be at least 1, got " + weight);
        }
        Objects.requireNonNull(precondition, "precondition");
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(describer, "describer");
    }

    /** An always-enabled action of weight 1 whose arguments come from {@code args}, shown with {@code toString}. */
    public static <S, A> Action<S, A> of(String name, Function<S, Gen<A>> args, BiFunction<S, A, String> run) {
        return new Action<>(name, 1, state -> true, args, run, String::valueOf);
    }

    /** An always-enabled action of weight 1 without arguments; it draws nothing beyond being picked. */
    public static <S> Action<S, Void> of(String name, Function<S, String> run) {
        return new Action<S, Void>(name, 1, state -> true, state -> Gen.constant(null),
                (state, none) -> run.apply(state), none -> "");
    }

    /** This action with another weight. */
    public Action<S, A> withWeight(int newWeight) {
        return new Action<>(name, newWeight, precondition, args, run, describer);
    }

    /** This action, enabled only in states where {@code newPrecondition} holds. */
    public Action<S, A> when(Predicate<S> newPrecondition) {
        return new Action<>(name, weight, newPrecondition, args, run, describer);
    }

    /** This action, with its arguments rendered by {@code newDescriber} in sequences. */
    public Action<S, A> describedBy(Function<A, String> newDescriber) {
        return new Action<>(name, weight, precondition, args, run, newDescriber);
    }
}
