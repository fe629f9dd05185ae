package mkspec.refinement.mk2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import mkspec.reference.machine.StepResult;
import mkspec.reference.mk2.Mk2Erratum;
import mkspec.reference.mk2.Mk2Profile;
import mkspec.spec.check.CheckOptions;
import mkspec.spec.check.CheckResult;
import mkspec.spec.check.ModelChecker;
import mkspec.spec.mk2.Mk2Bounds;
import mkspec.spec.mk2.action.Mk2Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The mk2 reference with no defect holds every invariant and refines the spec; each defect alone over fixed is found
 * by the checker, with a shortest counterexample of the pinned length that breaks an invariant the design maps the
 * defect to; the code as read (profile mk2) breaks an invariant.
 */
class Mk2ErrataTest {
    static final Mk2Bounds B = Mk2Bounds.defaults();
    static final CheckOptions O = CheckOptions.defaults().withWorkers(2);

    /** The reference's distinct states at the defaults, fixed profile: pinned. */
    static final long FIXED_STATES = 107_208;

    /** Each defect's shortest counterexample length at the defaults. */
    static final Map<Mk2Erratum, Integer> SHORTEST = shortest();

    private static Map<Mk2Erratum, Integer> shortest() {
        Map<Mk2Erratum, Integer> m = new EnumMap<>(Mk2Erratum.class);
        m.put(Mk2Erratum.N1, 3);
        m.put(Mk2Erratum.N2, 5);
        m.put(Mk2Erratum.N3, 5); // with two threads
        m.put(Mk2Erratum.N4, 1);
        m.put(Mk2Erratum.N5, 3);
        m.put(Mk2Erratum.N6, 1);
        m.put(Mk2Erratum.N7, 2);
        m.put(Mk2Erratum.N9, 3);
        m.put(Mk2Erratum.N11, 5);
        m.put(Mk2Erratum.N12, 3);
        m.put(Mk2Erratum.N13, 4);
        m.put(Mk2Erratum.N14, 3);
        m.put(Mk2Erratum.N15, 1);
        m.put(Mk2Erratum.N16, 6); // with two threads
        m.put(Mk2Erratum.N17, 2);
        m.put(Mk2Erratum.N18, 7);
        m.put(Mk2Erratum.N19, 5);
        m.put(Mk2Erratum.N20, 4);
        return m;
    }

    static CheckResult<Mk2ReferenceSystem.RefState, Mk2Action, StepResult> check(Mk2Profile p) {
        return ModelChecker.check(new Mk2ReferenceSystem(B, p, null, p.errata().isEmpty()), O);
    }

    /** A race with two threads, every other defect with one: no sequential run shows a race. */
    static CheckResult<?, ?, ?> checkAlone(Mk2Erratum e) {
        Mk2Profile p = Mk2Profile.select("fixed", List.of(e.name()));
        return e.race() ? ModelChecker.check(new Mk2ThreadedSystem(B.with(List.<String[]>of(new String[] {"threads",
            "2"})), p, null, false), O) : check(p);
    }

    @Test
    void theFixedReferenceHoldsEveryInvariantRefinesTheSpecAndIsRecoverable() {
        CheckResult<?, ?, ?> r = ModelChecker.check(new Mk2ReferenceSystem(B, Mk2Profile.FIXED, null, true),
            O.withRecoverability(true));
        assertInstanceOf(CheckResult.Passed.class, r, r::toString);
        assertEquals(FIXED_STATES, r.stats().distinctStates());
        assertTrue(r.stats().recovery().isPresent());
    }

    @Test
    void n9LeavesAMachineThatIsNeverCleanAgainAfterOneFailedLoad() {
        Mk2Bounds small = B.with(List.of(new String[] {"instances", "1"}, new String[] {"edge-cases", "false"},
            new String[] {"fail-points", "false"}));
        CheckResult<?, ?, ?> r = ModelChecker.check(new Mk2ReferenceSystem(small,
            Mk2Profile.select("fixed", List.of("N9")), java.util.Set.of(), false), O.withRecoverability(true));
        CheckResult.Unrecoverable<?, ?, ?> u = assertInstanceOf(CheckResult.Unrecoverable.class, r, r::toString);
        assertEquals(3, u.trace().length(), u.trace().labels()::toString);
        assertTrue(u.notHome().contains("kexec holds 3 host pages, its kimages 0"), u.notHome()::toString);
    }

    @ParameterizedTest
    @EnumSource(value = Mk2Erratum.class, names = {"N3", "N16"})
    void aRaceIsNotFoundByAnySequentialRun(Mk2Erratum e) {
        CheckResult<?, ?, ?> r = check(Mk2Profile.select("fixed", List.of(e.name())));
        assertInstanceOf(CheckResult.Passed.class, r, r::toString);
        assertEquals(FIXED_STATES, r.stats().distinctStates());
    }

    @Test
    void theCodeAsReadBreaksAnInvariant() {
        assertInstanceOf(CheckResult.Violated.class, check(Mk2Profile.MK2));
    }

    @ParameterizedTest
    @EnumSource(Mk2Erratum.class)
    void eachDefectAloneOverFixedIsFoundWithItsShortestCounterexample(Mk2Erratum e) {
        CheckResult<?, ?, ?> r = checkAlone(e);
        CheckResult.Violated<?, ?, ?> v = assertInstanceOf(CheckResult.Violated.class, r, r::toString);
        assertTrue(Mk2CaughtBy.mayBreak(e).contains(v.invariantId()), e + " broke " + v.invariantId());
        assertEquals(SHORTEST.get(e), v.trace().length(), v.trace().labels()::toString);
    }
}
