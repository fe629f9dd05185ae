package mkspec.spec.mk2.action;

import mkspec.spec.mk2.model.Mk2State;

/**
 * How the mk2 spec resolves what its interfaces leave open: which RAM a pool chunk, which pool pages an instance's
 * regions, which instance-pool pages a segment, and which pool pages a memory-add region get. The relation allows
 * every choice that keeps the pages free, contiguous where the allocator hands out one range, and of the asked size.
 */
public sealed interface Mk2Choice {

    /** One representative choice per allocation, what the spec's own exhaustive check explores. */
    record Canonical() implements Mk2Choice {
    }

    /**
     * The choice a given next state made: the refinement check's question "is this state one of the spec's
     * successors?" asked of the choices read from it, each validated against what the spec allows.
     */
    record MadeIn(Mk2State post) implements Mk2Choice {
    }

    Mk2Choice CANONICAL = new Canonical();
}
