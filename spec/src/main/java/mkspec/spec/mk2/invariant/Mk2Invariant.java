package mkspec.spec.mk2.invariant;

import java.util.function.Function;
import mkspec.spec.check.StateInvariant;
import mkspec.spec.check.Verdict;
import mkspec.spec.mk2.model.Mk2State;

/** A named state invariant of the mk2 specification: id, one-line statement, where it comes from, the predicate. */
public record Mk2Invariant(String id, String statement, String source, Function<Mk2State, Verdict> predicate)
    implements StateInvariant<Mk2State> {

    @Override
    public Verdict check(Mk2State s) {
        return predicate.apply(s);
    }

    @Override
    public String toString() {
        return id;
    }
}
