package mkspec.reference.machine;

import static mkspec.reference.machine.TestMachines.PAGE;
import static mkspec.reference.machine.TestMachines.WEB_BYTES;
import static mkspec.reference.machine.TestMachines.cells;
import static mkspec.reference.machine.TestMachines.dtbData;
import static mkspec.reference.machine.TestMachines.err;
import static mkspec.reference.machine.TestMachines.exec;
import static mkspec.reference.machine.TestMachines.globalAvail;
import static mkspec.reference.machine.TestMachines.handoverWith;
import static mkspec.reference.machine.TestMachines.imageOf;
import static mkspec.reference.machine.TestMachines.inst;
import static mkspec.reference.machine.TestMachines.instance;
import static mkspec.reference.machine.TestMachines.instanceNode;
import static mkspec.reference.machine.TestMachines.load;
import static mkspec.reference.machine.TestMachines.loadFailingAt;
import static mkspec.reference.machine.TestMachines.loadedNearlyAPageDtb;
import static mkspec.reference.machine.TestMachines.raw;
import static mkspec.reference.machine.TestMachines.sizes;
import static mkspec.reference.machine.TestMachines.small;
import static mkspec.reference.machine.TestMachines.treeOf;
import static mkspec.reference.machine.TestMachines.treeOverAPage;
import static mkspec.reference.machine.TestMachines.upload;
import static mkspec.reference.machine.TestMachines.webAndDb;
import static mkspec.reference.machine.TestMachines.withoutMemory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import mkspec.reference.Erratum;
import mkspec.reference.Errno;
import mkspec.reference.Profile;
import mkspec.reference.fdt.FdtRo;
import mkspec.reference.fdt.FdtTree;
import mkspec.reference.fdt.FdtView;
import mkspec.reference.fdt.Libfdt;
import mkspec.reference.kernel.FailPoint;
import mkspec.reference.kernel.KImage;
import mkspec.reference.kernel.KexecFlags;
import mkspec.reference.kernel.NotifierFault;
import mkspec.reference.kernel.multikernel.MkInstance;
import mkspec.reference.kernel.multikernel.MkKernfs;
import mkspec.reference.kernel.multikernel.kho.SpawnedKernel;
import mkspec.reference.mm.HostMemory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every erratum against {@code fixed}: with the erratum switched on alone the reference shows the
 * defect of notes section 6, with it off it does not. Each pair drives the same steps.
 */
class ErrataTest {
    static Profile on(Erratum e) {
        return Profile.fixed().with(e);
    }

    static Profile off() {
        return Profile.fixed();
    }

    static Machine startedWeb(Profile p) {
        Machine m = webAndDb(p);
        assertEquals(StepResult.OK, load(m, 1, PAGE));
        assertEquals(StepResult.OK, exec(m, 1));
        return m;
    }

    @Nested
    class D1 {
        Machine failedLoad(Profile p) {
            Machine m = webAndDb(p);
            assertEquals(err(Errno.ENOEXEC), loadFailingAt(m, 1, FailPoint.PREPARE_SEGMENTS, 8 << 10, 4 << 10));
            return m;
        }

        @Test
        void onAFailureInsideAllocInitLeavesADanglingImageAStuckStateAndLeaks() {
            Machine m = failedLoad(on(Erratum.D1));
            MkInstance web = instance(m, "web");
            assertEquals("loading", m.status().get("web"));
            assertFalse(((KImage) web.kimage()).alive());
            assertEquals(2, web.refcount());
            assertEquals(WEB_BYTES - 3 * PAGE, web.instancePool().gen_pool_avail());
            assertEquals(1, m.host().allocatedPages().size(), "the handover page");
            assertEquals(err(Errno.EBUSY), load(m, 1, PAGE));
            assertEquals("multikernel_kexec_by_id use-after-free", assertInstanceOf(StepResult.Bug.class, exec(m, 1)).site());
        }

        @Test
        void offTheFailedLoadIsUndone() {
            Machine m = failedLoad(off());
            MkInstance web = instance(m, "web");
            assertEquals("ready", m.status().get("web"));
            assertNull(web.kimage());
            assertEquals(1, web.refcount());
            assertEquals(WEB_BYTES, web.instancePool().gen_pool_avail());
            assertEquals(List.of(), m.host().allocatedPages());
            assertEquals(StepResult.OK, load(m, 1, PAGE));
        }
    }

    @Nested
    class D2 {
        @Test
        void onASegmentThePoolCannotHoldIsPlacedInHostRam() {
            Machine m = webAndDb(on(Erratum.D2));
            assertEquals(StepResult.OK, load(m, 1, 2 * WEB_BYTES));
            KImage.Segment s = imageOf(m, "web").segments().get(0);
            assertEquals(new KImage.Segment(0x8000_0000L - 2 * WEB_BYTES, 2 * WEB_BYTES, false), s);
            assertFalse(instance(m, "web").covers(s.mem(), s.memsz()));
        }

        @Test
        void offASegmentThePoolCannotHoldIsEnomem() {
            Machine m = webAndDb(off());
            long before = m.fingerprint();
            assertEquals(err(Errno.ENOMEM), load(m, 1, 2 * WEB_BYTES));
            assertEquals(before, m.fingerprint());
        }
    }

    @Nested
    class D3 {
        @Test
        void onOnlyIdOneCanBeLoaded() {
            Machine m = webAndDb(on(Erratum.D3));
            assertEquals(0x3f, KexecFlags.kexecFileFlags(on(Erratum.D3)));
            assertEquals(err(Errno.EINVAL), load(m, 2, PAGE));
            assertEquals("ready", m.status().get("db"));
            assertEquals(StepResult.OK, load(m, 1, PAGE));
        }

        @Test
        void offEveryIdLoads() {
            Machine m = webAndDb(off());
            assertEquals(StepResult.OK, load(m, 2, PAGE));
            assertEquals(StepResult.OK, load(m, 1, PAGE));
            assertEquals(Map.of("web", "loaded", "db", "loaded"), m.status());
        }
    }

    @Nested
    class D4 {
        @Test
        void onLoadingAnotherInstanceFreesTheImageOfARunningOne() {
            Machine m = startedWeb(on(Erratum.D4));
            assertEquals("active", m.status().get("web"));
            assertEquals(StepResult.OK, load(m, 2, PAGE));
            assertEquals("ready", m.status().get("web"), "kimage_free set READY under the running kernel");
            assertNull(instance(m, "web").kimage());
            assertSame(imageOf(m, "db"), m.kexec().kexecImage());
            assertFalse(m.kho().lastStarted(1).booted(), "web's spawned kernel still runs");
        }

        @Test
        void offLoadingAnotherInstanceLeavesTheRunningOneAlone() {
            Machine m = startedWeb(off());
            KImage web = imageOf(m, "web");
            assertEquals(StepResult.OK, load(m, 2, PAGE));
            assertEquals("active", m.status().get("web"));
            assertSame(web, imageOf(m, "web"));
            assertTrue(web.alive());
            assertNull(m.kexec().kexecImage());
        }

        @Test
        void onAnUnloadNamingOneInstanceUnloadsAnother() {
            Machine m = webAndDb(on(Erratum.D4));
            assertEquals(StepResult.OK, load(m, 1, PAGE));
            assertEquals(StepResult.OK, m.kexecFileUnload(2L));
            assertEquals("ready", m.status().get("web"));
        }

        @Test
        void offAnUnloadNamingOneInstanceLeavesTheOthers() {
            Machine m = webAndDb(off());
            assertEquals(StepResult.OK, load(m, 1, PAGE));
            assertEquals(StepResult.OK, m.kexecFileUnload(2L));
            assertEquals("loaded", m.status().get("web"));
        }

        @Test
        void onAPlainLoadFreesAMultikernelImage() {
            Machine m = webAndDb(on(Erratum.D4));
            assertEquals(StepResult.OK, load(m, 1, PAGE));
            assertEquals(StepResult.OK, m.kexecFileLoadDefault(sizes(PAGE)));
            assertEquals("ready", m.status().get("web"));
        }

        @Test
        void offAPlainLoadLeavesAMultikernelImage() {
            Machine m = webAndDb(off());
            assertEquals(StepResult.OK, load(m, 1, PAGE));
            assertEquals(StepResult.OK, m.kexecFileLoadDefault(sizes(PAGE)));
            assertEquals("loaded", m.status().get("web"));
        }
    }

    @Nested
    class D5 {
        @Test
        void onARunningInstanceCanBeExecutedAgainUnloadedAndRemoved() {
            Machine m = startedWeb(on(Erratum.D5));
            assertEquals("loading", m.status().get("web"), "neither LOADED nor ACTIVE is ever set");
            assertEquals(StepResult.OK, exec(m, 1));
            assertEquals(2, m.kho().spawned().size());
            assertEquals(StepResult.OK, m.kexecFileUnload(1L));
            long before = globalAvail(m);
            assertEquals(StepResult.OK, m.rmdir("web"));
            assertEquals(before + WEB_BYTES, globalAvail(m), "the running kernel's memory is back in the global pool");
            assertFalse(m.kho().lastStarted(1).booted());
        }

        @Test
        void offARunningInstanceIsActiveAndProtected() {
            Machine m = startedWeb(off());
            assertEquals("active", m.status().get("web"));
            long before = m.fingerprint();
            assertEquals(err(Errno.EBUSY), exec(m, 1));
            assertEquals(err(Errno.EBUSY), m.kexecFileUnload(1L));
            assertEquals(err(Errno.EBUSY), m.rmdir("web"));
            assertEquals(before, m.fingerprint());
        }

        @Test
        void onOverlappingCpusAndCpuZeroAreAccepted() {
            Machine m = small(on(Erratum.D5));
            assertEquals(StepResult.OK, upload(m, inst("web", 1, List.of(0L, 1L), PAGE), inst("db", 2, List.of(1L, 2L), PAGE)));
            assertTrue(instance(m, "web").cpus().intersects(instance(m, "db").cpus()));
        }

        @Test
        void offOverlappingCpusAndCpuZeroAreRefused() {
            Machine m = small(off());
            assertEquals(err(Errno.EINVAL), upload(m, inst("web", 1, List.of(0L, 1L), PAGE)));
            assertEquals(err(Errno.EBUSY), upload(m, inst("web", 1, List.of(1L), PAGE), inst("db", 2, List.of(1L, 2L), PAGE)));
            assertEquals(Map.of(), m.status());
        }
    }

    @Nested
    class D6 {
        @Test
        void onAnUnloadLeavesThePoolPagesAllocatedAndRmdirHitsTheBug() {
            Machine m = webAndDb(on(Erratum.D6));
            assertEquals(StepResult.OK, load(m, 1, PAGE));
            assertEquals(StepResult.OK, m.kexecFileUnload(1L));
            assertEquals(WEB_BYTES - 3 * PAGE, instance(m, "web").instancePool().gen_pool_avail());
            StepResult r = m.rmdir("web");
            assertEquals("gen_pool_destroy BUG_ON(bit < end_bit)", assertInstanceOf(StepResult.Bug.class, r).site());
            assertNotNull(m.crashed());
        }

        @Test
        void offAnUnloadReturnsThePoolPagesAndRmdirSucceeds() {
            Machine m = webAndDb(off());
            assertEquals(StepResult.OK, load(m, 1, PAGE));
            assertEquals(StepResult.OK, m.kexecFileUnload(1L));
            assertEquals(WEB_BYTES, instance(m, "web").instancePool().gen_pool_avail());
            assertEquals(StepResult.OK, m.rmdir("web"));
            assertNull(m.crashed());
        }
    }

    @Nested
    class D7 {
        @Test
        void onADuplicateIdLeaksItsReservationAndTheWriteSucceeds() {
            Machine m = small(on(Erratum.D7));
            assertEquals(StepResult.OK, upload(m, inst("web", 1, List.of(1L), 4 * PAGE), inst("api", 1, List.of(2L), 4 * PAGE)));
            assertEquals(Map.of("web", "ready"), m.status());
            assertEquals(64 * PAGE - 8 * PAGE, globalAvail(m));
            assertFalse(m.cpus().cpu_online(2));
        }

        @Test
        void offADuplicateIdFailsTheWholeWrite() {
            Machine m = small(off());
            long before = m.fingerprint();
            assertEquals(err(Errno.ENOSPC), upload(m, inst("web", 1, List.of(1L), 4 * PAGE), inst("api", 1, List.of(2L), 4 * PAGE)));
            assertEquals(before, m.fingerprint());
            assertEquals(64 * PAGE, globalAvail(m));
        }
    }

    @Nested
    class D8 {
        @Test
        void onAnInstanceWithoutMemoryBytesIsCreatedWithoutPoolAndCannotLoad() {
            Machine m = small(on(Erratum.D8));
            assertEquals(StepResult.OK, upload(m, withoutMemory("web", 1, List.of(1L))));
            assertNull(instance(m, "web").instancePool());
            // The segments are placed in host RAM (KexecFileLoadTest shows where), then the control
            // pages, which have no host fallback, fail.
            assertEquals(err(Errno.ENOMEM), load(m, 1, PAGE));
            assertEquals("ready", m.status().get("web"));
        }

        @Test
        void onWithD1KeepingTheFailedImageItsSegmentsSitInHostRam() {
            Machine m = small(on(Erratum.D8).with(Erratum.D1));
            assertEquals(StepResult.OK, upload(m, withoutMemory("web", 1, List.of(1L))));
            assertEquals(err(Errno.ENOMEM), load(m, 1, PAGE));
            KImage dangling = imageOf(m, "web");
            assertEquals(List.of(new KImage.Segment(0x8000_0000L - PAGE, PAGE, false)), dangling.segments());
        }

        @Test
        void offAnInstanceWithoutMemoryBytesIsRefused() {
            Machine m = small(off());
            long before = m.fingerprint();
            assertEquals(err(Errno.EINVAL), upload(m, withoutMemory("web", 1, List.of(1L))));
            assertEquals(before, m.fingerprint());
        }
    }

    @Nested
    class D9 {
        @Test
        void onABadPointerLeavesTheLockHeldAndTheNextRebootHangs() {
            Machine m = startedWeb(on(Erratum.D9));
            assertEquals(err(Errno.EFAULT), m.rebootMultikernel(1, true, NotifierFault.NONE));
            assertTrue(m.rebootLockHeld());
            assertEquals(StepResult.HANG, m.rebootOther());
        }

        @Test
        void offABadPointerReleasesTheLock() {
            Machine m = startedWeb(off());
            assertEquals(err(Errno.EFAULT), m.rebootMultikernel(1, true, NotifierFault.NONE));
            assertFalse(m.rebootLockHeld());
            assertEquals(StepResult.OK, m.rebootOther());
        }
    }

    @Nested
    class D10 {
        @ParameterizedTest(name = "{0}")
        @EnumSource(value = NotifierFault.class, names = {"LOOKUP", "NO_DTB"})
        void onANotifierFailureReadsAsSuccessAndTheKernelStartsWithoutDtbData(NotifierFault fault) {
            Machine m = webAndDb(on(Erratum.D10));
            assertEquals(StepResult.OK, load(m, 1, PAGE));
            assertEquals(StepResult.OK, m.rebootMultikernel(1, false, fault));
            SpawnedKernel k = m.kho().lastStarted(1);
            assertEquals(0, k.finalizeRet());
            assertTrue(FdtRo.fdt_subnode_offset(FdtView.of(k.handoverAtExec()), 0, "multikernel") < 0);
            assertNull(dtbData(k.handoverAtExec()), "no dtb-data");
            assertEquals("active", m.status().get("web"));
        }

        @Test
        void offANotifierFailureIsReportedAndTheExecAborted() {
            Machine m = webAndDb(off());
            assertEquals(StepResult.OK, load(m, 1, PAGE));
            assertEquals(err(Errno.ENOENT), m.rebootMultikernel(1, false, NotifierFault.LOOKUP));
            assertEquals(err(Errno.ENODATA), m.rebootMultikernel(1, false, NotifierFault.NO_DTB));
            assertTrue(m.kho().spawned().isEmpty());
            assertEquals("loaded", m.status().get("web"));
        }
    }

    @Nested
    class D11 {
        @Test
        void onAFinalizeErrnoIsIgnoredAndTheCpuKickedAnyway() {
            Machine m = webAndDb(on(Erratum.D11));
            assertEquals(StepResult.OK, load(m, 1, PAGE));
            assertEquals(StepResult.OK, m.rebootMultikernel(1, false, NotifierFault.LOOKUP));
            assertEquals(Errno.ENOENT.negative(), m.kho().lastStarted(1).finalizeRet());
            assertNull(dtbData(m.kho().lastStarted(1).handoverAtExec()), "no dtb-data");
        }

        @Test
        void onADtbTooBigForTheHandoverPageStartsTheKernelWithALibfdtCodeAsErrno() {
            Machine m = loadedNearlyAPageDtb(on(Erratum.D11));
            assertEquals(StepResult.OK, exec(m, 1));
            assertEquals(-Libfdt.FDT_ERR_NOSPACE, m.kho().lastStarted(1).finalizeRet());
            assertEquals(Errno.ESRCH.negative(), m.kho().lastStarted(1).finalizeRet(), "which reads as -ESRCH");
            assertNull(dtbData(m.kho().lastStarted(1).handoverAtExec()), "no dtb-data");
        }

        @Test
        void offAFinalizeFailureAbortsTheExecWithAProperErrno() {
            Machine m = loadedNearlyAPageDtb(off());
            assertEquals(err(Errno.ENOSPC), exec(m, 1));
            assertTrue(m.kho().spawned().isEmpty());
            Machine n = webAndDb(off());
            assertEquals(StepResult.OK, load(n, 1, PAGE));
            assertEquals(err(Errno.ENOENT), n.rebootMultikernel(1, false, NotifierFault.LOOKUP));
        }
    }

    @Nested
    class D12 {
        @Test
        void onAWriteOverAPageIsSplitAndTheFirstPieceReadPastItsEnd() {
            Machine m = small(on(Erratum.D12), 256);
            assertEquals(err(Errno.EINVAL), m.uploadDeviceTree(treeOverAPage(), 0));
            assertTrue(m.fdtReads().bytes() > 0);
            assertEquals(Map.of(), m.status());
        }

        @Test
        void offAWriteOverAPageIsTakenWhole() {
            Machine m = small(off(), 256);
            assertEquals(StepResult.OK, m.uploadDeviceTree(treeOverAPage(), 0));
            assertEquals(0, m.fdtReads().bytes());
            assertEquals(64, m.status().size());
        }
    }

    @Nested
    class D13 {
        byte[] twoByteId() {
            return treeOf(instanceNode("web", List.of(raw("id", 0, 1)), cells("memory-bytes", WEB_BYTES)));
        }

        @Test
        void onATwoByteIdIsReadAsFourBytes() {
            Machine m = small(on(Erratum.D13));
            // The id read is 0x00010000, which the range check (D17 off) then refuses.
            assertEquals(err(Errno.EINVAL), m.uploadDeviceTree(twoByteId(), 0));
            assertEquals(2, m.fdtReads().bytes());
        }

        @Test
        void offATwoByteIdIsRefusedUnread() {
            Machine m = small(off());
            assertEquals(err(Errno.EINVAL), m.uploadDeviceTree(twoByteId(), 0));
            assertEquals(0, m.fdtReads().bytes());
        }

        /** web started, then its handover page holds the first 200 of its DTB's 240 bytes as dtb-data. */
        Machine startedWithTruncatedDtb(Profile p) {
            Machine m = startedWeb(p);
            byte[] dtb = instance(m, "web").dtbData();
            assertEquals(240, dtb.length);
            m.host().write(m.kho().lastStarted(1).handoverPhys(), handoverWith(Arrays.copyOf(dtb, 200)));
            assertEquals(StepResult.OK, m.spawnedBoot(1));
            return m;
        }

        @Test
        void onRestoreWalksAnEmbeddedDtbPastTheDtbDataLength() {
            Machine m = startedWithTruncatedDtb(on(Erratum.D13));
            assertEquals(Errno.ENOENT.negative(), m.kho().lastStarted(1).restoreRet(), "`id` is named past the end");
            assertTrue(m.fdtReads().bytes() > 0);
            assertEquals("mk_dt_extract_instance_info (embedded DTB): byte 226 of a 200-byte buffer", m.fdtReads().first());
        }

        @Test
        void offRestoreRefusesAnEmbeddedDtbLongerThanItsDtbData() {
            Machine m = startedWithTruncatedDtb(off());
            assertEquals(Errno.EINVAL.negative(), m.kho().lastStarted(1).restoreRet());
            assertEquals(0, m.fdtReads().bytes());
        }
    }

    @Nested
    class D14 {
        @Test
        void onTheSpawnedKernelOverwritesTheUnreservedHandoverPageBeforeRestore() {
            Machine m = startedWeb(on(Erratum.D14));
            SpawnedKernel k = m.kho().lastStarted(1);
            assertFalse(k.pinned());
            assertEquals(1, m.host().page(k.handoverPhys()).refcount());
            assertEquals(StepResult.OK, m.spawnedBoot(1));
            assertTrue(k.populated());
            byte[] scribbled = new byte[(int) PAGE];
            Arrays.fill(scribbled, HostMemory.SPAWNED_SCRIBBLE);
            assertArrayEquals(scribbled, k.readAtRestore());
            assertFalse(k.readsIntact());
            assertNull(k.restored());
        }

        @Test
        void offThePageIsPinnedAndReservedUntilRestoreHasReadIt() {
            Machine m = startedWeb(off());
            SpawnedKernel k = m.kho().lastStarted(1);
            assertTrue(k.pinned());
            assertEquals(2, m.host().page(k.handoverPhys()).refcount());
            assertEquals(StepResult.OK, m.spawnedBoot(1));
            assertTrue(k.readsIntact());
            assertNotNull(k.restored());
        }
    }

    @Nested
    class D15 {
        @Test
        void onRestoreReservesFromTheSpawnedKernelsOwnPoolAndFails() {
            Machine m = startedWeb(on(Erratum.D15));
            assertEquals(StepResult.OK, m.spawnedBoot(1));
            assertEquals(Errno.ENOMEM.negative(), m.kho().lastStarted(1).restoreRet());
            assertNull(m.kho().lastStarted(1).restored());
        }

        @Test
        void offRestoreRegistersTheInstanceWithItsCpusAndMemory() {
            Machine m = startedWeb(off());
            assertEquals(StepResult.OK, m.spawnedBoot(1));
            SpawnedKernel.Restored r = m.kho().lastStarted(1).restored();
            assertEquals(new SpawnedKernel.Restored("web", 1, BitSet.valueOf(new long[] {0b10}), WEB_BYTES, true), r);
        }
    }

    @Nested
    class D17 {
        @ParameterizedTest(name = "id {0}")
        @ValueSource(longs = {0, 2048, 2049})
        void onAnUploadAcceptsAnIdKexecMkIdCannotCarry(long id) {
            Machine m = small(on(Erratum.D17));
            assertEquals(StepResult.OK, upload(m, inst("web", id, List.of(1L), WEB_BYTES)));
            assertEquals(id, instance(m, "web").id());
        }

        @ParameterizedTest(name = "id {0}")
        @ValueSource(longs = {0, 2048, 2049})
        void offAnUploadRefusesAnIdOutsideOneTo2047(long id) {
            Machine m = small(off());
            assertEquals(err(Errno.EINVAL), upload(m, inst("web", id, List.of(1L), WEB_BYTES)));
        }

        /** web started, then its handover page replaced by one embedding {@code dtb}; then it boots. */
        SpawnedKernel bootWith(Profile p, byte[] dtb) {
            Machine m = startedWeb(p);
            SpawnedKernel k = m.kho().lastStarted(1);
            m.host().write(k.handoverPhys(), handoverWith(dtb));
            assertEquals(StepResult.OK, m.spawnedBoot(1));
            return k;
        }

        byte[] twoInstances() {
            return treeOf(
                instanceNode("db", List.of(cells("id", 2)), cells("cpus", 2), cells("memory-bytes", WEB_BYTES)),
                instanceNode("web", List.of(cells("id", 1)), cells("cpus", 1), cells("memory-bytes", WEB_BYTES)));
        }

        byte[] idOf(FdtTree.Property id) {
            return treeOf(instanceNode("web", List.of(id), cells("cpus", 1), cells("memory-bytes", WEB_BYTES)));
        }

        @Test
        void onRestoreTakesTheFirstOfTwoInstances() {
            SpawnedKernel k = bootWith(on(Erratum.D17), twoInstances());
            assertEquals("db", k.restored().name());
            assertEquals(2, k.restored().id(), "not the id the kernel was started for");
        }

        @Test
        void offRestoreRefusesADtbWithTwoInstances() {
            SpawnedKernel k = bootWith(off(), twoInstances());
            assertEquals(Errno.EINVAL.negative(), k.restoreRet());
            assertNull(k.restored());
        }

        @Test
        void onRestoreTakesAnIdOutsideOneTo2047() {
            SpawnedKernel k = bootWith(on(Erratum.D17), idOf(cells("id", 4096)));
            assertEquals(4096, k.restored().id());
        }

        @Test
        void offRestoreRefusesAnIdOutsideOneTo2047() {
            SpawnedKernel k = bootWith(off(), idOf(cells("id", 4096)));
            assertEquals(Errno.EINVAL.negative(), k.restoreRet());
        }

        @Test
        void onWithD13RestoreTakesATwoByteIdAsWhateverFollowsIt() {
            SpawnedKernel k = bootWith(on(Erratum.D17).with(Erratum.D13), idOf(raw("id", 0, 1)));
            assertEquals(0x0001_0000, k.restored().id());
        }

        @Test
        void offWithD13RestoreRefusesTheOutOfRangeIdATwoByteIdReadsAs() {
            SpawnedKernel k = bootWith(on(Erratum.D13), idOf(raw("id", 0, 1)));
            assertEquals(Errno.EINVAL.negative(), k.restoreRet());
            assertNull(k.restored());
        }
    }

    @Nested
    class D20 {
        /** web with a {@code bootargs} property whose name offset lies outside the strings block. */
        byte[] badName() {
            byte[] tree = treeOf(instanceNode("web", List.of(cells("id", 1), raw("bootargs", 'x', 0)),
                cells("cpus", 1), cells("memory-bytes", WEB_BYTES)));
            FdtView v = FdtView.of(tree);
            int node = FdtRo.fdt_path_offset(v, "/instances/web");
            for (int p = FdtRo.fdt_first_property_offset(v, node); p >= 0; p = FdtRo.fdt_next_property_offset(v, p)) {
                long prop = FdtRo.fdt_get_property_by_offset(v, p, null);
                if (v.cString(FdtRo.fdt_string(v, v.u32(prop + 8))).equals("bootargs")) {
                    java.nio.ByteBuffer.wrap(tree).putInt((int) prop + 8, 0x7fff_0000);
                    return tree;
                }
            }
            throw new AssertionError("no bootargs");
        }

        @Test
        void onABadPropertyNameOopsTheHostInFdtProperty() {
            Machine m = small(on(Erratum.D20));
            StepResult r = m.uploadDeviceTree(badName(), 0);
            assertInstanceOf(StepResult.Bug.class, r);
            assertEquals("fdt_property NULL name", ((StepResult.Bug) r).site());
            assertEquals(1, m.fdtReads().bytes(), "strlen() of NULL reads outside every FDT");
            assertNotNull(m.crashed());
        }

        @Test
        void offABadPropertyNameRefusesTheNode() {
            Machine m = small(off());
            assertEquals(err(Errno.EINVAL), m.uploadDeviceTree(badName(), 0));
            assertEquals(0, m.fdtReads().bytes());
            assertTrue(m.core().instances().isEmpty());
        }

        @Test
        void aTreeOlderThanVersion16GetsNoPropertiesCopiedInEitherProfile() {
            byte[] tree = treeOf(instanceNode("web", List.of(cells("id", 1)), cells("cpus", 1),
                cells("memory-bytes", WEB_BYTES)));
            java.nio.ByteBuffer.wrap(tree).putInt(20, 15); // version
            java.nio.ByteBuffer.wrap(tree).putInt(24, 2); // last_comp_version
            FdtView v = FdtView.of(tree);
            int node = FdtRo.fdt_path_offset(v, "/instances/web");
            for (Profile p : List.of(on(Erratum.D20), off())) {
                byte[][] out = new byte[1][];
                assertEquals(0, mkspec.reference.kernel.multikernel.MkKernfs.mk_extract_instance_dtb_from_node(v, node, "web", out,
                    PAGE, p, new mkspec.reference.FdtReadLog()));
                FdtView own = FdtView.of(out[0]);
                int web = FdtRo.fdt_path_offset(own, "/instances/web");
                assertTrue(FdtRo.fdt_first_property_offset(own, web) < 0, "no property of web is copied");
                int res = FdtRo.fdt_subnode_offset(own, web, "resources");
                // a version-15 node name is a path: "resources" is not one, so fdt_get_name() fails and the copy skips it
                assertTrue(res < 0 || FdtRo.fdt_first_property_offset(own, res) < 0, "nor of its resources");
            }
            // without memory-bytes the fixed kernel refuses the instance
            assertEquals(err(Errno.EINVAL), small(off()).uploadDeviceTree(tree, 0));
        }
    }
}
