package mkspec.spec.check;

import java.time.Duration;
import java.util.Objects;

/**
 * How the checker runs: worker threads, whether a state with no enabled action is an error, and the bounds that end
 * a search early. Immutable; change it with the {@code withX} methods.
 *
 * @param workers          worker threads, at least 1; the result does not depend on it
 * @param checkDeadlock    whether a state within bounds with no enabled action is reported as a deadlock
 * @param maxDepth         states this many steps from an initial state are checked but not expanded; 0 = no limit
 * @param maxStates        the search stops once this many distinct states are stored; 0 = no limit
 * @param progressInterval how often the progress listener is called during a search; zero = only at the end
 * @param recoverability   whether, after a complete search, every reachable state is checked to reach one of the
 *                         system's {@link TransitionSystem#home} states (the search then keeps its transitions)
 * @param rebuildQueued    whether states waiting to be expanded are kept as nothing but their place in the parent
 *                         links and rebuilt from their parents when their turn comes: a queue of any length costs no
 *                         heap beyond the store, for about one more step per distinct state
 */
public record CheckOptions(
    int workers, boolean checkDeadlock, int maxDepth, long maxStates, Duration progressInterval,
    boolean recoverability, boolean rebuildQueued) {

  public CheckOptions {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, was " + workers);
    }
    if (maxDepth < 0) {
      throw new IllegalArgumentException("maxDepth must be 0 (none) or positive, was " + maxDepth);
    }
    if (maxStates < 0) {
      throw new IllegalArgumentException("maxStates must be 0 (none) or positive, was " + maxStates);
    }
    Objects.requireNonNull(progressInterval, "progressInterval");
    if (progressInterval.isNegative()) {
      throw new IllegalArgumentException("progressInterval must not be negative");
    }
  }

  /** One worker, deadlock checked, no bounds, progress every 60 seconds, no recoverability check, queued states kept. */
  public static CheckOptions defaults() {
    return new CheckOptions(1, true, 0, 0, Duration.ofSeconds(60), false, false);
  }

  /** These options with {@code workers} worker threads. */
  public CheckOptions withWorkers(int workers) {
    return new CheckOptions(workers, checkDeadlock, maxDepth, maxStates, progressInterval, recoverability, rebuildQueued);
  }

  /** These options, reporting deadlocks or not. */
  public CheckOptions withCheckDeadlock(boolean checkDeadlock) {
    return new CheckOptions(workers, checkDeadlock, maxDepth, maxStates, progressInterval, recoverability, rebuildQueued);
  }

  /** These options with a depth bound (0 = none). */
  public CheckOptions withMaxDepth(int maxDepth) {
    return new CheckOptions(workers, checkDeadlock, maxDepth, maxStates, progressInterval, recoverability, rebuildQueued);
  }

  /** These options with a bound on distinct states (0 = none). */
  public CheckOptions withMaxStates(long maxStates) {
    return new CheckOptions(workers, checkDeadlock, maxDepth, maxStates, progressInterval, recoverability, rebuildQueued);
  }

  /** These options with another progress interval (zero = only at the end). */
  public CheckOptions withProgressInterval(Duration progressInterval) {
    return new CheckOptions(workers, checkDeadlock, maxDepth, maxStates, progressInterval, recoverability, rebuildQueued);
  }

  /** These options, checking recoverability after a complete search or not. */
  public CheckOptions withRecoverability(boolean recoverability) {
    return new CheckOptions(workers, checkDeadlock, maxDepth, maxStates, progressInterval, recoverability, rebuildQueued);
  }

  /** These options, keeping queued states as objects or rebuilding them from their parents. */
  public CheckOptions withRebuildQueued(boolean rebuildQueued) {
    return new CheckOptions(workers, checkDeadlock, maxDepth, maxStates, progressInterval, recoverability, rebuildQueued);
  }
}
