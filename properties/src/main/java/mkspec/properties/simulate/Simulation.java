package mkspec.properties.simulate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import mkspec.properties.runner.Course;
import mkspec.properties.runner.PropertyRunner;
import mkspec.properties.runner.RunResult;
import mkspec.properties.runner.Settings;
import mkspec.reference.Profile;
import mkspec.reference.machine.StepResult;
import mkspec.refinement.Command;
import mkspec.refinement.ReferenceSystem;
import mkspec.refinement.ThreadedSystem;
import mkspec.spec.Bounds;
import mkspec.spec.Spec;
import mkspec.spec.action.Action;
import mkspec.spec.check.Step;
import mkspec.spec.check.Trace;
import mkspec.spec.model.MkState;
import mkspec.spec.model.Result;
import mkspec.traces.failures.FailureCases;
import mkspec.traces.replay.Replayer;
import mkspec.traces.steps.Counterexamples;

/**
 * Random walks on the spec or on the reference through the property runner, and a failing walk written as a
 * counterexample trace and report, the way {@code mkspec check} writes its own.
 *
 * @param walks   the walks of the system
 * @param system  {@code spec} or {@code reference}
 * @param profile the profile a trace of the walks names (fixed for the spec)
 * @param writer  a path of the system as a trace
 * @param <S>     the system's state
 * @param <A>     its actions
 * @param <R>     what its steps return
 */
public record Simulation<S, A, R>(Walks<S, A, R> walks, String system, Profile profile, PathWriter<S, A, R> writer) {

    /** A path of the system written as a counterexample trace named {@code name}. */
    @FunctionalInterface
    public interface PathWriter<S, A, R> {
        mkspec.traces.format.Trace trace(String name, String description, Trace<S, A, R> path);
    }

    /** Walks of the spec over {@code bounds}: each step draws one of the action's allowed successors. */
    public static Simulation<MkState, Action, Result> ofSpec(Bounds bounds) {
        Spec spec = new Spec(bounds);
        Walks<MkState, Action, Result> walks = new Walks<>(spec, (state, action, source) -> {
            List<Step<MkState, Result>> all = spec.steps(state, action);
            if (all.isEmpty()) {
                throw new IllegalStateException("the spec allows no step of " + spec.label(action));
            }
            return all.size() == 1 ? all.get(0) : all.get((int) source.draw(0, all.size() - 1));
        });
        return new Simulation<>(walks, "spec", Profile.fixed(),
            (name, description, path) -> Counterexamples.ofSpec(name, description, bounds, path));
    }

    /**
     * Walks of the reference with {@code profile} over {@code bounds}, each step run on the walk's own machine, the
     * refinement checked on every step with {@code refine}.
     */
    public static Simulation<ReferenceSystem.RefState, Command, StepResult> ofReference(Bounds bounds, Profile profile,
                                                                                     boolean refine) {
        ReferenceSystem sys = new ReferenceSystem(bounds, profile, refine);
        Walks<ReferenceSystem.RefState, Command, StepResult> walks =
            new Walks<>(sys, (state, command, source) -> sys.stepInPlace(state, command));
        return new Simulation<>(walks, "reference", profile,
            (name, description, path) -> Counterexamples.ofReference(name, description, profile, bounds, path));
    }

    /**
     * Random schedules of the reference's {@code bounds.threads()} user threads, each step one thread's next section
     * drawn among those enabled ({@link Walks#ofPartial}), judged at every quiescent state and, with {@code refine},
     * every overlap of calls checked to be linearizable; no partial-order reduction (a walk takes one schedule).
     */
    public static Simulation<ThreadedSystem.TState, ThreadedSystem.Move, StepResult> ofThreaded(Bounds bounds,
                                                                                         Profile profile, boolean refine) {
        Walks<ThreadedSystem.TState, ThreadedSystem.Move, StepResult> walks =
            Walks.ofPartial(new ThreadedSystem(bounds, profile, refine, null, false));
        return new Simulation<>(walks, "reference", profile,
            (name, description, path) -> Counterexamples.ofThreaded(name, description, profile, bounds, path));
    }

    /** Runs {@code settings.tries()} walks of {@code settings.maxSteps()} steps each, as {@code course} says. */
    public RunResult run(Settings settings, Course course) {
        return PropertyRunner.run(settings, walks.model(), course);
    }

    /**
     * A failing walk's counterexample: its trace, the replay of it, the folder both were written to, and why the
     * writer refused the folder when it did (it is not a report of mkspec's).
     */
    public record Written(mkspec.traces.format.Trace trace, Replayer.Replay replay, Path dir, Optional<String> refused) {
    }

    /** The shrunk walk of {@code failed} as a trace. */
    public mkspec.traces.format.Trace trace(RunResult.Failed failed, String description) {
        String name = Counterexamples.name("simulate", system, failed.failure().id());
        return writer.trace(name, description, walks.path(failed.shrunk()));
    }

    /**
     * Writes the shrunk walk of {@code failed} as a trace and the report of its replay under {@code out}, through
     * the writer the properties use.
     */
    public Written write(RunResult.Failed failed, String description, Path out) throws IOException {
        mkspec.traces.format.Trace t = trace(failed, description);
        Replayer.Replay replay = Replayer.replay(t, profile);
        Path dir = out.resolve(t.name());
        return new Written(t, replay, dir, FailureCases.write(replay, t, dir));
    }
}
