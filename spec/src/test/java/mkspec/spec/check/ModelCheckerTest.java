package mkspec.spec.check;

import static mkspec.spec.check.Checking.onEveryWorkerCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCheckerTest {

  private static final CheckOptions DEFAULTS = CheckOptions.defaults();

  /** 0 -> 1 -> ... -> n-1 -> 0. */
  private static IntSystem counterMod(int n) {
    return IntSystem.of(List.of(0), List.of("inc"), (s, a) -> (s + 1) % n);
  }

  /** A complete binary tree in heap numbering: node v has children 2v and 2v+1; leaves are below depth d. */
  private static IntSystem binaryTree(int d) {
    return IntSystem.of(List.of(1), List.of("left", "right"), (s, a) -> 2 * s + a)
        .withBounds(s -> s < 1 << d);
  }

  private static CheckStats.ActionCoverage coverage(CheckResult<?, ?, ?> result, int action) {
    return result.stats().actions().get(action);
  }

  @Test
  void counterModNHasNDistinctStatesAndDepthNMinusOne() {
    CheckResult<Integer, String, String> result = onEveryWorkerCount(counterMod(10));

    assertInstanceOf(CheckResult.Passed.class, result);
    CheckStats stats = result.stats();
    assertEquals(10, stats.distinctStates());
    assertEquals(11, stats.statesGenerated(), "the initial state plus one step from each of the 10 states");
    assertEquals(9, stats.depth());
    assertEquals(0, stats.queueSize());
    assertEquals(new CheckStats.ActionCoverage(0, "inc", "inc", 10, 9), coverage(result, 0));
  }

  @Test
  void twoIndependentCountersHaveTheProductOfTheirStateCounts() {
    // State x * 4 + y with x mod 3 and y mod 4.
    IntSystem counters = IntSystem.of(List.of(0), List.of("incX", "incY"),
        (s, a) -> a == 0 ? ((s / 4 + 1) % 3) * 4 + s % 4 : (s / 4) * 4 + (s % 4 + 1) % 4);

    CheckResult<Integer, String, String> result = onEveryWorkerCount(counters);

    assertInstanceOf(CheckResult.Passed.class, result);
    assertEquals(12, result.stats().distinctStates());
    assertEquals(1 + 2 * 12, result.stats().statesGenerated());
    assertEquals(2 + 3, result.stats().depth());
  }

  @Test
  void binaryTreeOfDepthDHasTwoToTheDPlusOneMinusOneStates() {
    CheckResult<Integer, String, String> result = onEveryWorkerCount(binaryTree(6));

    assertInstanceOf(CheckResult.Passed.class, result, "leaves are outside the bounds, so they do not deadlock");
    assertEquals(127, result.stats().distinctStates());
    assertEquals(127, result.stats().statesGenerated(), "a tree has no duplicate successors");
    assertEquals(6, result.stats().depth());
    assertEquals(new CheckStats.ActionCoverage(1, "right", "right", 63, 63), coverage(result, 1));
  }

  @Test
  void aSelfLoopGeneratesAStateButNoNewOne() {
    IntSystem loop = IntSystem.of(List.of(7), List.of("stay"), (s, a) -> s);

    CheckResult<Integer, String, String> result = onEveryWorkerCount(loop);

    assertInstanceOf(CheckResult.Passed.class, result);
    assertEquals(1, result.stats().distinctStates());
    assertEquals(2, result.stats().statesGenerated());
    assertEquals(0, result.stats().depth());
    assertEquals(new CheckStats.ActionCoverage(0, "stay", "stay", 1, 0), coverage(result, 0));
  }

  @Test
  void duplicateInitialStatesAreGeneratedButStoredOnce() {
    IntSystem twice = IntSystem.of(List.of(0, 1, 0), List.of("inc"), (s, a) -> s < 2 ? s + 1 : null)
        .withBounds(s -> s < 2);

    CheckResult<Integer, String, String> result = onEveryWorkerCount(twice);

    assertEquals(3, result.stats().distinctStates());
    assertEquals(3 + 2, result.stats().statesGenerated());
    assertEquals(1, result.stats().depth(), "state 1 is initial, so 2 is one step away");
  }

  @Test
  void dieHardHasSixteenStatesAtDepthSeven() {
    // Reachable: a jug empty or full; (s, b) with s in {0, 3} or b in {0, 5}: 12 + 4 = 16. Levels by hand:
    // 1, 2, 3, 2, 2, 2, 2, 2; every action is always enabled, so 1 + 16 * 6 states are generated.
    CheckResult<DieHard.Jugs, String, Void> result = onEveryWorkerCount(new DieHard(false));

    assertInstanceOf(CheckResult.Passed.class, result);
    assertEquals(16, result.stats().distinctStates());
    assertEquals(97, result.stats().statesGenerated());
    assertEquals(7, result.stats().depth());
  }

  @Test
  void dieHardIsSolvedInSixStepsAlongTheOnlyShortestPath() {
    CheckResult<DieHard.Jugs, String, Void> result = onEveryWorkerCount(new DieHard(true));

    CheckResult.Violated<?, ?, ?> violated = assertInstanceOf(CheckResult.Violated.class, result);
    assertEquals("NotSolved", violated.invariantId());
    assertEquals(CheckResult.InvariantKind.STATE, violated.kind());
    assertEquals(List.of("FillBig", "BigToSmall", "EmptySmall", "BigToSmall", "FillBig", "BigToSmall"),
        violated.trace().labels());
    assertEquals(new DieHard.Jugs(3, 4), violated.trace().last());
    assertEquals(List.of("big jug holds 4 gallons"), violated.details());
    // (3,4) is checked when it is expanded: after levels 0..5 (12 states) and (0,1) of level 6 were expanded,
    // 1 + 13 * 6 states were generated, and (3,1) of level 7 was stored.
    assertEquals(79, violated.stats().statesGenerated());
    assertEquals(15, violated.stats().distinctStates());
    assertEquals(7, violated.stats().depth());
    assertEquals(1, violated.stats().queueSize());
  }

  @Test
  void theFirstOfSeveralShortestCounterexamplesInActionOrderIsReturned() {
    // A 3x3 grid, state x * 3 + y; (1,1) is reached in two steps by incX,incY and by incY,incX.
    List<String> xFirst = List.of("incX", "incY");
    IntSystem grid = grid(xFirst).withInvariant("not-centre", s -> s != 4);

    CheckResult.Violated<?, ?, ?> violated = assertInstanceOf(CheckResult.Violated.class, onEveryWorkerCount(grid));

    assertEquals(List.of("incX", "incY"), violated.trace().labels());
    assertEquals(4, violated.trace().last());
  }

  @Test
  void reorderingTheActionsPicksTheOtherShortestCounterexample() {
    IntSystem grid = grid(List.of("incY", "incX")).withInvariant("not-centre", s -> s != 4);

    CheckResult.Violated<?, ?, ?> violated = assertInstanceOf(CheckResult.Violated.class, onEveryWorkerCount(grid));

    assertEquals(List.of("incY", "incX"), violated.trace().labels());
  }

  private static IntSystem grid(List<String> actions) {
    return IntSystem.of(List.of(0), actions, (s, a) -> {
      boolean incX = actions.get(a).equals("incX");
      int x = s / 3;
      int y = s % 3;
      if (incX) {
        return x < 2 ? (x + 1) * 3 + y : null;
      }
      return y < 2 ? x * 3 + y + 1 : null;
    }).withBounds(s -> s != 8);
  }

  @Test
  void aStepInvariantIsCheckedOnStepsToStatesSeenBefore() {
    // 0..5 with inc and back; back from 2 leads to 1, which is already stored.
    IntSystem system = IntSystem.of(List.of(0), List.of("inc", "back"),
            (s, a) -> a == 0 ? (s < 5 ? s + 1 : null) : (s > 0 ? s - 1 : null))
        .withStepInvariant("no-back-from-2", (pre, a, post) -> !(pre == 2 && a == 1));

    CheckResult.Violated<?, ?, ?> violated = assertInstanceOf(CheckResult.Violated.class, onEveryWorkerCount(system));

    assertEquals(CheckResult.InvariantKind.STEP, violated.kind());
    assertEquals("no-back-from-2", violated.invariantId());
    assertEquals(List.of("inc", "inc", "back"), violated.trace().labels(), "ends with the violating step");
    assertEquals(1, violated.trace().last());
    assertEquals(List.of("2 -back-> 1 breaks no-back-from-2"), violated.details());
    // From 0: inc; from 1: inc, back; from 2: inc, back (violating): 1 + 1 + 2 + 2.
    assertEquals(6, violated.stats().statesGenerated());
    assertEquals(4, violated.stats().distinctStates(), "0, 1, 2 and 3, found by the inc before the back");
    assertEquals(3, violated.stats().depth());
    assertEquals(1, violated.stats().queueSize());
  }

  @Test
  void aStepViolationComesBeforeLaterStatesOfTheSameLevel() {
    // Both actions from 0: a violating step by the second action, after the first found a new state.
    IntSystem system = IntSystem.of(List.of(0), List.of("plusOne", "plusThree"),
            (s, a) -> s < 6 ? s + (a == 0 ? 1 : 3) : null)
        .withStepInvariant("small-steps", (pre, a, post) -> post - pre <= 2)
        .withBounds(s -> s < 6);

    CheckResult.Violated<?, ?, ?> violated = assertInstanceOf(CheckResult.Violated.class, onEveryWorkerCount(system));

    assertEquals(List.of("plusThree"), violated.trace().labels());
    assertEquals(3, violated.trace().last());
    assertEquals(3, violated.stats().statesGenerated());
    assertEquals(2, violated.stats().distinctStates());
  }

  @Test
  void aStateWithNoEnabledActionIsADeadlock() {
    IntSystem upToThree = IntSystem.of(List.of(0), List.of("inc"), (s, a) -> s < 3 ? s + 1 : null);

    CheckResult.Deadlocked<?, ?, ?> deadlocked =
        assertInstanceOf(CheckResult.Deadlocked.class, onEveryWorkerCount(upToThree));

    assertEquals(List.of("inc", "inc", "inc"), deadlocked.trace().labels());
    assertEquals(3, deadlocked.trace().last());
    assertEquals(4, deadlocked.stats().statesGenerated());
    assertEquals(4, deadlocked.stats().distinctStates());
    assertEquals(0, deadlocked.stats().queueSize());
  }

  @Test
  void aDeadlockIsNoErrorWhenDeadlocksAreNotChecked() {
    IntSystem upToThree = IntSystem.of(List.of(0), List.of("inc"), (s, a) -> s < 3 ? s + 1 : null);

    CheckResult<?, ?, ?> result = onEveryWorkerCount(upToThree, DEFAULTS.withCheckDeadlock(false));

    assertInstanceOf(CheckResult.Passed.class, result);
    assertEquals(4, result.stats().distinctStates());
  }

  @Test
  void statesOutsideTheBoundsAreStoredAndCheckedButNotExpanded() {
    IntSystem unbounded = IntSystem.of(List.of(0), List.of("inc"), (s, a) -> s + 1).withBounds(s -> s <= 5);

    CheckResult<?, ?, ?> result = onEveryWorkerCount(unbounded);

    assertInstanceOf(CheckResult.Passed.class, result, "state 6 is outside, so it is no deadlock");
    assertEquals(7, result.stats().distinctStates());
    assertEquals(7, result.stats().statesGenerated());
    assertEquals(6, result.stats().depth());

    CheckResult.Violated<?, ?, ?> violated = assertInstanceOf(CheckResult.Violated.class,
        onEveryWorkerCount(unbounded.withInvariant("below-6", s -> s < 6)));
    assertEquals(6, violated.trace().last());
  }

  @Test
  void maxStatesStopsAtTheStepThatStoresTheLastState() {
    CheckResult<?, ?, ?> result = onEveryWorkerCount(binaryTree(10), DEFAULTS.withMaxStates(6));

    CheckResult.BoundReached<?, ?, ?> bound = assertInstanceOf(CheckResult.BoundReached.class, result);
    assertEquals(CheckResult.Bound.MAX_STATES, bound.bound());
    // 1 -> 2, 3; 2 -> 4, 5; 3 -> 6 (the sixth state): 1 + 2 + 2 + 1 generated.
    assertEquals(6, result.stats().distinctStates());
    assertEquals(6, result.stats().statesGenerated());
    assertEquals(2, result.stats().depth());
    assertEquals(3, result.stats().queueSize(), "4, 5 and 6 were stored but not expanded");
    assertEquals(new CheckStats.ActionCoverage(0, "left", "left", 3, 3), coverage(result, 0));
    assertEquals(new CheckStats.ActionCoverage(1, "right", "right", 2, 2), coverage(result, 1));
  }

  @Test
  void statesStoredBeforeMaxStatesAreStillChecked() {
    IntSystem tree = binaryTree(10).withInvariant("not-5", s -> s != 5);

    CheckResult.Violated<?, ?, ?> violated =
        assertInstanceOf(CheckResult.Violated.class, onEveryWorkerCount(tree, DEFAULTS.withMaxStates(6)));

    assertEquals(List.of("left", "right"), violated.trace().labels());
    assertEquals(6, violated.stats().distinctStates());
  }

  @Test
  void maxStatesCanStopAmongTheInitialStates() {
    IntSystem many = IntSystem.of(List.of(0, 1, 2, 3), List.of("inc"), (s, a) -> s + 1);

    CheckResult<?, ?, ?> result = onEveryWorkerCount(many, DEFAULTS.withMaxStates(2));

    assertInstanceOf(CheckResult.BoundReached.class, result);
    assertEquals(2, result.stats().distinctStates());
    assertEquals(2, result.stats().statesGenerated());
    assertEquals(2, result.stats().queueSize());
  }

  @Test
  void maxDepthLeavesTheDeepestLevelUnexpanded() {
    CheckResult<?, ?, ?> result = onEveryWorkerCount(binaryTree(10), DEFAULTS.withMaxDepth(2));

    CheckResult.BoundReached<?, ?, ?> bound = assertInstanceOf(CheckResult.BoundReached.class, result);
    assertEquals(CheckResult.Bound.MAX_DEPTH, bound.bound());
    assertEquals(7, result.stats().distinctStates());
    assertEquals(7, result.stats().statesGenerated());
    assertEquals(2, result.stats().depth());
    assertEquals(4, result.stats().queueSize(), "nodes 4 to 7 are checked but left unexpanded");
  }

  @Test
  void maxDepthBeyondTheDiameterPasses() {
    assertInstanceOf(CheckResult.Passed.class, onEveryWorkerCount(counterMod(5), DEFAULTS.withMaxDepth(5)));
    assertInstanceOf(CheckResult.BoundReached.class, onEveryWorkerCount(counterMod(5), DEFAULTS.withMaxDepth(4)),
        "state 4 at depth 4 is within bounds but not expanded");
  }

  @Test
  void twoPhaseCommitWithThreeResourceManagersMatchesTlc() {
    // TLA+ Examples manifest for TwoPhase.cfg: 288 distinct states, 1146 generated, depth 11 (TLC counts the
    // initial state as depth 1; here depth counts steps).
    CheckResult<TwoPhase.State, TwoPhase.Action, Void> result = onEveryWorkerCount(new TwoPhase(3));

    assertInstanceOf(CheckResult.Passed.class, result);
    assertEquals(288, result.stats().distinctStates());
    assertEquals(1146, result.stats().statesGenerated());
    assertEquals(10, result.stats().depth());
    assertEquals(List.of(), result.stats().neverEnabled());
    List<String> kinds = new ArrayList<>();
    result.stats().kinds().forEach(k -> kinds.add(k.kind()));
    assertEquals(List.of("TMCommit", "TMAbort", "TMRcvPrepared", "RMPrepare", "RMChooseToAbort", "RMRcvCommitMsg",
        "RMRcvAbortMsg"), kinds);
    long enabledSum = result.stats().actions().stream().mapToLong(CheckStats.ActionCoverage::enabled).sum();
    long kindSum = result.stats().kinds().stream().mapToLong(CheckStats.KindCoverage::enabled).sum();
    assertEquals(1146 - 1, enabledSum, "every generated state but the initial one comes from an action");
    assertEquals(enabledSum, kindSum);
  }

  @Test
  void anExceptionFromTheSystemIsReportedWithThePathToIt() {
    IntSystem buggy = IntSystem.of(List.of(0), List.of("inc", "crash"), (s, a) -> {
      if (a == 1 && s == 2) {
        throw new IllegalStateException("BUG at 2");
      }
      return a == 0 && s < 4 ? s + 1 : null;
    }).withBounds(s -> s < 4);

    CheckResult.Threw<?, ?, ?> threw = assertInstanceOf(CheckResult.Threw.class, onEveryWorkerCount(buggy));

    assertEquals(List.of("inc", "inc"), threw.trace().labels());
    assertEquals("next(crash)", threw.during());
    assertEquals("BUG at 2", threw.exception().getMessage());
    assertEquals(1 + 1 + 1 + 1, threw.stats().statesGenerated(), "inc from 0, 1 and 2; the crash is not counted");
  }

  @Test
  void aNondeterministicSystemIsCaughtWhenItsCounterexampleIsRebuilt() {
    int[] calls = {0};
    // The fingerprint of state 2 changes between the search and the rebuild.
    IntSystem flaky = IntSystem.of(List.of(0), List.of("inc"), (s, a) -> s < 3 ? s + 1 : null)
        .withInvariant("not-2", s -> s != 2)
        .withFingerprint(s -> s == 2 ? 1000 + calls[0]++ : s);

    assertThrows(IllegalStateException.class, () -> ModelChecker.check(flaky, DEFAULTS));
  }

  @Test
  void aNondeterministicSystemIsCaughtWhenAQueuedStateIsRebuilt() {
    int[] calls = {0};
    // State 2's fingerprint changes from call to call: kept states never notice, a rebuilt one does.
    IntSystem flaky = IntSystem.of(List.of(0), List.of("inc"), (s, a) -> s < 3 ? s + 1 : null)
        .withFingerprint(s -> s == 2 ? 1000 + calls[0]++ : s);
    CheckOptions o = DEFAULTS.withCheckDeadlock(false);

    assertInstanceOf(CheckResult.Passed.class, ModelChecker.check(flaky, o));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> ModelChecker.check(flaky, o.withRebuildQueued(true)));
    assertTrue(e.getMessage().contains("queued state 2 rebuilds to fingerprint"), e.getMessage());
  }

  /** From n, "hop" may go to n + 1 or n + 3 (a choice); "back" goes to n - 1. States 0..12. */
  private static TransitionSystem<Integer, String, String> hops() {
    return new TransitionSystem<>() {
      public List<Integer> initialStates() {
        return List.of(0);
      }

      public List<String> actions() {
        return List.of("back", "hop");
      }

      public List<Step<Integer, String>> steps(Integer s, String a) {
        if (a.equals("back")) {
          return s > 0 ? List.of(new Step<>(s - 1, "back")) : List.of();
        }
        List<Step<Integer, String>> out = new ArrayList<>();
        for (int d : new int[] {1, 3}) {
          if (s + d <= 12) {
            out.add(new Step<>(s + d, "+" + d));
          }
        }
        return out;
      }

      public long fingerprint(Integer s) {
        return FingerprintSet.mix(s);
      }

      public List<StateInvariant<Integer>> invariants() {
        return List.of(StateInvariant.of("not-8", "never 8", s -> s != 8 ? Verdict.HOLDS : Verdict.violated(List.of("8"))));
      }

      public String label(String a) {
        return a;
      }
    };
  }

  @Test
  void everyChoiceOfAnActionIsExploredAndTheCounterexampleReplaysTheChoicesItTook() {
    CheckResult<Integer, String, String> result = onEveryWorkerCount(hops());

    CheckResult.Violated<Integer, String, String> violated = assertInstanceOf(CheckResult.Violated.class, result);
    assertEquals("not-8", violated.invariantId());
    List<String> results = new ArrayList<>();
    for (Trace.TraceStep<Integer, String, String> step : violated.trace().steps()) {
      results.add(step.result());
    }
    // Breadth first, actions in order and each action's choices in order: 0, 1, 2, 5, 8.
    assertEquals(List.of("+1", "+1", "+3", "+3"), results, "the first shortest path to 8");
    assertEquals(8, violated.trace().last());
    assertEquals(new NaiveBfs<>(hops(), false).run().labels(), violated.trace().labels());
  }

  @Test
  void aStepViolationOnALaterChoiceNamesThatChoice() {
    TransitionSystem<Integer, String, String> base = hops();
    TransitionSystem<Integer, String, String> system = new TransitionSystem<>() {
      public List<Integer> initialStates() {
        return base.initialStates();
      }

      public List<String> actions() {
        return base.actions();
      }

      public List<Step<Integer, String>> steps(Integer s, String a) {
        return base.steps(s, a);
      }

      public long fingerprint(Integer s) {
        return base.fingerprint(s);
      }

      public List<StateInvariant<Integer>> invariants() {
        return List.of();
      }

      public List<StepInvariant<Integer, String, String>> stepInvariants() {
        return List.of(StepInvariant.of("no-jump-to-3", "never +3 from 0",
            (pre, a, r, post) -> pre == 0 && "+3".equals(r) ? Verdict.violated(List.of("0 -> 3")) : Verdict.HOLDS));
      }

      public String label(String a) {
        return a;
      }
    };

    CheckResult.Violated<Integer, String, String> violated =
        assertInstanceOf(CheckResult.Violated.class, onEveryWorkerCount(system));

    assertEquals(1, violated.trace().steps().size());
    assertEquals("+3", violated.trace().steps().get(0).result());
    assertEquals(3, violated.trace().last());
  }

  @Test
  void theProgressListenerHearsTheFinalCounts() {
    List<Progress> reports = new ArrayList<>();

    CheckResult<?, ?, ?> result =
        ModelChecker.check(counterMod(1000), DEFAULTS.withProgressInterval(Duration.ofMillis(1)), reports::add);

    Progress last = reports.get(reports.size() - 1);
    assertTrue(last.done());
    assertEquals(result.stats().distinctStates(), last.distinctStates());
    assertEquals(result.stats().statesGenerated(), last.statesGenerated());
    assertEquals(1, reports.stream().filter(Progress::done).count());
    for (int i = 1; i < reports.size(); i++) {
      assertTrue(reports.get(i).distinctStates() >= reports.get(i - 1).distinctStates());
    }
  }

  @Test
  void theOptimisticCollisionEstimateIsDistinctTimesDuplicatesOverTwoToThe64() {
    // counter mod 10: 10 distinct, 11 generated, fingerprints 0..9 (the identity), so the smallest gap is 1.
    CollisionEstimate estimate = onEveryWorkerCount(counterMod(10)).stats().collision();

    assertEquals(10 * 1 / 0x1p64, estimate.optimistic());
    assertEquals(1, estimate.minimumGap());
    assertEquals(1.0, estimate.actual());
    assertEquals(List.of(
        "Estimates of the probability that the checker did not check all reachable states",
        "because two distinct states had the same fingerprint:",
        "  calculated (optimistic):  val = 5.4E-19",
        "  based on the actual fingerprints:  val = 1.0E+00"), estimate.lines());
  }

  @Test
  void aHoldingInvariantReturnsTheSharedVerdict() {
    StateInvariant<Integer> positive =
        StateInvariant.of("positive", "states are positive", s -> s > 0 ? Verdict.HOLDS : Verdict.violated("" + s));

    assertTrue(positive.check(1) == Verdict.HOLDS);
    assertTrue(positive.check(2) == positive.check(3));
    assertEquals(List.of("0"), ((Verdict.Violated) positive.check(0)).details());
  }
}
