package mkspec.reference.kernel;

import static mkspec.reference.machine.TestMachines.PAGE;
import static mkspec.reference.machine.TestMachines.dtbData;
import static mkspec.reference.machine.TestMachines.err;
import static mkspec.reference.machine.TestMachines.exec;
import static mkspec.reference.machine.TestMachines.inst;
import static mkspec.reference.machine.TestMachines.instance;
import static mkspec.reference.machine.TestMachines.load;
import static mkspec.reference.machine.TestMachines.small;
import static mkspec.reference.machine.TestMachines.upload;
import static mkspec.reference.machine.TestMachines.withoutCpus;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import mkspec.reference.Errno;
import mkspec.reference.Profile;
import mkspec.reference.kernel.NotifierFault;
import mkspec.reference.kernel.multikernel.kho.SpawnedKernel;
import mkspec.reference.machine.Machine;
import mkspec.reference.machine.StepResult;
import mkspec.reference.machine.TestMachines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * reboot(LINUX_REBOOT_CMD_MULTIKERNEL) ([P01]/[P09] kernel/reboot.c, multikernel_kexec_by_id):
 * which errno each missing piece gives, which CPU is kicked, and the system_transition_mutex that
 * the -EFAULT path of RFC v2 leaves held (D9).
 */
class RebootMultikernelTest {

    static Stream<Profile> profiles() {
        return TestMachines.profiles();
    }

    /** web (id 1) on CPUs 2 and 3, loaded. */
    static Machine loadedWeb(Profile p) {
        Machine m = small(p);
        assertEquals(StepResult.OK, upload(m, inst("web", 1, List.of(2L, 3L), 16 * PAGE)));
        assertEquals(StepResult.OK, load(m, 1, PAGE));
        return m;
    }

    @Test
    void theMultikernelCommandIsMkliInAscii() {
        assertEquals(0x4D4B4C49, Reboot.LINUX_REBOOT_CMD_MULTIKERNEL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void execKicksTheFirstCpuOfTheInstance(Profile p) {
        Machine m = loadedWeb(p);
        assertEquals(StepResult.OK, exec(m, 1));
        SpawnedKernel k = m.kho().lastStarted(1);
        assertEquals(2, k.cpu());
        assertEquals(1, k.mkId());
        assertEquals("web", k.startedFor().name());
        assertSame(instance(m, "web"), k.instance());
        assertEquals(0, k.finalizeRet());
        assertArrayEquals(instance(m, "web").dtbData(), dtbData(k.handoverAtExec()));
        assertFalse(k.booted());
        assertFalse(m.rebootLockHeld());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void execOfAnInstanceWithoutImageIsEinval(Profile p) {
        Machine m = small(p);
        assertEquals(StepResult.OK, upload(m, inst("web", 1, List.of(2L), 16 * PAGE)));
        long before = m.fingerprint();
        assertEquals(err(Errno.EINVAL), exec(m, 1));
        assertEquals(before, m.fingerprint());
        assertFalse(m.rebootLockHeld());
    }

    @ParameterizedTest(name = "id {0}")
    @ValueSource(ints = {-1, 0, 2, 2047})
    void execOfAnIdWithoutInstanceIsEinvalInBothProfiles(int id) {
        for (Profile p : List.of(Profile.rfcV2(), Profile.fixed())) {
            Machine m = loadedWeb(p);
            long before = m.fingerprint();
            assertEquals(err(Errno.EINVAL), exec(m, id), p.name());
            assertEquals(before, m.fingerprint(), p.name());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void execOfAnInstanceWithoutCpusIsEinval(Profile p) {
        Machine m = small(p);
        assertEquals(StepResult.OK, upload(m, withoutCpus("web", 1, 16 * PAGE)));
        assertEquals(StepResult.OK, load(m, 1, PAGE));
        long before = m.fingerprint();
        assertEquals(err(Errno.EINVAL), exec(m, 1));
        assertEquals(before, m.fingerprint());
    }

    @Test
    void rfcV2ExecOfAnInstanceOnCpuZeroIsEbusyBecauseCpuZeroStaysOnline() {
        Machine m = small(Profile.rfcV2());
        assertEquals(StepResult.OK, upload(m, inst("web", 1, List.of(0L, 1L), 16 * PAGE)));
        assertEquals(StepResult.OK, load(m, 1, PAGE));
        long before = m.fingerprint();
        assertEquals(err(Errno.EBUSY), exec(m, 1));
        assertEquals(before, m.fingerprint());
    }

    @Test
    void rfcV2KicksTheSameCpuAgainOnASecondExec() {
        Machine m = loadedWeb(Profile.rfcV2());
        assertEquals(StepResult.OK, exec(m, 1));
        assertEquals(StepResult.OK, exec(m, 1));
        assertEquals(2, m.kho().spawned().size());
        assertEquals(m.kho().spawned().get(0).cpu(), m.kho().spawned().get(1).cpu());
        assertEquals("loading", m.status().get("web"));
    }

    @Test
    void fixedRefusesASecondExecOfARunningInstance() {
        Machine m = loadedWeb(Profile.fixed());
        assertEquals(StepResult.OK, exec(m, 1));
        long before = m.fingerprint();
        assertEquals(err(Errno.EBUSY), exec(m, 1));
        assertEquals(before, m.fingerprint());
        assertEquals(1, m.kho().spawned().size());
    }

    // ---------------------------------------------------------------- the bad pointer and the lock

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void aBadPointerIsEfaultAndStartsNothing(Profile p) {
        Machine m = loadedWeb(p);
        assertEquals(err(Errno.EFAULT), m.rebootMultikernel(1, true, NotifierFault.NONE));
        assertTrue(m.kho().spawned().isEmpty());
    }

    @Test
    void rfcV2ReturnsEfaultHoldingTheLockSoEveryLaterRebootHangs() {
        Machine m = loadedWeb(Profile.rfcV2());
        assertEquals(err(Errno.EFAULT), m.rebootMultikernel(1, true, NotifierFault.NONE));
        assertTrue(m.rebootLockHeld());
        long before = m.fingerprint();
        assertEquals(StepResult.HANG, m.rebootOther());
        assertEquals(StepResult.HANG, exec(m, 1));
        assertEquals(StepResult.HANG, m.rebootMultikernel(1, true, NotifierFault.NONE));
        assertEquals(before, m.fingerprint(), "a call that blocks changes nothing");
        assertTrue(m.kho().spawned().isEmpty());
    }

    @Test
    void fixedReleasesTheLockOnEfault() {
        Machine m = loadedWeb(Profile.fixed());
        assertEquals(err(Errno.EFAULT), m.rebootMultikernel(1, true, NotifierFault.NONE));
        assertFalse(m.rebootLockHeld());
        assertEquals(StepResult.OK, m.rebootOther());
        assertEquals(StepResult.OK, exec(m, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void anotherRebootCallOnAFreshMachineReturnsAndChangesNothing(Profile p) {
        Machine m = small(p);
        long before = m.fingerprint();
        assertEquals(StepResult.OK, m.rebootOther());
        assertEquals(before, m.fingerprint());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void everyErrnoOfExecReleasesTheLock(Profile p) {
        Machine m = loadedWeb(p);
        assertEquals(err(Errno.EINVAL), exec(m, 9));
        assertFalse(m.rebootLockHeld());
        assertEquals(StepResult.OK, m.rebootOther());
    }
}
