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
        return c.action().accept(new Action.Cases<StepResult>() {
            public StepResult uploadDeviceTree(Action.UploadDeviceTree u) {
                return m.uploadDeviceTree(c.blob(), c.writeChunk());
            }

            public StepResult mkdir(Action.Mkdir d) {
                return m.mkdir(d.name());
            }

            public StepResult rmdir(Action.Rmdir d) {
                return m.rmdir(d.name());
            }

            public StepResult status(Action.Status s) {
                return StepResult.OK;
            }

            public StepResult kexecFileLoad(Action.KexecFileLoad l) {
                return m.kexecFileLoad(l.flags(), requests(l.segments()), FailPoint.valueOf(l.failAt().name()));
            }

            public StepResult kexecFileLoadDefault(Action.KexecFileLoadDefault l) {
                return m.kexecFileLoadDefault(requests(l.segments()));
            }

            public StepResult kexecFileUnload(Action.KexecFileUnload u) {
                return m.kexecFileLoad(u.flags(), List.of(), FailPoint.NONE); // the flags carry KEXEC_FILE_UNLOAD
            }

            public StepResult rebootMultikernel(Action.RebootMultikernel r) {
                return m.rebootMultikernel(r.mkId(), r.badPointer(), NotifierFault.valueOf(r.fault().name()));
            }

            public StepResult rebootOther(Action.RebootOther r) {
                return m.rebootOther();
            }

            public StepResult spawnedBoot(Action.SpawnedBoot b) {
                return m.spawnedBoot(b.mkId());
            }

            public StepResult hostReuseFreedPages(Action.HostReuseFreedPages h) {
                return m.hostReuseFreedPages();
            }
        });
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
