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
        return a.accept(new Action.Cases<String>() {
            public String uploadDeviceTree(Action.UploadDeviceTree u) {
                List<String> writes = new ArrayList<>();
                for (Action.DeviceTree t : u.writes()) {
                    writes.add(tree(t));
                }
                return "upload-device-tree(" + String.join("; ", writes) + ")";
            }

            public String mkdir(Action.Mkdir d) {
                return "mkdir(" + d.name() + ")";
            }

            public String rmdir(Action.Rmdir d) {
                return "rmdir(" + d.name() + ")";
            }

            public String status(Action.Status st) {
                return st.op();
            }

            public String kexecFileLoad(Action.KexecFileLoad l) {
                String f = l.failAt() == Action.FailAt.NONE ? "" : ", fail-at=" + l.failAt().name().toLowerCase().replace('_', '-');
                return "kexec-file-load(id=" + Next.mkIdOf(l.flags()) + ", segments=" + sizes(l.segments()) + f + ")";
            }

            public String kexecFileLoadDefault(Action.KexecFileLoadDefault l) {
                return "kexec-file-load-default(segments=" + sizes(l.segments()) + ")";
            }

            public String kexecFileUnload(Action.KexecFileUnload u) {
                return Next.isMultikernel(u.flags()) ? "kexec-file-unload(id=" + Next.mkIdOf(u.flags()) + ")"
                    : "kexec-file-unload()";
            }

            public String rebootMultikernel(Action.RebootMultikernel r) {
                String extra = r.badPointer() ? ", bad-pointer" : "";
                if (r.fault() != Action.NotifierFault.NONE) {
                    extra += ", fail-at=notifier-" + (r.fault() == Action.NotifierFault.LOOKUP ? "lookup" : "no-dtb");
                }
                return "reboot-multikernel(id=" + r.mkId() + extra + ")";
            }

            public String rebootOther(Action.RebootOther r) {
                return r.op();
            }

            public String spawnedBoot(Action.SpawnedBoot b) {
                return "spawned-boot(id=" + b.mkId() + ")";
            }

            public String hostReuseFreedPages(Action.HostReuseFreedPages h) {
                return h.op();
            }
        });
    }

    private static String tree(Action.DeviceTree t) {
        return t.accept(new Action.DeviceTree.Cases<>() {
            public String unreadable(Action.Unreadable u) {
                return u.why().name().toLowerCase().replace('_', ' ');
            }

            public String prefix(Action.Prefix p) {
                return tree(p.tree()) + " in " + p.count() + "-byte writes";
            }

            public String nodes(Action.Nodes n) {
                List<String> names = new ArrayList<>();
                for (Action.Node node : n.nodes()) {
                    names.add(node(node));
                }
                return String.join(", ", names);
            }
        });
    }

    /** A node's name, with what makes it unusual where something does. */
    private static String node(Action.Node n) {
        List<String> odd = new ArrayList<>();
        if (n.idLen() != 4) {
            odd.add(n.idLen() < 0 ? "no id" : n.idLen() + "-byte id");
        }
        if (n.memLen() < 0) {
            odd.add("no memory-bytes");
        }
        if (n.cpus().contains(0L)) {
            odd.add("CPU 0");
        }
        if (n.dtb() instanceof Action.Built b && b.bytes() > 1024) {
            odd.add("DTB of " + b.bytes() + " bytes");
        } else if (n.dtb() instanceof Action.Overflows) {
            odd.add("DTB over a page");
        } else if (n.dtb() instanceof Action.Refused) {
            odd.add("a property libfdt cannot copy");
        }
        String name = n.name() == null ? "(no name)" : n.name();
        return odd.isEmpty() ? name : name + ": " + String.join(", ", odd);
    }

    private static String sizes(List<Action.SegmentReq> segs) {
        List<String> out = new ArrayList<>();
        for (Action.SegmentReq s : segs) {
            out.add(s.size() % 1024 == 0 ? (s.size() / 1024) + "K" : Long.toString(s.size()));
        }
        return "[" + String.join(", ", out) + "]";
    }
}
