package mkspec.properties.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mkspec.properties.runner.Execution;
import mkspec.properties.runner.FailureHook;
import mkspec.properties.runner.RunResult;
import mkspec.reference.Profile;
import mkspec.traces.format.MachineSpec;
import mkspec.traces.format.Step;
import mkspec.traces.format.Trace;
import mkspec.traces.failures.FailureCases;
import mkspec.traces.replay.Replayer;
import mkspec.traces.steps.Counterexamples;

/** A shrunk property failure written as a trace (every step with what it returned and broke) and a report. */
public final class FailureTraces {
    private FailureTraces() {
    }

    /** The trace of an execution's steps, with the results and violations a replay observes. */
    public static Trace trace(String name, String description, Profile profile, MachineSpec machine, Execution e) {
        List<Step> steps = new ArrayList<>();
        for (mkspec.properties.runner.Step s : e.steps()) {
            steps.add((Step) s.args());
        }
        Trace bare = Counterexamples.trace(Counterexamples.name(name), description, profile, machine, steps);
        return Replayer.recorded(bare, profile);
    }

    /** A hook that writes the shrunk failure's trace and report under {@code out}/{@code name}. */
    public static FailureHook writer(Path out, String name, Profile profile, MachineSpec machine) {
        return (RunResult.Failed f) -> {
            Trace t = trace(name, "shrunk property failure: " + f.failure().id() + " (seed " + f.settings().seed() + ")",
                profile, machine, f.shrunk());
            Replayer.Replay r = Replayer.replay(t, profile);
            try {
                FailureCases.write(r, t, out.resolve(t.name())).ifPresent(refused -> {
                    throw new IllegalStateException(refused);
                });
            } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        };
    }
}
