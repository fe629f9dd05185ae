package mkspec.refinement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import mkspec.reference.Erratum;
import mkspec.reference.Profile;
import mkspec.spec.Bounds;
import mkspec.spec.Spec;
import mkspec.spec.check.CheckOptions;
import mkspec.spec.check.CheckResult;
import mkspec.spec.check.ModelChecker;
import org.junit.jupiter.api.Test;

/**
 * The checker gives the same counts and the same counterexample on one worker and on two, with queued states kept
 * and rebuilt from their parents, on the spec and on the reference; and the spec's and the fixed reference's state
 * spaces are pinned.
 */
class CheckerDeterminismTest {
    static final Bounds B = Bounds.defaults();

    @Test
    void specAndFixedReferenceHaveThePinnedStateSpaceOnOneAndTwoWorkersWithQueuedStatesKeptAndRebuilt() {
        for (int workers : new int[] {1, 2}) {
            // One worker keeps its queued states, two rebuild theirs: both must meet the same pins.
            CheckOptions o = CheckOptions.defaults().withWorkers(workers).withRebuildQueued(workers == 2);
            CheckResult<?, ?, ?> spec = ModelChecker.check(new Spec(B), o);
            CheckResult<?, ?, ?> ref = ModelChecker.check(new ReferenceSystem(B, Profile.fixed(), true), o);
            assertInstanceOf(CheckResult.Passed.class, spec, spec.toString());
            assertInstanceOf(CheckResult.Passed.class, ref, ref.toString());
            // Pinned at the embedded defaults; a change that moves them must say why. At these bounds every way to
            // carve an instance's memory ends every catalogue load alike, so the spec's one choice per class leaves
            // as many states as the reference's one choice.
            assertEquals(16_248, spec.stats().distinctStates());
            assertEquals(1_429_825, spec.stats().statesGenerated());
            assertEquals(17, spec.stats().depth());
            assertEquals(16_248, ref.stats().distinctStates());
            assertEquals(1_429_825, ref.stats().statesGenerated());
            assertEquals(17, ref.stats().depth());
        }
    }

    @Test
    void aCounterexampleIsTheSameOnOneWorkerKeepingQueuedStatesAndOnTwoRebuildingThem() {
        for (Erratum e : List.of(Erratum.D1, Erratum.D5, Erratum.D14)) {
            CheckResult<?, ?, ?> one = ModelChecker.check(new ReferenceSystem(B, Profile.fixed().with(e), false),
                CheckOptions.defaults().withWorkers(1).withCheckDeadlock(false));
            CheckResult<?, ?, ?> two = ModelChecker.check(new ReferenceSystem(B, Profile.fixed().with(e), false),
                CheckOptions.defaults().withWorkers(2).withCheckDeadlock(false).withRebuildQueued(true));
            CheckResult.Violated<?, ?, ?> a = (CheckResult.Violated<?, ?, ?>) one;
            CheckResult.Violated<?, ?, ?> b = (CheckResult.Violated<?, ?, ?>) two;
            assertEquals(a.invariantId(), b.invariantId());
            assertEquals(a.trace().labels(), b.trace().labels());
            assertEquals(a.stats().withoutTiming(), b.stats().withoutTiming());
        }
    }
}
