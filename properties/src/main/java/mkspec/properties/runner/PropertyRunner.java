package mkspec.properties.runner;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs stateful properties: generates sequences from a seed, stops at the first failing one and shrinks it.
 * Returns results as values; {@link PropertyCheck} turns them into JUnit assertions.
 */
public final class PropertyRunner {

    private PropertyRunner() {
    }

    /**
     * Runs {@code settings.tries()} sequences of {@code model}, each from its own seed derived from
     * {@code settings.seed()}; on the first failure, shrinks it within {@code settings.maxShrinkRuns()} runs.
     * The same settings give the same result, shrunk sequence included. System properties are not read here.
     */
    public static <S> RunResult run(Settings settings, Model<S> model) {
        return run(settings, model, Course.standard());
    }

    /**
     * As {@link #run(Settings, Model)}, the tries from {@code course.firstTry()} on, each of the full length when the
     * course says so, telling the course's observer after each, which may end the run early (it then passes).
     */
    public static <S> RunResult run(Settings settings, Model<S> model, Course course) {
        SplittableRandom trySeeds = new SplittableRandom(settings.seed());
        StatisticsCollector statistics = new StatisticsCollector(model.actions());
        for (int skipped = 0; skipped < course.firstTry(); skipped++) {
            trySeeds.nextLong();
        }
        for (int tryIndex = course.firstTry(); tryIndex < settings.tries(); tryIndex++) {
            SeededSource source = RandomSource.seeded(trySeeds.nextLong());
            // The length draw stays outside every step's draws: a replay's length is its number of steps.
            int length = course.fullLength() ? settings.maxSteps() : (int) source.draw(1, settings.maxSteps());
            Execution execution = Executor.execute(model, Executor.seeded(source, length), statistics);
            statistics.sequence(execution);
            boolean goOn = course.observer().afterSequence(tryIndex, execution);
            if (execution.failed()) {
                Shrinker<S> shrinker = new Shrinker<>(model, execution, settings.maxShrinkRuns());
                Execution shrunk = shrinker.shrink();
                return new RunResult.Failed(settings, statistics.snapshot(), tryIndex, execution, shrunk,
                        shrinker.runs(), shrinker.budgetSpent());
            }
            if (!goOn) {
                break;
            }
        }
        return new RunResult.Passed(settings, statistics.snapshot());
    }

    /**
     * Runs {@code model} once from recorded draw values, one list per step (as {@link DrawLog#values()} gives
     * them or {@link DrawLog#parseValues(String)} reads them), and returns what happened.
     */
    public static <S> Execution replay(Model<S> model, List<List<Long>> stepDraws) {
        return Executor.execute(model, Executor.replaying(stepDraws), null);
    }
}
