package mkspec.spec.check;

import java.util.List;
import java.util.Optional;

/**
 * A finite transition system the checker explores: initial states, a fixed list of actions, the step each action
 * takes from a state, a fingerprint per state, and the invariants to check. The formal specification and the
 * reference seen through its abstraction both implement it.
 *
 * <p>Every method must be a pure function of its arguments (the checker calls them from several threads and calls
 * {@link #steps} again to rebuild counterexamples), and equal states must have equal fingerprints.
 *
 * @param <S> the state type; immutable, with value equality
 * @param <A> the action type
 * @param <R> the type of what a step returns
 */
public interface TransitionSystem<S, A, R> {

  /** The initial states, in a fixed order. */
  List<S> initialStates();

  /** Every action, in a fixed order; an action's index is its position here. At most 65536 actions. */
  List<A> actions();

  /**
   * The step {@code action} takes from {@code state}, or null when the action is not enabled there: what a
   * deterministic system implements. A system whose actions may choose among successors implements {@link #steps}.
   */
  default Step<S, R> next(S state, A action) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " implements neither next nor steps");
  }

  /**
   * Every step {@code action} may take from {@code state}, in a fixed order; empty when it is not enabled there.
   * Several steps stand for a choice the system leaves open (which free pages an allocation gets): the checker
   * explores each, and a counterexample names the one it took.
   */
  default List<Step<S, R>> steps(S state, A action) {
    Step<S, R> step = next(state, action);
    return step == null ? List.of() : List.of(step);
  }

  /**
   * The steps from {@code state}, asked for action after action in the order of {@link #actions()}, each answer the
   * same as {@link #steps}{@code (state, action)}'s up to fingerprint: what the checker asks when it expands a
   * state. A system whose step is costly to set up (a machine to copy) shares that work between the actions of one
   * state here; the default asks {@link #steps} for each. An expansion belongs to the one thread that asked for it.
   */
  default Expansion<S, A, R> expand(S state) {
    return action -> steps(state, action);
  }

  /** One state's steps, action after action: see {@link #expand}. */
  @FunctionalInterface
  interface Expansion<S, A, R> {
    /** Every step {@code action} may take from the expanded state, as {@link TransitionSystem#steps} gives them. */
    List<Step<S, R>> steps(A action);
  }

  /** A 64-bit fingerprint of the state: equal states have equal fingerprints, distinct ones almost surely not. */
  long fingerprint(S state);

  /** The properties every reachable state must satisfy, checked in this order. */
  List<StateInvariant<S>> invariants();

  /** The properties every transition must satisfy, checked in this order. */
  default List<StepInvariant<S, A, R>> stepInvariants() {
    return List.of();
  }

  /**
   * The states every reachable state must be able to get back to (for a kernel: a clean machine), checked with
   * {@link CheckOptions#recoverability}; empty when the system names none. Where it does not hold, its verdict's
   * details say what keeps the state from being one.
   */
  default Optional<StateInvariant<S>> home() {
    return Optional.empty();
  }

  /** Whether the checker expands this state; states outside are stored and checked but not expanded. */
  default boolean withinBounds(S state) {
    return true;
  }

  /** The action as a step is printed, e.g. {@code kexec-file-load(id=1, segments=#0)}. */
  String label(A action);

  /** The family the action belongs to, e.g. {@code kexec-file-load}; coverage is also summed per kind. */
  default String kind(A action) {
    return label(action);
  }
}
