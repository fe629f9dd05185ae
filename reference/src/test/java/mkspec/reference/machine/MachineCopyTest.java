package mkspec.reference.machine;

import static mkspec.reference.machine.TestMachines.PAGE;
import static mkspec.reference.machine.TestMachines.dtb;
import static mkspec.reference.machine.TestMachines.exec;
import static mkspec.reference.machine.TestMachines.globalAvail;
import static mkspec.reference.machine.TestMachines.inst;
import static mkspec.reference.machine.TestMachines.instance;
import static mkspec.reference.machine.TestMachines.load;
import static mkspec.reference.machine.TestMachines.loadFailingAt;
import static mkspec.reference.machine.TestMachines.small;
import static mkspec.reference.machine.TestMachines.upload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import mkspec.reference.Errno;
import mkspec.reference.Profile;
import mkspec.reference.kernel.FailPoint;
import mkspec.reference.kernel.KImage;
import mkspec.reference.kernel.NotifierFault;
import mkspec.reference.kernel.multikernel.kho.SpawnedKernel;
import org.junit.jupiter.api.Test;

/**
 * {@link Machine#copy()} branches a machine that the two branches then change independently, and
 * {@link Machine#fingerprint()} names a state, not the path that reached it.
 */
class MachineCopyTest {
    static final InstanceConfig WEB = inst("web", 1, List.of(1L), 16 * PAGE);
    static final InstanceConfig DB = inst("db", 2, List.of(2L), 16 * PAGE);

    // ---------------------------------------------------------------- independence

    @Test
    void aFreshCopyHasTheOriginalsFingerprint() {
        Machine m = small(Profile.fixed());
        assertEquals(StepResult.OK, upload(m, WEB));
        assertEquals(m.fingerprint(), m.copy().fingerprint());
    }

    @Test
    void loadingInACopyLeavesTheOriginalReady() {
        Machine m = small(Profile.fixed());
        assertEquals(StepResult.OK, upload(m, WEB));
        long before = m.fingerprint();
        Machine c = m.copy();
        assertEquals(StepResult.OK, load(c, 1, PAGE));
        assertEquals("loaded", c.status().get("web"));
        assertEquals(Map.of("web", "ready"), m.status());
        assertNull(instance(m, "web").kimage());
        assertEquals(16 * PAGE, instance(m, "web").instancePool().gen_pool_avail());
        assertEquals(List.of(), m.host().allocatedPages());
        assertEquals(before, m.fingerprint());
        assertNotEquals(before, c.fingerprint());
    }

    @Test
    void theCopysStructsAreNewButPointAtEachOther() {
        Machine m = small(Profile.rfcV2());
        assertEquals(StepResult.OK, upload(m, WEB));
        assertEquals(StepResult.OK, load(m, 1, PAGE));
        Machine c = m.copy();
        KImage mine = (KImage) instance(m, "web").kimage();
        KImage theirs = (KImage) instance(c, "web").kimage();
        assertNotSame(mine, theirs);
        assertNotSame(instance(m, "web"), instance(c, "web"));
        assertSame(instance(c, "web"), theirs.mkInstance());
        assertSame(theirs, c.kexec().kexecImage());
        assertSame(theirs, c.kexec().kimageList().get(0));
    }

    @Test
    void unloadingAndReusingPagesInACopyLeavesTheOriginalsHandoverPageIntact() {
        Machine m = small(Profile.rfcV2());
        assertEquals(StepResult.OK, upload(m, WEB));
        assertEquals(StepResult.OK, load(m, 1, PAGE));
        assertEquals(StepResult.OK, exec(m, 1));
        SpawnedKernel k = m.kho().lastStarted(1);
        long before = m.fingerprint();
        Machine c = m.copy();
        assertEquals(StepResult.OK, c.kexecFileUnload(null));
        assertEquals(StepResult.OK, c.hostReuseFreedPages());
        assertEquals(StepResult.OK, c.spawnedBoot(1));
        assertFalse(c.kho().lastStarted(1).populated());
        assertEquals("loading", m.status().get("web"));
        assertTrue(((KImage) instance(m, "web").kimage()).alive());
        assertArrayEquals(k.handoverAtExec(), m.host().read(k.handoverPhys()));
        assertEquals(1, m.host().page(k.handoverPhys()).refcount());
        assertFalse(k.booted());
        assertEquals(before, m.fingerprint());
    }

    @Test
    void aCopyKeepsADanglingImageDanglingAndCrashesAlone() {
        Machine m = small(Profile.rfcV2());
        assertEquals(StepResult.OK, upload(m, WEB));
        assertEquals(new StepResult.Err(Errno.ENOMEM), loadFailingAt(m, 1, FailPoint.CONTROL_PAGES, PAGE));
        Machine c = m.copy();
        KImage dangling = (KImage) instance(c, "web").kimage();
        assertFalse(dangling.alive());
        assertNotSame(instance(m, "web").kimage(), dangling);
        assertInstanceOf(StepResult.Bug.class, exec(c, 1));
        assertNotNull(c.crashed());
        assertInstanceOf(StepResult.Bug.class, c.mkdir("x"), "the copy runs no further step");
        assertNull(m.crashed());
        assertEquals(new StepResult.Err(Errno.EPERM), m.mkdir("x"), "the original still runs");
    }

    @Test
    void aCopyCarriesTheHeldRebootLockAndTheReadLogButNotLaterReads() {
        Machine m = small(Profile.rfcV2());
        assertEquals(StepResult.OK, upload(m, WEB));
        assertEquals(StepResult.OK, load(m, 1, PAGE));
        assertEquals(new StepResult.Err(Errno.EINVAL), m.uploadDeviceTree(Arrays.copyOf(dtb(DB), 8), 0));
        long reads = m.fdtReads().bytes();
        assertTrue(reads > 0);
        assertEquals(new StepResult.Err(Errno.EFAULT), m.rebootMultikernel(1, true, NotifierFault.NONE));
        Machine c = m.copy();
        assertTrue(c.rebootLockHeld());
        assertEquals(StepResult.HANG, c.rebootOther());
        assertEquals(reads, c.fdtReads().bytes());
        assertEquals(new StepResult.Err(Errno.EINVAL), c.uploadDeviceTree(Arrays.copyOf(dtb(DB), 8), 0));
        assertTrue(c.fdtReads().bytes() > reads);
        assertEquals(reads, m.fdtReads().bytes());
    }

    @Test
    void aCopyAndItsOriginalTakingTheSameStepsStayEqual() {
        Machine m = small(Profile.fixed());
        Machine c = m.copy();
        for (Machine x : List.of(m, c)) {
            assertEquals(StepResult.OK, upload(x, WEB, DB));
            assertEquals(StepResult.OK, load(x, 2, PAGE));
            assertEquals(StepResult.OK, exec(x, 2));
        }
        assertEquals(m.fingerprint(), c.fingerprint());
    }

    // ---------------------------------------------------------------- one state, two paths

    @Test
    void oneUploadOfTwoInstancesEqualsTwoUploadsOfOne() {
        Machine once = small(Profile.fixed());
        assertEquals(StepResult.OK, upload(once, WEB, DB));
        Machine twice = small(Profile.fixed());
        assertEquals(StepResult.OK, upload(twice, WEB));
        assertEquals(StepResult.OK, upload(twice, DB));
        assertEquals(once.fingerprint(), twice.fingerprint());
    }

    @Test
    void fixedLoadThenUnloadReturnsToTheFingerprintOfNeverLoading() {
        Machine never = small(Profile.fixed());
        assertEquals(StepResult.OK, upload(never, WEB));
        Machine undone = small(Profile.fixed());
        assertEquals(StepResult.OK, upload(undone, WEB));
        assertEquals(StepResult.OK, load(undone, 1, 8 * PAGE));
        assertEquals(StepResult.OK, undone.kexecFileUnload(1L));
        assertEquals(never.fingerprint(), undone.fingerprint());
    }

    @Test
    void rfcV2LoadThenUnloadLeavesADifferentStateBecauseThePoolPagesLeak() {
        Machine never = small(Profile.rfcV2());
        assertEquals(StepResult.OK, upload(never, WEB));
        Machine undone = small(Profile.rfcV2());
        assertEquals(StepResult.OK, upload(undone, WEB));
        assertEquals(StepResult.OK, load(undone, 1, 8 * PAGE));
        assertEquals(StepResult.OK, undone.kexecFileUnload(null));
        assertEquals(never.status(), undone.status());
        assertNotEquals(never.fingerprint(), undone.fingerprint());
    }

    @Test
    void loadingTwoInstancesInEitherOrderReachesOneFingerprint() {
        Machine webFirst = small(Profile.fixed());
        assertEquals(StepResult.OK, upload(webFirst, WEB, DB));
        assertEquals(StepResult.OK, load(webFirst, 1, PAGE));
        assertEquals(StepResult.OK, load(webFirst, 2, PAGE));
        Machine dbFirst = small(Profile.fixed());
        assertEquals(StepResult.OK, upload(dbFirst, WEB, DB));
        assertEquals(StepResult.OK, load(dbFirst, 2, PAGE));
        assertEquals(StepResult.OK, load(dbFirst, 1, PAGE));
        assertNotEquals(((KImage) instance(webFirst, "web").kimage()).khoFdt(),
            ((KImage) instance(dbFirst, "web").kimage()).khoFdt(), "different host pages, renamed alike");
        assertEquals(webFirst.fingerprint(), dbFirst.fingerprint());
    }

    @Test
    void aRefusedStepKeepsTheFingerprint() {
        Machine m = small(Profile.fixed());
        assertEquals(StepResult.OK, upload(m, WEB));
        long before = m.fingerprint();
        assertEquals(new StepResult.Err(Errno.EPERM), m.mkdir("db"));
        assertEquals(new StepResult.Err(Errno.ENOENT), m.rmdir("db"));
        assertEquals(new StepResult.Err(Errno.ENOENT), m.kexecFileUnload(2L));
        assertEquals(before, m.fingerprint());
    }

    @Test
    void differentInstancesGiveDifferentFingerprints() {
        Machine web = small(Profile.fixed());
        assertEquals(StepResult.OK, upload(web, WEB));
        Machine db = small(Profile.fixed());
        assertEquals(StepResult.OK, upload(db, DB));
        assertNotEquals(web.fingerprint(), db.fingerprint());
        assertEquals(globalAvail(web), globalAvail(db));
    }
}
