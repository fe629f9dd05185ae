package mkspec.refinement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mkspec.reference.Erratum;
import mkspec.reference.Profile;
import mkspec.reference.machine.StepResult;
import mkspec.spec.Bounds;
import mkspec.spec.check.CheckOptions;
import mkspec.spec.check.CheckResult;
import mkspec.spec.check.ModelChecker;
import mkspec.spec.check.Step;
import mkspec.spec.model.MkState;
import org.junit.jupiter.api.Test;

/** The threaded reference: what interleaving the kernel's sections finds, and what the reduction keeps. */
class ThreadedSystemTest {
    /** One instance, one one-page image, no injected failures: the smallest model the three races need. */
    static Bounds races(int threads) {
        return Bounds.defaults().with(List.of(new String[] {"instances", "1"}, new String[] {"edge-cases", "false"},
            new String[] {"fail-points", "false"}, new String[] {"notifier-faults", "false"},
            new String[] {"plain-loads", "false"}, new String[] {"segments", "1"}, new String[] {"stray-id", "0"},
            new String[] {"cpus", "3"}, new String[] {"pool-pages", "8"}, new String[] {"threads", "" + threads}));
    }

    static final CheckOptions O = CheckOptions.defaults().withCheckDeadlock(false);
    static final Profile D18 = Profile.fixed().with(Erratum.D18);

    static CheckResult<ThreadedSystem.TState, ThreadedSystem.Move, StepResult> check(Bounds b, Profile p, boolean refine,
                                                                                     Set<String> only, boolean reduce) {
        return ModelChecker.check(new ThreadedSystem(b, p, refine, only, reduce), O);
    }

    /** Every quiescent abstract state a system reaches, with its least depth. */
    static Map<MkState, Integer> quiescent(ThreadedSystem sys, int maxDepth) {
        Map<Long, Integer> seen = new HashMap<>();
        Map<MkState, Integer> out = new HashMap<>();
        Deque<ThreadedSystem.TState> queue = new ArrayDeque<>();
        Deque<Integer> depth = new ArrayDeque<>();
        for (ThreadedSystem.TState s : sys.initialStates()) {
            seen.put(sys.fingerprint(s), 0);
            queue.add(s);
            depth.add(0);
        }
        while (!queue.isEmpty()) {
            ThreadedSystem.TState s = queue.poll();
            int d = depth.poll();
            if (s.quiescent()) {
                out.merge(s.abs(), d, Math::min);
            }
            if (d == maxDepth) {
                continue;
            }
            for (ThreadedSystem.Move mv : sys.actions()) {
                for (Step<ThreadedSystem.TState, StepResult> st : sys.steps(s, mv)) {
                    if (seen.putIfAbsent(sys.fingerprint(st.successor()), d + 1) == null) {
                        queue.add(st.successor());
                        depth.add(d + 1);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void rmdirPassingItsCheckWhileALoadAssociatesLeavesAnUnlistedInstanceHoldingItsPool() {
        var r = check(races(2), D18, false, Set.of("pool-conserved"), false);
        var v = assertInstanceOf(CheckResult.Violated.class, r);
        assertEquals("pool-conserved", v.invariantId());
        assertEquals(List.of("t1 upload-device-tree(web)", "t1 kexec-file-load(id=1, segments=[4K])", "t2 rmdir(web)",
            "t1 continues", "t2 continues", "t2 continues"), v.trace().labels());
    }

    @Test
    void aStatusReadAfterRmdirsPutAndBeforeKernfsRemoveSelfReadsAFreedInstance() {
        var r = check(races(2), D18, false, Set.of("no-use-after-free"), false);
        var v = assertInstanceOf(CheckResult.Violated.class, r);
        assertEquals(List.of("t1 upload-device-tree(web)", "t1 rmdir(web)", "t1 continues", "t2 status",
            "t1 continues"), v.trace().labels());
        assertTrue(String.join(" ", v.details()).contains("freed struct of web"));
    }

    @Test
    void theFixedLockingHoldsWithTwoThreadsAndEveryOverlapIsLinearizable() {
        var r = check(races(2), Profile.fixed(), true, null, false);
        assertTrue(r.passed(), () -> r.toString());
        var alone = ModelChecker.check(new ReferenceSystem(races(1), Profile.fixed(), true), O);
        assertTrue(r.stats().distinctStates() > alone.stats().distinctStates(), "the threads add interleavings");
    }

    @Test
    void everyRaceIsFoundWithTheReductionAsShortAsWithout() {
        for (Set<String> only : List.of(Set.of("pool-conserved"), Set.of("no-use-after-free"))) {
            Set<String> o = only;
            var full = assertInstanceOf(CheckResult.Violated.class, check(races(2), D18, false, o, false));
            var reduced = assertInstanceOf(CheckResult.Violated.class, check(races(2), D18, false, o, true));
            assertEquals(full.invariantId(), reduced.invariantId());
            assertEquals(full.trace().length(), reduced.trace().length());
        }
    }

    @Test
    void theReductionReachesEveryQuiescentStateAtTheSameDepth() {
        for (Profile p : List.of(Profile.fixed(), D18)) {
            Map<MkState, Integer> full = quiescent(new ThreadedSystem(races(2), p, false, null, false), 9);
            Map<MkState, Integer> reduced = quiescent(new ThreadedSystem(races(2), p, false, null, true), 9);
            assertEquals(full, reduced, p.name());
        }
    }

    @Test
    void theReductionNeverExploresMoreAndFindsTheSameVerdict() {
        Bounds two = races(2).with("instances", "2").with("cpus", "4");
        var full = check(two, Profile.fixed(), false, null, false);
        var reduced = check(two, Profile.fixed(), false, null, true);
        assertTrue(full.passed() && reduced.passed());
        assertTrue(reduced.stats().statesGenerated() <= full.stats().statesGenerated());
        assertTrue(reduced.stats().distinctStates() <= full.stats().distinctStates());
    }

    @Test
    void oneThreadReachesExactlyTheStatesTheSequentialReferenceReaches() {
        Map<MkState, Integer> threaded = quiescent(new ThreadedSystem(races(1), Profile.fixed(), false, null, false), 40);
        Set<MkState> sequential = new HashSet<>();
        ReferenceSystem ref = new ReferenceSystem(races(1), Profile.fixed(), false);
        Deque<ReferenceSystem.RefState> queue = new ArrayDeque<>(ref.initialStates());
        Set<Long> seen = new HashSet<>();
        while (!queue.isEmpty()) {
            ReferenceSystem.RefState s = queue.poll();
            if (!seen.add(s.fingerprint())) {
                continue;
            }
            sequential.add(s.abs());
            for (Command c : ref.actions()) {
                for (Step<ReferenceSystem.RefState, StepResult> st : ref.steps(s, c)) {
                    queue.add(st.successor());
                }
            }
        }
        assertEquals(sequential, threaded.keySet());
    }

    @Test
    void theThreadedCheckIsTheSameOnAnyNumberOfWorkers() {
        var one = check(races(2), D18, false, Set.of("no-use-after-free"), true);
        var two = ModelChecker.check(new ThreadedSystem(races(2), D18, false, Set.of("no-use-after-free"), true),
            O.withWorkers(2));
        assertEquals(one.stats().distinctStates(), two.stats().distinctStates());
        assertEquals(one.stats().statesGenerated(), two.stats().statesGenerated());
        assertEquals(((CheckResult.Violated<?, ?, ?>) one).trace().labels(), ((CheckResult.Violated<?, ?, ?>) two).trace().labels());
    }

    @Test
    void noInterleavingReachesTheNotifiersInstanceNotFoundWithoutAFailAt() {
        // RFC v2's rmdir refuses a LOADING instance and exec holds kexec_lock, which every load takes: between exec's
        // lookup and its notifier no rmdir can remove the instance. The profile is RFC v2's rmdir check and exec (D5),
        // its swallowed notifier errors (D10) and its locking (D18).
        Profile p = Profile.fixedWith(EnumSet.of(Erratum.D5, Erratum.D10, Erratum.D18));
        var r = ModelChecker.check(new ThreadedSystem(races(2), p, false, Set.of("handover-well-formed"), false),
            O.withMaxDepth(16));
        assertInstanceOf(CheckResult.BoundReached.class, r);
        assertFalse(r instanceof CheckResult.Violated);
    }
}
