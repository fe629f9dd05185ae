package mkspec.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import mkspec.spec.check.CheckOptions;
import mkspec.spec.check.CheckResult;
import mkspec.spec.check.CheckStats;
import mkspec.spec.check.ModelChecker;
import org.junit.jupiter.api.Test;

/** The specification is consistent at its bounds: no invariant of it breaks, and every action is enabled somewhere. */
class SpecCheckTest {
    @Test
    void theSpecificationHoldsEveryInvariantAtTheDefaultBoundsWithPinnedCounts() {
        CheckResult<?, ?, ?> r = ModelChecker.check(new Spec(Bounds.defaults()), CheckOptions.defaults());
        assertInstanceOf(CheckResult.Passed.class, r, r.toString());
        assertEquals(216, r.stats().distinctStates());
        assertEquals(11, r.stats().depth());
    }

    @Test
    void everyKindOfStepThatCanMakeANewStateDoesSomewhere() {
        CheckResult<?, ?, ?> r = ModelChecker.check(new Spec(Bounds.defaults().with("cpus", "8").with("instances", "3")),
            CheckOptions.defaults().withWorkers(2));
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
        CheckResult<?, ?, ?> r = ModelChecker.check(new Spec(Bounds.defaults().with("cpus", "8").with("instances", "3")
            .with("pool-pages", "20").with("segments", "1,3,2+2")), CheckOptions.defaults().withWorkers(2));
        assertInstanceOf(CheckResult.Passed.class, r, r.toString());
    }
}
