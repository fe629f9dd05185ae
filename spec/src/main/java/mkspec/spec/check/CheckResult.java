package mkspec.spec.check;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a search ended: every reachable state checked and nothing broken, an invariant violated, a deadlock, a bound
 * reached before the search was complete, or the system threw. Every variant carries the statistics.
 */
public sealed interface CheckResult<S, A, R>
    permits CheckResult.Passed, CheckResult.Violated, CheckResult.Deadlocked, CheckResult.Unrecoverable,
        CheckResult.BoundReached, CheckResult.Threw {

  /** What the search counted. */
  CheckStats stats();

  /** This result with the time-dependent statistics zeroed, for comparing runs. */
  CheckResult<S, A, R> withoutTiming();

  /** Whether every reachable state was checked and no invariant or deadlock check failed. */
  default boolean passed() {
    return false;
  }

  /** The invariant violation the search found, if it ended with one. */
  default Optional<Violated<S, A, R>> violation() {
    return Optional.empty();
  }

  /** The state that cannot get home the search found, if it ended with one. */
  default Optional<Unrecoverable<S, A, R>> unrecoverable() {
    return Optional.empty();
  }

  /** {@code c}'s case for this result. */
  <T> T accept(Cases<S, A, R, T> c);

  /** One case per way a search ends, so that a handler is exhaustive by construction. */
  interface Cases<S, A, R, T> {
    T passed(Passed<S, A, R> r);

    T violated(Violated<S, A, R> r);

    T deadlocked(Deadlocked<S, A, R> r);

    T unrecoverable(Unrecoverable<S, A, R> r);

    T boundReached(BoundReached<S, A, R> r);

    T threw(Threw<S, A, R> r);
  }

  /** Which kind of invariant a violation broke. */
  enum InvariantKind {
    /** A {@link StateInvariant}: the trace ends in the violating state. */
    STATE,
    /** A {@link StepInvariant}: the trace ends with the violating step. */
    STEP
  }

  /** Which bound ended a search early. */
  enum Bound {
    /** {@link CheckOptions#maxStates} distinct states were stored. */
    MAX_STATES,
    /** States at {@link CheckOptions#maxDepth} were left unexpanded. */
    MAX_DEPTH
  }

  /** Every reachable state was checked; no invariant failed and (if checked) no state deadlocked. */
  record Passed<S, A, R>(CheckStats stats) implements CheckResult<S, A, R> {
    public Passed {
      Objects.requireNonNull(stats, "stats");
    }

    @Override
    public Passed<S, A, R> withoutTiming() {
      return new Passed<>(stats.withoutTiming());
    }

    @Override
    public boolean passed() {
      return true;
    }

    @Override
    public <T> T accept(Cases<S, A, R, T> c) {
      return c.passed(this);
    }
  }

  /**
   * An invariant failed; the trace is a shortest path to it, the first such in (parent discovery, action) order.
   *
   * @param kind        whether a state or a step invariant failed
   * @param invariantId the invariant's id
   * @param statement   the invariant's statement
   * @param details     the violation's detail lines
   * @param trace       the path from an initial state to the violating state, or ending with the violating step
   */
  record Violated<S, A, R>(
      CheckStats stats,
      InvariantKind kind,
      String invariantId,
      String statement,
      List<String> details,
      Trace<S, A, R> trace)
      implements CheckResult<S, A, R> {
    public Violated {
      Objects.requireNonNull(stats, "stats");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(invariantId, "invariantId");
      Objects.requireNonNull(statement, "statement");
      details = List.copyOf(details);
      Objects.requireNonNull(trace, "trace");
    }

    @Override
    public Violated<S, A, R> withoutTiming() {
      return new Violated<>(stats.withoutTiming(), kind, invariantId, statement, details, trace);
    }

    @Override
    public Optional<Violated<S, A, R>> violation() {
      return Optional.of(this);
    }

    @Override
    public <T> T accept(Cases<S, A, R, T> c) {
      return c.violated(this);
    }
  }

  /**
   * A state within bounds has no enabled action (reported only with {@link CheckOptions#checkDeadlock}).
   *
   * @param trace a shortest path to the first such state
   */
  record Deadlocked<S, A, R>(CheckStats stats, Trace<S, A, R> trace) implements CheckResult<S, A, R> {
    public Deadlocked {
      Objects.requireNonNull(stats, "stats");
      Objects.requireNonNull(trace, "trace");
    }

    @Override
    public Deadlocked<S, A, R> withoutTiming() {
      return new Deadlocked<>(stats.withoutTiming(), trace);
    }

    @Override
    public <T> T accept(Cases<S, A, R, T> c) {
      return c.deadlocked(this);
    }
  }

  /**
   * A reachable state from which no path leads to a home state ({@link TransitionSystem#home}, checked with
   * {@link CheckOptions#recoverability}): the user can never get the machine clean again.
   *
   * @param homeId    the home predicate's id
   * @param statement the home predicate's statement
   * @param notHome   what keeps the state from being a home state (the predicate's details)
   * @param waysOut   every step enabled in the state, grouped, with where it leads; empty for a deadlock
   * @param trace     a shortest path to the first such state in (parent discovery, action) order
   */
  record Unrecoverable<S, A, R>(
      CheckStats stats, String homeId, String statement, List<String> notHome, List<WayOut> waysOut,
      Trace<S, A, R> trace) implements CheckResult<S, A, R> {
    public Unrecoverable {
      Objects.requireNonNull(stats, "stats");
      Objects.requireNonNull(homeId, "homeId");
      Objects.requireNonNull(statement, "statement");
      notHome = List.copyOf(notHome);
      waysOut = List.copyOf(waysOut);
      Objects.requireNonNull(trace, "trace");
    }

    /** Whether no step at all is enabled in the state. */
    public boolean deadlocked() {
      return waysOut.isEmpty();
    }

    @Override
    public Unrecoverable<S, A, R> withoutTiming() {
      return new Unrecoverable<>(stats.withoutTiming(), homeId, statement, notHome, waysOut, trace);
    }

    @Override
    public Optional<Unrecoverable<S, A, R>> unrecoverable() {
      return Optional.of(this);
    }

    @Override
    public <T> T accept(Cases<S, A, R, T> c) {
      return c.unrecoverable(this);
    }
  }

  /**
   * Steps of one kind, enabled in a state that cannot get home, that return the same result and stay or move
   * alike: what the user runs into.
   *
   * @param kind     the actions' kind
   * @param labels   the steps' labels, in action order
   * @param result   what they return, as the system prints it
   * @param stays    whether they leave the state as it is (otherwise they lead to other states that cannot get home)
   */
  record WayOut(String kind, List<String> labels, String result, boolean stays) {
    public WayOut {
      labels = List.copyOf(labels);
    }

    /** One line: {@code rmdir(name=web) -> EBUSY, changes nothing} or {@code 3 kexec-file-load steps -> ...}. */
    public String line() {
      String what = labels.size() == 1 ? labels.get(0) : labels.size() + " " + kind + " steps";
      return what + " -> " + result + (stays ? ", changes nothing" : ", to a state that cannot get home either");
    }
  }

  /**
   * The search stopped at a bound before it was complete; every stored state was checked and none failed.
   *
   * @param bound the bound that was reached
   */
  record BoundReached<S, A, R>(CheckStats stats, Bound bound) implements CheckResult<S, A, R> {
    public BoundReached {
      Objects.requireNonNull(stats, "stats");
      Objects.requireNonNull(bound, "bound");
    }

    @Override
    public BoundReached<S, A, R> withoutTiming() {
      return new BoundReached<>(stats.withoutTiming(), bound);
    }

    @Override
    public <T> T accept(Cases<S, A, R, T> c) {
      return c.boundReached(this);
    }
  }

  /**
   * The system threw while the checker called it (e.g. a modelled kernel BUG() site): a defect, with the path to
   * the state where it happened.
   *
   * @param trace     a shortest path to the state being checked or expanded
   * @param during    what the checker was doing, e.g. {@code next(kexec-file-load(id=1))} or {@code invariant x}
   * @param exception what was thrown
   */
  record Threw<S, A, R>(CheckStats stats, Trace<S, A, R> trace, String during, RuntimeException exception)
      implements CheckResult<S, A, R> {
    public Threw {
      Objects.requireNonNull(stats, "stats");
      Objects.requireNonNull(trace, "trace");
      Objects.requireNonNull(during, "during");
      Objects.requireNonNull(exception, "exception");
    }

    @Override
    public Threw<S, A, R> withoutTiming() {
      return new Threw<>(stats.withoutTiming(), trace, during, exception);
    }

    @Override
    public <T> T accept(Cases<S, A, R, T> c) {
      return c.threw(this);
    }
  }
}
