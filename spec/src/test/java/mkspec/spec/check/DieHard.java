package mkspec.spec.check;

import java.util.List;

/**
 * The die-hard jugs puzzle (TLA+ Examples, DieHard.tla): a 3-gallon and a 5-gallon jug, filled, emptied and poured
 * into each other; the "invariant" that the big jug never holds 4 gallons is the puzzle's solution when it fails.
 */
final class DieHard implements TransitionSystem<DieHard.Jugs, String, Void> {

  /** Gallons in the small (3) and the big (5) jug. */
  record Jugs(int small, int big) {}

  static final List<String> ACTIONS =
      List.of("FillSmall", "FillBig", "EmptySmall", "EmptyBig", "SmallToBig", "BigToSmall");

  private final boolean bigNeverFour;

  DieHard(boolean bigNeverFour) {
    this.bigNeverFour = bigNeverFour;
  }

  @Override
  public List<Jugs> initialStates() {
    return List.of(new Jugs(0, 0));
  }

  @Override
  public List<String> actions() {
    return ACTIONS;
  }

  @Override
  public Step<Jugs, Void> next(Jugs j, String action) {
    Jugs after;
    switch (action) {
      case "FillSmall":
        after = new Jugs(3, j.big());
        break;
      case "FillBig":
        after = new Jugs(j.small(), 5);
        break;
      case "EmptySmall":
        after = new Jugs(0, j.big());
        break;
      case "EmptyBig":
        after = new Jugs(j.small(), 0);
        break;
      case "SmallToBig": {
        int poured = Math.min(j.small(), 5 - j.big());
        after = new Jugs(j.small() - poured, j.big() + poured);
        break;
      }
      default: {
        int poured = Math.min(j.big(), 3 - j.small());
        after = new Jugs(j.small() + poured, j.big() - poured);
        break;
      }
    }
    return new Step<>(after, null);
  }

  @Override
  public long fingerprint(Jugs j) {
    return FingerprintSet.mix(j.small() * 16L + j.big());
  }

  @Override
  public List<StateInvariant<Jugs>> invariants() {
    if (!bigNeverFour) {
      return List.of();
    }
    return List.of(StateInvariant.of("NotSolved", "the big jug never holds 4 gallons",
        j -> j.big() != 4 ? Verdict.HOLDS : Verdict.violated("big jug holds 4 gallons")));
  }

  @Override
  public String label(String action) {
    return action;
  }
}
