package mkspec.properties.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A course: where a run starts, sequences of the full length, and an observer that may end the run. */
class CourseTest {

    private static List<String> sequences(Settings settings, int firstTry, boolean fullLength) {
        List<String> seen = new ArrayList<>();
        PropertyRunner.run(settings, Toys.GoodStack.model(), new Course(firstTry, fullLength, (tryIndex, e) -> {
            seen.add(tryIndex + ": " + e.describe(""));
            return true;
        }));
        return seen;
    }

    @Test
    void aRunStartingAtTryKRunsTheSameTriesFromKAsARunFromTheFirst() {
        Settings s = Settings.named("course").withSeed(11).withTries(12).withMaxSteps(20);
        List<String> all = sequences(s, 0, false);
        List<String> fromFive = sequences(s, 5, false);
        assertEquals(12, all.size());
        assertEquals(all.subList(5, 12), fromFive);
    }

    @Test
    void fullLengthSequencesTakeMaxStepsEach() {
        Settings s = Settings.named("course").withSeed(3).withTries(10).withMaxSteps(17);
        RunResult r = PropertyRunner.run(s, Toys.GoodStack.model(), new Course(0, true, (tryIndex, e) -> true));
        assertEquals(17, r.statistics().minLength());
        assertEquals(17, r.statistics().maxLength());
        RunResult drawn = PropertyRunner.run(s, Toys.GoodStack.model());
        assertEquals(true, drawn.statistics().minLength() < 17);
    }

    @Test
    void theObserverEndsTheRunAsPassedAfterTheSequenceItSaysNoTo() {
        Settings s = Settings.named("course").withSeed(3).withTries(100).withMaxSteps(5);
        RunResult r = PropertyRunner.run(s, Toys.GoodStack.model(), new Course(0, false, (tryIndex, e) -> tryIndex < 6));
        assertInstanceOf(RunResult.Passed.class, r);
        assertEquals(7, r.statistics().tries());
    }

    @Test
    void aFailingSequenceIsShrunkWhateverTheObserverSays() {
        Model<int[]> twoTicksFail = Model.of(() -> new int[1],
            List.of(Action.<int[]>of("tick", s -> {
                s[0]++;
                return "ok";
            }), Action.<int[]>of("wait", s -> "ok")),
            List.of(Check.that("fewer-than-two-ticks", s -> s[0] < 2, s -> s[0] + " ticks")));
        Settings s = Settings.named("course").withSeed(1).withTries(5).withMaxSteps(40);
        RunResult r = PropertyRunner.run(s, twoTicksFail, new Course(0, true, (tryIndex, e) -> false));
        RunResult.Failed f = assertInstanceOf(RunResult.Failed.class, r);
        assertEquals(0, f.tryIndex());
        assertEquals(List.of("tick", "tick"), Toys.names(f.shrunk()));
    }
}
