package mkspec.refinement.mk2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import mkspec.reference.mk2.machine.Mk2Machine;
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
    void theFixedLockingHoldsWithTwoThreadsAndEveryOverlapIsLinearizable() {
        // the states with the windows of overlapping calls in them: pinned
        long[] states = {570, 29_180};
        for (int instances = 1; instances <= 2; instances++) {
            Mk2Bounds two = bounds("instances=" + instances, "edge-cases=false", "threads=2");
            CheckResult<?, ?, ?> r = ModelChecker.check(new Mk2ThreadedSystem(two, Mk2Profile.FIXED, null, true), O);
            assertInstanceOf(CheckResult.Passed.class, r, r::toString);
            assertEquals(states[instances - 1], r.stats().distinctStates());
        }
    }

    @Test
    void anUnloadWhoseFreeRacesAnExecIsNotLinearizable() {
        // with N16 and only the refinement and linearizability asked: every lone call refines the spec, but the
        // exec that runs between the unload's unlock and its free has no place in any sequential order
        CheckResult<?, ?, ?> r = ModelChecker.check(new Mk2ThreadedSystem(bounds("threads=2"),
            Mk2Profile.select("fixed", List.of("N16")), Set.of(), true), O);
        CheckResult.Violated<?, ?, ?> v = assertInstanceOf(CheckResult.Violated.class, r, r::toString);
        assertEquals("linearizable", v.invariantId());
        assertEquals(6, v.trace().length(), v.trace().labels()::toString);
        assertTrue(v.details().get(0).startsWith("no sequential order of the overlapping calls t1 kexec-file-unload(id=1),"
            + " t2 reboot-multikernel(id=1)") || v.details().get(0).contains("t1 kexec-file-unload(id=1)"),
            v.details()::toString);
    }

    /** The machine after B, create web, load web: the start of every test of sections below. */
    static Mk2Machine loadedWeb(Mk2Profile p, Mk2Bounds b) {
        Mk2Machine m = new Mk2Machine(Mk2ReferenceSystem.config(b), p, 2);
        List<Mk2Action> cat = mkspec.spec.mk2.Mk2Catalogue.actions(b);
        assertEquals("ok", Mk2Calls.run(m, cat.get(0)).toString());
        assertEquals("ok", Mk2Calls.run(m, new Mk2Action.OverlayWrite(List.of(mkspec.spec.mk2.Mk2Catalogue.create(b,
            0)))).toString());
        assertEquals("ok", Mk2Calls.run(m, LOAD).toString());
        return m;
    }

    static final Mk2Action LOAD = new Mk2Action.Load(1, List.of(1L), mkspec.spec.mk2.action.Mk2LoadFault.NONE, false);
    static final Mk2Action UNLOAD = new Mk2Action.Unload(1);
    static final Mk2Action EXEC = new Mk2Action.Exec(1, true);

    @Test
    void fixedsUnloadHoldsKexecLockUntilItsImageIsFreedSoEveryOtherKexecCallIsRefused() {
        Mk2Bounds b = bounds("threads=2");
        Mk2Machine m = loadedWeb(Mk2Profile.FIXED, b);
        assertNull(Mk2Calls.start(m, 0, UNLOAD), "the unload stops after kimage_remove_from_list");
        assertTrue(m.kexecLockHeld());
        long fp = m.fingerprint();
        for (Mk2Action a : List.of(LOAD, UNLOAD, EXEC)) {
            assertEquals("EBUSY", Mk2Calls.start(m, 1, a).toString(), a.op());
            assertEquals(fp, m.fingerprint(), a.op() + " changed the machine");
        }
        assertEquals("ok", m.resume(0).toString());
        assertFalse(m.kexecLockHeld());
        assertTrue(m.quiescent());
    }

    @Test
    void withN16TheUnloadDropsKexecLockBeforeItsFreeAndAnExecFindsTheImage() {
        Mk2Bounds b = bounds("threads=2");
        Mk2Machine m = loadedWeb(Mk2Profile.select("fixed", List.of("N16")), b);
        assertNull(Mk2Calls.start(m, 0, UNLOAD));
        assertFalse(m.kexecLockHeld());
        assertEquals("ok", Mk2Calls.start(m, 1, EXEC).toString());
        assertEquals("ok", m.resume(0).toString());
        assertEquals(1, m.host().running.size(), "the spawned kernel runs on");
        assertTrue(m.host().images.isEmpty(), "from an image that was freed under it");
    }

    @Test
    void withN3TheLoadStopsAfterItsLookupHoldingKexecLockAndTheReferenceOnly() {
        Mk2Bounds b = bounds("threads=2");
        Mk2Machine m = new Mk2Machine(Mk2ReferenceSystem.config(b), Mk2Profile.select("fixed", List.of("N3")), 2);
        List<Mk2Action> cat = mkspec.spec.mk2.Mk2Catalogue.actions(b);
        Mk2Calls.run(m, cat.get(0));
        Mk2Calls.run(m, new Mk2Action.OverlayWrite(List.of(mkspec.spec.mk2.Mk2Catalogue.create(b, 0))));
        assertNull(Mk2Calls.start(m, 0, LOAD));
        assertTrue(m.kexecLockHeld());
        assertEquals(3, m.host().records.get(1).refcount, "published, its directory, and the lookup's reference");
        assertEquals("ok", Mk2Calls.start(m, 1, new Mk2Action.OverlayWrite(List.of(new mkspec.spec.mk2.action.Mk2Op
            .Remove("web")))).toString());
        assertEquals("ok", m.resume(0).toString());
        assertFalse(m.host().records.get(1).published);
        assertEquals(1, m.host().records.get(1).refcount, "only the image holds it now");
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
