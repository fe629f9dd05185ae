package mkspec.spec.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecoverabilityTest {

  private static final CheckOptions RECOVER = CheckOptions.defaults().withCheckDeadlock(false).withRecoverability(true);

  /** 0 -> 1 -> 2 -> 0 is a cycle through home (0); 1 -> 3 leads into 3 <-> 4, which never comes back. */
  private static IntSystem trap() {
    int[][] next = {{1, -1}, {2, 3}, {0, -1}, {4, 3}, {3, -1}};
    return IntSystem.of(List.of(0), List.of("step(a)", "step(b)"),
        (s, a) -> next[s][a] < 0 ? null : next[s][a]).withHome(s -> s == 0);
  }

  @Test
  void aStateThatNeverComesBackIsReportedWithAShortestPathToIt() {
    CheckResult<Integer, String, String> r = ModelChecker.check(trap(), RECOVER);
    CheckResult.Unrecoverable<Integer, String, String> u = assertInstanceOf(CheckResult.Unrecoverable.class, r);
    assertEquals(3, u.trace().last());
    assertEquals(List.of("step(a)", "step(b)"), u.trace().labels());
    assertEquals("home", u.homeId());
    assertEquals(List.of("state 3 is not home"), u.notHome());
    assertEquals(List.of("step(a) -> ok, to a state that cannot get home either", "step(b) -> ok, changes nothing"),
        u.waysOut().stream().map(CheckResult.WayOut::line).toList());
    CheckStats.Recovery rec = u.stats().recovery().orElseThrow();
    assertEquals(3, rec.canGetHome());
    assertEquals(1, rec.homeStates());
    assertEquals(6, rec.transitions(), "every transition but the self-loop 3 -> 3");
  }

  @Test
  void aGraphWhoseEveryStateReachesHomePassesWithItsFigures() {
    IntSystem ring = IntSystem.of(List.of(0), List.of("inc", "dec"),
        (s, a) -> a == 0 ? (s + 1) % 50 : (s + 49) % 50).withHome(s -> s == 25);
    CheckResult<Integer, String, String> r = ModelChecker.check(ring, RECOVER);
    assertTrue(r.passed());
    CheckStats.Recovery rec = r.stats().recovery().orElseThrow();
    assertEquals(50, rec.canGetHome());
    assertEquals(100, rec.transitions());
  }

  @Test
  void aDeadEndThatIsNotHomeIsReportedAsADeadlock() {
    IntSystem line = IntSystem.of(List.of(0), List.of("next"), (s, a) -> s < 3 ? s + 1 : null).withHome(s -> s == 0);
    CheckResult.Unrecoverable<?, ?, ?> u =
        assertInstanceOf(CheckResult.Unrecoverable.class, ModelChecker.check(line, RECOVER));
    assertFalse(u.deadlocked(), "state 1 can still step: it is the first that cannot get home");
    assertEquals(1, u.trace().steps().size());
    IntSystem stuckAtOnce = IntSystem.of(List.of(0), List.of("next"), (s, a) -> s < 1 ? s + 1 : null)
        .withHome(s -> s == 5);
    CheckResult.Unrecoverable<?, ?, ?> d =
        assertInstanceOf(CheckResult.Unrecoverable.class, ModelChecker.check(stuckAtOnce, RECOVER));
    assertEquals(0, d.trace().steps().size());
    CheckResult.Unrecoverable<?, ?, ?> end = assertInstanceOf(CheckResult.Unrecoverable.class,
        ModelChecker.check(IntSystem.of(List.of(0), List.of("next"), (s, a) -> null).withHome(s -> false), RECOVER));
    assertTrue(end.deadlocked());
  }

  @Test
  void statesLeftUnexpandedByTheBoundsAreNotJudgedAndAreNoWayHome() {
    // 0 -> 1 -> 2 (home) -> 3 -> 4, and 4 is outside the bounds: 3 can only go to 4, whose successors are unknown.
    IntSystem chain = IntSystem.of(List.of(0), List.of("next"), (s, a) -> s + 1).withBounds(s -> s < 4)
        .withHome(s -> s == 2);
    CheckResult.Unrecoverable<Integer, String, String> u =
        assertInstanceOf(CheckResult.Unrecoverable.class, ModelChecker.check(chain, RECOVER));
    assertEquals(3, u.trace().last());
    assertEquals(1, u.stats().recovery().orElseThrow().unjudged());
    IntSystem edge = IntSystem.of(List.of(0), List.of("next"), (s, a) -> s == 0 ? 1 : null).withBounds(s -> s < 1)
        .withHome(s -> s == 0);
    assertTrue(ModelChecker.check(edge, RECOVER).passed(), "1 is outside the bounds: not judged");
  }

  @Test
  void withoutTheOptionNothingIsKeptAndNothingIsJudged() {
    CheckResult<Integer, String, String> r = ModelChecker.check(trap(), RECOVER.withRecoverability(false));
    assertTrue(r.passed());
    assertFalse(r.stats().recovery().isPresent());
  }

  @Test
  void randomGraphsAgreeWithANaiveBackwardSearchOnEveryWorkerCount() {
    for (long seed = 1; seed <= 40; seed++) {
      int size = 200 + (int) (seed * 37 % 800);
      long homeSeed = seed;
      IntSystem g = RandomGraph.of(seed, size, 3).withHome(s -> RandomGraph.hash(homeSeed, s, 99) % 11 == 0);
      int expected = naiveFirstStuck(g);
      CheckResult<Integer, String, String> one = ModelChecker.check(g, RECOVER.withWorkers(1)).withoutTiming();
      for (int workers : new int[] {2, 3}) {
        CheckResult<Integer, String, String> many = ModelChecker.check(g, RECOVER.withWorkers(workers)).withoutTiming();
        assertEquals(one.getClass(), many.getClass(), "seed " + seed);
        assertEquals(one.stats().recovery(), many.stats().recovery(), "seed " + seed);
        if (one instanceof CheckResult.Unrecoverable<Integer, String, String> u) {
          assertEquals(u.trace().labels(), ((CheckResult.Unrecoverable<Integer, String, String>) many).trace().labels());
        }
      }
      if (expected < 0) {
        assertTrue(one.passed(), "seed " + seed);
      } else {
        CheckResult.Unrecoverable<Integer, String, String> u = assertInstanceOf(CheckResult.Unrecoverable.class, one);
        assertEquals(expected, u.trace().last(), "seed " + seed);
      }
    }
  }

  /** The first state in breadth-first (state, action) order from which no home state is reachable, or -1. */
  private static int naiveFirstStuck(IntSystem g) {
    List<Integer> order = new ArrayList<>();
    Map<Integer, List<Integer>> into = new HashMap<>();
    Set<Integer> seen = new HashSet<>(List.of(0));
    ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(0));
    while (!queue.isEmpty()) {
      int s = queue.poll();
      order.add(s);
      for (String a : g.actions()) {
        Step<Integer, String> step = g.next(s, a);
        if (step == null) {
          continue;
        }
        into.computeIfAbsent(step.successor(), k -> new ArrayList<>()).add(s);
        if (seen.add(step.successor())) {
          queue.add(step.successor());
        }
      }
    }
    Set<Integer> good = new HashSet<>();
    ArrayDeque<Integer> back = new ArrayDeque<>();
    for (int s : order) {
      if (g.home().orElseThrow().check(s).holds()) {
        good.add(s);
        back.add(s);
      }
    }
    while (!back.isEmpty()) {
      for (int p : into.getOrDefault(back.poll(), List.of())) {
        if (good.add(p)) {
          back.add(p);
        }
      }
    }
    for (int s : order) {
      if (!good.contains(s)) {
        return s;
      }
    }
    return -1;
  }
}
