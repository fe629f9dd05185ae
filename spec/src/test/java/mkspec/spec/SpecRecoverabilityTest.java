package mkspec.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import mkspec.spec.check.CheckOptions;
import mkspec.spec.check.CheckResult;
import mkspec.spec.check.CheckStats;
import mkspec.spec.check.ModelChecker;
import org.junit.jupiter.api.Test;

/** The specification can always get back to a clean machine: the recoverable property holds at its bounds. */
class SpecRecoverabilityTest {
    @Test
    void fromEveryStateTheSpecReachesOfTheDefaultBoundsACleanMachineIsReachable() {
        CheckResult<?, ?, ?> r = ModelChecker.check(new Spec(Bounds.defaults()),
            CheckOptions.defaults().withWorkers(2).withRecoverability(true));
        assertInstanceOf(CheckResult.Passed.class, r, () -> r instanceof CheckResult.Unrecoverable<?, ?, ?> u
            ? "stuck after " + u.trace().labels() + ": " + u.notHome() : r.getClass().getSimpleName());
        CheckStats.Recovery rec = r.stats().recovery().orElseThrow();
        assertEquals(r.stats().distinctStates(), rec.canGetHome());
    }
}
