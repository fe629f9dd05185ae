package mkspec.properties.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs one sequence of a model: init, check, then per step pick an enabled action by weight, draw its
 * arguments, run it and check; it stops at the first failure and records each step's draws separately.
 */
final class Executor {

    /** Where each step's draws come from. */
    interface StepSources {
        /** How many steps to attempt. */
        int length();

        /** The source step {@code index} draws from; it may be shared between steps. */
        RandomSource forStep(int index);
    }

    private Executor() {
    }

    /** Steps drawn from one seeded source, which has already drawn the sequence's length. */
    static StepSources seeded(SeededSource source, int length) {
        return new StepSources() {
            @Override
            public int length() {
                return length;
            }

            @Override
            public RandomSource forStep(int index) {
                return source;
            }
        };
    }

    /** Steps replayed from their own value lists, so an edit inside one step cannot shift the next. */
    static StepSources replaying(List<List<Long>> values) {
        List<List<Long>> copy = List.copyOf(values);
        return new StepSources() {
            @Override
            public int length() {
                return copy.size();
            }

            @Override
            public RandomSource forStep(int index) {
                return RandomSource.replaying(copy.get(index));
            }
        };
    }

    /** Runs one sequence; {@code statistics} (may be null) counts enabled actions and outcomes. */
    static <S> Execution execute(Model<S> model, StepSources sources, StatisticsCollector statistics) {
        // Sized for the whole sequence (up to a bound), so a long one does not regrow its lists step by step.
        int expected = Math.min(sources.length(), 1 << 16);
        List<Step> steps = new ArrayList<>(expected);
        List<List<Draw>> draws = new ArrayList<>(expected);
        S state;
        try {
            state = model.init();
        } catch (RuntimeException | Error e) {
            return finish(steps, draws, Failure.thrown(rethrowFatal(e), "init"), false);
        }
        Failure initial = runChecks(model, state, 0, null);
        if (initial != null) {
            return finish(steps, draws, initial, false);
        }
        List<Action<S, ?>> actions = model.actions();
        int[] enabled = new int[actions.size()];
        for (int index = 0; index < sources.length(); index++) {
            RandomSource source = sources.forStep(index);
            List<Draw> recorded = source.recorded();
            int mark = recorded.size();
            StepResult result = step(actions, state, source, index + 1, statistics, enabled);
            List<Draw> stepDraws = List.copyOf(recorded.subList(mark, recorded.size()));
            if (result.noActionEnabled()) {
                return finish(steps, draws, null, true);
            }
            steps.add(result.step());
            draws.add(stepDraws);
            Failure failure = result.failure() != null ? result.failure()
                    : runChecks(model, state, index + 1, result.step().action());
            if (failure != null) {
                return finish(steps, draws, failure, false);
            }
        }
        return finish(steps, draws, null, false);
    }

    /** One step's result; internal, so "absent" is null: no step when no action was enabled, no failure when it passed. */
    private record StepResult(Step step, Failure failure, boolean noActionEnabled) {
    }

    private static <S> StepResult step(List<Action<S, ?>> actions, S state, RandomSource source, int number,
                                       StatisticsCollector statistics, int[] enabled) {
        // enabled is the caller's scratch array, one slot per action: a step allocates no list of its own.
        int count = 0;
        long totalWeight = 0;
        for (int i = 0; i < actions.size(); i++) {
            Action<S, ?> action = actions.get(i);
            boolean holds;
            try {
                holds = action.precondition().test(state);
            } catch (RuntimeException | Error e) {
                Step step = new Step(action.name(), null, "?", "precondition threw " + e.getClass().getSimpleName());
                return new StepResult(step, Failure.thrown(rethrowFatal(e),
                        "precondition of " + action.name() + " at step " + number), false);
            }
            if (holds) {
                enabled[count++] = i;
                totalWeight += action.weight();
                if (statistics != null) {
                    statistics.enabled(i);
                }
            }
        }
        if (count == 0) {
            return new StepResult(null, null, true);
        }
        long ticket = source.draw(0, totalWeight - 1);
        int chosen = enabled[count - 1];
        for (int k = 0; k < count; k++) {
            int i = enabled[k];
            if (ticket < actions.get(i).weight()) {
                chosen = i;
                break;
            }
            ticket -= actions.get(i).weight();
        }
        StepResult result = runAction(actions.get(chosen), state, source, number);
        if (statistics != null) {
            statistics.ran(chosen, result.step().outcome());
        }
        return result;
    }

    private static <S, A> StepResult runAction(Action<S, A> action, S state, RandomSource source, int number) {
        A args;
        String argsText;
        try {
            args = action.args().apply(state).generate(source);
            argsText = Objects.requireNonNull(action.describer().apply(args), "describer returned null");
        } catch (RuntimeException | Error e) {
            Step step = new Step(action.name(), null, "?", "args threw " + e.getClass().getSimpleName());
            return new StepResult(step, Failure.thrown(rethrowFatal(e),
                    "generating arguments of " + action.name() + " at step " + number), false);
        }
        try {
            String outcome = Objects.requireNonNull(action.run().apply(state, args),
                    () -> "action " + action.name() + " returned no outcome label");
            return new StepResult(new Step(action.name(), args, argsText, outcome), null, false);
        } catch (RuntimeException | Error e) {
            Step step = new Step(action.name(), args, argsText, "threw " + e.getClass().getSimpleName());
            return new StepResult(step, Failure.thrown(rethrowFatal(e),
                    "action " + action.name() + " at step " + number), false);
        }
    }

    /**
     * The first check's failure in {@code state} after step {@code number} (0: the initial state), or null when every
     * check holds. Where it failed is put into words only when it did: this runs after every step.
     */
    private static <S> Failure runChecks(Model<S> model, S state, int number, String action) {
        for (Check<S> check : model.checks()) {
            Verdict verdict;
            try {
                verdict = Objects.requireNonNull(check.check(state), "check returned no verdict");
            } catch (RuntimeException | Error e) {
                return Failure.thrown(rethrowFatal(e), "a check " + where(number, action));
            }
            Optional<Verdict.Violated> violated = verdict.violation();
            if (violated.isPresent()) {
                return Failure.violated(violated.get(), where(number, action));
            }
        }
        return null;
    }

    private static String where(int number, String action) {
        return number == 0 ? "in the initial state" : "after step " + number + " " + action;
    }

    /** The JVM running out of memory is not the property's failure; everything else is, stack overflows included. */
    private static Throwable rethrowFatal(Throwable e) {
        if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
            throw (VirtualMachineError) e;
        }
        return e;
    }

    private static Execution finish(List<Step> steps, List<List<Draw>> draws, Failure failure, boolean stuck) {
        return new Execution(steps, Optional.ofNullable(failure), new DrawLog(draws), stuck);
    }
}
