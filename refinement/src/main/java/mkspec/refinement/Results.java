package mkspec.refinement;

import mkspec.reference.machine.StepResult;
import mkspec.spec.model.Errno;
import mkspec.spec.model.Result;

/** The spec's view of what a reference call returned: one errno table per side, mapped here by name. */
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
        if (r instanceof StepResult.Bug b) {
            return new Result.Bug(b.site());
        }
        return Result.err(Errno.valueOf(((StepResult.Err) r).errno().name()));
    }
}
