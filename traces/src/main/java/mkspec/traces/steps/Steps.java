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
        return withExpect(s, Optional.of(e));
    }

    /** {@code s} with its expectation replaced. */
    public static Step withExpect(Step s, Optional<Expect> e) {
        if (s instanceof Step.UploadDeviceTree) {
            Step.UploadDeviceTree u = (Step.UploadDeviceTree) s;
            return new Step.UploadDeviceTree(u.tree(), u.writeChunk(), e, u.position());
        } else if (s instanceof Step.Mkdir) {
            return new Step.Mkdir(((Step.Mkdir) s).name(), e, s.position());
        } else if (s instanceof Step.Rmdir) {
            return new Step.Rmdir(((Step.Rmdir) s).name(), e, s.position());
        } else if (s instanceof Step.Status) {
            return new Step.Status(e, s.position());
        } else if (s instanceof Step.KexecFileLoad) {
            Step.KexecFileLoad l = (Step.KexecFileLoad) s;
            return new Step.KexecFileLoad(l.target(), l.segments(), l.failAt(), e, l.position());
        } else if (s instanceof Step.KexecFileLoadDefault) {
            return new Step.KexecFileLoadDefault(((Step.KexecFileLoadDefault) s).segments(), e, s.position());
        } else if (s instanceof Step.KexecFileUnload) {
            return new Step.KexecFileUnload(((Step.KexecFileUnload) s).id(), e, s.position());
        } else if (s instanceof Step.RebootMultikernel) {
            Step.RebootMultikernel r = (Step.RebootMultikernel) s;
            return new Step.RebootMultikernel(r.id(), r.badPointer(), r.failAt(), e, r.position());
        } else if (s instanceof Step.RebootOther) {
            return new Step.RebootOther(e, s.position());
        } else if (s instanceof Step.SpawnedBoot) {
            return new Step.SpawnedBoot(((Step.SpawnedBoot) s).id(), e, s.position());
        } else if (s instanceof Step.HostReuseFreedPages) {
            return new Step.HostReuseFreedPages(e, s.position());
        }
        throw new IllegalArgumentException("unknown step " + s);
    }

    /** The trace word of a spec result. */
    public static ExpectedResult word(Result r) {
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
        return word(Results.toSpec(actual)).equals(expected);
    }
}
