package mkspec.properties.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import mkspec.properties.runner.Statistics;

/** What a property's statistics must show for its generator to be any good. */
final class StatisticsAssertions {
    private StatisticsAssertions() {
    }

    /**
     * Every action ran, and every action whose success is possible succeeded at least once: a
     * generator that never reaches a successful exec or boot tests nothing after it.
     */
    static void everyActionRanAndSucceededSometimes(Statistics s) {
        for (Statistics.ActionStatistics a : s.actions()) {
            assertTrue(a.ran() > 0, a.name() + " never ran:\n" + s.table());
            if (!a.name().equals("mkdir")) {
                assertTrue(a.count("ok") > 0, a.name() + " never succeeded:\n" + s.table());
            }
        }
    }
}
