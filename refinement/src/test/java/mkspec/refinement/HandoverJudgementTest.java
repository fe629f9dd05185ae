package mkspec.refinement;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import mkspec.reference.Erratum;
import mkspec.reference.Profile;
import mkspec.reference.kernel.FailPoint;
import mkspec.reference.kernel.NotifierFault;
import mkspec.reference.kernel.SegmentRequest;
import mkspec.reference.kernel.multikernel.kho.SpawnedKernel;
import mkspec.reference.machine.DeviceTrees;
import mkspec.reference.machine.InstanceConfig;
import mkspec.reference.machine.Machine;
import mkspec.reference.machine.MachineConfig;
import mkspec.reference.machine.StepResult;
import org.junit.jupiter.api.Test;

/** The ghost judgement behind handover-well-formed, made from what the reference exposes. */
class HandoverJudgementTest {
    /** web loaded and exec'd under {@code p}, with the notifier hitting {@code fault}. */
    static SpawnedKernel started(Profile p, NotifierFault fault) {
        Machine m = new Machine(MachineConfig.defaults(), p);
        m.uploadDeviceTree(DeviceTrees.multikernelDtb(List.of(InstanceConfig.of("web", 1, List.of(1L), 2 << 20))), 0);
        m.kexecFileLoad(Machine.multikernelFlags(1), List.of(SegmentRequest.ofSize(4096)), FailPoint.NONE);
        assertTrue(m.rebootMultikernel(1, false, fault) == StepResult.OK);
        return m.kho().lastStarted(1);
    }

    @Test
    void anExecOfTheFixedKernelHandsOverAWellFormedFdtHoldingTheInstancesDtb() {
        assertTrue(HandoverJudgement.wellFormed(started(Profile.fixed(), NotifierFault.NONE)));
    }

    @Test
    void aHandoverWithoutDtbDataIsNotWellFormed() {
        assertFalse(HandoverJudgement.wellFormed(started(Profile.fixed().with(Erratum.D10), NotifierFault.NO_DTB)));
    }

    @Test
    void aHandoverHoldingAnotherDtbOrABrokenHeaderIsNotWellFormed() {
        SpawnedKernel k = started(Profile.fixed(), NotifierFault.NONE);
        byte[] page = k.handoverAtExecRef();
        byte[] dtb = k.instance().dtbData();
        byte[] other = Arrays.copyOf(dtb, dtb.length);
        other[other.length - 1] ^= 1;
        assertFalse(HandoverJudgement.wellFormed(page, other));
        byte[] broken = Arrays.copyOf(page, page.length);
        broken[0] = 0;
        assertFalse(HandoverJudgement.wellFormed(broken, dtb));
        assertFalse(HandoverJudgement.wellFormed(null, dtb));
        assertTrue(HandoverJudgement.wellFormed(page, dtb));
    }
}
