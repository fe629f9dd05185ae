package mkspec.properties.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StatefulRunnerTest {

    private static RunResult.Failed fails(Settings settings, Model<?> model) {
        return assertInstanceOf(RunResult.Failed.class, PropertyRunner.run(settings, model));
    }

    private static Settings settings(String name, long seed) {
        return Settings.named(name).withSeed(seed).withTries(200);
    }

    @Test
    void counterShrinksToExactlyTenIncrements() {
        RunResult.Failed failed = fails(settings("counter", 1), Toys.Counter.model());
        assertEquals(Collections.nCopies(10, "inc"), Toys.names(failed.shrunk()));
        assertEquals(Collections.nCopies(10, List.of(0L)), failed.shrunk().draws().values());
        assertEquals("counter-below-10", failed.failure().id());
        assertTrue(failed.original().steps().size() > 10, "the original had detours to remove");
    }

    @Test
    void stackBugShrinksToThreePushesAndAPopWithMinimalArguments() {
        RunResult.Failed failed = fails(settings("stack", 3), Toys.BuggyStack.model());
        assertEquals(List.of("push", "push", "push", "pop"), Toys.names(failed.shrunk()));
        assertEquals(Arrays.asList(0, 0, 1, null), Toys.args(failed.shrunk()));
        assertEquals("popped 0, expected 1 (after step 4 pop)", failed.failure().message());
    }

    @Test
    void setBugShrinksBothArgumentsToTheSmallestValuesThatTriggerIt() {
        RunResult.Failed failed = fails(settings("threshold-set", 5), Toys.ThresholdSet.model());
        assertEquals("[add(20) -> ok, add(40) -> ok]", failed.shrunk().steps().toString());
    }

    @Test
    void orderBugShrinksToTheOneOrderThatTriggersIt() {
        RunResult.Failed failed = fails(settings("door", 2), Toys.Door.model());
        assertEquals(List.of("lock", "open"), Toys.names(failed.shrunk()));
    }

    @Test
    void bugNeedingTwoEqualArgumentsShrinksThemTogether() {
        RunResult.Failed failed = fails(settings("store", 4), Toys.Store.model());
        assertEquals("[put(0=0) -> ok, put(0=5) -> ok]", failed.shrunk().steps().toString());
    }

    @Test
    void sameSeedGivesTheSameFailureAndTheSameShrunkSequence() {
        for (long seed = 0; seed < 5; seed++) {
            RunResult.Failed first = fails(settings("stack", seed), Toys.BuggyStack.model());
            RunResult.Failed second = fails(settings("stack", seed), Toys.BuggyStack.model());
            assertEquals(first.tryIndex(), second.tryIndex());
            assertEquals(first.original().steps(), second.original().steps());
            assertEquals(first.original().draws(), second.original().draws());
            assertEquals(first.shrunk().steps(), second.shrunk().steps());
            assertEquals(first.shrunk().draws(), second.shrunk().draws());
            assertEquals(first.failure().toString(), second.failure().toString());
            assertEquals(first.shrinkRuns(), second.shrinkRuns());
            assertEquals(first.statistics(), second.statistics());
        }
    }

    @Test
    void differentSeedsGenerateDifferentSequences() {
        RunResult.Failed one = fails(settings("counter", 1), Toys.Counter.model());
        RunResult.Failed other = fails(settings("counter", 2), Toys.Counter.model());
        assertNotEquals(one.original().draws(), other.original().draws());
    }

    @Test
    void replayingTheShrunkDrawsReproducesTheShrunkSequence() {
        RunResult.Failed failed = fails(settings("stack", 8), Toys.BuggyStack.model());
        List<List<Long>> recorded = DrawLog.parseValues(failed.shrunk().draws().toString());
        Execution replayed = PropertyRunner.replay(Toys.BuggyStack.model(), recorded);
        assertEquals(failed.shrunk().steps(), replayed.steps());
        assertEquals(failed.failure().toString(), replayed.failure().orElseThrow().toString());
    }

    @Test
    void replayingTheOriginalDrawsReproducesTheOriginalFailure() {
        RunResult.Failed failed = fails(settings("threshold-set", 9), Toys.ThresholdSet.model());
        Execution replayed = PropertyRunner.replay(Toys.ThresholdSet.model(), failed.original().draws().values());
        assertEquals(failed.original().steps(), replayed.steps());
        assertEquals(failed.original().failure().orElseThrow().toString(), replayed.failure().orElseThrow().toString());
    }

    @Test
    void replayingAnEditedDrawListRegeneratesTheEditedSequence() {
        List<List<Long>> nineIncrements = Collections.nCopies(9, List.of(0L));
        assertFalse(PropertyRunner.replay(Toys.Counter.model(), nineIncrements).failed());
        List<List<Long>> tenIncrements = Collections.nCopies(10, List.of(0L));
        assertEquals("counter-below-10",
                PropertyRunner.replay(Toys.Counter.model(), tenIncrements).failure().orElseThrow().id());
        // Empty step lists replay as all-minimum draws: the first enabled action with its simplest arguments.
        Execution simplest = PropertyRunner.replay(Toys.BuggyStack.model(), List.of(List.of(), List.of()));
        assertEquals("[push(0) -> ok, push(0) -> ok]", simplest.steps().toString());
    }

    @Test
    void replayHintReproducesTheFailureAndItsShrinking() {
        RunResult.Failed failed = fails(settings("stack", 21), Toys.BuggyStack.model());
        Properties hint = new Properties();
        for (String word : failed.replayHint().split(" ")) {
            if (word.startsWith("-D")) {
                String[] keyValue = word.substring(2).split("=", 2);
                hint.setProperty(keyValue[0], keyValue[1]);
            }
        }
        Settings elsewhere = Settings.named("stack").withSeed(12345).withTries(3).withMaxShrinkRuns(1);
        RunResult.Failed again = fails(elsewhere.overriddenBy(hint), Toys.BuggyStack.model());
        assertEquals(failed.tryIndex(), again.tryIndex());
        assertEquals(again.tryIndex() + 1, again.settings().tries());
        assertEquals(failed.shrunk().steps(), again.shrunk().steps());
        assertEquals(failed.original().steps(), again.original().steps());
    }

    @Test
    void preconditionsAreHonoured() {
        List<String> violations = new ArrayList<>();
        Model<List<Integer>> model = Model.of(ArrayList::new,
                List.of(
                        Action.<List<Integer>, Integer>of("push", s -> Gen.ints(0, 3), (s, x) -> {
                            s.add(x);
                            return "ok";
                        }).when(s -> s.size() < 2),
                        Action.<List<Integer>>of("pop", s -> {
                            if (s.isEmpty()) {
                                violations.add("pop on empty");
                            }
                            s.remove(s.size() - 1);
                            return "ok";
                        }).when(s -> !s.isEmpty())),
                List.of(Check.that("at-most-two", s -> s.size() <= 2, s -> "size " + s.size())));
        RunResult result = PropertyRunner.run(Settings.named("guarded").withSeed(3).withTries(300), model);
        assertInstanceOf(RunResult.Passed.class, result, () -> ((RunResult.Failed) result).report());
        assertEquals(List.of(), violations);
        Statistics statistics = result.statistics();
        assertTrue(statistics.action("pop").enabled() < statistics.action("pop").ran()
                + statistics.action("push").ran(), "pop was not enabled in every step");
        assertTrue(statistics.action("push").ran() > 0 && statistics.action("pop").ran() > 0);
    }

    @Test
    void argumentGeneratorsSeeTheCurrentState() {
        Model<List<Integer>> model = Model.of(ArrayList::new,
                List.of(
                        Action.<List<Integer>, Integer>of("add", s -> Gen.ints(0, 1000), (s, x) -> {
                            s.add(x);
                            return "ok";
                        }),
                        Action.<List<Integer>, Integer>of("remove-present", s -> Gen.oneOf(s), (s, x) -> {
                            if (!s.remove(x)) {
                                throw new IllegalStateException(x + " was not present");
                            }
                            return "ok";
                        }).when(s -> !s.isEmpty())),
                List.of());
        RunResult result = PropertyRunner.run(Settings.named("state-args").withSeed(8).withTries(200), model);
        assertInstanceOf(RunResult.Passed.class, result);
        assertTrue(result.statistics().action("remove-present").ran() > 100);
    }

    @Test
    void sequenceStopsWithoutFailureWhenNoActionIsEnabled() {
        Model<int[]> once = Model.of(() -> new int[1],
                List.of(Action.<int[]>of("once", s -> {
                    s[0]++;
                    return "ok";
                }).when(s -> s[0] == 0)),
                List.of());
        RunResult result = PropertyRunner.run(Settings.named("once").withSeed(1).withTries(50).withMaxSteps(5), once);
        Statistics statistics = assertInstanceOf(RunResult.Passed.class, result).statistics();
        assertEquals(1, statistics.maxLength());
        assertEquals(50, statistics.action("once").ran());
        assertTrue(statistics.stoppedEarly() > 0 && statistics.stoppedEarly() < 50, "length 1 sequences do not stop early");
        assertTrue(statistics.table().contains("stopped early: no action enabled"), statistics.table());
    }

    @Test
    void exceptionThrownByAnActionIsAFailureWithItsStackTrace() {
        RunResult.Failed failed = fails(settings("queue", 6), Toys.ThrowingQueue.model());
        assertEquals("exception:java.lang.IllegalStateException", failed.failure().id());
        assertInstanceOf(IllegalStateException.class, failed.failure().exception().orElseThrow());
        assertEquals("[offer(0) -> ok, offer(0) -> ok, offer(0) -> threw IllegalStateException]",
                failed.shrunk().steps().toString());
        assertTrue(failed.report().contains("queue full at 2"), failed.report());
        assertTrue(failed.report().contains("at mkspec.properties.runner.Toys$ThrowingQueue"), failed.report());
    }

    @Test
    void exceptionThrownByACheckIsAFailure() {
        Model<int[]> model = Model.of(() -> new int[1],
                List.of(Action.<int[]>of("inc", s -> {
                    s[0]++;
                    return "ok";
                })),
                List.of(s -> {
                    if (s[0] == 4) {
                        throw new ArithmeticException("check cannot handle 4");
                    }
                    return Verdict.holds();
                }));
        RunResult.Failed failed = fails(Settings.named("check-throws").withSeed(1), model);
        assertEquals("exception:java.lang.ArithmeticException", failed.failure().id());
        assertEquals(4, failed.shrunk().steps().size());
        assertTrue(failed.failure().stackTrace().contains("check cannot handle 4"));
    }

    @Test
    void exceptionThrownByInitIsAFailureWithNoSteps() {
        Model<Object> model = Model.of(() -> {
            throw new UnsupportedOperationException("no system today");
        }, List.of(Action.of("noop", s -> "ok")), List.of());
        RunResult.Failed failed = fails(Settings.named("init-throws").withSeed(1), model);
        assertEquals("exception:java.lang.UnsupportedOperationException", failed.failure().id());
        assertEquals(0, failed.tryIndex());
        assertTrue(failed.shrunk().steps().isEmpty());
        assertTrue(failed.report().contains("(no steps: the initial state fails)"), failed.report());
    }

    @Test
    void generatorThatCannotSatisfyItsFilterIsAFailure() {
        Model<int[]> model = Model.of(() -> new int[1],
                List.of(Action.<int[], Integer>of("negative", s -> Gen.ints(0, 9).filter(i -> i < 0), (s, i) -> "ok")),
                List.of());
        RunResult.Failed failed = fails(Settings.named("bad-filter").withSeed(1), model);
        assertEquals("exception:" + GeneratorException.class.getName(), failed.failure().id());
        assertEquals("[negative(?) -> args threw GeneratorException]", failed.shrunk().steps().toString());
    }

    @Test
    void violatedInitialStateFailsWithNoSteps() {
        Model<int[]> model = Model.of(() -> new int[] {-1},
                List.of(Action.<int[]>of("noop", s -> "ok")),
                List.of(Check.that("non-negative", s -> s[0] >= 0, s -> "starts at " + s[0])));
        RunResult.Failed failed = fails(Settings.named("bad-start").withSeed(1), model);
        assertEquals("non-negative", failed.failure().id());
        assertEquals("starts at -1 (in the initial state)", failed.failure().message());
        assertTrue(failed.original().steps().isEmpty());
    }

    @Test
    void shrinkingKeepsOnlyEditsThatFailWithTheSameId() {
        // Two bugs: the counter limit, and boom, which throws once the count reaches 2. Boom comes first, so
        // lowering any inc's draw turns it into boom: shrinking a limit failure is tempted by a "smaller"
        // failure with another id at every step, and must refuse it.
        Model<int[]> model = Model.of(() -> new int[1],
                List.of(
                        Action.<int[]>of("boom", s -> {
                            if (s[0] >= 2) {
                                throw new IllegalStateException("boom");
                            }
                            return "ok";
                        }),
                        Action.<int[]>of("inc", s -> {
                            s[0]++;
                            return "ok";
                        }).withWeight(8)),
                List.of(Check.that("below-5", s -> s[0] < 5, s -> "count " + s[0])));
        int limitFailures = 0;
        for (long seed = 0; seed < 30; seed++) {
            RunResult.Failed failed = fails(Settings.named("two-bugs").withSeed(seed), model);
            String originalId = failed.original().failure().orElseThrow().id();
            assertEquals(originalId, failed.failure().id(), "seed " + seed);
            if (originalId.equals("below-5")) {
                limitFailures++;
                assertEquals(Collections.nCopies(5, "inc"), Toys.names(failed.shrunk()), "seed " + seed);
            } else {
                assertEquals(List.of("inc", "inc", "boom"), Toys.names(failed.shrunk()), "seed " + seed);
            }
        }
        assertTrue(limitFailures > 0 && limitFailures < 30, "both bugs were found first for some seed");
    }

    @Test
    void shrinkingStopsAtItsBudget() {
        RunResult.Failed limited = fails(settings("counter", 1).withMaxShrinkRuns(5), Toys.Counter.model());
        assertEquals(5, limited.shrinkRuns());
        assertTrue(limited.shrinkBudgetSpent());
        assertTrue(limited.report().contains("budget spent"), limited.report());
        RunResult.Failed none = fails(settings("counter", 1).withMaxShrinkRuns(0), Toys.Counter.model());
        assertEquals(0, none.shrinkRuns());
        assertEquals(none.original(), none.shrunk());
        RunResult.Failed full = fails(settings("counter", 1), Toys.Counter.model());
        assertFalse(full.shrinkBudgetSpent());
        assertTrue(full.shrinkRuns() > 5);
    }

    @Test
    void holdingPropertyPassesEveryTry() {
        RunResult result = PropertyRunner.run(Settings.named("good-stack").withSeed(17).withTries(300),
                Toys.GoodStack.model());
        RunResult.Passed passed = assertInstanceOf(RunResult.Passed.class, result);
        assertEquals(300, passed.statistics().tries());
        assertTrue(passed.statistics().maxLength() <= Settings.DEFAULT_MAX_STEPS);
        assertTrue(passed.statistics().action("push").count("EFULL") > 0, "the generator reached a full stack");
        assertTrue(passed.summary().startsWith("property good-stack passed (seed 17)"), passed.summary());
    }

    @Test
    void reportNamesSeedTryShrunkSequenceDrawsAndReplay() {
        RunResult.Failed failed = fails(settings("stack", 3), Toys.BuggyStack.model());
        String report = failed.report();
        assertTrue(report.startsWith("property stack failed: pop-returns-top\n"), report);
        assertTrue(report.contains("seed 3, try " + (failed.tryIndex() + 1) + " of 200"), report);
        assertTrue(report.contains("    1. push(0) -> ok\n    2. push(0) -> ok\n    3. push(1) -> ok\n    4. pop -> ok\n"),
                report);
        assertTrue(report.contains("shrunk draws: " + failed.shrunk().draws()), report);
        assertTrue(report.contains("replay: mvn test -Dmkspec.stack.seed=3 -Dmkspec.stack.tries="
                + (failed.tryIndex() + 1)), report);
        assertTrue(report.contains("original sequence"), report);
    }

    @Test
    void describerRendersArgumentsInSteps() {
        Model<int[]> model = Model.of(() -> new int[1],
                List.of(Action.<int[], Integer>of("write", s -> Gen.constant(4096), (s, n) -> "ok")
                        .describedBy(n -> "size=" + Integer.toHexString(n))),
                List.of());
        Execution execution = PropertyRunner.replay(model, List.of(List.of()));
        assertEquals("write(size=1000) -> ok", execution.steps().get(0).toString());
    }
}
