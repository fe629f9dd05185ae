package mkspec.reference.kernel;

import static mkspec.reference.machine.TestMachines.webAndDb;
import static mkspec.reference.machine.TestMachines.PAGE;
import static mkspec.reference.machine.TestMachines.err;
import static mkspec.reference.machine.TestMachines.exec;
import static mkspec.reference.machine.TestMachines.instance;
import static mkspec.reference.machine.TestMachines.load;
import static mkspec.reference.machine.TestMachines.sizes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
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
 * kexec_file_load(KEXEC_FILE_UNLOAD): RFC v2 frees whatever sits in the one kexec_image slot,
 * whatever id was passed (D4); the fixed profile unloads the image of the instance the id names.
 */
class KexecUnloadTest {

    static Stream<Profile> profiles() {
        return TestMachines.profiles();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void anUnloadWithNothingLoadedSucceedsAndChangesNothing(Profile p) {
        Machine m = webAndDb(p);
        long before = m.fingerprint();
        assertEquals(StepResult.OK, m.kexecFileUnload(null));
        assertEquals(before, m.fingerprint());
    }

    @Test
    void rfcV2UnloadWithoutIdFreesTheMultikernelImageInTheSlot() {
        Machine m = webAndDb(Profile.rfcV2());
        assertEquals(StepResult.OK, load(m, 1, PAGE));
        KImage image = (KImage) instance(m, "web").kimage();
        long handover = image.khoFdt();
        assertEquals(StepResult.OK, m.kexecFileUnload(null));
        assertEquals(Map.of("web", "ready", "db", "ready"), m.status());
        assertNull(instance(m, "web").kimage());
        assertFalse(image.alive());
        assertNull(m.kexec().kexecImage());
        assertEquals(List.of(), m.kexec().kimageList());
        assertTrue(m.host().isFree(handover), "the handover page went back to the page allocator");
    }

    @Test
    void rfcV2UnloadWithIdOneFreesThePlainImageThatReplacedInstanceOnes() {
        Machine m = webAndDb(Profile.rfcV2());
        assertEquals(StepResult.OK, load(m, 1, PAGE));
        assertEquals(StepResult.OK, m.kexecFileLoadDefault(sizes(PAGE)));
        assertEquals("ready", m.status().get("web"), "the plain load freed web's image");
        KImage plain = m.kexec().kexecImage();
        assertEquals(StepResult.OK, m.kexecFileUnload(1L));
        assertFalse(plain.alive());
        assertNull(m.kexec().kexecImage());
    }

    @Test
    void rfcV2UnloadWithIdTwoIsAnUnknownFlag() {
        Machine m = webAndDb(Profile.rfcV2());
        assertEquals(StepResult.OK, load(m, 1, PAGE));
        long before = m.fingerprint();
        assertEquals(err(Errno.EINVAL), m.kexecFileUnload(2L));
        assertEquals(before, m.fingerprint());
    }

    @Test
    void fixedUnloadWithoutIdFreesOnlyThePlainImage() {
        Machine m = webAndDb(Profile.fixed());
        assertEquals(StepResult.OK, load(m, 1, PAGE));
        KImage web = (KImage) instance(m, "web").kimage();
        assertEquals(StepResult.OK, m.kexecFileLoadDefault(sizes(PAGE)));
        KImage plain = m.kexec().kexecImage();
        assertEquals(StepResult.OK, m.kexecFileUnload(null));
        assertFalse(plain.alive());
        assertNull(m.kexec().kexecImage());
        assertEquals("loaded", m.status().get("web"));
        assertSame(web, instance(m, "web").kimage());
        assertTrue(web.alive());
        assertEquals(List.of(web), m.kexec().kimageList());
    }

    @Test
    void fixedUnloadWithIdFreesThatInstancesImageAndReturnsItsPoolPages() {
        Machine m = webAndDb(Profile.fixed());
        assertEquals(StepResult.OK, load(m, 1, PAGE));
        assertEquals(StepResult.OK, load(m, 2, PAGE));
        KImage db = (KImage) instance(m, "db").kimage();
        assertEquals(StepResult.OK, m.kexecFileUnload(1L));
        assertEquals(Map.of("web", "ready", "db", "loaded"), m.status());
        assertNull(instance(m, "web").kimage());
        assertEquals(1, instance(m, "web").refcount());
        assertEquals(16 * PAGE, instance(m, "web").instancePool().gen_pool_avail());
        assertSame(db, instance(m, "db").kimage());
        assertEquals(List.of(db), m.kexec().kimageList());
    }

    @Test
    void fixedUnloadOfAnIdWithoutInstanceIsEnoent() {
        Machine m = webAndDb(Profile.fixed());
        long before = m.fingerprint();
        assertEquals(err(Errno.ENOENT), m.kexecFileUnload(5L));
        assertEquals(before, m.fingerprint());
    }

    @Test
    void fixedUnloadOfIdZeroIsEinval() {
        Machine m = webAndDb(Profile.fixed());
        long before = m.fingerprint();
        assertEquals(err(Errno.EINVAL), m.kexecFileUnload(0L));
        assertEquals(before, m.fingerprint());
    }

    @Test
    void fixedUnloadOfAnInstanceWithoutImageSucceedsAndChangesNothing() {
        Machine m = webAndDb(Profile.fixed());
        assertEquals(StepResult.OK, load(m, 2, PAGE));
        long before = m.fingerprint();
        assertEquals(StepResult.OK, m.kexecFileUnload(1L));
        assertEquals(before, m.fingerprint());
    }

    @Test
    void fixedUnloadOfAnInstanceWhoseKernelRunsIsEbusy() {
        Machine m = webAndDb(Profile.fixed());
        assertEquals(StepResult.OK, load(m, 1, PAGE));
        assertEquals(StepResult.OK, exec(m, 1));
        long before = m.fingerprint();
        assertEquals(err(Errno.EBUSY), m.kexecFileUnload(1L));
        assertEquals(before, m.fingerprint());
        assertEquals("active", m.status().get("web"));
    }
}
