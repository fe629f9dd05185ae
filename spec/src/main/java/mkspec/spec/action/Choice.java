package mkspec.spec.action;

import mkspec.spec.model.MkState;

/**
 * How the open choices of a step are resolved (which pages an allocation gets; see {@link Placements}): every
 * allowed one, one per class of choices that nothing in the specification can tell apart, or the one a run made,
 * read off the state it reached. Whatever the resolution, the step's result is the one the specification requires.
 */
public sealed interface Choice {

    /** Every allowed choice, each one successor. */
    Choice EVERY = new Every();

    /** {@code c}'s case for this resolution. */
    <R> R accept(Cases<R> c);

    /** One case per resolution, so that a handler is exhaustive by construction. */
    interface Cases<R> {
        R every(Every c);

        R onePerClass(OnePerClass c);

        R madeIn(MadeIn c);
    }

    /**
     * One choice per class that the invariants and every later step of a bounded model cannot tell apart, where
     * {@code loads} are the images the model may ever load. An instance's memory: one carving per set of pages taken
     * and per answer to "which of these images fit, and where does each stop fitting" (a split into chunks matters
     * only through that). An image in its instance pool: one placement, since an instance holds one image at a time,
     * every allowed placement keeps every invariant alike, and its pages return to the pool whole at unload. The
     * model checker explores these; a test compares them with {@link #EVERY} at small bounds.
     */
    static Choice onePerClass(java.util.List<java.util.List<Action.SegmentReq>> loads) {
        return new OnePerClass(java.util.List.copyOf(loads));
    }

    /**
     * The choice of a run that returned {@code result} and reached {@code post}: the one step the spec allows that
     * matches it, or, when none does, one step the spec allows, so that the difference shows.
     */
    static Choice madeIn(MkState post, mkspec.spec.model.Result result) {
        return new MadeIn(post, result);
    }

    /** Every allowed choice. */
    record Every() implements Choice {
        @Override
        public <R> R accept(Cases<R> c) {
            return c.every(this);
        }
    }

    /** One allowed choice per class nothing in a model that loads only {@code loads} can tell apart. */
    record OnePerClass(java.util.List<java.util.List<Action.SegmentReq>> loads) implements Choice {
        @Override
        public <R> R accept(Cases<R> c) {
            return c.onePerClass(this);
        }
    }

    /** The choice a run made, as its result and {@code post} show it. */
    record MadeIn(MkState post, mkspec.spec.model.Result result) implements Choice {
        @Override
        public <R> R accept(Cases<R> c) {
            return c.madeIn(this);
        }
    }
}
