package mkspec.reference.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import mkspec.reference.Profile;
import mkspec.reference.kexec.FailPoint;
import mkspec.reference.kexec.SegmentRequest;
import mkspec.reference.kho.NotifierFault;
import mkspec.reference.kho.SpawnedKernel;
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
}
