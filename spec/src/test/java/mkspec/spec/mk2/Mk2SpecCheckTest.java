package mkspec.spec.mk2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import mkspec.spec.check.CheckOptions;
import mkspec.spec.check.CheckResult;
import mkspec.spec.check.ModelChecker;
import org.junit.jupiter.api.Test;

/** The mk2 spec holds every invariant over its whole bounded state space, the same on one worker and two. */
class Mk2SpecCheckTest {
    /** The distinct states of the spec at the embedded defaults: pinned, so that a change to the model shows. */
    static final long DEFAULT_STATES = 55_774;

    @Test
    void theSpecHoldsAndIsRecoverableAtTheDefaultsOnAnyNumberOfWorkers() {
        java.util.List<Object> recovery = new java.util.ArrayList<>();
        for (int workers : new int[] {1, 2}) {
            CheckResult<?, ?, ?> r = ModelChecker.check(new Mk2Spec(Mk2Bounds.defaults()),
                CheckOptions.defaults().withWorkers(workers).withRecoverability(true));
            assertInstanceOf(CheckResult.Passed.class, r, r::toString);
            assertEquals(DEFAULT_STATES, r.stats().distinctStates());
            recovery.add(r.withoutTiming().stats().recovery().orElseThrow());
        }
        assertEquals(recovery.get(0), recovery.get(1));
    }

    @Test
    void theSpecHoldsWithThreeInstancesAndMoreTransactions() {
        Mk2Bounds b = Mk2Bounds.defaults().with(java.util.List.of(new String[] {"instances", "3"},
            new String[] {"pool-pages", "8"}, new String[] {"max-tx", "3"}));
        CheckResult<?, ?, ?> r = ModelChecker.check(new Mk2Spec(b), CheckOptions.defaults().withWorkers(2));
        assertInstanceOf(CheckResult.Passed.class, r, r::toString);
    }
}
