package mkspec.properties.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import mkspec.properties.runner.Course;
import mkspec.properties.runner.Execution;
import mkspec.properties.runner.PropertyRunner;
import mkspec.properties.runner.RunResult;
import mkspec.properties.runner.Settings;
import mkspec.reference.Erratum;
import mkspec.reference.Profile;
import mkspec.spec.Bounds;
import mkspec.spec.check.StateInvariant;
import mkspec.spec.check.Step;
import mkspec.spec.check.StepInvariant;
import mkspec.spec.check.TransitionSystem;
import mkspec.spec.check.Verdict;
import mkspec.traces.replay.Replayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Walks through the property runner: the same seed walks the same way, and a failing walk shrinks and replays. */
class WalksTest {

    /** Every walk's steps, as the runner shows them, and the run's result. */
    private record Walked(List<String> walks, RunResult result) {
    }

    private static Walked walk(Simulation<?, ?, ?> sim, long seed, int walks, int depth, int firstWalk) {
        List<String> seen = new ArrayList<>();
        RunResult r = sim.run(new Settings("walks", seed, walks, depth, Settings.DEFAULT_MAX_SHRINK_RUNS),
            new Course(firstWalk, true, (tryIndex, e) -> seen.add(tryIndex + ": " + e.describe(""))));
        return new Walked(seen, r);
    }

    @Test
    void theSameSeedWalksTheSameStepsToTheSameResultAndAnotherSeedDoesNot() {
        Walked a = walk(Simulation.ofSpec(Bounds.defaults()), 42, 20, 200, 0);
        Walked b = walk(Simulation.ofSpec(Bounds.defaults()), 42, 20, 200, 0);
        Walked c = walk(Simulation.ofSpec(Bounds.defaults()), 43, 20, 200, 0);
        assertEquals(20, a.walks().size());
        assertEquals(a.walks(), b.walks());
        assertEquals(a.result().statistics(), b.result().statistics());
        assertNotEquals(a.walks(), c.walks());
    }

    @Test
    void everyWalkTakesTheFullDepthAndAWalkRunAloneIsTheSameWalk() {
        Walked all = walk(Simulation.ofSpec(Bounds.defaults()), 5, 6, 300, 0);
        Walked fifth = walk(Simulation.ofSpec(Bounds.defaults()), 5, 5, 300, 4);
        assertEquals(300, all.result().statistics().minLength());
        assertEquals(List.of(all.walks().get(4)), fifth.walks());
    }

    @Test
    void aReferenceWalkStepsInPlaceAsTheSameWalkFromScratchWouldAndTheFixedReferenceRefinesTheSpec() {
        Simulation<?, ?, ?> sim = Simulation.ofReference(Bounds.defaults(), Profile.fixed(), true);
        Walked a = walk(sim, 9, 10, 150, 0);
        Walked b = walk(Simulation.ofReference(Bounds.defaults(), Profile.fixed(), true), 9, 10, 150, 0);
        assertInstanceOf(RunResult.Passed.class, a.result(), a.result()::summary);
        assertEquals(a.walks(), b.walks());
    }

    @Test
    void aFailingWalkShrinksToAShorterOneThatStillFailsAndWhoseTraceReplaysToTheSameViolation(@TempDir Path out)
        throws Exception {
        Simulation<?, ?, ?> sim = Simulation.ofReference(Bounds.defaults(), Profile.fixed().with(Erratum.D14), false);
        RunResult r = walk(sim, 1, 1000, 100, 0).result();
        RunResult.Failed f = assertInstanceOf(RunResult.Failed.class, r);
        Execution shrunk = f.shrunk();
        assertTrue(shrunk.steps().size() <= f.original().steps().size());
        assertTrue(shrunk.steps().size() < f.original().steps().size(), "a walk of " + f.original().steps().size()
            + " steps to D14 shrinks");
        Execution again = PropertyRunner.replay(sim.walks().model(), shrunk.draws().values());
        assertEquals(f.failure().id(), again.failure().orElseThrow().id());
        assertEquals(shrunk.steps().toString(), again.steps().toString());

        Simulation.Written w = sim.write(f, "test", out);
        assertTrue(w.refused().isEmpty());
        assertTrue(Files.isRegularFile(w.dir().resolve("trace.yaml")));
        assertTrue(Files.isRegularFile(w.dir().resolve("report.html")));
        assertTrue(w.replays(), () -> w.difference().get());
        mkspec.traces.format.Trace written = ((mkspec.traces.format.TraceReadResult.Accepted)
            mkspec.traces.format.TraceReader.read(w.dir().resolve("trace.yaml"))).trace();
        assertEquals(shrunk.steps().size(), written.steps().size());
        List<String> last = List.copyOf(written.steps().get(written.steps().size() - 1).expect().get().violations());
        assertTrue(last.contains(f.failure().id()), last + " lacks " + f.failure().id());
        Replayer.Replay fromFile = Replayer.replay(written, Profile.fixed().with(Erratum.D14));
        assertTrue(fromFile.agrees());
    }

    /** A counter that must stay below 3, and may not stand still at 2: a state and a step invariant. */
    private static final class Counter implements TransitionSystem<Integer, String, String> {
        public List<Integer> initialStates() {
            return List.of(0);
        }

        public List<String> actions() {
            return List.of("inc", "stay");
        }

        public List<Step<Integer, String>> steps(Integer s, String a) {
            return List.of(a.equals("inc") ? new Step<>(s + 1, "ok") : new Step<>(s, "same"));
        }

        public long fingerprint(Integer s) {
            return s;
        }

        public List<StateInvariant<Integer>> invariants() {
            return List.of(StateInvariant.of("below-3", "the counter stays below 3",
                s -> s < 3 ? Verdict.HOLDS : Verdict.violated("at " + s)));
        }

        public List<StepInvariant<Integer, String, String>> stepInvariants() {
            return List.of(StepInvariant.of("no-stay-at-2", "the counter does not stand still at 2",
                (pre, a, r, post) -> a.equals("stay") && pre == 2 ? Verdict.violated("stayed at 2") : Verdict.HOLDS));
        }

        public String label(String a) {
            return a;
        }
    }

    @Test
    void aChangedStateIsJudgedByTheStateInvariantsAndEveryStepByTheStepInvariantsEvenWhenNothingChanged() {
        Set<String> failures = new TreeSet<>();
        for (long seed = 1; seed <= 20; seed++) {
            Walks<Integer, String, String> counter = new Walks<>(new Counter(),
                (s, a, source) -> new Counter().steps(s, a).get(0));
            RunResult r = PropertyRunner.run(new Settings("counter", seed, 1, 50, 100), counter.model(),
                new Course(0, true, (tryIndex, e) -> true));
            RunResult.Failed f = assertInstanceOf(RunResult.Failed.class, r);
            failures.add(f.failure().id() + " in " + f.shrunk().steps().size() + " steps: " + f.shrunk().describe("")
                .replaceAll("\\s+", " ").strip());
        }
        assertEquals(Set.of(
            "below-3 in 3 steps: 1. inc -> ok 2. inc -> ok 3. inc -> ok",
            "no-stay-at-2 in 3 steps: 1. inc -> ok 2. inc -> ok 3. stay -> same"), failures);
    }
}
