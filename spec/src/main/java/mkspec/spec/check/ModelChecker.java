package mkspec.spec.check;

/**
 * The entry point of the explicit-state, breadth-first model checker.
 *
 * <p>The search is level-synchronous: workers expand slices of one level in parallel, the new states are then
 * merged in (parent, action) order, so the outcome, the statistics (except time) and the counterexample are the
 * same on any number of workers, every run. It behaves like this sequential search:
 *
 * <pre>
 *   store the distinct initial states, in order
 *   for each stored state s, in discovery order (breadth first):
 *     check the state invariants on s                        (violation: a trace to s)
 *     if s is within bounds and above maxDepth:
 *       for each action a, in order, enabled in s:
 *         generate the step s -a-> t; check the step invariants  (violation: a trace ending with the step)
 *         if t was not seen: store it                        (maxStates reached: stop)
 *       if no action was enabled and deadlocks are checked   (deadlock: a trace to s)
 * </pre>
 *
 * A counterexample is therefore a shortest one, and among the shortest the first in (parent discovery order, action
 * index) order. Unlike TLC and stateright, which are only approximately breadth first with several workers, the
 * merge makes this exact.
 */
public final class ModelChecker {

  private ModelChecker() {}

  /** Checks {@code system} with {@code options}, reporting no progress. */
  public static <S, A, R> CheckResult<S, A, R> check(TransitionSystem<S, A, R> system, CheckOptions options) {
    return check(system, options, ProgressListener.NONE);
  }

  /**
   * Checks {@code system} with {@code options}, calling {@code listener} every {@link CheckOptions#progressInterval}
   * and once at the end, from the calling thread. Creates its worker threads and shuts them down before returning.
   *
   * @throws IllegalStateException if the system is not deterministic (a rebuilt counterexample does not reach the
   *     recorded state) or the calling thread is interrupted
   */
  public static <S, A, R> CheckResult<S, A, R> check(
      TransitionSystem<S, A, R> system, CheckOptions options, ProgressListener listener) {
    return new Search<>(system, options, listener).run();
  }
}
