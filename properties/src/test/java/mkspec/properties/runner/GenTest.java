package mkspec.properties.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GenTest {

    /** A replay source that is already exhausted: every draw is its minimum, the "simplest" choice. */
    private static RandomSource minimal() {
        return RandomSource.replaying(List.of());
    }

    @Test
    void constantDrawsNothing() {
        SeededSource source = RandomSource.seeded(1);
        assertEquals("x", Gen.constant("x").generate(source));
        assertTrue(source.recorded().isEmpty());
    }

    @Test
    void intsStayInRangeAndReachBothEnds() {
        SeededSource source = RandomSource.seeded(5);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            int value = Gen.ints(-3, 4).generate(source);
            assertTrue(value >= -3 && value <= 4, "value " + value);
            seen.add(value);
        }
        assertEquals(Set.of(-3, -2, -1, 0, 1, 2, 3, 4), seen);
    }

    @Test
    void numbersMapSmallerDrawsNearerToZero() {
        List<Long> inOrder = new ArrayList<>();
        for (long d = 0; d <= 8; d++) {
            inOrder.add(Gen.longs(-3, 5).generate(RandomSource.replaying(List.of(d))));
        }
        assertEquals(List.of(0L, 1L, -1L, 2L, -2L, 3L, -3L, 4L, 5L), inOrder);
    }

    @Test
    void numbersShrinkTowardsTheEndNearestZeroWhenZeroIsOutOfRange() {
        assertEquals(10L, Gen.longs(10, 20).generate(minimal()));
        assertEquals(-10L, Gen.longs(-20, -10).generate(minimal()));
        assertEquals(Integer.MIN_VALUE, Gen.ints(Integer.MIN_VALUE, Integer.MIN_VALUE).generate(minimal()));
    }

    @Test
    void longsCoverTheFullRangeWithoutOverflow() {
        SeededSource source = RandomSource.seeded(11);
        for (int i = 0; i < 100; i++) {
            Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE).generate(source);
            long high = Gen.longs(Long.MAX_VALUE - 3, Long.MAX_VALUE).generate(source);
            assertTrue(high >= Long.MAX_VALUE - 3);
        }
        assertEquals(0L, Gen.longs(Long.MIN_VALUE + 1, Long.MAX_VALUE).generate(minimal()));
    }

    @Test
    void everyLongShrinksTowardsZeroAndTheLargestDrawIsTheFarthestEnd() {
        Gen<Long> all = Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE);
        assertEquals(0L, all.generate(minimal()));
        assertEquals(1L, all.generate(RandomSource.replaying(List.of(Long.MIN_VALUE + 1))));
        assertEquals(-1L, all.generate(RandomSource.replaying(List.of(Long.MIN_VALUE + 2))));
        assertEquals(Long.MAX_VALUE, all.generate(RandomSource.replaying(List.of(Long.MAX_VALUE - 2))));
        assertEquals(Long.MIN_VALUE + 1, all.generate(RandomSource.replaying(List.of(Long.MAX_VALUE - 1))));
        assertEquals(Long.MIN_VALUE, all.generate(RandomSource.replaying(List.of(Long.MAX_VALUE))));
    }

    @Test
    void numberMappingIsABijectionOntoEveryRange() {
        long[][] ranges = {{-3, 5}, {-5, 3}, {0, 6}, {-6, 0}, {4, 9}, {-9, -4}, {-4, 4}, {7, 7}};
        for (long[] range : ranges) {
            Set<Long> values = new HashSet<>();
            for (long d = 0; d <= range[1] - range[0]; d++) {
                long value = Gen.longs(range[0], range[1]).generate(RandomSource.replaying(List.of(d)));
                assertTrue(value >= range[0] && value <= range[1], "value " + value + " in " + range[0] + ".." + range[1]);
                values.add(value);
            }
            assertEquals(range[1] - range[0] + 1, values.size(), "range " + range[0] + ".." + range[1]);
        }
    }

    @Test
    void booleansShrinkToFalse() {
        assertEquals(false, Gen.booleans().generate(minimal()));
        assertEquals(true, Gen.booleans().generate(RandomSource.replaying(List.of(1L))));
    }

    @Test
    void oneOfPicksEveryValueAndShrinksToTheFirst() {
        Gen<String> gen = Gen.oneOf("a", "b", "c");
        assertEquals("a", gen.generate(minimal()));
        SeededSource source = RandomSource.seeded(2);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(gen.generate(source));
        }
        assertEquals(Set.of("a", "b", "c"), seen);
    }

    @Test
    void oneOfGensShrinksToTheFirstGenerator() {
        Gen<Integer> gen = Gen.oneOfGens(Gen.constant(1), Gen.constant(2));
        assertEquals(1, gen.generate(minimal()));
        assertEquals(2, gen.generate(RandomSource.replaying(List.of(1L))));
    }

    @Test
    void frequencyPicksInProportionToWeight() {
        Gen<String> gen = Gen.frequency(Gen.weighted(1, Gen.constant("rare")), Gen.weighted(9, Gen.constant("common")));
        SeededSource source = RandomSource.seeded(4);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            counts.merge(gen.generate(source), 1, Integer::sum);
        }
        assertTrue(counts.get("rare") > 800 && counts.get("rare") < 1200, "rare " + counts);
        assertEquals("rare", gen.generate(minimal()));
    }

    @Test
    void frequencyRejectsAWeightBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> Gen.weighted(0, Gen.constant(1)));
    }

    @Test
    void listOfRespectsItsSizesAndShrinksToTheShortest() {
        Gen<List<Integer>> gen = Gen.listOf(Gen.ints(0, 9), 2, 5);
        SeededSource source = RandomSource.seeded(6);
        Set<Integer> sizes = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            sizes.add(gen.generate(source).size());
        }
        assertEquals(Set.of(2, 3, 4, 5), sizes);
        assertEquals(List.of(0, 0), gen.generate(minimal()));
        assertEquals(List.of(7, 1, 3), Gen.listOf(Gen.ints(0, 9), 0, 5)
                .generate(RandomSource.replaying(List.of(3L, 7L, 1L, 3L))));
    }

    @Test
    void mapAndFlatMapTransformValues() {
        Gen<String> mapped = Gen.ints(0, 9).map(i -> "n" + i);
        assertEquals("n0", mapped.generate(minimal()));
        Gen<List<Integer>> dependent = Gen.ints(1, 3).flatMap(n -> Gen.listOf(Gen.constant(n), n, n));
        assertEquals(List.of(3, 3, 3), dependent.generate(RandomSource.replaying(List.of(2L, 3L))));
    }

    @Test
    void filterKeepsOnlyAcceptedValues() {
        Gen<Integer> even = Gen.ints(0, 100).filter(i -> i % 2 == 0);
        SeededSource source = RandomSource.seeded(8);
        for (int i = 0; i < 200; i++) {
            assertEquals(0, even.generate(source) % 2);
        }
    }

    @Test
    void filterThatRejectsEverythingFailsClearly() {
        Gen<Integer> impossible = Gen.ints(0, 100).filter(i -> i < 0);
        GeneratorException error = assertThrows(GeneratorException.class,
                () -> impossible.generate(RandomSource.seeded(1)));
        assertTrue(error.getMessage().contains("generator could not satisfy filter"), error.getMessage());
    }

    @Test
    void edgeCasesAreGeneratedAtAboutTheirProbability() {
        List<Integer> edges = List.of(0, 4096, 2047, 2048);
        Gen<Integer> gen = Gen.ints(100, 1000).withEdgeCases(0.25, edges);
        SeededSource source = RandomSource.seeded(2025);
        Map<Integer, Integer> edgeCounts = new HashMap<>();
        int tries = 20_000;
        for (int i = 0; i < tries; i++) {
            int value = gen.generate(source);
            if (edges.contains(value)) {
                edgeCounts.merge(value, 1, Integer::sum);
            } else {
                assertTrue(value >= 100 && value <= 1000, "value " + value);
            }
        }
        int total = edgeCounts.values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(total > tries * 0.23 && total < tries * 0.27, "edge values: " + total + " of " + tries);
        for (int edge : edges) {
            int count = edgeCounts.getOrDefault(edge, 0);
            assertTrue(count > total / 4 * 0.85 && count < total / 4 * 1.15, "edge " + edge + ": " + count);
        }
    }

    @Test
    void edgeCasesShrinkToTheFirstEdgeValue() {
        Gen<Integer> gen = Gen.ints(100, 1000).withEdgeCases(0.1, List.of(0, 1));
        assertEquals(0, gen.generate(minimal()));
        assertEquals(100, gen.generate(RandomSource.replaying(List.of(999L, 0L))));
    }

    @Test
    void edgeCasesNeverOrAlwaysAtTheExtremeProbabilities() {
        SeededSource source = RandomSource.seeded(12);
        for (int i = 0; i < 500; i++) {
            assertEquals(7, Gen.ints(1, 5).withEdgeCases(1.0, List.of(7)).generate(source));
            assertTrue(Gen.ints(1, 5).withEdgeCases(0.0, List.of(7)).generate(source) <= 5);
        }
        assertThrows(IllegalArgumentException.class, () -> Gen.ints(1, 5).withEdgeCases(1.5, List.of(7)));
        assertThrows(IllegalArgumentException.class, () -> Gen.ints(1, 5).withEdgeCases(0.5, List.of()));
    }
}
