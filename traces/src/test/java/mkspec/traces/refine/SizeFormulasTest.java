package mkspec.traces.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import mkspec.reference.Profile;
import mkspec.reference.kho.SpawnedKernel;
import mkspec.reference.machine.DeviceTrees;
import mkspec.reference.machine.InstanceConfig;
import mkspec.reference.machine.Machine;
import mkspec.reference.machine.MachineConfig;
import mkspec.reference.machine.StepResult;
import mkspec.spec.DtbSizes;
import mkspec.spec.action.Next;
import org.junit.jupiter.api.Test;

/** The spec's size formulas agree with the bytes the reference writes with the libfdt writer. */
class SizeFormulasTest {
    @Test
    void perInstanceDtbAndHandoverSizesMatchTheWrittenBytes() {
        for (String name : List.of("a", "db", "web", "cache", "a-much-longer-name-of-31-chars-x")) {
            for (int cpus : new int[] {1, 2, 3, 7}) {
                List<Long> cpuList = new ArrayList<>();
                for (int c = 1; c <= cpus; c++) {
                    cpuList.add((long) c);
                }
                Machine m = new Machine(MachineConfig.defaults(), Profile.fixed());
                assertEquals(StepResult.OK, m.uploadDeviceTree(DeviceTrees.multikernelDtb(List.of(
                    InstanceConfig.of(name, 1, cpuList, 2 << 20))), 0));
                long written = m.core().instances().get(0).dtbSize();
                assertEquals(written, DtbSizes.perInstanceDtb(name, true, cpus, true, true), name + " with " + cpus + " CPUs");
                m.kexecFileLoad(Machine.multikernelFlags(1), List.of(mkspec.reference.kexec.SegmentRequest.ofSize(4096)),
                    mkspec.reference.kexec.FailPoint.NONE);
                assertEquals(StepResult.OK, m.rebootMultikernel(1, false, mkspec.reference.kho.NotifierFault.NONE));
                SpawnedKernel k = m.kho().lastStarted(1);
                assertEquals(k.handoverTotalsize(), Next.handoverBytes(written), "handover for " + name);
            }
        }
    }
}
