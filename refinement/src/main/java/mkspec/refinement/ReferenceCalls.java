package mkspec.refinement;

import java.util.ArrayList;
import java.util.List;
import mkspec.reference.kernel.FailPoint;
import mkspec.reference.kernel.NotifierFault;
import mkspec.reference.kernel.SegmentRequest;
import mkspec.reference.machine.Machine;
import mkspec.reference.machine.StepResult;
import mkspec.spec.action.Action;

/** The reference's side of a command: the one dispatch that runs a call on a {@link Machine}. */
public final class ReferenceCalls {
    private ReferenceCalls() {
    }

    /** Runs {@code c} on {@code m} (which it changes) and returns what the call returned. */
    public static StepResult run(Machine m, Command c) {
        Action a = c.action();
        if (a instanceof Action.UploadDeviceTree) {
            return m.uploadDeviceTree(c.blob(), c.writeChunk());
        } else if (a instanceof Action.Mkdir d) {
            return m.mkdir(d.name());
        } else if (a instanceof Action.Rmdir d) {
            return m.rmdir(d.name());
        } else if (a instanceof Action.Status) {
            return StepResult.OK;
        } else if (a instanceof Action.KexecFileLoad l) {
            return m.kexecFileLoad(l.flags(), requests(l.segments()), FailPoint.valueOf(l.failAt().name()));
        } else if (a instanceof Action.KexecFileLoadDefault l) {
            return m.kexecFileLoadDefault(requests(l.segments()));
        } else if (a instanceof Action.KexecFileUnload u) {
            return m.kexecFileLoad(u.flags(), List.of(), FailPoint.NONE); // the flags carry KEXEC_FILE_UNLOAD
        } else if (a instanceof Action.RebootMultikernel r) {
            return m.rebootMultikernel(r.mkId(), r.badPointer(), NotifierFault.valueOf(r.fault().name()));
        } else if (a instanceof Action.RebootOther) {
            return m.rebootOther();
        } else if (a instanceof Action.SpawnedBoot b) {
            return m.spawnedBoot(b.mkId());
        } else if (a instanceof Action.HostReuseFreedPages) {
            return m.hostReuseFreedPages();
        }
        throw new IllegalArgumentException("unknown action " + a);
    }

    /** The buffers of a load, as kexec_buf requests. */
    static List<SegmentRequest> requests(List<Action.SegmentReq> segs) {
        List<SegmentRequest> out = new ArrayList<>();
        for (Action.SegmentReq s : segs) {
            out.add(new SegmentRequest(s.size(), s.align(), s.min(), s.max()));
        }
        return out;
    }
}
