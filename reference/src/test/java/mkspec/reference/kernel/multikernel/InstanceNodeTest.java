package mkspec.reference.kernel.multikernel;

import static mkspec.reference.machine.TestMachines.K;
import static mkspec.reference.machine.TestMachines.M;
import static mkspec.reference.machine.TestMachines.PAGE;
import static mkspec.reference.machine.TestMachines.POOL_AT;
import static mkspec.reference.machine.TestMachines.cells;
import static mkspec.reference.machine.TestMachines.err;
import static mkspec.reference.machine.TestMachines.globalAvail;
import static mkspec.reference.machine.TestMachines.inst;
import static mkspec.reference.machine.TestMachines.instance;
import static mkspec.reference.machine.TestMachines.instanceNode;
import static mkspec.reference.machine.TestMachines.raw;
import static mkspec.reference.machine.TestMachines.small;
import static mkspec.reference.machine.TestMachines.treeOf;
import static mkspec.reference.machine.TestMachines.upload;
import static mkspec.reference.machine.TestMachines.withoutCpus;
import static mkspec.reference.machine.TestMachines.withoutId;
import static mkspec.reference.machine.TestMachines.withoutMemory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mkspec.reference.Errno;
import mkspec.reference.Profile;
import mkspec.reference.fdt.FdtTree;
import mkspec.reference.machine.Machine;
import mkspec.reference.machine.MachineConfig;
import mkspec.reference.machine.StepResult;
import mkspec.reference.machine.TestMachines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One /instances node of an upload ([P08] root_device_tree_write's loop,
 * mk_create_instance_from_dtb, mk_dt_parse, mk_instance_reserve_resources): RFC v2 logs a bad
 * node and returns success; the fixed profile returns the node's errno and undoes the whole write.
 */
class InstanceNodeTest {
    static final long WEB_BYTES = 4 * PAGE;

    static Stream<Profile> profiles() {
        return TestMachines.profiles();
    }

    static BitSet cpus(int... ids) {
        BitSet b = new BitSet();
        for (int i : ids) {
            b.set(i);
        }
        return b;
    }

    // ---------------------------------------------------------------- id

    @Test
    void rfcV2SkipsANodeWithoutIdAndCreatesTheOthers() {
        Machine m = small(Profile.rfcV2());
        assertEquals(StepResult.OK, upload(m, inst("web", 1, List.of(1L), WEB_BYTES), withoutId("noid", List.of(2L), PAGE)));
        assertEquals(Map.of("web", "ready"), m.status());
        assertTrue(m.cpus().cpu_online(2), "the skipped node reserved nothing");
        assertEquals(64 * PAGE - WEB_BYTES, globalAvail(m));
    }

    @Test
    void fixedRefusesANodeWithoutIdAndUndoesTheInstancesTheWriteCreated() {
        Machine m = small(Profile.fixed());
        long before = m.fingerprint();
        assertEquals(err(Errno.EINVAL), upload(m, inst("web", 1, List.of(1L), WEB_BYTES), withoutId("noid", List.of(2L), PAGE)));
        assertEquals(Map.of(), m.status());
        assertTrue(m.cpus().cpu_online(1), "web's CPU is back online");
        assertEquals(64 * PAGE, globalAvail(m));
        assertEquals(before, m.fingerprint());
    }

    static byte[] twoByteId() {
        return treeOf(instanceNode("web", List.of(raw("id", 0, 1)), cells("memory-bytes", WEB_BYTES)));
    }

    @Test
    void rfcV2ReadsATwoByteIdAsFourBytesPastTheProperty() {
        Machine m = small(Profile.rfcV2());
        assertEquals(StepResult.OK, m.uploadDeviceTree(twoByteId(), 0));
        // fdt32_to_cpu(*id) takes the two padding bytes after <00 01>: 0x00010000.
        assertEquals(65536, instance(m, "web").id());
        assertEquals(2, m.fdtReads().bytes());
    }

    @Test
    void fixedRefusesAnIdThatIsNotFourBytes() {
        Machine m = small(Profile.fixed());
        long before = m.fingerprint();
        assertEquals(err(Errno.EINVAL), m.uploadDeviceTree(twoByteId(), 0));
        assertEquals(0, m.fdtReads().bytes());
        assertEquals(before, m.fingerprint());
    }

    @ParameterizedTest(name = "id {0}")
    @ValueSource(longs = {0, 2048, 2049})
    void rfcV2CreatesAnInstanceWhoseIdKexecMkIdCannotEncode(long id) {
        Machine m = small(Profile.rfcV2());
        assertEquals(StepResult.OK, upload(m, inst("web", id, List.of(1L), WEB_BYTES)));
        assertEquals(Map.of("web", "ready"), m.status());
        assertEquals(id, instance(m, "web").id());
        assertTrue(m.core().idr().containsKey((int) id));
    }

    @ParameterizedTest(name = "id {0}")
    @ValueSource(longs = {0, 2048, 2049, 0xffff_ffffL})
    void fixedRefusesAnIdOutsideOneTo2047BeforeReservingAnything(long id) {
        Machine m = small(Profile.fixed());
        long before = m.fingerprint();
        assertEquals(err(Errno.EINVAL), upload(m, inst("web", id, List.of(1L), WEB_BYTES)));
        assertEquals(Map.of(), m.status());
        assertTrue(m.cpus().cpu_online(1));
        assertEquals(before, m.fingerprint());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void id2047IsTheLargestIdAnUploadAccepts(Profile p) {
        Machine m = small(p);
        assertEquals(StepResult.OK, upload(m, inst("last", 2047, List.of(1L), WEB_BYTES)));
        assertEquals("last", m.core().idr().get(2047).name());
    }

    @Test
    void rfcV2LeaksTheReservationOfANegativeIdAndStillReturnsSuccess() {
        Machine m = small(Profile.rfcV2());
        assertEquals(StepResult.OK, upload(m, inst("neg", 0xffff_ffffL, List.of(3L), WEB_BYTES)));
        // idr_alloc(-1) fails after the reservation: cleanup_config frees only the struct.
        assertEquals(Map.of(), m.status());
        assertTrue(m.core().idr().isEmpty());
        assertEquals(64 * PAGE - WEB_BYTES, globalAvail(m));
        assertFalse(m.cpus().cpu_online(3), "the CPU stays offline, owned by nobody");
    }

    // ---------------------------------------------------------------- duplicates

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void aSecondNodeWithAKnownNameIsANoOp(Profile p) {
        Machine m = small(p);
        assertEquals(StepResult.OK, upload(m, inst("web", 1, List.of(1L), WEB_BYTES), inst("web", 2, List.of(2L), 8 * PAGE)));
        assertEquals(Map.of("web", "ready"), m.status());
        assertEquals(1, instance(m, "web").id());
        assertNull(m.core().idr().get(2));
        assertTrue(m.cpus().cpu_online(2));
        assertEquals(64 * PAGE - WEB_BYTES, globalAvail(m));
    }

    @Test
    void rfcV2LeaksTheReservationOfADuplicateId() {
        Machine m = small(Profile.rfcV2());
        assertEquals(StepResult.OK, upload(m, inst("web", 1, List.of(1L), WEB_BYTES), inst("api", 1, List.of(2L), WEB_BYTES)));
        assertEquals(Map.of("web", "ready"), m.status());
        assertEquals("web", m.core().idr().get(1).name());
        assertEquals(64 * PAGE - 2 * WEB_BYTES, globalAvail(m), "api's pool chunks stay taken");
        assertFalse(m.cpus().cpu_online(2), "api's CPU stays offline");
    }

    @Test
    void fixedRefusesADuplicateIdWithEnospcAndUndoesTheWrite() {
        Machine m = small(Profile.fixed());
        long before = m.fingerprint();
        assertEquals(err(Errno.ENOSPC), upload(m, inst("web", 1, List.of(1L), WEB_BYTES), inst("api", 1, List.of(2L), WEB_BYTES)));
        assertEquals(Map.of(), m.status());
        assertEquals(64 * PAGE, globalAvail(m));
        assertTrue(m.cpus().cpu_online(1) && m.cpus().cpu_online(2));
        assertEquals(before, m.fingerprint());
    }

    @Test
    void fixedUndoingAFailedWriteLeavesOfflineTheCpusItDidNotTakeOffline() {
        Machine m = small(Profile.fixed());
        assertEquals(StepResult.OK, upload(m, inst("web", 1, List.of(1L), WEB_BYTES)));
        assertEquals(StepResult.OK, m.rmdir("web"));
        assertFalse(m.cpus().cpu_online(1), "rmdir leaves CPU 1 offline");
        long before = m.fingerprint();
        // api gets CPU 1, which is already offline; the duplicate id then fails the write.
        assertEquals(err(Errno.ENOSPC), upload(m, inst("api", 2, List.of(1L, 3L), WEB_BYTES), inst("dup", 2, List.of(4L), WEB_BYTES)));
        assertFalse(m.cpus().cpu_online(1), "the write did not take CPU 1 offline, so it does not bring it back");
        assertTrue(m.cpus().cpu_online(3));
        assertEquals(before, m.fingerprint());
    }

    @Test
    void fixedRefusesAnIdAnEarlierUploadTookAndKeepsTheEarlierInstance() {
        Machine m = small(Profile.fixed());
        assertEquals(StepResult.OK, upload(m, inst("web", 1, List.of(1L), WEB_BYTES)));
        long before = m.fingerprint();
        assertEquals(err(Errno.ENOSPC), upload(m, inst("api", 1, List.of(2L), WEB_BYTES)));
        assertEquals(Map.of("web", "ready"), m.status());
        assertEquals(before, m.fingerprint());
    }

    // ---------------------------------------------------------------- memory-bytes

    @Test
    void rfcV2CreatesAnInstanceWithoutMemoryBytesWithNoPool() {
        Machine m = small(Profile.rfcV2());
        assertEquals(StepResult.OK, upload(m, withoutMemory("web", 1, List.of(1L))));
        MkInstance web = instance(m, "web");
        assertNull(web.instancePool());
        assertEquals(List.of(), web.memoryRegions());
        assertEquals(64 * PAGE, globalAvail(m));
    }

    @Test
    void fixedRequiresMemoryBytes() {
        Machine m = small(Profile.fixed());
        long before = m.fingerprint();
        assertEquals(err(Errno.EINVAL), upload(m, withoutMemory("web", 1, List.of(1L))));
        assertEquals(before, m.fingerprint());
    }

    /** Nodes mk_dt_parse refuses, and the errno it returns. */
    static Stream<Arguments> badNodes() {
        return Stream.of(
            Arguments.of("memory-bytes zero", Errno.EINVAL, res(cells("memory-bytes", 0))),
            Arguments.of("memory-bytes not page aligned", Errno.EINVAL, res(cells("memory-bytes", 0x1800))),
            Arguments.of("memory-bytes eight bytes", Errno.EINVAL, res(cells("memory-bytes", 0, WEB_BYTES))),
            Arguments.of("cpus empty", Errno.EINVAL, res(cells("memory-bytes", WEB_BYTES), raw("cpus"))),
            Arguments.of("cpus six bytes", Errno.EINVAL, res(cells("memory-bytes", WEB_BYTES), raw("cpus", 0, 0, 0, 1, 0, 0))),
            Arguments.of("cpu 8 of 8", Errno.EINVAL, res(cells("memory-bytes", WEB_BYTES), cells("cpus", 1, 8))),
            Arguments.of("no resources node", Errno.ENOENT,
                new FdtTree.Node("web", List.of(cells("id", 1), cells("memory-bytes", WEB_BYTES)), List.of())));
    }

    private static FdtTree.Node res(FdtTree.Property... resources) {
        return instanceNode("web", List.of(cells("id", 1)), resources);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badNodes")
    void rfcV2SkipsANodeMkDtParseRefusesAndStillReturnsSuccess(String what, Errno errno, FdtTree.Node node) {
        Machine m = small(Profile.rfcV2());
        long before = m.fingerprint();
        assertEquals(StepResult.OK, m.uploadDeviceTree(treeOf(node), 0));
        assertEquals(Map.of(), m.status());
        assertEquals(before, m.fingerprint(), "a parse error comes before any reservation");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badNodes")
    void fixedReturnsTheErrnoOfANodeMkDtParseRefuses(String what, Errno errno, FdtTree.Node node) {
        Machine m = small(Profile.fixed());
        long before = m.fingerprint();
        assertEquals(err(errno), m.uploadDeviceTree(treeOf(node), 0));
        assertEquals(before, m.fingerprint());
    }

    @Test
    void rfcV2SkipsAnInstanceLargerThanThePoolAndGivesItsChunksBack() {
        Machine m = small(Profile.rfcV2());
        long before = m.fingerprint();
        assertEquals(StepResult.OK, upload(m, inst("huge", 1, List.of(1L), 65 * PAGE)));
        assertEquals(Map.of(), m.status());
        assertEquals(64 * PAGE, globalAvail(m));
        assertEquals(before, m.fingerprint());
    }

    @Test
    void fixedRefusesAnInstanceLargerThanThePoolWithEnomem() {
        Machine m = small(Profile.fixed());
        long before = m.fingerprint();
        assertEquals(err(Errno.ENOMEM), upload(m, inst("huge", 1, List.of(1L), 65 * PAGE)));
        assertEquals(before, m.fingerprint());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void anInstanceAsLargeAsThePoolTakesItWhole(Profile p) {
        Machine m = small(p);
        assertEquals(StepResult.OK, upload(m, inst("all", 1, List.of(1L), 64 * PAGE)));
        assertEquals(List.of(new MkInstance.Region(POOL_AT, POOL_AT + 64 * PAGE - 1)), instance(m, "all").memoryRegions());
        assertEquals(0, globalAvail(m));
    }

    // ---------------------------------------------------------------- cpus

    @Test
    void rfcV2GivesCpuZeroToAnInstanceButCannotTakeItOffline() {
        Machine m = small(Profile.rfcV2());
        assertEquals(StepResult.OK, upload(m, inst("web", 1, List.of(0L), WEB_BYTES)));
        assertEquals(cpus(0), instance(m, "web").cpus());
        assertTrue(m.cpus().cpu_online(0));
    }

    @Test
    void fixedRefusesCpuZero() {
        Machine m = small(Profile.fixed());
        long before = m.fingerprint();
        assertEquals(err(Errno.EINVAL), upload(m, inst("web", 1, List.of(0L), WEB_BYTES)));
        assertEquals(before, m.fingerprint());
    }

    @Test
    void rfcV2LetsTwoInstancesShareACpu() {
        Machine m = small(Profile.rfcV2());
        assertEquals(StepResult.OK, upload(m, inst("web", 1, List.of(1L, 2L), WEB_BYTES), inst("api", 2, List.of(2L, 3L), WEB_BYTES)));
        assertEquals(cpus(1, 2), instance(m, "web").cpus());
        assertEquals(cpus(2, 3), instance(m, "api").cpus());
    }

    @Test
    void fixedRefusesACpuAnotherInstanceHasWithEbusyAndUndoesTheWrite() {
        Machine m = small(Profile.fixed());
        long before = m.fingerprint();
        assertEquals(err(Errno.EBUSY), upload(m, inst("web", 1, List.of(1L, 2L), WEB_BYTES), inst("api", 2, List.of(2L, 3L), WEB_BYTES)));
        assertEquals(Map.of(), m.status());
        for (int cpu = 1; cpu <= 3; cpu++) {
            assertTrue(m.cpus().cpu_online(cpu), "CPU " + cpu);
        }
        assertEquals(before, m.fingerprint());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void anInstanceWithoutCpusIsCreatedWithAnEmptyMask(Profile p) {
        Machine m = small(p);
        assertEquals(StepResult.OK, upload(m, withoutCpus("web", 1, WEB_BYTES)));
        assertTrue(instance(m, "web").cpus().isEmpty());
    }

    // ---------------------------------------------------------------- chunks of a fragmented pool

    /**
     * A 4 MiB pool with free holes of 1 MiB at +0, 256 KiB at +1M+4K and single pages at +1M+264K
     * and +1M+272K, everything else held by instances.
     */
    static Machine fragmented(Profile p) {
        Machine m = new Machine(MachineConfig.of(PAGE, 8, 4 * M, POOL_AT), p);
        long rest = 4 * M - M - 256 * K - 5 * PAGE;
        assertEquals(StepResult.OK, upload(m,
            withoutCpus("a", 1, M), withoutCpus("s1", 2, PAGE), withoutCpus("b", 3, 256 * K), withoutCpus("s2", 4, PAGE),
            withoutCpus("c", 5, PAGE), withoutCpus("s3", 6, PAGE), withoutCpus("d", 7, PAGE), withoutCpus("rest", 8, rest)));
        assertEquals(0, globalAvail(m));
        for (String gone : List.of("a", "b", "c", "d")) {
            assertEquals(StepResult.OK, m.rmdir(gone));
        }
        assertEquals(M + 256 * K + 2 * PAGE, globalAvail(m));
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void anInstanceOnAFragmentedPoolTakesOneMegabyteThen256KThenSinglePages(Profile p) {
        Machine m = fragmented(p);
        assertEquals(StepResult.OK, upload(m, withoutCpus("new", 9, M + 256 * K + 2 * PAGE)));
        // Newest chunk first, as gen_pool_add leaves them.
        assertEquals(List.of(
            new MkInstance.Region(POOL_AT + M + 272 * K, POOL_AT + M + 276 * K - 1),
            new MkInstance.Region(POOL_AT + M + 264 * K, POOL_AT + M + 268 * K - 1),
            new MkInstance.Region(POOL_AT + M + 4 * K, POOL_AT + M + 260 * K - 1),
            new MkInstance.Region(POOL_AT, POOL_AT + M - 1)), instance(m, "new").memoryRegions());
        assertEquals(0, globalAvail(m));
    }

    @Test
    void fixedRefusesAnInstanceAFragmentedPoolCannotHoldAndGivesEveryChunkBack() {
        Machine m = fragmented(Profile.fixed());
        long before = m.fingerprint();
        assertEquals(err(Errno.ENOMEM), upload(m, withoutCpus("new", 9, M + 256 * K + 3 * PAGE)));
        assertEquals(M + 256 * K + 2 * PAGE, globalAvail(m));
        assertEquals(before, m.fingerprint());
    }
}
