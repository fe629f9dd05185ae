package mkspec.reference.kernel;

import static mkspec.reference.machine.TestMachines.imageOf;
import static mkspec.reference.machine.TestMachines.withWeb;
import static mkspec.reference.machine.TestMachines.K;
import static mkspec.reference.machine.TestMachines.M;
import static mkspec.reference.machine.TestMachines.PAGE;
import static mkspec.reference.machine.TestMachines.POOL_AT;
import static mkspec.reference.machine.TestMachines.err;
import static mkspec.reference.machine.TestMachines.inst;
import static mkspec.reference.machine.TestMachines.instance;
import static mkspec.reference.machine.TestMachines.load;
import static mkspec.reference.machine.TestMachines.sizes;
import static mkspec.reference.machine.TestMachines.small;
import static mkspec.reference.machine.TestMachines.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import mkspec.reference.Erratum;
import mkspec.reference.Errno;
import mkspec.reference.Profile;
import mkspec.reference.kernel.multikernel.MkInstance;
import mkspec.reference.machine.Machine;
import mkspec.reference.machine.StepResult;
import mkspec.reference.machine.TestMachines;
import mkspec.reference.mm.HostMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kexec_file_load() of multikernel and plain images ([P15] kimage_file_alloc_init,
 * kexec_locate_mem_hole, kexec_alloc_multikernel): the flag check, the instance lookup, and where
 * every segment and control page lands.
 */
class KexecFileLoadTest {
    /** The highest page of the model's System RAM (1 MiB to 2 GiB): where a top-down search starts. */
    static final long TOP_PAGE = 0x8000_0000L - PAGE;

    static Stream<Profile> profiles() {
        return TestMachines.profiles();
    }

    /** pad (id 2) owns the first 4 pages, web (id 1) the 32 pages after them. */
    static Machine withPaddedWeb(Profile p) {
        Machine m = small(p);
        assertEquals(StepResult.OK, upload(m, inst("pad", 2, List.of(2L), 4 * PAGE), inst("web", 1, List.of(1L), 32 * PAGE)));
        assertEquals(POOL_AT + 16 * K, instance(m, "web").memoryRegions().get(0).start());
        return m;
    }

    static StepResult loadOne(Machine m, long id, SegmentRequest r) {
        return m.kexecFileLoad(Machine.multikernelFlags(id), List.of(r), FailPoint.NONE);
    }

    // ---------------------------------------------------------------- a good load

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void aLoadPlacesSegmentsThenBothControlPagesFirstFitInTheInstancePool(Profile p) {
        Machine m = withWeb(p);
        assertEquals(StepResult.OK, load(m, 1, 8 * K, 5000));
        KImage k = imageOf(m, "web");
        assertEquals(KImage.KEXEC_TYPE_MULTIKERNEL, k.type());
        assertEquals(1, k.mkId());
        assertSame(instance(m, "web"), k.mkInstance());
        assertEquals(List.of(new KImage.Segment(POOL_AT, 8 * K, true), new KImage.Segment(POOL_AT + 8 * K, 8 * K, true)),
            k.segments(), "memsz is rounded up to a page");
        assertEquals(List.of(new KImage.ControlPages(POOL_AT + 16 * K, PAGE, true),
            new KImage.ControlPages(POOL_AT + 20 * K, PAGE, true)), k.mkControlPages());
        assertEquals(List.of(), k.controlPages());
        assertEquals(2, instance(m, "web").refcount(), "the image holds the reference mk_instance_find took");
        assertEquals(10 * PAGE, instance(m, "web").instancePool().gen_pool_avail());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void theHandoverPageIsAHostPageOutsideThePool(Profile p) {
        Machine m = withWeb(p);
        assertEquals(StepResult.OK, load(m, 1, PAGE));
        long fdt = imageOf(m, "web").khoFdt();
        assertEquals(HostMemory.FIRST_ALLOCATABLE, fdt, "alloc_page(GFP_KERNEL), not the instance pool");
        assertEquals(1, m.host().page(fdt).refcount());
        assertFalse(instance(m, "web").covers(fdt, PAGE));
    }

    @Test
    void rfcV2PutsAMultikernelImageInTheKexecImageSlot() {
        Machine m = withWeb(Profile.rfcV2());
        assertEquals(StepResult.OK, load(m, 1, PAGE));
        assertSame(imageOf(m, "web"), m.kexec().kexecImage());
        assertEquals(List.of(imageOf(m, "web")), m.kexec().kimageList());
    }

    @Test
    void fixedKeepsAMultikernelImageOnItsInstanceAndTheListOnly() {
        Machine m = withWeb(Profile.fixed());
        assertEquals(StepResult.OK, load(m, 1, PAGE));
        assertNull(m.kexec().kexecImage());
        assertEquals(List.of(imageOf(m, "web")), m.kexec().kimageList());
    }

    // ---------------------------------------------------------------- flags and ids

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void aFlagBitOutsideEveryKnownFlagIsEinval(Profile p) {
        Machine m = withWeb(p);
        long before = m.fingerprint();
        assertEquals(err(Errno.EINVAL), m.kexecFileLoad(0x10000 | Machine.multikernelFlags(1), sizes(PAGE), FailPoint.NONE));
        assertEquals(before, m.fingerprint());
    }

    @ParameterizedTest(name = "id {0}")
    @ValueSource(ints = {2, 3, 1024, 2047})
    void rfcV2RefusesEveryIdAboveOneAsAnUnknownFlag(int id) {
        Machine m = small(Profile.rfcV2());
        assertEquals(StepResult.OK, upload(m, inst("web", id, List.of(1L), 16 * PAGE)));
        long before = m.fingerprint();
        assertEquals(err(Errno.EINVAL), load(m, id, PAGE));
        assertEquals(before, m.fingerprint());
        assertEquals("ready", m.status().get("web"));
    }

    @ParameterizedTest(name = "id {0}")
    @ValueSource(ints = {2, 3, 1024, 2047})
    void fixedLoadsEveryIdUpTo2047(int id) {
        Machine m = small(Profile.fixed());
        assertEquals(StepResult.OK, upload(m, inst("web", id, List.of(1L), 16 * PAGE)));
        assertEquals(StepResult.OK, load(m, id, PAGE));
        assertEquals(id, imageOf(m, "web").mkId());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void kexecFileNoCmaAloneIsAMultikernelLoadOfIdZeroAndEinval(Profile p) {
        Machine m = withWeb(p);
        long before = m.fingerprint();
        assertEquals(err(Errno.EINVAL), m.kexecFileLoad(KexecFlags.KEXEC_FILE_NO_CMA, sizes(PAGE), FailPoint.NONE));
        assertEquals(before, m.fingerprint());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void kexecFileNoCmaWithForceDtbLoadsInstanceOne(Profile p) {
        Machine m = withWeb(p);
        long flags = KexecFlags.KEXEC_FILE_NO_CMA | KexecFlags.KEXEC_FILE_FORCE_DTB;
        assertEquals(StepResult.OK, m.kexecFileLoad(flags, sizes(PAGE), FailPoint.NONE));
        KImage k = imageOf(m, "web");
        assertTrue(k.noCma() && k.forceDtb(), "every multikernel load of an odd id is NO_CMA and FORCE_DTB");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void theFlagsForId2049LoadInstanceOne(Profile p) {
        Machine m = withWeb(p);
        assertEquals(StepResult.OK, load(m, 2049, PAGE));
        assertEquals(1, imageOf(m, "web").mkId());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void theFlagsForId2048CarryIdZeroAndAreEinval(Profile p) {
        Machine m = withWeb(p);
        long before = m.fingerprint();
        assertEquals(err(Errno.EINVAL), load(m, 2048, PAGE));
        assertEquals(before, m.fingerprint());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void aLoadForAnIdWithoutInstanceIsEnoent(Profile p) {
        Machine m = small(p);
        assertEquals(StepResult.OK, upload(m, inst("db", 3, List.of(1L), 16 * PAGE)));
        long before = m.fingerprint();
        assertEquals(err(Errno.ENOENT), load(m, 1, PAGE));
        assertEquals(before, m.fingerprint());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void aSecondLoadOfALoadedInstanceIsEbusyAndKeepsTheFirstImage(Profile p) {
        Machine m = withWeb(p);
        assertEquals(StepResult.OK, load(m, 1, PAGE));
        KImage first = imageOf(m, "web");
        long before = m.fingerprint();
        assertEquals(err(Errno.EBUSY), load(m, 1, PAGE));
        assertEquals(before, m.fingerprint());
        assertSame(first, imageOf(m, "web"));
        assertTrue(first.alive());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void aCrashLoadFindsNoCrashkernelRegion(Profile p) {
        Machine m = withWeb(p);
        long before = m.fingerprint();
        assertEquals(err(Errno.EADDRNOTAVAIL), m.kexecFileLoad(KexecFlags.KEXEC_FILE_ON_CRASH, sizes(PAGE), FailPoint.NONE));
        assertEquals(before, m.fingerprint());
    }

    // ---------------------------------------------------------------- placement

    @Test
    void rfcV2PlacesASegmentTheInstancePoolCannotHoldInHostRam() {
        Machine m = withWeb(Profile.rfcV2());
        assertEquals(StepResult.OK, load(m, 1, 32 * PAGE));
        KImage.Segment s = imageOf(m, "web").segments().get(0);
        assertEquals(new KImage.Segment(0x8000_0000L - 32 * PAGE, 32 * PAGE, false), s, "top down from the end of RAM");
        assertFalse(instance(m, "web").covers(s.mem(), s.memsz()));
        assertEquals(14 * PAGE, instance(m, "web").instancePool().gen_pool_avail(), "control pages still come from the pool");
    }

    @Test
    void fixedRefusesASegmentTheInstancePoolCannotHoldWithEnomem() {
        Machine m = withWeb(Profile.fixed());
        long before = m.fingerprint();
        assertEquals(err(Errno.ENOMEM), load(m, 1, 32 * PAGE));
        assertEquals(before, m.fingerprint());
        assertEquals("ready", m.status().get("web"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void alignmentIsAgainstThePhysicalAddressAndFirstFitTakesTheHoleBeforeIt(Profile p) {
        Machine m = withPaddedWeb(p);
        List<SegmentRequest> r = List.of(new SegmentRequest(PAGE, 64 * K, 0, Long.MAX_VALUE), SegmentRequest.ofSize(PAGE));
        assertEquals(StepResult.OK, m.kexecFileLoad(Machine.multikernelFlags(1), r, FailPoint.NONE));
        assertEquals(List.of(new KImage.Segment(POOL_AT + 64 * K, PAGE, true), new KImage.Segment(POOL_AT + 16 * K, PAGE, true)),
            imageOf(m, "web").segments());
    }

    @Test
    void rfcV2PlacesASegmentWhoseAlignmentThePoolCannotMeetInHostRam() {
        Machine m = withPaddedWeb(Profile.rfcV2());
        assertEquals(StepResult.OK, loadOne(m, 1, new SegmentRequest(PAGE, M, 0, Long.MAX_VALUE)));
        assertEquals(new KImage.Segment(0x7ff0_0000L, PAGE, false), imageOf(m, "web").segments().get(0));
    }

    @Test
    void fixedRefusesASegmentWhoseAlignmentThePoolCannotMeet() {
        Machine m = withPaddedWeb(Profile.fixed());
        long before = m.fingerprint();
        assertEquals(err(Errno.ENOMEM), loadOne(m, 1, new SegmentRequest(PAGE, M, 0, Long.MAX_VALUE)));
        assertEquals(before, m.fingerprint());
    }

    @Test
    void rfcV2DoesNotRetryAFirstFitBelowBufMinAndFallsBackToHostRam() {
        Machine m = withPaddedWeb(Profile.rfcV2());
        assertEquals(StepResult.OK, loadOne(m, 1, new SegmentRequest(PAGE, 0, POOL_AT + 32 * K, Long.MAX_VALUE)));
        assertEquals(new KImage.Segment(TOP_PAGE, PAGE, false), imageOf(m, "web").segments().get(0));
        assertEquals(32 * PAGE - 2 * PAGE, instance(m, "web").instancePool().gen_pool_avail(),
            "the out-of-window first fit was given back; only the control pages stay");
    }

    @Test
    void fixedRefusesAFirstFitBelowBufMinEvenWithRoomAboveIt() {
        Machine m = withPaddedWeb(Profile.fixed());
        long before = m.fingerprint();
        assertEquals(err(Errno.ENOMEM), loadOne(m, 1, new SegmentRequest(PAGE, 0, POOL_AT + 32 * K, Long.MAX_VALUE)));
        assertEquals(before, m.fingerprint());
    }

    @Test
    void rfcV2PlacesASegmentWhoseWindowEndsBelowTheInstanceInsideAnotherInstancesMemory() {
        Machine m = withPaddedWeb(Profile.rfcV2());
        // First fit +16K lies past buf_max +16K-1; the top-down walk of System RAM then takes
        // [+8K, +16K), which is pad's memory.
        assertEquals(StepResult.OK, loadOne(m, 1, new SegmentRequest(8 * K, 0, 0, POOL_AT + 16 * K - 1)));
        KImage.Segment s = imageOf(m, "web").segments().get(0);
        assertEquals(new KImage.Segment(POOL_AT + 8 * K, 8 * K, false), s);
        assertTrue(instance(m, "pad").covers(s.mem(), s.memsz()));
    }

    @Test
    void rfcV2FailsTheLoadWhenAHostRamSegmentCoversTheFirstFreeControlPage() {
        Machine m = withPaddedWeb(Profile.rfcV2());
        // The segment falls back to [+8K, +24K); the control page's first fit +16K is a destination
        // of the image, and kimage_alloc_multikernel_control_pages() does not look further.
        assertEquals(err(Errno.ENOMEM), loadOne(m, 1, new SegmentRequest(16 * K, 0, 0, POOL_AT + 24 * K - 1)));
        assertEquals("loading", m.status().get("web"));
    }

    @Test
    void fixedRefusesAFirstFitAboveBufMax() {
        Machine m = withPaddedWeb(Profile.fixed());
        long before = m.fingerprint();
        assertEquals(err(Errno.ENOMEM), loadOne(m, 1, new SegmentRequest(8 * K, 0, 0, POOL_AT + 16 * K - 1)));
        assertEquals(before, m.fingerprint());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void sixteenSegmentsLoad(Profile p) {
        Machine m = small(p);
        assertEquals(StepResult.OK, upload(m, inst("web", 1, List.of(1L), 32 * PAGE)));
        long[] pages = new long[KImage.KEXEC_SEGMENT_MAX];
        Arrays.fill(pages, PAGE);
        assertEquals(StepResult.OK, load(m, 1, pages));
        assertEquals(16, imageOf(m, "web").segments().size());
    }

    static long[] seventeenPages() {
        long[] pages = new long[KImage.KEXEC_SEGMENT_MAX + 1];
        Arrays.fill(pages, PAGE);
        return pages;
    }

    @Test
    void rfcV2RefusesASeventeenthSegmentAndLeaksTheSixteenBefore() {
        Machine m = small(Profile.rfcV2());
        assertEquals(StepResult.OK, upload(m, inst("web", 1, List.of(1L), 32 * PAGE)));
        assertEquals(err(Errno.EINVAL), load(m, 1, seventeenPages()));
        assertEquals("loading", m.status().get("web"));
        assertEquals(16 * PAGE, instance(m, "web").instancePool().gen_pool_avail());
    }

    @Test
    void fixedRefusesASeventeenthSegmentAndGivesTheSixteenBack() {
        Machine m = small(Profile.fixed());
        assertEquals(StepResult.OK, upload(m, inst("web", 1, List.of(1L), 32 * PAGE)));
        long before = m.fingerprint();
        assertEquals(err(Errno.EINVAL), load(m, 1, seventeenPages()));
        assertEquals(before, m.fingerprint());
        assertEquals(32 * PAGE, instance(m, "web").instancePool().gen_pool_avail());
    }

    @Test
    void rfcV2RunsOutOfControlPagesInAFullInstancePoolAndLeaksTheSegment() {
        Machine m = withWeb(Profile.rfcV2());
        assertEquals(err(Errno.ENOMEM), load(m, 1, 16 * PAGE));
        assertEquals("loading", m.status().get("web"));
        assertEquals(0, instance(m, "web").instancePool().gen_pool_avail());
    }

    @Test
    void fixedRunsOutOfControlPagesInAFullInstancePoolAndUndoesTheLoad() {
        Machine m = withWeb(Profile.fixed());
        long before = m.fingerprint();
        assertEquals(err(Errno.ENOMEM), load(m, 1, 16 * PAGE));
        assertEquals(before, m.fingerprint());
    }

    // ---------------------------------------------------------------- plain images

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void aPlainLoadGoesToTheKexecImageSlotWithHostControlPages(Profile p) {
        Machine m = withWeb(p);
        assertEquals(StepResult.OK, m.kexecFileLoadDefault(sizes(PAGE)));
        KImage k = m.kexec().kexecImage();
        assertEquals(KImage.KEXEC_TYPE_DEFAULT, k.type());
        assertEquals(List.of(new KImage.Segment(TOP_PAGE, PAGE, false)), k.segments());
        assertEquals(List.of(HostMemory.FIRST_ALLOCATABLE, HostMemory.FIRST_ALLOCATABLE + PAGE), k.controlPages());
        for (long page : k.controlPages()) {
            assertEquals(1, m.host().page(page).refcount());
        }
        assertEquals(16 * PAGE, instance(m, "web").instancePool().gen_pool_avail(), "nothing from an instance pool");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void aPlainSegmentLargerThanRamFindsNoHole(Profile p) {
        Machine m = withWeb(p);
        long before = m.fingerprint();
        assertEquals(err(Errno.EADDRNOTAVAIL), m.kexecFileLoadDefault(sizes(0x8000_0000L)));
        assertEquals(before, m.fingerprint());
        assertNull(m.kexec().kexecImage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void aSecondPlainLoadReplacesAndFreesTheFirst(Profile p) {
        Machine m = withWeb(p);
        assertEquals(StepResult.OK, m.kexecFileLoadDefault(sizes(PAGE)));
        KImage first = m.kexec().kexecImage();
        List<Long> pages = new ArrayList<>(first.controlPages());
        assertEquals(StepResult.OK, m.kexecFileLoadDefault(sizes(PAGE)));
        assertFalse(first.alive());
        assertTrue(m.kexec().kexecImage() != first);
        assertEquals(1, m.kexec().kimageList().size());
        for (long page : pages) {
            assertTrue(m.host().isFree(page), "kimage_free returns a plain image's control pages");
        }
    }

    // ---------------------------------------------------------------- no pool (D8)

    /**
     * With D8 an instance has no pool at all; kexec_locate_mem_hole then places every segment in host
     * RAM (even without D2), and the load fails later only because control pages have no fallback.
     */
    @Test
    void d8PlacesTheSegmentsOfAnInstanceWithoutPoolInHostRam() {
        Machine m = small(Profile.fixed().with(Erratum.D8));
        assertEquals(StepResult.OK, upload(m, TestMachines.withoutMemory("web", 1, List.of(1L))));
        MkInstance web = instance(m, "web");
        KImage image = m.kexec().do_kimage_alloc_init();
        image.type = KImage.KEXEC_TYPE_MULTIKERNEL;
        image.mkInstance = web;
        KexecFile file = new KexecFile(m.kexec());
        KexecFile.KexecBuf buf = new KexecFile.KexecBuf(image, SegmentRequest.ofSize(PAGE));
        buf.bufAlign = PAGE;
        assertEquals(0, file.kexec_locate_mem_hole(buf));
        assertEquals(TOP_PAGE, buf.mem);
        assertFalse(buf.fromPool);
        assertNull(m.kexec().kimage_alloc_multikernel_control_pages(image, 0), "control pages have no host fallback");
        assertEquals(err(Errno.ENOMEM), load(m, 1, PAGE));
    }
}
