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
        return r.accept(TO_SPEC);
    }

    private static final StepResult.Cases<Result> TO_SPEC = new StepResult.Cases<>() {
        public Result ok(StepResult.Ok r) {
            return Result.OK;
        }

        public Result err(StepResult.Err r) {
            return Result.err(Errno.valueOf(r.errno().name()));
        }

        public Result hang(StepResult.Hang r) {
            return Result.HANG;
        }

        public Result bug(StepResult.Bug r) {
            return new Result.Bug(r.site());
        }
    };
}
