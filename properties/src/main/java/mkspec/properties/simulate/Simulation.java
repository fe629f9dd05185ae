package mkspec.properties.simulate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mkspec.properties.runner.Course;
import mkspec.properties.runner.PropertyRunner;
import mkspec.properties.runner.RunResult;
import mkspec.properties.runner.Settings;
import mkspec.reference.Profile;
import mkspec.reference.machine.StepResult;
import mkspec.reference.mk2.Mk2Profile;
import mkspec.refinement.Command;
import mkspec.refinement.ReferenceSystem;
import mkspec.refinement.ThreadedSystem;
import mkspec.refinement.mk2.Mk2ReferenceSystem;
import mkspec.refinement.mk2.Mk2ThreadedSystem;
import mkspec.spec.Bounds;
import mkspec.spec.Spec;
import mkspec.spec.action.Action;
import mkspec.spec.check.Step;
import mkspec.spec.check.Trace;
import mkspec.spec.mk2.Mk2Bounds;
import mkspec.spec.mk2.Mk2Spec;
import mkspec.spec.mk2.action.Mk2Action;
import mkspec.spec.mk2.model.Mk2State;
import mkspec.spec.model.MkState;
import mkspec.spec.model.Result;
import mkspec.traces.failures.FailureCases;
import mkspec.traces.format.Mk2Trace;
import mkspec.traces.replay.Mk2Replayer;
import mkspec.traces.replay.Replayer;
import mkspec.traces.steps.Counterexamples;

/**
 * Random walks on the spec or on the reference, of either kernel, through the property runner, and a failing walk
 * written as a counterexample trace and report, the way {@code mkspec check} writes its own.
 *
 * @param walks   the walks of the system
 * @param system  {@code spec} or {@code reference}
 * @param kernel  {@code rfc-v2} or {@code mk2}, which names the traces of the walks
 * @param writer  how a failing walk becomes a trace, its replay and its report folder
 * @param <S>     the system's state
 * @param <A>     its actions
 * @param <R>     what its steps return
 */
public record Simulation<S, A, R>(Walks<S, A, R> walks, String system, String kernel, CaseWriter<S, A, R> writer) {

    /** A path of the system written as a counterexample trace named {@code name}: {@code T} is the kernel's trace. */
    @FunctionalInterface
    public interface PathWriter<S, A, R, T> {
        T trace(String name, String description, Trace<S, A, R> path);
    }

    /**
     * A path of the system written as the trace {@code name} and the report of its replay, in the folder {@code dir}:
     * each kernel's traces and replays are its own, and the folder is written the same way for both.
     */
    @FunctionalInterface
    public interface CaseWriter<S, A, R> {
        Written write(String name, String description, Trace<S, A, R> path, Path dir) throws IOException;
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
        return new Simulation<>(walks, "spec", RFC_V2, rfcV2(Profile.fixed(),
            (name, description, path) -> Counterexamples.ofSpec(name, description, bounds, path)));
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
        return new Simulation<>(walks, "reference", RFC_V2, rfcV2(profile,
            (name, description, path) -> Counterexamples.ofReference(name, description, profile, bounds, path)));
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
        return new Simulation<>(walks, "reference", RFC_V2, rfcV2(profile,
            (name, description, path) -> Counterexamples.ofThreaded(name, description, profile, bounds, path)));
    }

    /**
     * Walks of the mk2 spec over {@code bounds}: each step draws one of the action's allowed successors. A failing
     * walk is written as an mk2 trace of the fixed reference, as {@code check --kernel mk2} writes the spec's.
     */
    public static Simulation<Mk2State, Mk2Action, Result> ofMk2Spec(Mk2Bounds bounds) {
        Mk2Spec spec = new Mk2Spec(bounds);
        Walks<Mk2State, Mk2Action, Result> walks = new Walks<>(spec, (state, action, source) -> {
            List<Step<Mk2State, Result>> all = spec.steps(state, action);
            return all.size() == 1 ? all.get(0) : all.get((int) source.draw(0, all.size() - 1));
        });
        return new Simulation<>(walks, "spec", MK2, mk2((name, description, path) ->
            Mk2Replayer.ofPath(name, description, bounds, Mk2Profile.FIXED, actions(path))));
    }

    /**
     * Walks of the mk2 reference with {@code profile} over {@code bounds}, the refinement checked on every step with
     * {@code refine}.
     */
    public static Simulation<Mk2ReferenceSystem.RefState, Mk2Action, StepResult> ofMk2Reference(Mk2Bounds bounds,
                                                                                          Mk2Profile profile,
                                                                                          boolean refine) {
        Mk2ReferenceSystem sys = new Mk2ReferenceSystem(bounds, profile, null, refine);
        Walks<Mk2ReferenceSystem.RefState, Mk2Action, StepResult> walks =
            new Walks<>(sys, (state, action, source) -> sys.next(state, action));
        return new Simulation<>(walks, "reference", MK2, mk2((name, description, path) ->
            Mk2Replayer.ofPath(name, description, bounds, profile, actions(path))));
    }

    /**
     * Random schedules of the mk2 reference's {@code bounds.threads()} user threads, each step one thread's next
     * section drawn among those enabled ({@link Walks#ofPartial}), as {@link #ofThreaded} walks RFC v2's: judged at
     * every quiescent state and, with {@code refine}, every overlap of calls checked to be linearizable. A failing walk
     * is written as a threaded mk2 trace, replayed section by section.
     */
    public static Simulation<Mk2ThreadedSystem.TState, Mk2ThreadedSystem.Move, StepResult> ofMk2Threaded(
            Mk2Bounds bounds, Mk2Profile profile, boolean refine) {
        Mk2ThreadedSystem sys = new Mk2ThreadedSystem(bounds, profile, null, refine);
        return new Simulation<>(Walks.ofPartial(sys), "reference", MK2, mk2((name, description, path) ->
            Mk2Replayer.ofSchedule(name, description, bounds, profile, sys, path)));
    }

    private static <S, R> List<Mk2Action> actions(Trace<S, Mk2Action, R> path) {
        List<Mk2Action> actions = new ArrayList<>();
        path.steps().forEach(s -> actions.add(s.action()));
        return actions;
    }

    /** The kernel word of RFC v2's simulations. */
    public static final String RFC_V2 = "rfc-v2";

    /** The kernel word of mk2's simulations. */
    public static final String MK2 = "mk2";

    /** RFC v2's cases: the path as a format-1 trace, replayed on the reference with {@code profile}. */
    private static <S, A, R> CaseWriter<S, A, R> rfcV2(Profile profile,
                                                       PathWriter<S, A, R, mkspec.traces.format.Trace> traces) {
        return (name, description, path, dir) -> {
            mkspec.traces.format.Trace t = traces.trace(name, description, path);
            Replayer.Replay replay = Replayer.replay(t, profile);
            Optional<String> refused = FailureCases.write(replay, t, dir);
            return new Written(dir, refused, replay.difference().map(Replayer.Difference::line));
        };
    }

    /**
     * mk2's cases: the path as a {@code kernel: mk2} trace of the reference, each step expecting what it did there,
     * and replayed at once.
     */
    private static <S, A, R> CaseWriter<S, A, R> mk2(PathWriter<S, A, R, Mk2Trace> traces) {
        return (name, description, path, dir) -> {
            Mk2Trace t = traces.trace(name, description, path);
            Mk2Replayer.Replay replay = Mk2Replayer.replay(t);
            Optional<String> refused = FailureCases.write(replay, t, dir);
            Optional<String> difference = replay.agrees() ? Optional.empty()
                : Optional.of(replay.difference().orElse(replay.problems().toString()));
            return new Written(dir, refused, difference);
        };
    }

    /** Runs {@code settings.tries()} walks of {@code settings.maxSteps()} steps each, as {@code course} says. */
    public RunResult run(Settings settings, Course course) {
        return PropertyRunner.run(settings, walks.model(), course);
    }

    /**
     * A failing walk's counterexample: the folder its trace and report were written to, why the writer refused the
     * folder when it did (it is not a report of mkspec's), and where the trace's replay first differed from the walk,
     * if it did (a simulator bug).
     */
    public record Written(Path dir, Optional<String> refused, Optional<String> difference) {
        /** Whether the trace replayed as the walk ran it. */
        public boolean replays() {
            return difference.isEmpty();
        }
    }

    /** The name of the shrunk walk's trace and folder: {@code simulate-reference-handover-page-alive}. */
    public String caseName(RunResult.Failed failed) {
        return kernel.equals(MK2) ? Counterexamples.name("simulate", MK2, system, failed.failure().id())
            : Counterexamples.name("simulate", system, failed.failure().id());
    }

    /**
     * Writes the shrunk walk of {@code failed} as a trace and the report of its replay under {@code out}, through
     * the writer the properties use.
     */
    public Written write(RunResult.Failed failed, String description, Path out) throws IOException {
        String name = caseName(failed);
        return writer.write(name, description, walks.path(failed.shrunk()), out.resolve(name));
    }
}
