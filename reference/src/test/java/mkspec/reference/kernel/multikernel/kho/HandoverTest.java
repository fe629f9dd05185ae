package mkspec.reference.kernel.multikernel.kho;

import static mkspec.reference.machine.TestMachines.PAGE;
import static mkspec.reference.machine.TestMachines.dtbData;
import static mkspec.reference.machine.TestMachines.err;
import static mkspec.reference.machine.TestMachines.exec;
import static mkspec.reference.machine.TestMachines.instance;
import static mkspec.reference.machine.TestMachines.load;
import static mkspec.reference.machine.TestMachines.withWeb;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import mkspec.reference.Errno;
import mkspec.reference.Profile;
import mkspec.reference.fdt.FdtRo;
import mkspec.reference.fdt.FdtView;
import mkspec.reference.fdt.Libfdt;
import mkspec.reference.kernel.NotifierFault;
import mkspec.reference.machine.Machine;
import mkspec.reference.machine.StepResult;
import mkspec.reference.machine.TestMachines;
import mkspec.reference.mm.HostMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The handover FDT that mk_kexec_finalize() and its notifier ([P16] kexec_handover.c, kho.c) write
 * at exec: its bytes, what each notifier failure leaves in it, and when the exec goes ahead anyway
 * (D10, D11); and the page's lifetime against the host reusing freed pages (D14).
 */
class HandoverTest {

    static Stream<Profile> profiles() {
        return TestMachines.profiles();
    }

    static Machine loadedWeb(Profile p) {
        Machine m = withWeb(p);
        assertEquals(StepResult.OK, load(m, 1, PAGE));
        return m;
    }

    static int multikernelNode(byte[] handover) {
        return FdtRo.fdt_subnode_offset(FdtView.of(handover), 0, "multikernel");
    }

    /**
     * Sizes by hand, with libfdt's sequential writer (header and reserve map take 64 bytes): web's
     * DTB is 64 + struct 144 (root 8, compatible 28, instances 16, web 8, id 16, resources 16, cpus
     * 16, memory-bytes 16, four END_NODEs and FDT_END 20) + strings 32 = 240; the handover FDT is
     * 64 + struct (root 8, compatible 28, multikernel 16, dtb-data 12 + 240, two END_NODEs and FDT_END
     * 12) + strings "compatible", "dtb-data" 20 = 400.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void theHandoverFdtEmbedsTheInstanceDtbAsDtbData(Profile p) {
        Machine m = loadedWeb(p);
        assertEquals(240, instance(m, "web").dtbSize());
        assertEquals(StepResult.OK, exec(m, 1));
        assertEquals(400, m.handoverBytes(1));
        SpawnedKernel k = m.kho().lastStarted(1);
        byte[] page = k.handoverAtExec();
        assertEquals(PAGE, page.length);
        FdtView v = FdtView.of(page);
        assertEquals(0, FdtRo.fdt_check_header(v));
        assertEquals(0, FdtRo.fdt_node_check_compatible(v, 0, "multikernel-v1"));
        int[] len = new int[1];
        long off = FdtRo.fdt_getprop(v, multikernelNode(page), "dtb-data", len);
        assertArrayEquals(instance(m, "web").dtbData(), v.read(off, len[0]));
        assertArrayEquals(page, m.host().read(k.handoverPhys()), "finalize wrote the page in place");
    }

    // ---------------------------------------------------------------- notifier failures

    @Test
    void rfcV2StartsTheKernelWithoutDtbDataWhenTheNotifierFindsNoInstance() {
        Machine m = loadedWeb(Profile.rfcV2());
        assertEquals(StepResult.OK, m.rebootMultikernel(1, false, NotifierFault.LOOKUP));
        SpawnedKernel k = m.kho().lastStarted(1);
        assertEquals(0, k.finalizeRet(), "NOTIFY_STOP reads as success");
        assertTrue(multikernelNode(k.handoverAtExec()) < 0);
        assertNull(dtbData(k.handoverAtExec()), "no dtb-data");
    }

    @Test
    void rfcV2StartsTheKernelWithoutDtbDataWhenTheInstanceHasNoDtb() {
        Machine m = loadedWeb(Profile.rfcV2());
        assertEquals(StepResult.OK, m.rebootMultikernel(1, false, NotifierFault.NO_DTB));
        SpawnedKernel k = m.kho().lastStarted(1);
        assertEquals(0, k.finalizeRet());
        assertNull(dtbData(k.handoverAtExec()), "no dtb-data");
    }

    @Test
    void fixedAbortsTheExecWithEnoentWhenTheNotifierFindsNoInstance() {
        Machine m = loadedWeb(Profile.fixed());
        long before = m.fingerprint();
        assertEquals(err(Errno.ENOENT), m.rebootMultikernel(1, false, NotifierFault.LOOKUP));
        assertEquals(before, m.fingerprint());
        assertTrue(m.kho().spawned().isEmpty());
        assertEquals("loaded", m.status().get("web"));
        assertFalse(m.rebootLockHeld());
    }

    @Test
    void fixedAbortsTheExecWithEnodataWhenTheInstanceHasNoDtb() {
        Machine m = loadedWeb(Profile.fixed());
        long before = m.fingerprint();
        assertEquals(err(Errno.ENODATA), m.rebootMultikernel(1, false, NotifierFault.NO_DTB));
        assertEquals(before, m.fingerprint());
        assertTrue(m.kho().spawned().isEmpty());
    }

    /** web with a 3700-byte extra property: its DTB (3956 bytes) fits a page, the handover FDT does not. */
    static Machine loadedNearlyAPageDtb(Profile p) {
        Machine m = TestMachines.loadedNearlyAPageDtb(p);
        assertEquals(3956, instance(m, "web").dtbSize());
        return m;
    }

    @Test
    void rfcV2StartsTheKernelAfterADtbTooBigForTheHandoverPageWithAnEmptyMultikernelNode() {
        Machine m = loadedNearlyAPageDtb(Profile.rfcV2());
        assertEquals(StepResult.OK, exec(m, 1));
        SpawnedKernel k = m.kho().lastStarted(1);
        assertEquals(-Libfdt.FDT_ERR_NOSPACE, k.finalizeRet(), "a libfdt code, read as -ESRCH");
        byte[] page = k.handoverAtExec();
        int mk = multikernelNode(page);
        assertTrue(mk >= 0, "fdt_end_node and fdt_finish still ran");
        assertEquals(FdtRo.NULL, FdtRo.fdt_getprop(FdtView.of(page), mk, "dtb-data", new int[1]));
        assertEquals(139, m.handoverBytes(1));
        assertNull(dtbData(k.handoverAtExec()), "no dtb-data");
        assertEquals(StepResult.OK, m.spawnedBoot(1));
        assertNull(m.kho().lastStarted(1).restored());
    }

    @Test
    void fixedRefusesToExecAnInstanceWhoseDtbDoesNotFitTheHandoverPage() {
        Machine m = loadedNearlyAPageDtb(Profile.fixed());
        long before = m.fingerprint();
        assertEquals(err(Errno.ENOSPC), exec(m, 1));
        assertEquals(before, m.fingerprint());
        assertTrue(m.kho().spawned().isEmpty());
        assertEquals("loaded", m.status().get("web"));
    }

    // ---------------------------------------------------------------- the page's lifetime

    @Test
    void rfcV2FreesTheHandoverPageOnUnloadAndTheHostOverwritesItBeforeTheKernelReadsIt() {
        Machine m = loadedWeb(Profile.rfcV2());
        assertEquals(StepResult.OK, exec(m, 1));
        SpawnedKernel k = m.kho().lastStarted(1);
        assertFalse(k.pinned());
        assertEquals(StepResult.OK, m.kexecFileUnload(null));
        assertTrue(m.host().isFree(k.handoverPhys()));
        assertEquals(StepResult.OK, m.hostReuseFreedPages());
        byte[] poisoned = new byte[(int) PAGE];
        Arrays.fill(poisoned, HostMemory.HOST_REUSE_POISON);
        assertArrayEquals(poisoned, m.host().read(k.handoverPhys()));
        assertEquals(StepResult.OK, m.spawnedBoot(1));
        assertFalse(k.populated(), "mk_kho_populate finds no FDT header: multikernel revival disabled");
        assertNull(k.restored());
        assertFalse(k.readsIntact());
    }

    @Test
    void fixedPinsTheHandoverPageForTheSpawnedKernelSoHostReuseLeavesItAlone() {
        Machine m = loadedWeb(Profile.fixed());
        assertEquals(StepResult.OK, exec(m, 1));
        SpawnedKernel k = m.kho().lastStarted(1);
        assertTrue(k.pinned());
        assertEquals(2, m.host().page(k.handoverPhys()).refcount());
        assertEquals(StepResult.OK, m.hostReuseFreedPages());
        assertArrayEquals(k.handoverAtExec(), m.host().read(k.handoverPhys()));
        assertEquals(StepResult.OK, m.spawnedBoot(1));
        assertTrue(k.readsIntact());
        assertNotNull(k.restored());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void hostReuseOverwritesEveryFreedPageAndNoOther(Profile p) {
        Machine m = loadedWeb(p);
        assertEquals(StepResult.OK, m.kexecFileLoadDefault(TestMachines.sizes(PAGE)));
        List<Long> plainPages = m.kexec().kexecImage().controlPages();
        assertEquals(StepResult.OK, m.kexecFileUnload(null));
        List<Long> freed = m.host().freeList();
        assertTrue(freed.containsAll(plainPages));
        assertEquals(StepResult.OK, m.hostReuseFreedPages());
        for (long page : freed) {
            assertEquals(HostMemory.HOST_REUSE_POISON, m.host().read(page)[0], Long.toHexString(page));
        }
        for (var live : m.host().allocatedPages()) {
            assertFalse(m.host().read(live.getKey())[0] == HostMemory.HOST_REUSE_POISON, Long.toHexString(live.getKey()));
        }
    }
}
