package mkspec.spec.mk2.invariant;

import mkspec.spec.check.StepInvariant;
import mkspec.spec.check.Verdict;
import mkspec.spec.mk2.action.Mk2Action;
import mkspec.spec.mk2.model.Mk2State;
import mkspec.spec.model.Result;

/** A named step invariant of the mk2 specification: a predicate over pre-state, action, result and post-state. */
public record Mk2StepInvariant(String id, String statement, String source,
                               StepInvariant.Check<Mk2State, Mk2Action, Result> predicate)
    implements StepInvariant<Mk2State, Mk2Action, Result> {

    @Override
    public Verdict check(Mk2State pre, Mk2Action action, Result result, Mk2State post) {
        return predicate.check(pre, action, result, post);
    }

    @Override
    public String toString() {
        return id;
    }
}
