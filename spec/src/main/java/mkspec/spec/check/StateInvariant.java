package mkspec.spec.check;

import java.util.Objects;
import java.util.function.Function;

/**
 * A named property that every reachable state must satisfy.
 *
 * @param <S> the state type
 */
public interface StateInvariant<S> {

  /** Stable name, e.g. {@code segments-disjoint}; results are keyed by it. */
  String id();

  /** One-line statement of the property, printed verbatim in reports. */
  String statement();

  /** Checks one state; returns {@link Verdict#HOLDS} (without allocating) when it holds. */
  Verdict check(S state);

  /** An invariant from its name, statement and check. */
  static <S> StateInvariant<S> of(String id, String statement, Function<? super S, Verdict> check) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(statement, "statement");
    Objects.requireNonNull(check, "check");
    return new StateInvariant<>() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public String statement() {
        return statement;
      }

      @Override
      public Verdict check(S state) {
        return check.apply(state);
      }

      @Override
      public String toString() {
        return id;
      }
    };
  }
}
