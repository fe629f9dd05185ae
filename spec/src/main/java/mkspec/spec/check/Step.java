package mkspec.spec.check;

import java.util.Objects;

/**
 * One enabled step of a transition system: the state it leads to and the result it returns.
 *
 * @param successor the state after the step (may equal the state before it)
 * @param result    what the step returns, e.g. an errno or a value; may be null when the system has none
 */
public record Step<S, R>(S successor, R result) {
  public Step {
    Objects.requireNonNull(successor, "successor");
  }
}
