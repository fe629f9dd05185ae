package mkspec.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import mkspec.spec.action.Action;
import mkspec.spec.action.Placements;
import mkspec.spec.check.CheckOptions;
import mkspec.spec.check.CheckResult;
import mkspec.spec.check.CheckStats;
import mkspec.spec.check.ModelChecker;
import mkspec.spec.check.Step;
import mkspec.spec.model.Image;
import mkspec.spec.model.Instance;
import mkspec.spec.model.MkState;
import mkspec.spec.model.Range;
import mkspec.spec.model.Result;
import mkspec.spec.model.Spawned;
import org.junit.jupiter.api.Test;

/** The specification is consistent at its bounds: no invariant of it breaks, and every action is enabled somewhere. */
class SpecCheckTest {
    @Test
    void theSpecificationHoldsEveryInvariantAtTheDefaultBoundsWithPinnedCounts() {
        CheckResult<?, ?, ?> r = ModelChecker.check(new Spec(Bounds.defaults()), CheckOptions.defaults());
        assertInstanceOf(CheckResult.Passed.class, r, r.toString());
        assertEquals(16_248, r.stats().distinctStates());
        assertEquals(17, r.stats().depth());
    }

    @Test
    void everyKindOfStepThatCanMakeANewStateDoesSomewhere() {
        CheckResult<?, ?, ?> r = ModelChecker.check(new Spec(Bounds.defaults()), CheckOptions.defaults().withWorkers(2));
        assertInstanceOf(CheckResult.Passed.class, r, r.toString());
        for (CheckStats.KindCoverage k : r.stats().kinds()) {
            // These never change the spec's state; an unload always returns to the state before its load,
            // which breadth-first search has met already.
            boolean neverNew = k.kind().equals("mkdir") || k.kind().equals("reboot-other")
                || k.kind().equals("status") || k.kind().equals("host-reuse-freed-pages") || k.kind().equals("kexec-file-unload");
            assertTrue(neverNew || k.newStates() > 0, k.kind() + " never led to a new state");
        }
    }

    @Test
    void aLargerPoolAndMoreInstancesStillHoldEveryInvariant() {
        Bounds b = Bounds.defaults().with(List.of(new String[] {"cpus", "8"}, new String[] {"instances", "3"},
            new String[] {"edge-cases", "false"}, new String[] {"pool-pages", "20"}, new String[] {"segments", "1,3,2+2"}));
        CheckResult<?, ?, ?> r = ModelChecker.check(new Spec(b), CheckOptions.defaults().withWorkers(2));
        assertInstanceOf(CheckResult.Passed.class, r, r.toString());
    }

    /** Small bounds at which every allowed choice can be explored. */
    private static final Bounds SMALL = Bounds.defaults().with(List.of(new String[] {"edge-cases", "false"},
        new String[] {"pool-pages", "7"}, new String[] {"instance-pages", "3"}, new String[] {"segments", "1,2"},
        new String[] {"fail-points", "false"}, new String[] {"notifier-faults", "false"}, new String[] {"stray-id", "0"}));

    @Test
    void exploringEveryChoiceHoldsEveryInvariantAndReachesMoreStates() {
        CheckResult<?, ?, ?> one = ModelChecker.check(new Spec(SMALL), CheckOptions.defaults());
        CheckResult<?, ?, ?> every = ModelChecker.check(new Spec(SMALL, true), CheckOptions.defaults().withWorkers(2));
        assertInstanceOf(CheckResult.Passed.class, one, one.toString());
        assertInstanceOf(CheckResult.Passed.class, every, every.toString());
        assertTrue(every.stats().distinctStates() > one.stats().distinctStates(),
            every.stats().distinctStates() + " against " + one.stats().distinctStates());
    }

    /**
     * The representatives lose nothing the model can tell apart: seen without where pages lie (page counts, which
     * images fit each instance's chunks, segment sizes, whom a kernel was started for), the states reachable
     * exploring one choice per class are exactly those reachable exploring every choice.
     */
    @Test
    void oneChoicePerClassReachesWhatEveryChoiceReachesUpToWherePagesLie() {
        Spec one = new Spec(SMALL);
        Spec every = new Spec(SMALL, true);
        Set<List<Object>> fromOne = shapes(one);
        Set<List<Object>> fromEvery = shapes(every);
        assertEquals(fromEvery, fromOne);
    }

    /** The shape of every reachable state. */
    private static Set<List<Object>> shapes(Spec spec) {
        List<List<Action.SegmentReq>> loads = new ArrayList<>();
        for (Action a : spec.actions()) {
            if (a instanceof Action.KexecFileLoad l && !loads.contains(l.segments())) {
                loads.add(l.segments());
            }
        }
        Set<Long> seen = new HashSet<>();
        Set<List<Object>> shapes = new HashSet<>();
        ArrayDeque<MkState> queue = new ArrayDeque<>(spec.initialStates());
        seen.add(spec.fingerprint(queue.peek()));
        while (!queue.isEmpty()) {
            MkState s = queue.poll();
            shapes.add(shape(spec, s, loads));
            for (Action a : spec.actions()) {
                for (Step<MkState, Result> step : spec.steps(s, a)) {
                    if (seen.add(spec.fingerprint(step.successor()))) {
                        queue.add(step.successor());
                    }
                }
            }
        }
        return shapes;
    }

    private static List<Object> shape(Spec spec, MkState s, List<List<Action.SegmentReq>> loads) {
        List<Object> out = new ArrayList<>();
        out.add(s.poolFree().size());
        for (Instance i : s.instances()) {
            out.add(List.of(i.name(), i.state(), i.cpus(), i.memoryPages(), Placements.fits(spec.platform(), i.chunks(), loads),
                i.image().map(SpecCheckTest::sizes).orElse(List.of())));
        }
        for (Spawned k : s.spawned()) {
            out.add(List.of(k.mkId(), k.startedFor().name(), k.startedFor().memoryBytes(), k.handover(), k.boot()));
        }
        out.add(s.plain().isPresent());
        out.add(s.online());
        out.add(s.rebootLockHeld());
        return out;
    }

    private static List<Long> sizes(Image image) {
        List<Long> out = new ArrayList<>();
        for (Range r : image.segments()) {
            out.add(r.count());
        }
        return out;
    }
}
