package mkspec.spec.invariant;

import java.util.function.Function;
import mkspec.spec.check.StateInvariant;
import mkspec.spec.check.Verdict;
import mkspec.spec.model.MkState;

/**
 * A named state invariant of the specification: its stable id, its one-line statement, where it
 * comes from, and the predicate.
 */
public record SpecInvariant(String id, String statement, String source, Function<MkState, Verdict> predicate)
    implements StateInvariant<MkState> {

    @Override
    public Verdict check(MkState s) {
        return predicate.apply(s);
    }

    @Override
    public String toString() {
        return id;
    }
}
