package mkspec.spec.mk2;

import java.util.ArrayList;
import java.util.List;
import mkspec.spec.mk2.action.Mk2Action;
import mkspec.spec.mk2.action.Mk2LoadFault;
import mkspec.spec.mk2.action.Mk2Op;

/** How an mk2 action is printed in counterexamples and coverage, e.g. {@code kexec-file-load(id=1, pages=1)}. */
public final class Mk2Labels {
    private Mk2Labels() {
    }

    public static String label(Mk2Action a) {
        return a.op() + "(" + a.accept(ARGS) + ")";
    }

    private static String pages(List<Long> ps) {
        List<String> s = new ArrayList<>();
        for (long p : ps) {
            s.add(Long.toString(p));
        }
        return String.join("+", s);
    }

    private static String cpus(List<Long> cs) {
        List<String> s = new ArrayList<>();
        for (long c : cs) {
            s.add(Long.toString(c));
        }
        return String.join(",", s);
    }

    /** One operation of an overlay, e.g. {@code instance-create web id=1 pages=2 cpus=1}. */
    public static String op(Mk2Op op) {
        if (op instanceof Mk2Op.Create c) {
            return "instance-create " + c.name() + (c.id() >= 0 ? " id=" + c.id() : " id=auto") + " pages="
                + c.memoryPages() + " cpus=" + cpus(c.cpus()) + (c.u32Cells() ? " (as u32 cells)" : "");
        }
        if (op instanceof Mk2Op.Remove r) {
            return "instance-remove " + r.name();
        }
        if (op instanceof Mk2Op.AddMemory m) {
            return "memory-add " + m.name() + " pages=" + m.pages();
        }
        return "memory-remove " + ((Mk2Op.RemoveFirstRegion) op).name() + " first-region";
    }

    private static final Mk2Action.Cases<String> ARGS = new Mk2Action.Cases<>() {
        @Override
        public String baselineWrite(Mk2Action.BaselineWrite a) {
            return "cpus=" + cpus(a.cpus()) + ", memory=" + pages(a.memoryPages()) + " pages";
        }

        @Override
        public String overlayWrite(Mk2Action.OverlayWrite a) {
            List<String> s = new ArrayList<>();
            for (Mk2Op op : a.ops()) {
                s.add(op(op));
            }
            return String.join("; ", s);
        }

        @Override
        public String rmdirTx(Mk2Action.RmdirTx a) {
            return "tx_" + a.id();
        }

        @Override
        public String load(Mk2Action.Load a) {
            return "id=" + a.id() + ", pages=" + pages(a.segmentPages())
                + (a.fault() == Mk2LoadFault.NONE ? "" : ", fail-at=" + a.fault().word())
                + (a.onCrash() ? ", on-crash" : "");
        }

        @Override
        public String unload(Mk2Action.Unload a) {
            return "id=" + a.id();
        }

        @Override
        public String exec(Mk2Action.Exec a) {
            return "id=" + a.id() + (a.spawnOk() ? "" : ", spawn fails");
        }

        @Override
        public String halt(Mk2Action.Halt a) {
            return "id=" + a.id() + (a.acked() ? "" : ", no answer");
        }

        @Override
        public String forceHalt(Mk2Action.ForceHalt a) {
            return "id=" + a.id();
        }

        @Override
        public String spawnHalts(Mk2Action.SpawnHalts a) {
            return "id=" + a.id();
        }

        @Override
        public String haltedWork(Mk2Action.HaltedWork a) {
            return "";
        }
    };
}
