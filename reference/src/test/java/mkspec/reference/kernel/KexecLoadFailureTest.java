package mkspec.reference.kernel;

import static mkspec.reference.machine.TestMachines.withWeb;
import static mkspec.reference.machine.TestMachines.K;
import static mkspec.reference.machine.TestMachines.PAGE;
import static mkspec.reference.machine.TestMachines.err;
import static mkspec.reference.machine.TestMachines.instance;
import static mkspec.reference.machine.TestMachines.load;
import static mkspec.reference.machine.TestMachines.loadFailingAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import mkspec.reference.Errno;
import mkspec.reference.Profile;
import mkspec.reference.kernel.NotifierFault;
import mkspec.reference.kernel.multikernel.MkInstance;
import mkspec.reference.machine.Machine;
import mkspec.reference.machine.StepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A kexec_file_load() that fails at each injectable point of its path (notes section 5): inside
 * kimage_file_alloc_init() RFC v2 only kfree()s the image (D1); after it, kimage_free() runs but
 * leaves the pool allocations (D6). The fixed profile undoes everything.
 */
class KexecLoadFailureTest {
    /** Two segments of 8K and 4K, then two control pages: five of web's sixteen pages. */
    static final long[] SEGMENTS = {8 * K, 4 * K};

    static long poolAvail(Machine m) {
        return instance(m, "web").instancePool().gen_pool_avail();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = FailPoint.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void eachFailPointReturnsItsErrnoInBothProfiles(FailPoint at) {
        for (Profile p : List.of(Profile.rfcV2(), Profile.fixed())) {
            Machine m = withWeb(p);
            assertEquals(StepResult.ofKernel(at.ret()), loadFailingAt(m, 1, at, SEGMENTS), p.name());
        }
        assertEquals(Errno.ENOMEM.negative(), FailPoint.FDT_PAGE.ret());
        assertEquals(Errno.ENOEXEC.negative(), FailPoint.PREPARE_SEGMENTS.ret());
        assertEquals(Errno.ENOMEM.negative(), FailPoint.CONTROL_PAGES.ret());
        assertEquals(Errno.ENOMEM.negative(), FailPoint.POST_LOAD.ret());
    }

    /** Each point inside kimage_file_alloc_init, with the pool pages RFC v2 leaves allocated there. */
    static Stream<Arguments> insideAllocInit() {
        return Stream.of(
            Arguments.of(FailPoint.FDT_PAGE, 0L, false),
            Arguments.of(FailPoint.PREPARE_SEGMENTS, 3 * PAGE, true),
            Arguments.of(FailPoint.CONTROL_PAGES, 3 * PAGE, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("insideAllocInit")
    void rfcV2LeavesTheInstanceLoadingWithADanglingImageAfterAFailureInsideAllocInit(FailPoint at, long leakedPool,
                                                                                    boolean handoverPageLeaked) {
        Machine m = withWeb(Profile.rfcV2());
        assertEquals(StepResult.ofKernel(at.ret()), loadFailingAt(m, 1, at, SEGMENTS));
        MkInstance web = instance(m, "web");
        assertEquals("loading", m.status().get("web"));
        KImage dangling = (KImage) web.kimage();
        assertNotNull(dangling);
        assertFalse(dangling.alive(), "instance->kimage points at a kfree()d image");
        assertEquals(2, web.refcount(), "the reference mk_instance_find took is never dropped");
        assertEquals(16 * PAGE - leakedPool, poolAvail(m));
        assertEquals(handoverPageLeaked ? 1 : 0, m.host().allocatedPages().size(), "the handover page");
        assertNull(m.kexec().kexecImage());
        assertEquals(err(Errno.EBUSY), load(m, 1, PAGE), "the instance can never be loaded again");
        assertEquals(err(Errno.EBUSY), m.rmdir("web"));
    }

    @Test
    void rfcV2FreesTheImageButLeaksItsPoolPagesAfterAPostLoadFailure() {
        Machine m = withWeb(Profile.rfcV2());
        assertEquals(err(Errno.ENOMEM), loadFailingAt(m, 1, FailPoint.POST_LOAD, SEGMENTS));
        MkInstance web = instance(m, "web");
        assertEquals("ready", m.status().get("web"));
        assertNull(web.kimage());
        assertEquals(1, web.refcount());
        assertEquals(16 * PAGE - 5 * PAGE, poolAvail(m), "segments and both control pages stay allocated");
        assertEquals(List.of(), m.host().allocatedPages(), "kimage_free put the handover page");
        assertEquals(StepResult.OK, load(m, 1, PAGE), "the instance can be loaded again");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = FailPoint.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void fixedUndoesEverythingAFailedLoadDid(FailPoint at) {
        Machine m = withWeb(Profile.fixed());
        long before = m.fingerprint();
        assertEquals(StepResult.ofKernel(at.ret()), loadFailingAt(m, 1, at, SEGMENTS));
        assertEquals(before, m.fingerprint());
        MkInstance web = instance(m, "web");
        assertEquals("ready", m.status().get("web"));
        assertNull(web.kimage());
        assertEquals(1, web.refcount());
        assertEquals(16 * PAGE, poolAvail(m));
        assertEquals(List.of(), m.host().allocatedPages());
        assertEquals(StepResult.OK, load(m, 1, PAGE), "the instance can be loaded again");
    }

    @Test
    void rfcV2ExecOfAnInstanceWhoseLoadFailedUsesTheFreedImage() {
        Machine m = withWeb(Profile.rfcV2());
        assertEquals(err(Errno.ENOEXEC), loadFailingAt(m, 1, FailPoint.PREPARE_SEGMENTS, SEGMENTS));
        StepResult r = m.rebootMultikernel(1, false, NotifierFault.NONE);
        assertEquals("multikernel_kexec_by_id use-after-free", assertInstanceOf(StepResult.Bug.class, r).site());
        assertTrue(m.kho().spawned().isEmpty());
    }
}
