package mkspec.refinement;

import mkspec.reference.BranchingMachine;

/**
 * The scratch copy of one state's machine that the state's moves run on, one after another, so that a refused call
 * costs no copy: a move takes the machine it runs on, and one that left it with the state's fingerprint (a self-loop)
 * gives it back for the next move, which then behaves as on the state's own machine (that is what the fingerprint
 * promises). A machine the move added to a ghost the fingerprint leaves out ({@link BranchingMachine#ghostHash}) is
 * not taken back, so that no later successor describes what it did not do; a move that changed the machine keeps it
 * as its successor's. {@link ScratchExpansion}, {@link ThreadedSystem.Moves} and the mk2 threaded moves share it.
 *
 * @param <M> the machine inside a state
 */
public final class ScratchCopy<M extends BranchingMachine<M>> {
    private final M machine;
    private final long ghost;
    private M scratch;

    /** The scratch of a state whose machine is {@code machine}, which is never changed. */
    public ScratchCopy(M machine) {
        this.machine = machine;
        this.ghost = machine.ghostHash();
    }

    /** The machine the next move runs on, the move's own until it gives it back: the copy given back, or a fresh one. */
    public M take() {
        M m = scratch != null ? scratch : machine.copy();
        scratch = null;
        return m;
    }

    /** Takes back {@code m}, which a move left with the state's fingerprint, unless the move added to its ghost. */
    public void giveBack(M m) {
        if (m.ghostHash() == ghost) {
            scratch = m;
        }
    }
}
