package mkspec.properties.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Measures shrinking on the toy systems over many seeds: every shrunk sequence must be the toy's known minimal
 * one, found before the budget runs out; original and shrunk lengths and shrink runs are printed as a table.
 */
class ShrinkQualityTest {

    private static final int SEEDS = 40;

    private record Toy(String name, Model<?> model, int maxSteps, List<String> minimal) {
    }

    private static List<String> steps(String... steps) {
        return List.of(steps);
    }

    @Test
    void everyToyShrinksToItsMinimalSequenceForEverySeed() {
        List<Toy> toys = List.of(
                new Toy("counter", Toys.Counter.model(), 50, Collections.nCopies(10, "inc -> ok")),
                new Toy("stack", Toys.BuggyStack.model(), 50,
                        steps("push(0) -> ok", "push(0) -> ok", "push(1) -> ok", "pop -> ok")),
                new Toy("threshold-set", Toys.ThresholdSet.model(), 50, steps("add(20) -> ok", "add(40) -> ok")),
                new Toy("door", Toys.Door.model(), 50, steps("lock -> ok", "open -> ok")),
                new Toy("throwing-queue", Toys.ThrowingQueue.model(), 50,
                        steps("offer(0) -> ok", "offer(0) -> ok", "offer(0) -> threw IllegalStateException")),
                new Toy("store", Toys.Store.model(), 50, steps("put(0=0) -> ok", "put(0=5) -> ok")),
                new Toy("counter-to-30", Toys.Counter.model(30), 300, Collections.nCopies(30, "inc -> ok")));
        StringBuilder table = new StringBuilder(String.format(
                "%nshrink quality, %d seeds per toy, budget %d runs%n%-15s %8s %9s %8s %7s %9s %8s%n", SEEDS,
                Settings.DEFAULT_MAX_SHRINK_RUNS, "toy", "maxSteps", "orig avg", "orig max", "shrunk", "runs avg",
                "runs max"));
        for (Toy toy : toys) {
            table.append(measure(toy));
        }
        System.out.print(table);
    }

    private static String measure(Toy toy) {
        List<Integer> original = new ArrayList<>();
        List<Integer> runs = new ArrayList<>();
        for (int seed = 0; seed < SEEDS; seed++) {
            Settings settings = Settings.named(toy.name()).withSeed(seed).withTries(5000).withMaxSteps(toy.maxSteps());
            String where = toy.name() + " seed " + seed;
            RunResult.Failed failed = assertInstanceOf(RunResult.Failed.class, PropertyRunner.run(settings, toy.model()),
                    where);
            assertFalse(failed.shrinkBudgetSpent(), where + " spent the shrink budget");
            List<String> shrunk = failed.shrunk().steps().stream().map(Step::toString).toList();
            assertEquals(toy.minimal(), shrunk, where);
            original.add(failed.original().steps().size());
            runs.add(failed.shrinkRuns());
        }
        return String.format("%-15s %8d %9.1f %8d %7d %9.1f %8d%n", toy.name(), toy.maxSteps(), mean(original),
                max(original), toy.minimal().size(), mean(runs), max(runs));
    }

    private static double mean(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).average().orElse(0);
    }

    private static int max(List<Integer> values) {
        return IntStream.range(0, values.size()).map(values::get).max().orElse(0);
    }
}
