package mkspec.reference.kernel.multikernel;

import static mkspec.reference.machine.TestMachines.withWeb;
import static mkspec.reference.machine.TestMachines.WEB_BYTES;
import static mkspec.reference.machine.TestMachines.PAGE;
import static mkspec.reference.machine.TestMachines.err;
import static mkspec.reference.machine.TestMachines.exec;
import static mkspec.reference.machine.TestMachines.globalAvail;
import static mkspec.reference.machine.TestMachines.inst;
import static mkspec.reference.machine.TestMachines.instance;
import static mkspec.reference.machine.TestMachines.load;
import static mkspec.reference.machine.TestMachines.small;
import static mkspec.reference.machine.TestMachines.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mkspec.reference.Errno;
import mkspec.reference.Profile;
import mkspec.reference.machine.Machine;
import mkspec.reference.machine.StepResult;
import mkspec.reference.machine.TestMachines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The instances/ directory ([P08] kernfs.c): mkdir is refused, rmdir removes an instance that is
 * not busy and releases its memory, and each instance's status file shows its state.
 */
class InstanceDirectoryTest {
    static Stream<Profile> profiles() {
        return TestMachines.profiles();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void mkdirIsAlwaysRefusedWithEperm(Profile p) {
        Machine m = withWeb(p);
        long before = m.fingerprint();
        assertEquals(err(Errno.EPERM), m.mkdir("db"));
        assertEquals(err(Errno.EPERM), m.mkdir("web"));
        assertEquals(before, m.fingerprint());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void rmdirOfNoSuchInstanceIsEnoent(Profile p) {
        Machine m = withWeb(p);
        long before = m.fingerprint();
        assertEquals(err(Errno.ENOENT), m.rmdir("db"));
        assertEquals(before, m.fingerprint());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void rmdirOfAReadyInstanceReturnsItsMemoryButLeavesItsCpusOffline(Profile p) {
        Machine m = withWeb(p);
        MkInstance web = instance(m, "web");
        assertEquals(StepResult.OK, m.rmdir("web"));
        assertEquals(Map.of(), m.status());
        assertNull(m.core().idr().get(1));
        assertTrue(web.freed(), "the last reference released the struct");
        assertEquals(64 * PAGE, globalAvail(m));
        assertFalse(m.cpus().cpu_online(1), "mk_instance_release does not bring CPUs back");
        assertEquals(err(Errno.ENOENT), m.rmdir("web"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void aRemovedNameAndIdCanBeUploadedAgain(Profile p) {
        Machine m = withWeb(p);
        assertEquals(StepResult.OK, m.rmdir("web"));
        assertEquals(StepResult.OK, upload(m, inst("web", 1, List.of(2L), WEB_BYTES)));
        assertEquals(Map.of("web", "ready"), m.status());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void rmdirOfALoadedInstanceIsEbusy(Profile p) {
        Machine m = withWeb(p);
        assertEquals(StepResult.OK, load(m, 1, PAGE));
        long before = m.fingerprint();
        assertEquals(err(Errno.EBUSY), m.rmdir("web"));
        assertEquals(before, m.fingerprint());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void rmdirOfAnInstanceWhoseKernelRunsIsEbusy(Profile p) {
        Machine m = withWeb(p);
        assertEquals(StepResult.OK, load(m, 1, PAGE));
        assertEquals(StepResult.OK, exec(m, 1));
        long before = m.fingerprint();
        assertEquals(err(Errno.EBUSY), m.rmdir("web"));
        assertEquals(before, m.fingerprint());
    }

    @Test
    void rfcV2HitsGenPoolDestroyBugWhenRmdirReleasesAPoolAnUnloadLeftAllocationsIn() {
        Machine m = withWeb(Profile.rfcV2());
        assertEquals(StepResult.OK, load(m, 1, PAGE));
        assertEquals(StepResult.OK, m.kexecFileUnload(null));
        assertEquals("ready", m.status().get("web"));
        StepResult r = m.rmdir("web");
        StepResult.Bug bug = assertInstanceOf(StepResult.Bug.class, r);
        assertEquals("gen_pool_destroy BUG_ON(bit < end_bit)", bug.site());
        assertNotNull(m.crashed());
        // The chunks went back to the global pool before gen_pool_destroy() fired.
        assertEquals(64 * PAGE, globalAvail(m));
        assertInstanceOf(StepResult.Bug.class, m.mkdir("x"), "a crashed machine runs no further step");
    }

    @Test
    void fixedRmdirAfterAnUnloadReturnsTheWholeInstancePool() {
        Machine m = withWeb(Profile.fixed());
        assertEquals(StepResult.OK, load(m, 1, PAGE));
        assertEquals(StepResult.OK, m.kexecFileUnload(1L));
        assertEquals(WEB_BYTES, instance(m, "web").instancePool().gen_pool_avail());
        assertEquals(StepResult.OK, m.rmdir("web"));
        assertNull(m.crashed());
        assertEquals(64 * PAGE, globalAvail(m));
    }

    // ---------------------------------------------------------------- status

    @Test
    void rfcV2StatusGoesReadyLoadingAndStaysLoadingAfterExec() {
        Machine m = withWeb(Profile.rfcV2());
        assertEquals(Map.of("web", "ready"), m.status());
        assertEquals(StepResult.OK, load(m, 1, PAGE));
        assertEquals(Map.of("web", "loading"), m.status());
        assertEquals(StepResult.OK, exec(m, 1));
        assertEquals(Map.of("web", "loading"), m.status(), "nothing in v2 sets ACTIVE");
        assertEquals(StepResult.OK, m.kexecFileUnload(null));
        assertEquals(Map.of("web", "ready"), m.status(), "kimage_free sets READY while the kernel runs");
    }

    @Test
    void fixedStatusGoesReadyLoadedActive() {
        Machine m = withWeb(Profile.fixed());
        assertEquals(Map.of("web", "ready"), m.status());
        assertEquals(StepResult.OK, load(m, 1, PAGE));
        assertEquals(Map.of("web", "loaded"), m.status());
        assertEquals(StepResult.OK, exec(m, 1));
        assertEquals(Map.of("web", "active"), m.status());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void statusListsInstancesInCreationOrderAndDropsRemovedOnes(Profile p) {
        Machine m = small(p);
        assertEquals(StepResult.OK, upload(m, inst("web", 1, List.of(1L), PAGE), inst("db", 2, List.of(2L), PAGE),
            inst("cache", 3, List.of(3L), PAGE)));
        assertEquals(List.of("web", "db", "cache"), List.copyOf(m.status().keySet()));
        assertEquals(StepResult.OK, m.rmdir("db"));
        assertEquals(List.of("web", "cache"), List.copyOf(m.status().keySet()));
    }

    @Test
    void everyStateHasTheStatusStringOfMkStateStrings() {
        assertEquals("empty", InstanceState.EMPTY.text());
        assertEquals("ready", InstanceState.READY.text());
        assertEquals("loading", InstanceState.LOADING.text());
        assertEquals("loaded", InstanceState.LOADED.text());
        assertEquals("active", InstanceState.ACTIVE.text());
        assertEquals("failed", InstanceState.FAILED.text());
    }
}
