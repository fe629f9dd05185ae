package mkspec.spec.check;

import java.util.List;
import java.util.Objects;

/**
 * A path through a transition system: an initial state and the steps taken from it, each with the action, its
 * label, what it returned and the state after it. The checker rebuilds it by re-running the system.
 *
 * @param initial the initial state the path starts in
 * @param steps   the steps, in order; empty when the path ends in the initial state
 */
public record Trace<S, A, R>(S initial, List<TraceStep<S, A, R>> steps) {

  public Trace {
    Objects.requireNonNull(initial, "initial");
    steps = List.copyOf(steps);
  }

  /**
   * One step of a trace.
   *
   * @param action the action taken
   * @param label  the action as printed ({@link TransitionSystem#label})
   * @param result what the step returned (may be null)
   * @param state  the state after the step
   */
  public record TraceStep<S, A, R>(A action, String label, R result, S state) {
    public TraceStep {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(state, "state");
    }
  }

  /** The number of steps. */
  public int length() {
    return steps.size();
  }

  /** The state the path ends in. */
  public S last() {
    return steps.isEmpty() ? initial : steps.get(steps.size() - 1).state();
  }

  /** The labels of the steps, in order. */
  public List<String> labels() {
    return steps.stream().map(TraceStep::label).toList();
  }
}
