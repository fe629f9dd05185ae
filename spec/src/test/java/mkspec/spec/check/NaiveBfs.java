package mkspec.spec.check;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An obviously correct, slow breadth-first search over a transition system with hash maps of whole states, in the
 * checker's documented order; the oracle the checker's counts and counterexamples are compared with.
 */
final class NaiveBfs<S, A, R> {

  /** The counts and the first failing state (or null) in the documented order. */
  record Outcome<S>(long generated, long distinct, int depth, String failure, List<String> labels, S failingState) {}

  private final TransitionSystem<S, A, R> system;
  private final boolean checkDeadlock;

  NaiveBfs(TransitionSystem<S, A, R> system, boolean checkDeadlock) {
    this.system = system;
    this.checkDeadlock = checkDeadlock;
  }

  private record Origin<S>(S parent, int action) {}

  Outcome<S> run() {
    Map<S, Origin<S>> origin = new HashMap<>();
    Map<S, Integer> depthOf = new HashMap<>();
    ArrayDeque<S> queue = new ArrayDeque<>();
    long generated = 0;
    int depth = 0;
    for (S s : system.initialStates()) {
      generated++;
      if (!origin.containsKey(s)) {
        origin.put(s, new Origin<>(null, -1));
        depthOf.put(s, 0);
        queue.add(s);
      }
    }
    List<A> actions = system.actions();
    while (!queue.isEmpty()) {
      S s = queue.poll();
      for (StateInvariant<S> invariant : system.invariants()) {
        if (!invariant.check(s).holds()) {
          return new Outcome<>(generated, origin.size(), depth, invariant.id(), path(origin, s), s);
        }
      }
      if (!system.withinBounds(s)) {
        continue;
      }
      boolean any = false;
      for (int a = 0; a < actions.size(); a++) {
        for (Step<S, R> step : system.steps(s, actions.get(a))) {
          any = true;
          generated++;
          S t = step.successor();
          if (!origin.containsKey(t)) {
            origin.put(t, new Origin<>(s, a));
            depthOf.put(t, depthOf.get(s) + 1);
            depth = Math.max(depth, depthOf.get(t));
            queue.add(t);
          }
        }
      }
      if (!any && checkDeadlock) {
        return new Outcome<>(generated, origin.size(), depth, "deadlock", path(origin, s), s);
      }
    }
    return new Outcome<>(generated, origin.size(), depth, null, List.of(), null);
  }

  private List<String> path(Map<S, Origin<S>> origin, S end) {
    List<String> labels = new ArrayList<>();
    S at = end;
    while (origin.get(at).parent() != null) {
      labels.add(system.label(system.actions().get(origin.get(at).action())));
      at = origin.get(at).parent();
    }
    Collections.reverse(labels);
    return labels;
  }
}
