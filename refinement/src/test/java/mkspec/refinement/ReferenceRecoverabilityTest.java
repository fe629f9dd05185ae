package mkspec.refinement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import mkspec.reference.Erratum;
import mkspec.reference.Profile;
import mkspec.spec.Bounds;
import mkspec.spec.check.CheckOptions;
import mkspec.spec.check.CheckResult;
import mkspec.spec.check.ModelChecker;
import org.junit.jupiter.api.Test;

/**
 * The fixed reference can always get back to a clean machine; D1, D9 and D6 each leave a state from which it
 * cannot, found with a shortest path into it (invariants off, so the search goes past their violations). The errata
 * are checked at smaller bounds, where their paths exist too: without invariants to stop it, D1's search at the
 * defaults takes a minute ({@code mkspec errata} runs it there).
 */
class ReferenceRecoverabilityTest {
    private static final Bounds B = Bounds.defaults();
    private static final Bounds SMALL = B.with(List.of(new String[] {"instances", "1"}, new String[] {"edge-cases", "false"},
        new String[] {"plain-loads", "false"}, new String[] {"segments", "1"}));
    private static final CheckOptions RECOVER = CheckOptions.defaults().withWorkers(2).withCheckDeadlock(false)
        .withRecoverability(true);

    private static CheckResult.Unrecoverable<?, ?, ?> stuckWith(Erratum e) {
        CheckResult<?, ?, ?> r = ModelChecker.check(new ReferenceSystem(SMALL, Profile.fixed().with(e), false, Set.of()), RECOVER);
        return assertInstanceOf(CheckResult.Unrecoverable.class, r, e + ": " + r.getClass().getSimpleName());
    }

    @Test
    void theFixedReferenceReachesACleanMachineFromEveryStateWithTheRefinementChecked() {
        CheckResult<?, ?, ?> r = ModelChecker.check(new ReferenceSystem(B, Profile.fixed(), true), RECOVER);
        assertInstanceOf(CheckResult.Passed.class, r, () -> r instanceof CheckResult.Unrecoverable<?, ?, ?> u
            ? "stuck after " + u.trace().labels() + ": " + u.notHome() : r.getClass().getSimpleName());
        assertEquals(r.stats().distinctStates(), r.stats().recovery().orElseThrow().canGetHome());
    }

    @Test
    void d1LeavesAnInstanceLoadingWithAFreedKimageThatEveryWayOutRefuses() {
        CheckResult.Unrecoverable<?, ?, ?> u = stuckWith(Erratum.D1);
        assertEquals(List.of("upload-device-tree(web)", "kexec-file-load(id=1, segments=[4K], fail-at=fdt-page)"),
            u.trace().labels());
        assertTrue(u.notHome().contains("web is still registered, loading, with a freed kimage"), u.notHome().toString());
        assertTrue(u.waysOut().stream().anyMatch(w -> w.labels().contains("rmdir(web)") && w.result().equals("EBUSY")
            && w.stays()), u.waysOut().toString());
    }

    @Test
    void d9LeavesTheRebootLockHeldForEver() {
        CheckResult.Unrecoverable<?, ?, ?> u = stuckWith(Erratum.D9);
        assertEquals(List.of("reboot-multikernel(id=1, bad-pointer)"), u.trace().labels());
        assertEquals(List.of("system_transition_mutex is held"), u.notHome());
    }

    @Test
    void d6LeavesAnInstanceWhoseRemovalCrashesTheHost() {
        CheckResult.Unrecoverable<?, ?, ?> u = stuckWith(Erratum.D6);
        assertEquals(List.of("upload-device-tree(web)", "kexec-file-load(id=1, segments=[4K], fail-at=post-load)"),
            u.trace().labels());
        assertTrue(u.notHome().contains("web is still registered, ready"), u.notHome().toString());
        assertTrue(u.waysOut().stream().anyMatch(w -> w.labels().equals(List.of("rmdir(web)")) && w.result().equals("bug")
            && !w.stays()), u.waysOut().toString());
    }

    private static final Bounds TWO_THREADS = B.with(List.of(new String[] {"threads", "2"}, new String[] {"instances", "1"},
        new String[] {"edge-cases", "false"}, new String[] {"cpus", "3"}));

    @Test
    void twoThreadsOfTheFixedReferenceCanAlwaysGetBackToACleanMachine() {
        CheckResult<?, ?, ?> r = ModelChecker.check(new ThreadedSystem(TWO_THREADS, Profile.fixed(), true, null, false), RECOVER);
        assertInstanceOf(CheckResult.Passed.class, r, r.getClass().getSimpleName());
        assertEquals(r.stats().distinctStates(), r.stats().recovery().orElseThrow().canGetHome());
    }

    @Test
    void d18sRaceLeavesAMachineThatIsNeverCleanAgainAndTheReductionNamesNoHome() {
        CheckResult<?, ?, ?> r = ModelChecker.check(
            new ThreadedSystem(TWO_THREADS, Profile.fixed().with(Erratum.D18), false, Set.of(), false), RECOVER);
        CheckResult.Unrecoverable<?, ?, ?> u = assertInstanceOf(CheckResult.Unrecoverable.class, r, r.getClass().getSimpleName());
        assertEquals(List.of("t1 upload-device-tree(web)", "t1 kexec-file-load(id=1, segments=[4K])", "t2 rmdir(web)"),
            u.trace().labels());
        assertEquals(List.of("a call is part-way through"), u.notHome());
        assertTrue(new ThreadedSystem(TWO_THREADS, Profile.fixed().with(Erratum.D18), false, Set.of(), true).home().isEmpty());
    }
}
