package mkspec.refinement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import mkspec.reference.Profile;
import mkspec.reference.fdt.FdtRo;
import mkspec.reference.fdt.FdtView;
import mkspec.reference.kernel.multikernel.kho.SpawnedKernel;
import mkspec.reference.machine.DeviceTrees;
import mkspec.reference.machine.InstanceConfig;
import mkspec.reference.machine.Machine;
import mkspec.reference.machine.MachineConfig;
import mkspec.reference.machine.StepResult;
import mkspec.spec.action.DtbSizes;
import org.junit.jupiter.api.Test;

/** The spec's size formulas ({@link DtbSizes}) agree with the bytes the reference writes with the libfdt writer. */
class SizeFormulasTest {
    private static List<Long> cpus(int n) {
        List<Long> out = new ArrayList<>();
        for (int c = 1; c <= n; c++) {
            out.add((long) c);
        }
        return out;
    }

    @Test
    void perInstanceDtbAndHandoverSizesMatchTheWrittenBytes() {
        for (String name : List.of("a", "db", "web", "cache", "a-much-longer-name-of-31-chars-x")) {
            for (int cpus : new int[] {1, 2, 3, 7}) {
                Machine m = new Machine(MachineConfig.defaults(), Profile.fixed());
                assertEquals(StepResult.OK, m.uploadDeviceTree(DeviceTrees.multikernelDtb(List.of(
                    InstanceConfig.of(name, 1, cpus(cpus), 2 << 20))), 0));
                long written = m.core().instances().get(0).dtbSize();
                assertEquals(written, DtbSizes.perInstance(new DtbSizes.InstanceNode(name, 4, 0, cpus, true)),
                    name + " with " + cpus + " CPUs");
                m.kexecFileLoad(Machine.multikernelFlags(1), List.of(mkspec.reference.kernel.SegmentRequest.ofSize(4096)),
                    mkspec.reference.kernel.FailPoint.NONE);
                assertEquals(StepResult.OK, m.rebootMultikernel(1, false, mkspec.reference.kernel.NotifierFault.NONE));
                SpawnedKernel k = m.kho().lastStarted(1);
                assertEquals(k.handoverTotalsize(), DtbSizes.handover(written), "handover for " + name);
            }
        }
    }

    @Test
    void aNodeWithBootargsOrAnIdOfAnotherLengthHasTheFormulasSize() {
        for (int idLen : new int[] {-1, 0, 2, 4, 8}) {
            for (int bootargs : new int[] {0, 1, 3, 4, 5, 100, 3000}) {
                for (boolean memory : new boolean[] {true, false}) {
                    byte[] id = idLen < 0 ? null : new byte[idLen];
                    byte[] tree = DeviceTrees.rawInstance("node", id, cpus(2), memory ? 1 << 20 : -1, bootargs);
                    assertEquals(FdtRo.fdt_totalsize(FdtView.of(tree)),
                        DtbSizes.tree(List.of(new DtbSizes.InstanceNode("node", idLen, bootargs, 2, memory))),
                        "id of " + idLen + " bytes, bootargs of " + bootargs + ", memory " + memory);
                }
            }
        }
    }

    @Test
    void anUploadedTreeOfSeveralInstancesHasTheFormulasSize() {
        List<InstanceConfig> configs = new ArrayList<>();
        List<DtbSizes.InstanceNode> nodes = new ArrayList<>();
        for (String name : List.of("web", "db", "cache", "batch")) {
            configs.add(InstanceConfig.of(name, configs.size() + 1, cpus(configs.size() + 1), 1 << 20));
            nodes.add(new DtbSizes.InstanceNode(name, 4, 0, nodes.size() + 1, true));
            assertEquals(DeviceTrees.multikernelDtb(configs).length, DtbSizes.tree(nodes), configs.size() + " instances");
        }
    }
}
