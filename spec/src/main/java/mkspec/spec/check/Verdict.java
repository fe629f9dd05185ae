package mkspec.spec.check;

import java.util.List;

/**
 * The outcome of checking one invariant: it holds, or it is violated with lines naming what broke it.
 *
 * <p>A holding invariant returns the shared {@link #HOLDS} value, so checking it allocates nothing.
 */
public sealed interface Verdict permits Verdict.Holds, Verdict.Violated {

  /** The one verdict for an invariant that holds. */
  Verdict HOLDS = Holds.HOLDS;

  /** Whether the invariant holds. */
  boolean holds();

  /** The lines naming the objects that break the invariant; none when it holds. */
  List<String> details();

  /** A violation with the given detail lines (at least one). */
  static Verdict violated(String... details) {
    return new Violated(List.of(details));
  }

  /** A violation with the given detail lines (at least one). */
  static Verdict violated(List<String> details) {
    return new Violated(details);
  }

  /** The invariant holds; an enum so that there is exactly one instance. */
  enum Holds implements Verdict {
    HOLDS;

    @Override
    public boolean holds() {
      return true;
    }

    @Override
    public List<String> details() {
      return List.of();
    }
  }

  /**
   * The invariant is violated.
   *
   * @param details lines naming the objects that break it, printed in reports verbatim
   */
  record Violated(List<String> details) implements Verdict {
    public Violated {
      details = List.copyOf(details);
      if (details.isEmpty()) {
        throw new IllegalArgumentException("a violation needs at least one detail line");
      }
    }

    @Override
    public boolean holds() {
      return false;
    }
  }
}
