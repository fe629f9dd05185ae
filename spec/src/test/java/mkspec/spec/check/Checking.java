package mkspec.spec.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

/**
 * Test helpers: run the checker on 1, 2 and 4 workers, each with queued states kept and rebuilt from their parents,
 * and demand the same outcome from each.
 */
final class Checking {

  private Checking() {}

  static final List<Integer> WORKER_COUNTS = List.of(1, 2, 4);

  /**
   * Checks with 1, 2 and 4 workers, queued states kept and rebuilt, asserts that the results agree (except timing),
   * returns the first.
   */
  static <S, A, R> CheckResult<S, A, R> onEveryWorkerCount(TransitionSystem<S, A, R> system, CheckOptions options) {
    CheckResult<S, A, R> first = null;
    for (boolean rebuild : new boolean[] {false, true}) {
      for (int workers : WORKER_COUNTS) {
        CheckOptions o = options.withWorkers(workers).withRebuildQueued(rebuild);
        CheckResult<S, A, R> result = ModelChecker.check(system, o).withoutTiming();
        if (first == null) {
          first = result;
        } else {
          assertSame(first, result, workers + (rebuild ? " (queued states rebuilt)" : ""));
        }
      }
    }
    return first;
  }

  static <S, A, R> CheckResult<S, A, R> onEveryWorkerCount(TransitionSystem<S, A, R> system) {
    return onEveryWorkerCount(system, CheckOptions.defaults());
  }

  private static <S, A, R> void assertSame(CheckResult<S, A, R> one, CheckResult<S, A, R> other, String workers) {
    if (one instanceof CheckResult.Threw<S, A, R> a && other instanceof CheckResult.Threw<S, A, R> b) {
      // Exceptions have identity equality; compare what they say.
      assertEquals(a.stats(), b.stats(), "stats with " + workers + " workers");
      assertEquals(a.trace(), b.trace(), "trace with " + workers + " workers");
      assertEquals(a.during(), b.during(), "during with " + workers + " workers");
      assertEquals(a.exception().getMessage(), b.exception().getMessage());
      return;
    }
    assertEquals(one, other, "result with " + workers + " workers differs from 1 worker");
  }
}
