package mkspec.properties.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Measures shrinking on the toy systems over many seeds: every shrunk sequence must be the known minimal one,
 * and the original and shrunk lengths and the runs spent are printed as a table.
 */
class ShrinkQualityTest {

    private static final int SEEDS = 40;

    private record Case(String name, Model<?> model, int tries, String minimal) {
    }

    private record Row(String name, int failures, double meanOriginal, int maxOriginal, double meanShrunk,
                       double meanRuns, int maxRuns) {
    }

    @Test
    void everyToyShrinksToItsMinimalSequenceForEverySeed() {
        List<Case> cases = List.of(
                new Case("counter", Toys.Counter.model(), 200, "inc x10"),
                new Case("stack", Toys.BuggyStack.model(), 200, "[push(0) -> ok, push(0) -> ok, push(1) -> ok, pop -> ok]"),
                new Case("threshold-set", Toys.ThresholdSet.model(), 200, "[add(20) -> ok, add(40) -> ok]"),
                new Case("door", Toys.Door.model(), 200, "[lock -> ok, open -> ok]"),
                new Case("throwing-queue", Toys.ThrowingQueue.model(), 200,
                        "[offer(0) -> ok, offer(0) -> ok, offer(0) -> threw IllegalStateException]"),
                new Case("store", Toys.Store.model(), 200, "[put(0=0) -> ok, put(0=5) -> ok]"));
        List<Row> rows = new ArrayList<>();
        for (Case c : cases) {
            rows.add(measure(c));
        }
        StringBuilder table = new StringBuilder(String.format(
                "%nshrink quality over %d seeds (maxSteps 50, budget %d runs)%n%-15s %8s %9s %8s %8s %9s %8s%n",
                SEEDS, Settings.DEFAULT_MAX_SHRINK_RUNS, "toy", "failures", "orig avg", "orig max", "shrunk",
                "runs avg", "runs max"));
        for (Row row : rows) {
            table.append(String.format("%-15s %8d %9.1f %8d %8.1f %9.1f %8d%n", row.name(), row.failures(),
                    row.meanOriginal(), row.maxOriginal(), row.meanShrunk(), row.meanRuns(), row.maxRuns()));
        }
        System.out.print(table);
    }

    private static Row measure(Case c) {
        int[] original = new int[SEEDS];
        int[] shrunk = new int[SEEDS];
        int[] runs = new int[SEEDS];
        for (int seed = 0; seed < SEEDS; seed++) {
            RunResult result = PropertyRunner.run(
                    Settings.named(c.name()).withSeed(seed).withTries(c.tries()), c.model());
            RunResult.Failed failed = assertInstanceOf(RunResult.Failed.class, result, c.name() + " seed " + seed);
            assertFalse(failed.shrinkBudgetSpent(), c.name() + " seed " + seed + " spent the budget");
            String expected = c.minimal().equals("inc x10")
                    ? String.join(", ", java.util.Collections.nCopies(10, "inc -> ok")) : c.minimal();
            String actual = c.minimal().equals("inc x10")
                    ? failed.shrunk().steps().toString().replaceAll("^\\[|\\]$", "") : failed.shrunk().steps().toString();
            assertEquals(expected, actual, c.name() + " seed " + seed);
            original[seed] = failed.original().steps().size();
            shrunk[seed] = failed.shrunk().steps().size();
            runs[seed] = failed.shrinkRuns();
        }
        Function<int[], Double> mean = a -> Arrays.stream(a).average().orElse(0);
        return new Row(c.name(), SEEDS, mean.apply(original), Arrays.stream(original).max().orElse(0),
                mean.apply(shrunk), mean.apply(runs), Arrays.stream(runs).max().orElse(0));
    }
}
