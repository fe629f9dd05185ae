package mkspec.traces.steps;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import mkspec.reference.machine.StepResult;
import mkspec.refinement.Results;
import mkspec.spec.model.Result;
import mkspec.traces.format.Expect;
import mkspec.traces.format.ExpectedResult;
import mkspec.traces.format.Step;

/** Small edits of trace steps, and results in the trace's words. */
public final class Steps {
    private Steps() {
    }

    /** {@code s} expecting the result {@code r} and the violations {@code broken}, and nothing else. */
    public static Step expecting(Step s, Result r, Set<String> broken) {
        Expect e = new Expect(Optional.of(word(r)), Map.of(), Optional.empty(), Optional.empty(), broken);
        return s.withExpect(Optional.of(e));
    }

    /** The trace word of a spec result. */
    public static ExpectedResult word(Result r) {
        return r.accept(WORD);
    }

    private static final Result.Cases<ExpectedResult> WORD = new Result.Cases<>() {
        public ExpectedResult ok(Result.Ok r) {
            return new ExpectedResult.Ok();
        }

        public ExpectedResult err(Result.Err r) {
            return new ExpectedResult.Errno(r.errno().name());
        }

        public ExpectedResult hang(Result.Hang r) {
            return new ExpectedResult.Hang();
        }

        public ExpectedResult bug(Result.Bug r) {
            return new ExpectedResult.Bug();
        }
    };

    /** Whether a reference result is what a trace expects. */
    public static boolean matches(ExpectedResult expected, StepResult actual) {
        return word(Results.toSpec(actual)).equals(expected);
    }
}
