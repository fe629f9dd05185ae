package mkspec.spec.check;

import java.util.Objects;

/**
 * A named property that every transition must satisfy, e.g. "a step that returns an error leaves the state as it
 * was". The checker evaluates it on every generated transition, including those that lead to states seen before.
 *
 * @param <S> the state type
 * @param <A> the action type
 * @param <R> the step result type
 */
public interface StepInvariant<S, A, R> {

  /** Stable name, e.g. {@code failed-op-atomic}; results are keyed by it. */
  String id();

  /** One-line statement of the property, printed verbatim in reports. */
  String statement();

  /** Checks one transition; returns {@link Verdict#HOLDS} (without allocating) when it holds. */
  Verdict check(S pre, A action, R result, S post);

  /** The shape of a step check, for {@link #of}. */
  @FunctionalInterface
  interface Check<S, A, R> {
    /** Checks one transition. */
    Verdict check(S pre, A action, R result, S post);
  }

  /** A step invariant from its name, statement and check. */
  static <S, A, R> StepInvariant<S, A, R> of(String id, String statement, Check<S, A, R> check) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(statement, "statement");
    Objects.requireNonNull(check, "check");
    return new StepInvariant<>() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public String statement() {
        return statement;
      }

      @Override
      public Verdict check(S pre, A action, R result, S post) {
        return check.check(pre, action, result, post);
      }

      @Override
      public String toString() {
        return id;
      }
    };
  }
}
