package mkspec.refinement;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import mkspec.reference.Erratum;
import mkspec.reference.Profile;
import mkspec.reference.machine.StepResult;
import mkspec.spec.Bounds;
import mkspec.spec.check.StateInvariant;
import mkspec.spec.check.Step;
import mkspec.spec.check.StepInvariant;
import mkspec.spec.check.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random schedules of two and three threads at the checker's default sizes, beyond where the exhaustive search
 * goes: each walk draws, at every step, one enabled move (a thread starting a catalogue call, or a thread inside a
 * call running its next section) uniformly, and judges every invariant and, for fixed, the refinement of lone calls
 * and the linearizability of overlapping ones.
 */
class ThreadedRandomSchedulesTest {
    static final int WALKS = 40;
    static final int DEPTH = 120;

    /** The first violation a walk meets, as "invariant after labels", or null when it meets none. */
    static String walk(ThreadedSystem sys, Random random) {
        ThreadedSystem.TState s = sys.initialStates().get(0);
        List<String> labels = new ArrayList<>();
        List<ThreadedSystem.Move> moves = sys.actions();
        for (int n = 0; n < DEPTH; n++) {
            Step<ThreadedSystem.TState, StepResult> step = null;
            ThreadedSystem.Move mv = null;
            for (int tries = 0; step == null && tries < 4 * moves.size(); tries++) {
                mv = moves.get(random.nextInt(moves.size()));
                step = sys.enabled(s.machine(), mv) ? sys.next(s, mv) : null;
            }
            if (step == null) {
                fail("no enabled move found after " + labels);
            }
            labels.add(sys.label(mv));
            ThreadedSystem.TState post = step.successor();
            for (StateInvariant<ThreadedSystem.TState> inv : sys.invariants()) {
                Verdict v = inv.check(post);
                if (!v.holds()) {
                    return inv.id() + " after " + labels;
                }
            }
            for (StepInvariant<ThreadedSystem.TState, ThreadedSystem.Move, StepResult> inv : sys.stepInvariants()) {
                Verdict v = inv.check(s, mv, step.result(), post);
                if (!v.holds()) {
                    return inv.id() + " after " + labels + ": " + v;
                }
            }
            s = post;
        }
        return null;
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {2, 3})
    void randomSchedulesOfTheFixedKernelBreakNothingAndAreLinearizable(int threads) {
        ThreadedSystem sys = new ThreadedSystem(Bounds.defaults().with("threads", "" + threads), Profile.fixed(), true,
            null, false);
        Random random = new Random(0x5eed + threads);
        for (int w = 0; w < WALKS; w++) {
            String bad = walk(sys, random);
            assertTrue(bad == null, "walk " + w + ": " + bad);
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {2, 3})
    void randomSchedulesFindTheRaceWithD18(int threads) {
        ThreadedSystem sys = new ThreadedSystem(Bounds.defaults().with("threads", "" + threads),
            Profile.fixed().with(Erratum.D18), false, null, false);
        Random random = new Random(0xd18 + threads);
        for (int w = 0; w < 200; w++) {
            String bad = walk(sys, random);
            if (bad != null) {
                assertTrue(bad.startsWith("pool-conserved") || bad.startsWith("no-use-after-free"), bad);
                return;
            }
        }
        fail("no walk of 200 met D18's race");
    }
}
