package mkspec.reference.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import mkspec.reference.Profile;
import mkspec.reference.kernel.FailPoint;
import mkspec.reference.kernel.NotifierFault;
import mkspec.reference.kernel.SegmentRequest;
import mkspec.reference.kernel.multikernel.kho.SpawnedKernel;
import org.junit.jupiter.api.Test;

class NormalFlowTest {
    static final List<InstanceConfig> TWO = List.of(
        InstanceConfig.of("web", 1, List.of(1L), 2 << 20),
        InstanceConfig.of("db", 2, List.of(2L, 3L), 4 << 20));

    @Test
    void fixedProfileRunsUploadLoadExecAndBootToAFaithfulRestore() {
        Machine m = new Machine(MachineConfig.defaults(), Profile.fixed());
        assertEquals(StepResult.OK, m.uploadDeviceTree(DeviceTrees.multikernelDtb(TWO), 0));
        assertEquals(Map.of("web", "ready", "db", "ready"), m.status());
        assertEquals(StepResult.OK, m.kexecFileLoad(Machine.multikernelFlags(2),
            List.of(SegmentRequest.ofSize(1 << 20), SegmentRequest.ofSize(8 << 10)), FailPoint.NONE));
        assertEquals("loaded", m.status().get("db"));
        assertEquals(StepResult.OK, m.rebootMultikernel(2, false, NotifierFault.NONE));
        assertEquals("active", m.status().get("db"));
        assertTrue(m.handoverBytes(2) > 0 && m.handoverBytes(2) <= 4096);
        assertEquals(StepResult.OK, m.spawnedBoot(2));
        SpawnedKernel k = m.kho().lastStarted(2);
        assertNotNull(k.restored());
        assertEquals("db", k.restored().name());
        assertEquals(2, k.restored().id());
        assertEquals(4 << 20, k.restored().memoryBytes());
        assertTrue(k.restored().visible());
    }

    @Test
    void rfcV2RejectsTheSecondInstanceIdAsAnInvalidFlag() {
        Machine m = new Machine(MachineConfig.defaults(), Profile.rfcV2());
        assertEquals(StepResult.OK, m.uploadDeviceTree(DeviceTrees.multikernelDtb(TWO), 0));
        StepResult r = m.kexecFileLoad(Machine.multikernelFlags(2), List.of(SegmentRequest.ofSize(1 << 20)), FailPoint.NONE);
        assertEquals("EINVAL", r.toString());
        assertEquals(StepResult.OK, m.kexecFileLoad(Machine.multikernelFlags(1), List.of(SegmentRequest.ofSize(1 << 20)), FailPoint.NONE));
        assertEquals("loading", m.status().get("web"));
    }

    @Test
    void fixedRunsTwoInstancesSideBySideEachRestoringItself() {
        Machine m = new Machine(MachineConfig.defaults(), Profile.fixed());
        assertEquals(StepResult.OK, m.uploadDeviceTree(DeviceTrees.multikernelDtb(TWO), 0));
        for (int id = 1; id <= 2; id++) {
            assertEquals(StepResult.OK, m.kexecFileLoad(Machine.multikernelFlags(id),
                List.of(SegmentRequest.ofSize(1 << 20), SegmentRequest.ofSize(64 << 10)), FailPoint.NONE));
            assertEquals(StepResult.OK, m.rebootMultikernel(id, false, NotifierFault.NONE));
        }
        assertEquals(Map.of("web", "active", "db", "active"), m.status());
        assertEquals(StepResult.OK, m.spawnedBoot(2));
        assertEquals(StepResult.OK, m.spawnedBoot(1));
        assertEquals("web", m.kho().lastStarted(1).restored().name());
        assertEquals("db", m.kho().lastStarted(2).restored().name());
        assertEquals(1, m.kho().lastStarted(1).cpu());
        assertEquals(2, m.kho().lastStarted(2).cpu());
        for (var k : m.images()) {
            for (var s : k.segments()) {
                assertTrue(k.mkInstance().covers(s.mem(), s.memsz()), "segment inside its own instance");
            }
        }
    }

    @Test
    void rfcV2PutsAKernelLargerThanItsInstanceInHostRamAndItsSpawnedKernelRestoresNothing() {
        Machine m = new Machine(MachineConfig.defaults(), Profile.rfcV2());
        assertEquals(StepResult.OK, m.uploadDeviceTree(DeviceTrees.multikernelDtb(TWO), 0));
        assertEquals(StepResult.OK, m.kexecFileLoad(Machine.multikernelFlags(1),
            List.of(SegmentRequest.ofSize(4 << 20), SegmentRequest.ofSize(64 << 10)), FailPoint.NONE));
        var image = m.kexec().kexecImage();
        assertEquals(false, image.segments().get(0).fromPool(), "4 MiB does not fit web's 2 MiB");
        assertEquals(true, image.segments().get(1).fromPool());
        assertEquals(StepResult.OK, m.rebootMultikernel(1, false, NotifierFault.NONE));
        assertEquals(StepResult.OK, m.spawnedBoot(1));
        assertEquals(null, m.kho().lastStarted(1).restored());
        assertEquals("loading", m.status().get("web"));
    }
}
