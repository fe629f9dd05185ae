package mkspec.properties.runner;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A stateful property: a fresh state, the actions that may be taken from it, and the checks that must hold
 * after every step.
 *
 * @param <S> the state: system under test plus model, created anew for every sequence; actions may mutate it
 */
public interface Model<S> {

    /** A fresh system under test and model state; called once per generated or replayed sequence. */
    S init();

    /** The actions, in a fixed order; the first one is the "simplest" the shrinker prefers. */
    List<Action<S, ?>> actions();

    /** The checks, run in this order on the initial state and after every step; the first violation counts. */
    List<Check<S>> checks();

    /** A model from its three parts. */
    static <S> Model<S> of(Supplier<S> init, List<Action<S, ?>> actions, List<Check<S>> checks) {
        Objects.requireNonNull(init, "init");
        List<Action<S, ?>> actionsCopy = List.copyOf(actions);
        List<Check<S>> checksCopy = List.copyOf(checks);
        if (actionsCopy.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one action");
        }
        return new Model<>() {
            @Override
            public S init() {
                return init.get();
            }

            @Override
            public List<Action<S, ?>> actions() {
                return actionsCopy;
            }

            @Override
            public List<Check<S>> checks() {
                return checksCopy;
            }
        };
    }
}
