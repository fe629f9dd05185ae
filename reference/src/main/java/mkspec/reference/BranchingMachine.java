package mkspec.reference;

/**
 * A machine the model checker branches: every successor starts as a copy of its parent, and states are told apart
 * by a canonical fingerprint, never by the identity of the objects that make them up.
 *
 * @param <M> the machine's own type
 */
public interface BranchingMachine<M extends BranchingMachine<M>> {
    /** A deep, independent copy. */
    M copy();

    /**
     * A canonical hash of everything a later call can observe: equal for two machines that behave alike from here
     * on (up to the names of structs and free pages), different, almost surely, otherwise.
     */
    long fingerprint();

    /**
     * A hash of what the fingerprint leaves out on purpose and a report still shows: ghosts that only add up along a
     * path (how many bytes were read out of bounds so far). Two machines with one fingerprint behave alike; one that
     * takes the other's place halfway through a path must also describe alike.
     */
    default long ghostHash() {
        return 0;
    }
}
