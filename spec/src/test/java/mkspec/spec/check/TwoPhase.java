package mkspec.spec.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The two-phase commit protocol of TLA+ Examples (specifications/transaction_commit/TwoPhase.tla), re-expressed as a
 * transition system: one action per TPNext disjunct and resource manager, with TLC's semantics that an action whose
 * guard holds generates a successor even when it changes nothing.
 */
final class TwoPhase implements TransitionSystem<TwoPhase.State, TwoPhase.Action, Void> {

  static final int WORKING = 0;
  static final int PREPARED = 1;
  static final int COMMITTED = 2;
  static final int ABORTED = 3;
  static final int TM_INIT = 0;
  static final int TM_COMMITTED = 1;
  static final int TM_ABORTED = 2;

  /**
   * A state of the protocol.
   *
   * @param rmState    rmState[rm]: WORKING, PREPARED, COMMITTED or ABORTED
   * @param tmState    the transaction manager's state: TM_INIT, TM_COMMITTED or TM_ABORTED
   * @param tmPrepared bit rm set: the TM has received a Prepared message from rm
   * @param prepared   bit rm set: the message [type |-> "Prepared", rm |-> rm] is in msgs
   * @param commitSent [type |-> "Commit"] is in msgs
   * @param abortSent  [type |-> "Abort"] is in msgs
   */
  record State(List<Integer> rmState, int tmState, int tmPrepared, int prepared, boolean commitSent,
      boolean abortSent) {

    State withRm(int rm, int value) {
      List<Integer> rms = new ArrayList<>(rmState);
      rms.set(rm, value);
      return new State(List.copyOf(rms), tmState, tmPrepared, prepared, commitSent, abortSent);
    }
  }

  /** An action: a TPNext disjunct, applied to resource manager {@code rm} (-1 for the TM-only ones). */
  record Action(String name, int rm) {}

  private final int rms;
  private final List<Action> actions = new ArrayList<>();

  TwoPhase(int rms) {
    this.rms = rms;
    actions.add(new Action("TMCommit", -1));
    actions.add(new Action("TMAbort", -1));
    for (int rm = 0; rm < rms; rm++) {
      for (String name : List.of("TMRcvPrepared", "RMPrepare", "RMChooseToAbort", "RMRcvCommitMsg", "RMRcvAbortMsg")) {
        actions.add(new Action(name, rm));
      }
    }
  }

  @Override
  public List<State> initialStates() {
    Integer[] working = new Integer[rms];
    Arrays.fill(working, WORKING);
    return List.of(new State(List.of(working), TM_INIT, 0, 0, false, false));
  }

  @Override
  public List<Action> actions() {
    return actions;
  }

  @Override
  public Step<State, Void> next(State s, Action action) {
    int rm = action.rm();
    int all = (1 << rms) - 1;
    State after;
    switch (action.name()) {
      case "TMRcvPrepared":
        if (s.tmState() != TM_INIT || (s.prepared() & 1 << rm) == 0) {
          return null;
        }
        after = new State(s.rmState(), s.tmState(), s.tmPrepared() | 1 << rm, s.prepared(), s.commitSent(),
            s.abortSent());
        break;
      case "TMCommit":
        if (s.tmState() != TM_INIT || s.tmPrepared() != all) {
          return null;
        }
        after = new State(s.rmState(), TM_COMMITTED, s.tmPrepared(), s.prepared(), true, s.abortSent());
        break;
      case "TMAbort":
        if (s.tmState() != TM_INIT) {
          return null;
        }
        after = new State(s.rmState(), TM_ABORTED, s.tmPrepared(), s.prepared(), s.commitSent(), true);
        break;
      case "RMPrepare":
        if (s.rmState().get(rm) != WORKING) {
          return null;
        }
        State prepared = s.withRm(rm, PREPARED);
        after = new State(prepared.rmState(), s.tmState(), s.tmPrepared(), s.prepared() | 1 << rm, s.commitSent(),
            s.abortSent());
        break;
      case "RMChooseToAbort":
        if (s.rmState().get(rm) != WORKING) {
          return null;
        }
        after = s.withRm(rm, ABORTED);
        break;
      case "RMRcvCommitMsg":
        if (!s.commitSent()) {
          return null;
        }
        after = s.withRm(rm, COMMITTED);
        break;
      case "RMRcvAbortMsg":
        if (!s.abortSent()) {
          return null;
        }
        after = s.withRm(rm, ABORTED);
        break;
      default:
        throw new IllegalArgumentException(action.name());
    }
    return new Step<>(after, null);
  }

  @Override
  public long fingerprint(State s) {
    long h = s.tmState();
    for (int rm : s.rmState()) {
      h = h * 4 + rm;
    }
    h = h * 256 + s.tmPrepared();
    h = h * 256 + s.prepared();
    h = h * 4 + (s.commitSent() ? 2 : 0) + (s.abortSent() ? 1 : 0);
    return FingerprintSet.mix(h);
  }

  @Override
  public List<StateInvariant<State>> invariants() {
    return List.of(StateInvariant.of("TCConsistent", "no resource manager commits while another aborts", s -> {
      boolean committed = s.rmState().contains(COMMITTED);
      boolean aborted = s.rmState().contains(ABORTED);
      return committed && aborted ? Verdict.violated("rmState " + s.rmState()) : Verdict.HOLDS;
    }));
  }

  @Override
  public String label(Action action) {
    return action.rm() < 0 ? action.name() : action.name() + "(r" + (action.rm() + 1) + ")";
  }

  @Override
  public String kind(Action action) {
    return action.name();
  }
}
