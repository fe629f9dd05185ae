package mkspec.properties.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatisticsTest {

    /** A state that remembers how many steps it saw, so a test can tally what the runner should count. */
    private static final class Tally {
        int steps;
    }

    @Test
    void statisticsCountEveryActionOutcomeAndSequenceLength() {
        List<Tally> sequences = new ArrayList<>();
        Map<String, Long> ran = new HashMap<>();
        Map<String, Long> outcomes = new HashMap<>();
        Model<Tally> model = Model.of(() -> {
            Tally tally = new Tally();
            sequences.add(tally);
            return tally;
        }, List.of(
                Action.<Tally, Integer>of("light", s -> Gen.ints(0, 99), (s, x) -> {
                    s.steps++;
                    ran.merge("light", 1L, Long::sum);
                    String outcome = x % 2 == 0 ? "even" : "odd";
                    outcomes.merge(outcome, 1L, Long::sum);
                    return outcome;
                }),
                Action.<Tally>of("heavy", s -> {
                    s.steps++;
                    ran.merge("heavy", 1L, Long::sum);
                    return "ok";
                }).withWeight(3),
                Action.<Tally>of("unreachable", s -> "ok").when(s -> false)),
                List.of());
        RunResult result = PropertyRunner.run(Settings.named("tally").withSeed(31).withTries(40).withMaxSteps(30), model);
        Statistics statistics = assertInstanceOf(RunResult.Passed.class, result).statistics();

        assertEquals(40, statistics.tries());
        assertEquals(40, sequences.size());
        assertEquals(ran.get("light"), statistics.action("light").ran());
        assertEquals(ran.get("heavy"), statistics.action("heavy").ran());
        assertEquals(outcomes.get("even"), statistics.action("light").count("even"));
        assertEquals(outcomes.get("odd"), statistics.action("light").count("odd"));
        assertEquals(0, statistics.action("unreachable").ran());
        assertEquals(0, statistics.action("unreachable").enabled());
        long steps = ran.get("light") + ran.get("heavy");
        assertEquals(steps, statistics.action("light").enabled(), "light is enabled in every step");

        List<Integer> lengths = new ArrayList<>();
        sequences.forEach(s -> lengths.add(s.steps));
        lengths.sort(null);
        assertEquals(lengths.get(0), statistics.minLength());
        assertEquals(lengths.get((lengths.size() - 1) / 2), statistics.medianLength());
        assertEquals(lengths.get(lengths.size() - 1), statistics.maxLength());

        double heavyPerLight = (double) ran.get("heavy") / ran.get("light");
        assertTrue(heavyPerLight > 2.5 && heavyPerLight < 3.5, "weights 3:1 ran " + heavyPerLight + ":1");
    }

    @Test
    void tableShowsAnActionTheGeneratorNeverReaches() {
        Model<int[]> model = Model.of(() -> new int[1],
                List.of(Action.<int[]>of("step", s -> "ok"),
                        Action.<int[]>of("needs-a-hundred", s -> "ok").when(s -> s[0] >= 100)),
                List.of());
        RunResult result = PropertyRunner.run(Settings.named("reach").withSeed(1).withTries(10), model);
        String table = result.statistics().table();
        assertTrue(table.lines().anyMatch(line -> line.contains("needs-a-hundred") && line.contains("NEVER RAN")),
                table);
        assertTrue(table.lines().anyMatch(line -> line.contains("step") && line.contains("ok ")), table);
    }

    @Test
    void outcomesAreListedMostFrequentFirst() {
        StatisticsCollector collector = new StatisticsCollector(List.of(Action.<Object>of("op", s -> "ok")));
        collector.ran(0, "EINVAL");
        collector.ran(0, "ok");
        collector.ran(0, "ok");
        collector.ran(0, "EBUSY");
        Statistics.ActionStatistics op = collector.snapshot().action("op");
        assertEquals(List.of("ok", "EBUSY", "EINVAL"), new ArrayList<>(op.outcomes().keySet()));
        assertTrue(collector.snapshot().table().contains("ok 2, EBUSY 1, EINVAL 1"), collector.snapshot().table());
    }

    @Test
    void medianOfAnEvenNumberOfSequencesIsTheLowerMiddle() {
        StatisticsCollector collector = new StatisticsCollector(List.of(Action.<Object>of("op", s -> "ok")));
        for (int length : new int[] {4, 1, 3, 2}) {
            collector.sequence(new Execution(Collections.nCopies(length, new Step("op", null, "", "ok")),
                    Optional.empty(), new DrawLog(List.of()), false));
        }
        Statistics statistics = collector.snapshot();
        assertEquals(1, statistics.minLength());
        assertEquals(2, statistics.medianLength());
        assertEquals(4, statistics.maxLength());
        assertEquals(4, statistics.tries());
    }

    @Test
    void failingRunCountsTheTriesUpToTheFailure() {
        RunResult.Failed failed = assertInstanceOf(RunResult.Failed.class, PropertyRunner.run(
                Settings.named("counter").withSeed(1).withTries(500), Toys.Counter.model()));
        assertEquals(failed.tryIndex() + 1, failed.statistics().tries());
        assertTrue(failed.statistics().tries() < 500);
    }
}
