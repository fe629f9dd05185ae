package mkspec.reference.kernel.multikernel.kho;

import static mkspec.reference.machine.TestMachines.PAGE;
import static mkspec.reference.machine.TestMachines.err;
import static mkspec.reference.machine.TestMachines.exec;
import static mkspec.reference.machine.TestMachines.inst;
import static mkspec.reference.machine.TestMachines.load;
import static mkspec.reference.machine.TestMachines.realistic;
import static mkspec.reference.machine.TestMachines.upload;
import static mkspec.reference.machine.TestMachines.cells;
import static mkspec.reference.machine.TestMachines.handoverWith;
import static mkspec.reference.machine.TestMachines.instanceNode;
import static mkspec.reference.machine.TestMachines.treeOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Stream;
import mkspec.reference.Erratum;
import mkspec.reference.Errno;
import mkspec.reference.Profile;
import mkspec.reference.machine.Machine;
import mkspec.reference.machine.StepResult;
import mkspec.reference.machine.TestMachines;
import mkspec.reference.mm.HostMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The spawned kernel's boot ([P16] add_kho, mk_kho_populate, mk_kho_restore_dtbs): what it reads
 * from the handover page and what it restores, in each profile.
 */
class SpawnedBootTest {
    static final long DB_BYTES = 4L << 20;

    static Stream<Profile> profiles() {
        return TestMachines.profiles();
    }

    /** The realistic machine: web (id 1, CPU 1, 2 MiB) and db (id 2, CPUs 2-3, 4 MiB); web is started. */
    static Machine startedWeb(Profile p) {
        Machine m = realistic(p);
        assertEquals(StepResult.OK, upload(m, inst("web", 1, List.of(1L), 2L << 20), inst("db", 2, List.of(2L, 3L), DB_BYTES)));
        assertEquals(StepResult.OK, load(m, 1, 1L << 20, 8L << 10));
        assertEquals(StepResult.OK, exec(m, 1));
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void bootingAKernelNeverStartedForTheIdIsEsrch(Profile p) {
        Machine m = startedWeb(p);
        long before = m.fingerprint();
        assertEquals(err(Errno.ESRCH), m.spawnedBoot(2));
        assertEquals(before, m.fingerprint());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void aKernelBootsOnceAndASecondBootIsEalready(Profile p) {
        Machine m = startedWeb(p);
        assertEquals(StepResult.OK, m.spawnedBoot(1));
        assertTrue(m.kho().lastStarted(1).booted());
        long before = m.fingerprint();
        assertEquals(err(Errno.EALREADY), m.spawnedBoot(1));
        assertEquals(before, m.fingerprint());
    }

    @Test
    void fixedRestoresExactlyTheInstanceItWasStartedFor() {
        Machine m = startedWeb(Profile.fixed());
        assertEquals(StepResult.OK, m.spawnedBoot(1));
        SpawnedKernel k = m.kho().lastStarted(1);
        assertTrue(k.populated());
        assertTrue(k.readsIntact());
        SpawnedKernel.Restored r = k.restored();
        assertEquals("web", r.name());
        assertEquals(1, r.id());
        assertEquals(BitSet.valueOf(new long[] {0b10}), r.cpus());
        assertEquals(2L << 20, r.memoryBytes());
        assertTrue(r.visible(), "registered in the idr, with a directory");
        assertEquals(k.startedFor().name(), r.name());
        assertEquals(k.startedFor().memoryBytes(), r.memoryBytes());
        assertEquals(0, k.restoreRet());
        assertEquals(0, m.fdtReads().bytes());
    }

    @Test
    void rfcV2LetsTheSpawnedKernelOverwriteTheHandoverPageBeforeRestoreReadsIt() {
        Machine m = startedWeb(Profile.rfcV2());
        assertEquals(StepResult.OK, m.spawnedBoot(1));
        SpawnedKernel k = m.kho().lastStarted(1);
        assertTrue(k.populated(), "mk_kho_populate read the page before anything took it");
        byte[] scribbled = new byte[(int) PAGE];
        Arrays.fill(scribbled, HostMemory.SPAWNED_SCRIBBLE);
        assertArrayEquals(scribbled, k.readAtRestore());
        assertFalse(k.readsIntact());
        assertNull(k.restored());
    }

    @Test
    void rfcV2WithThePageIntactStillRestoresNothingBecauseItReservesFromItsOwnEmptyPool() {
        Machine m = startedWeb(Profile.rfcV2().without(Erratum.D14));
        assertEquals(StepResult.OK, m.spawnedBoot(1));
        SpawnedKernel k = m.kho().lastStarted(1);
        assertTrue(k.readsIntact());
        assertEquals(Errno.ENOMEM.negative(), k.restoreRet());
        assertNull(k.restored());
    }

    @Test
    void rfcV2RestoresAnInstanceWithoutMemoryOnlyOnItsListAndWithoutCpus() {
        Machine m = startedWeb(Profile.rfcV2().without(Erratum.D14));
        // A loaded instance always has memory (control pages have no host fallback), so the
        // handover page is given a DTB without memory-bytes by hand.
        byte[] dtb = treeOf(instanceNode("web", List.of(cells("id", 1)), cells("cpus", 1)));
        SpawnedKernel k = m.kho().lastStarted(1);
        m.host().write(k.handoverPhys(), handoverWith(dtb));
        assertEquals(StepResult.OK, m.spawnedBoot(1));
        assertEquals(0, k.restoreRet());
        SpawnedKernel.Restored r = k.restored();
        assertEquals("web", r.name());
        assertEquals(1, r.id());
        assertTrue(r.cpus().isEmpty(), "the kzalloc()ed struct has no valid cpumask");
        assertEquals(0, r.memoryBytes());
        assertFalse(r.visible(), "on mk_instance_list only: no idr slot, no directory");
    }

    @Test
    void fixedRefusesToRestoreADtbWithoutMemoryBytes() {
        Machine m = startedWeb(Profile.fixed());
        byte[] dtb = treeOf(instanceNode("web", List.of(cells("id", 1)), cells("cpus", 1)));
        SpawnedKernel k = m.kho().lastStarted(1);
        m.host().write(k.handoverPhys(), handoverWith(dtb));
        assertEquals(StepResult.OK, m.spawnedBoot(1));
        assertEquals(Errno.EINVAL.negative(), k.restoreRet());
        assertNull(k.restored());
    }
}
