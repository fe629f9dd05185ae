package mkspec.refinement.mk2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import mkspec.reference.machine.StepResult;
import mkspec.reference.mk2.Mk2Profile;
import mkspec.spec.check.CheckOptions;
import mkspec.spec.check.CheckResult;
import mkspec.spec.check.ModelChecker;
import mkspec.spec.check.Step;
import mkspec.spec.mk2.Mk2Bounds;
import mkspec.spec.mk2.action.Mk2Action;
import mkspec.spec.mk2.model.Mk2State;
import org.junit.jupiter.api.Test;

/**
 * The threaded mk2 reference: N3 and N16 are found by the interleavings the notes describe, each as short as it can
 * be; fixed holds with two threads; and one thread reaches exactly what the sequential reference reaches.
 */
class Mk2ThreadedSystemTest {
    static final CheckOptions O = CheckOptions.defaults().withWorkers(2);

    static Mk2Bounds bounds(String... assignments) {
        List<String[]> kvs = new ArrayList<>();
        for (String a : assignments) {
            kvs.add(a.split("=", 2));
        }
        return Mk2Bounds.defaults().with(kvs);
    }

    static CheckResult.Violated<?, ?, ?> violated(Mk2Profile p, Set<String> only) {
        CheckResult<?, ?, ?> r = ModelChecker.check(new Mk2ThreadedSystem(bounds("threads=2"), p, only, false), O);
        return assertInstanceOf(CheckResult.Violated.class, r, r::toString);
    }

    @Test
    void aDestroyBetweenALoadsLookupAndItsEndLeavesALoadedInstanceNoUnloadCanReach() {
        CheckResult.Violated<?, ?, ?> v = violated(Mk2Profile.select("fixed", List.of("N3")), null);
        assertEquals("images-reachable", v.invariantId());
        assertEquals(List.of("t1 baseline-write(cpus=1,2,3,4, memory=6 pages)",
            "t1 overlay-write(instance-create web id=1 pages=2 cpus=1)", "t1 kexec-file-load(id=1, pages=1)",
            "t2 overlay-write(instance-remove web)", "t1 continues"), v.trace().labels());
        assertTrue(v.details().get(0).contains("no longer in the idr or the list"), v.details()::toString);
    }

    @Test
    void anExecBetweenAnUnloadsUnlockAndItsFreeRunsAKernelWhoseImageIsThenFreed() {
        CheckResult.Violated<?, ?, ?> v = violated(Mk2Profile.select("fixed", List.of("N16")), null);
        assertEquals("running-protected", v.invariantId());
        assertEquals(List.of("t1 baseline-write(cpus=1,2,3,4, memory=6 pages)",
            "t1 overlay-write(instance-create web id=1 pages=2 cpus=1)", "t1 kexec-file-load(id=1, pages=1)",
            "t1 kexec-file-unload(id=1)", "t2 reboot-multikernel(id=1)", "t1 continues"), v.trace().labels());
    }

    @Test
    void aSecondUnloadBetweenTheFirstsUnlockAndItsFreeFreesTheImageTwice() {
        CheckResult.Violated<?, ?, ?> v = violated(Mk2Profile.select("fixed", List.of("N16")), Set.of("kernel-alive"));
        assertEquals(7, v.trace().length(), v.trace().labels()::toString);
        assertTrue(v.details().get(0).contains("kimage_free use after free"), v.details()::toString);
    }

    @Test
    void theFixedLockingHoldsWithTwoThreadsAndEveryCallRunsAlone() {
        Mk2Bounds two = bounds("instances=1", "edge-cases=false", "threads=2");
        CheckResult<?, ?, ?> threaded = ModelChecker.check(new Mk2ThreadedSystem(two, Mk2Profile.FIXED, null, true), O);
        assertInstanceOf(CheckResult.Passed.class, threaded, threaded::toString);
        CheckResult<?, ?, ?> sequential = ModelChecker.check(new Mk2ReferenceSystem(bounds("instances=1",
            "edge-cases=false"), Mk2Profile.FIXED, null, true), O);
        // fixed stops no call between sections, so two threads reach exactly the sequential machines
        assertEquals(sequential.stats().distinctStates(), threaded.stats().distinctStates());
    }

    @Test
    void oneThreadReachesExactlyTheStatesTheSequentialReferenceReaches() {
        Mk2Bounds one = bounds("instances=1", "edge-cases=false", "max-tx=2");
        Mk2ThreadedSystem threaded = new Mk2ThreadedSystem(one, Mk2Profile.MK2, null, false);
        Set<Mk2State> quiescent = new HashSet<>();
        Set<Long> seen = new HashSet<>();
        Deque<Mk2ThreadedSystem.TState> queue = new ArrayDeque<>(threaded.initialStates());
        while (!queue.isEmpty()) {
            Mk2ThreadedSystem.TState s = queue.poll();
            if (!seen.add(threaded.fingerprint(s))) {
                continue;
            }
            if (s.quiescent()) {
                quiescent.add(s.abs());
            }
            if (!threaded.withinBounds(s)) {
                continue;
            }
            for (Mk2ThreadedSystem.Move mv : threaded.actions()) {
                for (Step<Mk2ThreadedSystem.TState, StepResult> st : threaded.steps(s, mv)) {
                    queue.add(st.successor());
                }
            }
        }
        Mk2ReferenceSystem ref = new Mk2ReferenceSystem(one, Mk2Profile.MK2, null, false);
        Set<Mk2State> sequential = new HashSet<>();
        seen.clear();
        Deque<Mk2ReferenceSystem.RefState> rq = new ArrayDeque<>(ref.initialStates());
        while (!rq.isEmpty()) {
            Mk2ReferenceSystem.RefState s = rq.poll();
            if (!seen.add(s.fingerprint())) {
                continue;
            }
            sequential.add(s.abs());
            if (!ref.withinBounds(s)) {
                continue;
            }
            for (Mk2Action a : ref.actions()) {
                for (Step<Mk2ReferenceSystem.RefState, StepResult> st : ref.steps(s, a)) {
                    rq.add(st.successor());
                }
            }
        }
        assertEquals(sequential, quiescent);
        assertTrue(seen.size() > 100, "the sequential search is not trivial: " + seen.size());
    }
}
