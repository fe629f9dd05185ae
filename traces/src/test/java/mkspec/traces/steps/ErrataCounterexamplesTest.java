package mkspec.traces.steps;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import mkspec.reference.Erratum;
import mkspec.reference.Profile;
import mkspec.reference.machine.StepResult;
import mkspec.refinement.Command;
import mkspec.refinement.ReferenceSystem;
import mkspec.spec.Bounds;
import mkspec.spec.check.CheckOptions;
import mkspec.spec.check.CheckResult;
import mkspec.spec.check.ModelChecker;
import mkspec.traces.format.Trace;
import mkspec.traces.format.TraceReadResult;
import mkspec.traces.format.TraceReader;
import mkspec.traces.format.TraceWriter;
import mkspec.traces.replay.Replayer;
import mkspec.refinement.ThreadedSystem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * For each erratum alone over fixed, the checker finds a violation; its counterexample, written as a
 * trace and read back, replays to the same violation on its last step.
 */
class ErrataCounterexamplesTest {
    /**
     * D18, a race, alone over fixed with two threads: each of its invariants is broken by a shortest interleaving,
     * whose trace names the thread of every step, reads back equal and replays the same interleaving to the same
     * violation.
     */
    @ParameterizedTest(name = "D18 breaks {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"pool-conserved", "no-use-after-free"})
    void theRaceGivesAThreadedCounterexampleThatReplaysToTheSameViolation(String invariant) {
        Profile p = Profile.fixed().with(Erratum.D18);
        Bounds b = Bounds.defaults().with("threads", "2");
        CheckResult<ThreadedSystem.TState, ThreadedSystem.Move, StepResult> r = ModelChecker.check(
            new ThreadedSystem(b, p, false, java.util.Set.of(invariant), true),
            CheckOptions.defaults().withCheckDeadlock(false));
        CheckResult.Violated<ThreadedSystem.TState, ThreadedSystem.Move, StepResult> v = assertInstanceOf(
            CheckResult.Violated.class, r);
        Trace written = Counterexamples.ofThreaded("cx", "counterexample", p, b, v.trace());
        assertTrue(written.threaded());
        Trace read = ((TraceReadResult.Accepted) TraceReader.read(TraceWriter.write(written), "cx.yaml")).trace();
        assertTrue(read.sameContentAs(written), "the trace reads back equal, threads included");
        Replayer.Replay replay = Replayer.replay(read, p);
        assertTrue(replay.agrees(), () -> replay.difference().get().line());
        List<String> last = replay.steps().get(replay.steps().size() - 1).judgement().brokenIds();
        assertTrue(last.contains(invariant), "the replay's last step breaks " + last);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Erratum.class, names = {"D8", "D17", "D18"}, mode = EnumSource.Mode.EXCLUDE)
    void eachErratumAloneGivesACounterexampleThatReplaysToTheSameViolation(Erratum e) {
        Profile p = Profile.fixed().with(e);
        CheckResult<ReferenceSystem.RefState, Command, StepResult> r = ModelChecker.check(
            new ReferenceSystem(Bounds.defaults(), p, false), CheckOptions.defaults().withCheckDeadlock(false));
        assertInstanceOf(CheckResult.Violated.class, r, e + ": " + r);
        CheckResult.Violated<ReferenceSystem.RefState, Command, StepResult> v =
            (CheckResult.Violated<ReferenceSystem.RefState, Command, StepResult>) r;
        Trace written = Counterexamples.ofReference("cx", "counterexample", p, Bounds.defaults(), v.trace());
        Trace read = ((TraceReadResult.Accepted) TraceReader.read(TraceWriter.write(written), "cx.yaml")).trace();
        assertTrue(read.sameContentAs(written), "the trace reads back equal");
        Replayer.Replay replay = Replayer.replay(read, p);
        assertTrue(replay.agrees(), () -> replay.difference().get().line());
        List<String> last = replay.steps().get(replay.steps().size() - 1).judgement().brokenIds();
        assertTrue(last.contains(v.invariantId()), e + ": the replay's last step breaks " + last + ", the checker said " + v.invariantId());
        for (int i = 0; i < replay.steps().size() - 1; i++) {
            assertTrue(replay.steps().get(i).judgement().brokenIds().isEmpty(), "only the last step breaks anything");
        }
    }
}
