package mkspec.spec;

import java.util.ArrayList;
import java.util.List;
import mkspec.spec.action.Action;
import mkspec.spec.action.Next;

/** Short, readable names of actions for coverage tables and counterexamples. */
public final class Labels {
    private Labels() {
    }

    public static String label(Action a) {
        if (a instanceof Action.UploadDeviceTree) {
            Action.DeviceTree t = ((Action.UploadDeviceTree) a).writes().get(0);
            if (t instanceof Action.Rejected) {
                return "upload-device-tree(rejected " + ((Action.Rejected) t).errno() + ")";
            }
            List<String> names = new ArrayList<>();
            for (Action.Node n : ((Action.Nodes) t).nodes()) {
                names.add(n.name());
            }
            return "upload-device-tree(" + String.join(", ", names) + ")";
        }
        if (a instanceof Action.Mkdir) {
            return "mkdir(" + ((Action.Mkdir) a).name() + ")";
        }
        if (a instanceof Action.Rmdir) {
            return "rmdir(" + ((Action.Rmdir) a).name() + ")";
        }
        if (a instanceof Action.KexecFileLoad) {
            Action.KexecFileLoad l = (Action.KexecFileLoad) a;
            String f = l.failAt() == Action.FailAt.NONE ? "" : ", fail-at=" + l.failAt().name().toLowerCase().replace('_', '-');
            return "kexec-file-load(id=" + Next.mkIdOf(l.flags()) + ", segments=" + sizes(l.segments()) + f + ")";
        }
        if (a instanceof Action.KexecFileLoadDefault) {
            return "kexec-file-load-default(segments=" + sizes(((Action.KexecFileLoadDefault) a).segments()) + ")";
        }
        if (a instanceof Action.KexecFileUnload) {
            long flags = ((Action.KexecFileUnload) a).flags();
            return Next.isMultikernel(flags) ? "kexec-file-unload(id=" + Next.mkIdOf(flags) + ")" : "kexec-file-unload()";
        }
        if (a instanceof Action.RebootMultikernel) {
            Action.RebootMultikernel r = (Action.RebootMultikernel) a;
            String extra = r.badPointer() ? ", bad-pointer" : "";
            if (r.fault() != Action.NotifierFault.NONE) {
                extra += ", fail-at=notifier-" + (r.fault() == Action.NotifierFault.LOOKUP ? "lookup" : "no-dtb");
            }
            return "reboot-multikernel(id=" + r.mkId() + extra + ")";
        }
        if (a instanceof Action.SpawnedBoot) {
            return "spawned-boot(id=" + ((Action.SpawnedBoot) a).mkId() + ")";
        }
        return a.op();
    }

    private static String sizes(List<Action.SegmentReq> segs) {
        List<String> out = new ArrayList<>();
        for (Action.SegmentReq s : segs) {
            out.add(s.size() % 1024 == 0 ? (s.size() / 1024) + "K" : Long.toString(s.size()));
        }
        return "[" + String.join(", ", out) + "]";
    }
}
