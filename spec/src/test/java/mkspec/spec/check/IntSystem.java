package mkspec.spec.check;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.LongUnaryOperator;

/** A small transition system over int states, described by lambdas, for tests; every step returns "ok". */
final class IntSystem implements TransitionSystem<Integer, String, String> {

  /** The successor of {@code state} under action number {@code action}, or null when it is not enabled. */
  @FunctionalInterface
  interface Next {
    Integer next(int state, int action);
  }

  private final List<Integer> initial;
  private final List<String> actions;
  private final Next next;
  private final LongUnaryOperator fingerprint;
  private final List<StateInvariant<Integer>> invariants;
  private final List<StepInvariant<Integer, String, String>> stepInvariants;
  private final IntPredicate bounds;
  private final IntPredicate home;

  private IntSystem(List<Integer> initial, List<String> actions, Next next, LongUnaryOperator fingerprint,
      List<StateInvariant<Integer>> invariants, List<StepInvariant<Integer, String, String>> stepInvariants,
      IntPredicate bounds) {
    this(initial, actions, next, fingerprint, invariants, stepInvariants, bounds, null);
  }

  private IntSystem(List<Integer> initial, List<String> actions, Next next, LongUnaryOperator fingerprint,
      List<StateInvariant<Integer>> invariants, List<StepInvariant<Integer, String, String>> stepInvariants,
      IntPredicate bounds, IntPredicate home) {
    this.home = home;
    this.initial = initial;
    this.actions = actions;
    this.next = next;
    this.fingerprint = fingerprint;
    this.invariants = invariants;
    this.stepInvariants = stepInvariants;
    this.bounds = bounds;
  }

  /** A system with the given initial states and actions; the fingerprint of a state is the state itself. */
  static IntSystem of(List<Integer> initial, List<String> actions, Next next) {
    return new IntSystem(initial, actions, next, s -> s, List.of(), List.of(), s -> true);
  }

  /** Adds a state invariant that holds where {@code holds} is true. */
  IntSystem withInvariant(String id, IntPredicate holds) {
    List<StateInvariant<Integer>> more = new ArrayList<>(invariants);
    more.add(StateInvariant.of(id, id + " holds",
        s -> holds.test(s) ? Verdict.HOLDS : Verdict.violated("state " + s + " breaks " + id)));
    return new IntSystem(initial, actions, next, fingerprint, more, stepInvariants, bounds, home);
  }

  /** Adds a step invariant that holds where {@code holds} is true of (pre, action index, post). */
  IntSystem withStepInvariant(String id, StepCheck holds) {
    List<StepInvariant<Integer, String, String>> more = new ArrayList<>(stepInvariants);
    more.add(StepInvariant.of(id, id + " holds", (pre, action, result, post) ->
        holds.test(pre, actions.indexOf(action), post)
            ? Verdict.HOLDS
            : Verdict.violated(pre + " -" + action + "-> " + post + " breaks " + id)));
    return new IntSystem(initial, actions, next, fingerprint, invariants, more, bounds, home);
  }

  /** The shape of a step check over int states. */
  @FunctionalInterface
  interface StepCheck {
    boolean test(int pre, int action, int post);
  }

  IntSystem withBounds(IntPredicate within) {
    return new IntSystem(initial, actions, next, fingerprint, invariants, stepInvariants, within, home);
  }

  /** This system with home states where {@code isHome} is true (none by default). */
  IntSystem withHome(IntPredicate isHome) {
    return new IntSystem(initial, actions, next, fingerprint, invariants, stepInvariants, bounds, isHome);
  }

  @Override
  public java.util.Optional<StateInvariant<Integer>> home() {
    return home == null ? java.util.Optional.empty() : java.util.Optional.of(StateInvariant.of("home", "the state is home",
        s -> home.test(s) ? Verdict.HOLDS : Verdict.violated("state " + s + " is not home")));
  }

  IntSystem withFingerprint(LongUnaryOperator fingerprint) {
    return new IntSystem(initial, actions, next, fingerprint, invariants, stepInvariants, bounds, home);
  }

  @Override
  public List<Integer> initialStates() {
    return initial;
  }

  @Override
  public List<String> actions() {
    return actions;
  }

  @Override
  public Step<Integer, String> next(Integer state, String action) {
    Integer successor = next.next(state, actions.indexOf(action));
    return successor == null ? null : new Step<>(successor, "ok");
  }

  @Override
  public long fingerprint(Integer state) {
    return fingerprint.applyAsLong(state);
  }

  @Override
  public List<StateInvariant<Integer>> invariants() {
    return invariants;
  }

  @Override
  public List<StepInvariant<Integer, String, String>> stepInvariants() {
    return stepInvariants;
  }

  @Override
  public boolean withinBounds(Integer state) {
    return bounds.test(state);
  }

  @Override
  public String label(String action) {
    return action;
  }

  @Override
  public String kind(String action) {
    int paren = action.indexOf('(');
    return paren < 0 ? action : action.substring(0, paren);
  }
}
