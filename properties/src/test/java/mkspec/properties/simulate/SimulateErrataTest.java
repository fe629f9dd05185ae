package mkspec.properties.simulate;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import mkspec.properties.runner.Course;
import mkspec.properties.runner.RunResult;
import mkspec.properties.runner.Settings;
import mkspec.reference.Erratum;
import mkspec.reference.Profile;
import mkspec.refinement.CaughtBy;
import mkspec.spec.Bounds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * At bounds where the exhaustive check does not finish (four catalog instances, a 32-page pool, ten CPUs), simulate
 * finds every erratum the checker finds, each alone over fixed, from a fixed seed within a step budget, and shrinks
 * it to a trace that replays; fixed alone, with the refinement checked, holds over the same budget.
 */
class SimulateErrataTest {
    /** Past what {@code mkspec check} finishes: README gives how far it got. */
    static final Bounds BEYOND_THE_CHECKER = Bounds.defaults().with("cpus", "10").with("instances", "4")
        .with("pool-pages", "32");

    static final int WALKS = 300;
    static final int DEPTH = 100;
    static final long SEED = 1;

    static final List<String> TABLE = new ArrayList<>();

    private static RunResult walk(Simulation<?, ?, ?> sim, long[] steps) {
        return sim.run(new Settings("simulate-errata", SEED, WALKS, DEPTH, Settings.DEFAULT_MAX_SHRINK_RUNS),
            new Course(0, true, (tryIndex, e) -> {
                steps[0] += e.steps().size();
                return true;
            }));
    }

    @ParameterizedTest(name = "{0} is found within the step budget")
    @EnumSource(value = Erratum.class, names = {"D8", "D17", "D18"}, mode = EnumSource.Mode.EXCLUDE)
    void simulateFindsEachErratumAloneWithinAStepBudgetBeyondTheChecker(Erratum e, @TempDir Path out) throws IOException {
        Profile p = Profile.fixed().with(e);
        Simulation<?, ?, ?> sim = Simulation.ofReference(BEYOND_THE_CHECKER, p, false);
        long[] steps = {0};
        RunResult r = walk(sim, steps);
        RunResult.Failed f = assertInstanceOf(RunResult.Failed.class, r,
            () -> e + " not found in " + WALKS + " walks of " + DEPTH + " steps:\n" + r.summary());
        assertTrue(Set.copyOf(CaughtBy.mayBreak(e)).contains(f.failure().id()),
            e + " broke " + f.failure().id() + ", which it is not known to break");
        Simulation.Written w = sim.write(f, "test", out);
        assertTrue(w.replays(), () -> w.difference().get());
        TABLE.add(String.format("%-4s %-26s after %,6d steps (walk %d), shrunk from %d to %d steps", e, f.failure().id(),
            steps[0], f.tryIndex() + 1, f.original().steps().size(), f.shrunk().steps().size()));
    }

    @Test
    void fixedAloneHoldsWithTheRefinementCheckedOverTheSameBudget() {
        RunResult r = walk(Simulation.ofReference(BEYOND_THE_CHECKER, Profile.fixed(), true), new long[1]);
        assertInstanceOf(RunResult.Passed.class, r, () -> ((RunResult.Failed) r).report());
    }

    @AfterAll
    static void printTable() {
        System.out.println("simulate, errata alone at " + BEYOND_THE_CHECKER.asMap() + ", seed " + SEED + ":");
        TABLE.forEach(line -> System.out.println("  " + line));
    }
}
