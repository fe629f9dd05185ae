package mkspec.traces.refine;

import mkspec.reference.machine.StepResult;
import mkspec.spec.model.Errno;
import mkspec.spec.model.Result;
import mkspec.traces.format.ExpectedResult;

/** Step results across the layers: the reference's, the spec's and the trace format's words. */
public final class Results {
    private Results() {
    }

    /** The spec's view of a reference result. */
    public static Result toSpec(StepResult r) {
        if (r instanceof StepResult.Ok) {
            return Result.OK;
        }
        if (r instanceof StepResult.Hang) {
            return Result.HANG;
        }
        if (r instanceof StepResult.Bug) {
            return new Result.Bug(((StepResult.Bug) r).site());
        }
        return Result.err(Errno.valueOf(((StepResult.Err) r).errno().name()));
    }

    /** The trace word of a spec result. */
    public static ExpectedResult toTrace(Result r) {
        if (r instanceof Result.Ok) {
            return new ExpectedResult.Ok();
        }
        if (r instanceof Result.Hang) {
            return new ExpectedResult.Hang();
        }
        if (r instanceof Result.Bug) {
            return new ExpectedResult.Bug();
        }
        return new ExpectedResult.Errno(((Result.Err) r).errno().name());
    }

    /** Whether a reference result is what a trace expects. */
    public static boolean matches(ExpectedResult expected, StepResult actual) {
        return toTrace(toSpec(actual)).equals(expected);
    }
}
