package mkspec.spec.invariant;

import mkspec.spec.action.Action;
import mkspec.spec.check.StepInvariant;
import mkspec.spec.check.Verdict;
import mkspec.spec.model.MkState;
import mkspec.spec.model.Result;

/**
 * A named step invariant: a predicate over a pre-state, an action, its result and the post-state,
 * for the properties no single state can show.
 */
public record SpecStepInvariant(String id, String statement, String source, StepInvariant.Check<MkState, Action, Result> predicate)
    implements StepInvariant<MkState, Action, Result> {

    @Override
    public Verdict check(MkState pre, Action action, Result result, MkState post) {
        return predicate.check(pre, action, result, post);
    }

    @Override
    public String toString() {
        return id;
    }
}
