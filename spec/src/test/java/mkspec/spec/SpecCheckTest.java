package mkspec.spec;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import mkspec.spec.check.CheckOptions;
import mkspec.spec.check.CheckResult;
import mkspec.spec.check.ModelChecker;
import org.junit.jupiter.api.Test;

class SpecCheckTest {
    @Test
    void theSpecificationHoldsEveryInvariantAtTheDefaultBounds() {
        Spec spec = new Spec(Bounds.defaults());
        CheckResult<?, ?, ?> r = ModelChecker.check(spec, CheckOptions.defaults().withCheckDeadlock(false));
        System.out.println(r);
        assertInstanceOf(CheckResult.Passed.class, r, r.toString());
    }
}
