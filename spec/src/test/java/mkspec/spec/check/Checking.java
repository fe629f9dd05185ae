package mkspec.spec.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

/** Test helpers: run the checker on 1, 2 and 4 workers and demand the same outcome from each. */
final class Checking {

  private Checking() {}

  static final List<Integer> WORKER_COUNTS = List.of(1, 2, 4);

  /** Checks with 1, 2 and 4 workers, asserts that the results agree (except timing), returns the first. */
  static <S, A, R> CheckResult<S, A, R> onEveryWorkerCount(TransitionSystem<S, A, R> system, CheckOptions options) {
    CheckResult<S, A, R> first = null;
    for (int workers : WORKER_COUNTS) {
      CheckResult<S, A, R> result = ModelChecker.check(system, options.withWorkers(workers)).withoutTiming();
      if (first == null) {
        first = result;
      } else {
        assertSame(first, result, workers);
      }
    }
    return first;
  }

  static <S, A, R> CheckResult<S, A, R> onEveryWorkerCount(TransitionSystem<S, A, R> system) {
    return onEveryWorkerCount(system, CheckOptions.defaults());
  }

  private static <S, A, R> void assertSame(CheckResult<S, A, R> one, CheckResult<S, A, R> other, int workers) {
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
