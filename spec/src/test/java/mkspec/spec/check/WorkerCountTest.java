package mkspec.spec.check;

import static mkspec.spec.check.Checking.onEveryWorkerCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checker's outcome does not depend on the number of workers, on graphs big enough that every worker takes
 * many chunks and fingerprint segments resize during parallel insertion; and it agrees with a naive search.
 */
class WorkerCountTest {

  private static final long SEED = 20251019L;
  private static final int SIZE = 200_000;

  @Test
  void aRandomGraphOfTwoHundredThousandStatesGivesTheSameCountsAndCoverageOnEveryWorkerCount() {
    IntSystem graph = RandomGraph.of(SEED, SIZE, 4);

    CheckResult<Integer, String, String> result =
        onEveryWorkerCount(graph, CheckOptions.defaults().withCheckDeadlock(false));
    NaiveBfs.Outcome<Integer> oracle = new NaiveBfs<>(graph, false).run();

    assertInstanceOf(CheckResult.Passed.class, result);
    assertTrue(result.stats().distinctStates() > SIZE / 2, "most of the graph is reachable");
    assertEquals(oracle.distinct(), result.stats().distinctStates());
    assertEquals(oracle.generated(), result.stats().statesGenerated());
    assertEquals(oracle.depth(), result.stats().depth());
    long newStates = result.stats().actions().stream().mapToLong(CheckStats.ActionCoverage::newStates).sum();
    assertEquals(result.stats().distinctStates() - 1, newStates, "every state but the initial one was new once");
    assertTrue(result.stats().bytesPerState() <= 16,
        "fingerprints and parent links take " + result.stats().bytesPerState() + " bytes per state");
  }

  @Test
  void theHeapARunNeedsIsNeverReportedBelowItsStoreWhenQueuedStatesAreRebuilt() {
    IntSystem graph = RandomGraph.of(SEED, SIZE, 4);
    CheckStats stats = ModelChecker.check(graph,
        CheckOptions.defaults().withCheckDeadlock(false).withRebuildQueued(true)).stats();
    assertTrue(stats.peakHeapBytes() >= stats.peakStoreBytes(),
        stats.peakHeapBytes() + " bytes of heap reported for a store of " + stats.peakStoreBytes());
    assertTrue(stats.rebuildSteps() >= stats.distinctStates() - 1, "every state but the initial one was rebuilt");
  }

  @Test
  void aRandomGraphWithWellSpreadFingerprintsAgreesWithTheNaiveSearch() {
    IntSystem graph = RandomGraph.of(SEED + 1, SIZE, 3).withFingerprint(s -> FingerprintSet.mix(s + 12345L));

    CheckResult<Integer, String, String> result =
        onEveryWorkerCount(graph, CheckOptions.defaults().withCheckDeadlock(false));

    NaiveBfs.Outcome<Integer> oracle = new NaiveBfs<>(graph, false).run();
    assertEquals(oracle.distinct(), result.stats().distinctStates());
    assertEquals(oracle.generated(), result.stats().statesGenerated());
  }

  @Test
  void aRandomGraphDeadlockIsTheFirstInBreadthFirstOrderOnEveryWorkerCount() {
    IntSystem graph = RandomGraph.of(SEED, SIZE, 4);

    CheckResult<Integer, String, String> result = onEveryWorkerCount(graph);
    NaiveBfs.Outcome<Integer> oracle = new NaiveBfs<>(graph, true).run();

    CheckResult.Deadlocked<?, ?, ?> deadlocked =
        assertInstanceOf(CheckResult.Deadlocked.class, result);
    assertEquals("deadlock", oracle.failure());
    assertEquals(oracle.failingState(), deadlocked.trace().last());
    assertEquals(oracle.labels(), deadlocked.trace().labels());
    assertEquals(oracle.generated(), deadlocked.stats().statesGenerated());
    assertEquals(oracle.distinct(), deadlocked.stats().distinctStates());
  }

  @Test
  void aRandomGraphViolationDeepInTheSearchIsTheSameOnEveryWorkerCount() {
    // A property that fails on about one state in 5000: the first failure is many levels down.
    IntSystem graph = RandomGraph.of(SEED, SIZE, 4).withInvariant("rare", s -> s % 4999 != 17 || s < 1000);

    CheckResult<Integer, String, String> result =
        onEveryWorkerCount(graph, CheckOptions.defaults().withCheckDeadlock(false));
    NaiveBfs.Outcome<Integer> oracle = new NaiveBfs<>(graph, false).run();

    CheckResult.Violated<?, ?, ?> violated = assertInstanceOf(CheckResult.Violated.class, result);
    assertEquals("rare", oracle.failure());
    assertEquals(oracle.failingState(), violated.trace().last());
    assertEquals(oracle.labels(), violated.trace().labels());
    assertTrue(violated.trace().length() > 3, "the violation is not near the start");
    assertEquals(oracle.generated(), violated.stats().statesGenerated());
    assertEquals(oracle.distinct(), violated.stats().distinctStates());
    assertEquals(oracle.depth(), violated.stats().depth());
  }

  @Test
  void aRandomGraphStepViolationIsTheSameOnEveryWorkerCount() {
    IntSystem graph = RandomGraph.of(SEED, SIZE, 4)
        .withStepInvariant("no-big-jump-down", (pre, a, post) -> pre < 150_000 || post > 1_000);

    CheckResult<Integer, String, String> result =
        onEveryWorkerCount(graph, CheckOptions.defaults().withCheckDeadlock(false));

    CheckResult.Violated<?, ?, ?> violated = assertInstanceOf(CheckResult.Violated.class, result);
    assertEquals(CheckResult.InvariantKind.STEP, violated.kind());
    assertTrue((Integer) violated.trace().last() <= 1_000);
  }

  @Test
  void aRandomGraphStoppedByMaxStatesInTheMiddleOfALevelIsTheSameOnEveryWorkerCount() {
    IntSystem graph = RandomGraph.of(SEED, SIZE, 4);

    CheckResult<Integer, String, String> result =
        onEveryWorkerCount(graph, CheckOptions.defaults().withCheckDeadlock(false).withMaxStates(54_321));

    assertInstanceOf(CheckResult.BoundReached.class, result);
    assertEquals(54_321, result.stats().distinctStates());
  }

  @Test
  void theStandardSystemsGiveTheSameResultsOnEveryWorkerCount() {
    // onEveryWorkerCount compares the outcomes; here the systems are checked under every option set.
    List<CheckOptions> optionSets = List.of(
        CheckOptions.defaults(),
        CheckOptions.defaults().withCheckDeadlock(false),
        CheckOptions.defaults().withMaxDepth(3),
        CheckOptions.defaults().withMaxStates(100));
    for (CheckOptions options : optionSets) {
      onEveryWorkerCount(new TwoPhase(3), options);
      onEveryWorkerCount(new TwoPhase(4), options);
      onEveryWorkerCount(new DieHard(true), options);
      onEveryWorkerCount(new DieHard(false), options);
    }
    CheckResult<TwoPhase.State, TwoPhase.Action, Void> five = onEveryWorkerCount(new TwoPhase(5));
    assertInstanceOf(CheckResult.Passed.class, five);
  }
}
