package mkspec.traces.refine;

import mkspec.reference.Profile;
import mkspec.spec.Bounds;
import mkspec.spec.check.CheckOptions;
import mkspec.spec.check.CheckResult;
import mkspec.spec.check.ModelChecker;
import org.junit.jupiter.api.Test;

class ScratchErrataTest {
    @Test
    void scratch() {
        Bounds b = Bounds.defaults();
        CheckOptions o = CheckOptions.defaults().withCheckDeadlock(false).withWorkers(2);
        CheckResult<?, ?, ?> r = ModelChecker.check(new ReferenceSystem(b, Profile.fixed(), true), o);
        System.out.println("fixed: " + r.getClass().getSimpleName() + " " + r.stats().distinctStates() + " depth " + r.stats().depth() + " " + r.stats().elapsed() + " gen " + r.stats().statesGenerated());
        CheckResult<?, ?, ?> s = ModelChecker.check(new mkspec.spec.Spec(b, BoundedSteps.of(b).stream().map(ReferenceSystem.Command::action).toList()), o);
        System.out.println("spec: " + s.getClass().getSimpleName() + " " + s.stats().distinctStates() + " depth " + s.stats().depth() + " " + s.stats().elapsed() + " gen " + s.stats().statesGenerated());
    }
}
