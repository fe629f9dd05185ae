package mkspec.reference.kernel.multikernel;

import static mkspec.reference.machine.TestMachines.PAGE;
import static mkspec.reference.machine.TestMachines.dtb;
import static mkspec.reference.machine.TestMachines.err;
import static mkspec.reference.machine.TestMachines.globalAvail;
import static mkspec.reference.machine.TestMachines.inst;
import static mkspec.reference.machine.TestMachines.instanceNode;
import static mkspec.reference.machine.TestMachines.cells;
import static mkspec.reference.machine.TestMachines.root;
import static mkspec.reference.machine.TestMachines.small;
import static mkspec.reference.machine.TestMachines.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mkspec.reference.Errno;
import mkspec.reference.Profile;
import mkspec.reference.fdt.FdtTree;
import mkspec.reference.machine.InstanceConfig;
import mkspec.reference.machine.Machine;
import mkspec.reference.machine.StepResult;
import mkspec.reference.machine.TestMachines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Writing /sys/fs/multikernel/device_tree as a whole ([P08] root_device_tree_write behind
 * kernfs_fop_write_iter): header and /instances checks, and how writes larger than a page or
 * split into several write() calls are handed to it (D12).
 */
class UploadDeviceTreeTest {
    static final InstanceConfig WEB = inst("web", 1, List.of(1L), 4 * PAGE);

    static Stream<Profile> profiles() {
        return mkspec.reference.machine.TestMachines.profiles();
    }

    /** 64 nodes of one page each: a valid tree of 4763 bytes, more than a page. */
    static byte[] treeOverAPage() {
        byte[] blob = TestMachines.treeOverAPage();
        assertTrue(blob.length > PAGE && blob.length < 2 * PAGE, "fixture size " + blob.length);
        return blob;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void aValidTreeCreatesEveryInstanceReadyWithItsMemoryAndCpus(Profile p) {
        Machine m = small(p);
        assertEquals(StepResult.OK, m.uploadDeviceTree(dtb(WEB), 0));
        assertEquals(Map.of("web", "ready"), m.status());
        MkInstance web = m.core().idr().get(1);
        assertEquals("web", web.name());
        assertEquals(List.of(new MkInstance.Region(0x4000_0000L, 0x4000_3fffL)), web.memoryRegions());
        assertEquals(BitSet.valueOf(new long[] {0b10}), web.cpus());
        assertTrue(!m.cpus().cpu_online(1), "an instance's CPU is taken offline");
        assertEquals(64 * PAGE - 4 * PAGE, globalAvail(m));
        assertEquals(0, m.fdtReads().bytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void aBlobWithoutTheFdtMagicIsRefusedWithEinvalAndChangesNothing(Profile p) {
        Machine m = small(p);
        long before = m.fingerprint();
        byte[] blob = dtb(WEB);
        blob[0] = 0;
        assertEquals(err(Errno.EINVAL), m.uploadDeviceTree(blob, 0));
        assertEquals(Map.of(), m.status());
        assertEquals(64 * PAGE, globalAvail(m));
        assertEquals(before, m.fingerprint());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void aTreeWithoutInstancesIsRefusedWithEinval(Profile p) {
        Machine m = small(p);
        long before = m.fingerprint();
        FdtTree.Node elsewhere = new FdtTree.Node("guests", List.of(),
            List.of(instanceNode("web", List.of(cells("id", 1)), cells("memory-bytes", PAGE))));
        byte[] blob = new FdtTree(List.of(), root(elsewhere)).toBlob();
        assertEquals(err(Errno.EINVAL), m.uploadDeviceTree(blob, 0));
        assertEquals(Map.of(), m.status());
        assertEquals(before, m.fingerprint());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void theRootCompatibleIsNotChecked(Profile p) {
        Machine m = small(p);
        FdtTree.Node root = new FdtTree.Node("", List.of(string("compatible", "something-else")),
            List.of(new FdtTree.Node("instances", List.of(),
                List.of(instanceNode("web", List.of(cells("id", 1)), cells("memory-bytes", PAGE))))));
        assertEquals(StepResult.OK, m.uploadDeviceTree(new FdtTree(List.of(), root).toBlob(), 0));
        assertEquals(Map.of("web", "ready"), m.status());
    }

    @Test
    void rfcV2ReadsAHeaderPastTheEndOfAWriteShorterThanAHeader() {
        Machine m = small(Profile.rfcV2());
        assertEquals(err(Errno.EINVAL), m.uploadDeviceTree(Arrays.copyOf(dtb(WEB), 8), 0));
        // kmalloc(8 + 1): fdt_check_header reads the version word at offset 20 (4 bytes) before failing.
        assertEquals(4, m.fdtReads().bytes());
    }

    @Test
    void fixedRefusesAWriteShorterThanAHeaderWithoutReadingIt() {
        Machine m = small(Profile.fixed());
        long before = m.fingerprint();
        assertEquals(err(Errno.EINVAL), m.uploadDeviceTree(Arrays.copyOf(dtb(WEB), 8), 0));
        assertEquals(0, m.fdtReads().bytes());
        assertEquals(before, m.fingerprint());
    }

    @Test
    void rfcV2SplitsAWriteOverAPageAndReadsPastTheFirstPiece() {
        Machine m = small(Profile.rfcV2(), 256);
        StepResult r = m.uploadDeviceTree(treeOverAPage(), 0);
        // The first page is parsed with a header claiming 4763 bytes: property names lie in the
        // strings block beyond it, so no `id` is found and every node is skipped; the second piece
        // starts mid-blob and fails the header check.
        assertEquals(err(Errno.EINVAL), r);
        assertTrue(m.fdtReads().bytes() > 0, "reads past the kmalloc'ed page");
        assertEquals("root_device_tree_write (device_tree upload): byte 4749 of a 4097-byte buffer", m.fdtReads().first());
        assertEquals(Map.of(), m.status());
        assertEquals(256 * PAGE, globalAvail(m));
    }

    @Test
    void fixedTakesAWriteOverAPageInOnePiece() {
        Machine m = small(Profile.fixed(), 256);
        assertEquals(StepResult.OK, m.uploadDeviceTree(treeOverAPage(), 0));
        assertEquals(64, m.status().size());
        assertEquals(0, m.fdtReads().bytes());
        assertEquals(192 * PAGE, globalAvail(m));
    }

    @Test
    void fixedRefusesAWriteOverTheAtomicWriteLengthWithE2big() {
        Machine m = small(Profile.fixed());
        assertEquals(err(Errno.E2BIG), m.uploadDeviceTree(new byte[MkKernfs.ATOMIC_WRITE_LEN + 1], 0));
    }

    @Test
    void rfcV2RefusesAMegabyteOfZerosPageByPageWithEinval() {
        Machine m = small(Profile.rfcV2());
        assertEquals(err(Errno.EINVAL), m.uploadDeviceTree(new byte[MkKernfs.ATOMIC_WRITE_LEN + 1], 0));
    }

    @Test
    void rfcV2ParsesTheFirstOfSeveralWriteCallsAsIfItHeldTheWholeTree() {
        Machine m = small(Profile.rfcV2());
        assertEquals(err(Errno.EINVAL), m.uploadDeviceTree(dtb(WEB), 64));
        assertTrue(m.fdtReads().bytes() > 0, "the header's totalsize is not checked against count");
        assertEquals(Map.of(), m.status());
    }

    @Test
    void fixedRefusesTheFirstOfSeveralWriteCallsBecauseItsTotalsizeExceedsTheCount() {
        Machine m = small(Profile.fixed());
        long before = m.fingerprint();
        assertEquals(err(Errno.EINVAL), m.uploadDeviceTree(dtb(WEB), 64));
        assertEquals(0, m.fdtReads().bytes());
        assertEquals(before, m.fingerprint());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void aWriteChunkAtLeastTheBlobSizeIsOneWholeWrite(Profile p) {
        Machine m = small(p);
        byte[] blob = dtb(WEB);
        assertEquals(StepResult.OK, m.uploadDeviceTree(blob, blob.length));
        assertEquals(Map.of("web", "ready"), m.status());
        assertEquals(0, m.fdtReads().bytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void uploadingTheSameTreeAgainIsANoOp(Profile p) {
        Machine m = small(p);
        assertEquals(StepResult.OK, m.uploadDeviceTree(dtb(WEB), 0));
        MkInstance web = m.core().idr().get(1);
        long before = m.fingerprint();
        assertEquals(StepResult.OK, m.uploadDeviceTree(dtb(WEB), 0));
        assertEquals(before, m.fingerprint());
        assertTrue(web == m.core().idr().get(1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void reuploadingAnInstanceWithOtherResourcesUpdatesNothing(Profile p) {
        Machine m = small(p);
        assertEquals(StepResult.OK, m.uploadDeviceTree(dtb(WEB), 0));
        long before = m.fingerprint();
        assertEquals(StepResult.OK, m.uploadDeviceTree(dtb(inst("web", 1, List.of(3L), 8 * PAGE)), 0));
        assertEquals(before, m.fingerprint());
        assertEquals(4 * PAGE, m.core().idr().get(1).memoryBytes());
        assertTrue(m.cpus().cpu_online(3));
    }
}
