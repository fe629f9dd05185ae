package mkspec.spec.mk2;

import java.util.ArrayList;
import java.util.List;
import mkspec.spec.mk2.action.Mk2Action;
import mkspec.spec.mk2.action.Mk2LoadFault;
import mkspec.spec.mk2.action.Mk2Op;
import mkspec.spec.mk2.model.Mk2Instance;

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
        return op.accept(OPS);
    }

    private static final Mk2Op.Cases<String> OPS = new Mk2Op.Cases<>() {
        @Override
        public String create(Mk2Op.Create c) {
            return "instance-create " + name(c.name()) + (c.id() >= 0 ? " id=" + c.id() : " id=auto") + " pages="
                + c.memoryPages() + " cpus=" + cpus(c.cpus()) + (c.u32Cells() ? " (as u32 cells)" : "")
                + (c.hostTreeBytes() > 0 ? " host-tree=" + c.hostTreeBytes() : "");
        }

        @Override
        public String remove(Mk2Op.Remove r) {
            return "instance-remove " + name(r.name());
        }

        @Override
        public String removeFirstRegion(Mk2Op.RemoveFirstRegion r) {
            return "memory-remove " + r.name() + " first-region";
        }

        @Override
        public String addMemory(Mk2Op.AddMemory m) {
            return "memory-add " + m.name() + " pages=" + m.pages();
        }
    };

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

        @Override
        public String spawnRemovesSelf(Mk2Action.SpawnRemovesSelf a) {
            return "id=" + a.id();
        }
    };

    private static final int LONG_NAME = Mk2Instance.LONG_NAME;

    /** A name as labels write it ({@link Mk2Instance#shownName}). */
    public static String name(String n) {
        return Mk2Instance.shownName(n);
    }

    /** The inverse of {@link #name}. */
    private static String parseName(String w, String what) {
        int star = w.indexOf('*');
        if (star == 1 && w.length() > 2) {
            long n = number(w.substring(2), what);
            if (n <= LONG_NAME || n > 1 << 20) {
                throw new IllegalArgumentException(what + ": a repeated name is " + (LONG_NAME + 1)
                    + " to 1048576 characters, found " + n);
            }
            return String.valueOf(w.charAt(0)).repeat((int) n);
        }
        return w;
    }

    /**
     * The action a label names: the inverse of {@link #label}, so that a trace can carry its steps as labels.
     *
     * @throws IllegalArgumentException with a one-line message naming what is wrong
     */
    public static Mk2Action parse(String label) {
        String t = label.strip();
        int open = t.indexOf('(');
        if (open <= 0 || !t.endsWith(")")) {
            throw new IllegalArgumentException("expected op(arguments), e.g. kexec-file-load(id=1, pages=1), found '" + t + "'");
        }
        String op = t.substring(0, open);
        String args = t.substring(open + 1, t.length() - 1).strip();
        switch (op) {
            case "baseline-write": {
                java.util.Map<String, String> m = keyed(args, op);
                String mem = need(m, "memory", op);
                if (!mem.endsWith(" pages")) {
                    throw new IllegalArgumentException(op + ": expected memory=N pages, found '" + mem + "'");
                }
                return new Mk2Action.BaselineWrite(numbers(need(m, "cpus", op), ","), numbers(mem.substring(0, mem.length() - 6), "\\+"));
            }
            case "overlay-write": {
                List<Mk2Op> ops = new ArrayList<>();
                for (String one : args.split(";")) {
                    ops.add(parseOp(one.strip()));
                }
                return new Mk2Action.OverlayWrite(ops);
            }
            case "rmdir-tx":
                if (!args.startsWith("tx_")) {
                    throw new IllegalArgumentException(op + ": expected tx_N, found '" + args + "'");
                }
                return new Mk2Action.RmdirTx(integer(args.substring(3), op));
            case "kexec-file-load": {
                java.util.Map<String, String> m = keyed(args, op);
                Mk2LoadFault fault = Mk2LoadFault.NONE;
                if (m.containsKey("fail-at")) {
                    fault = java.util.Arrays.stream(Mk2LoadFault.values()).filter(f -> f.word().equals(m.get("fail-at")))
                        .findFirst().orElseThrow(() -> new IllegalArgumentException(op + ": fail-at " + m.get("fail-at")
                            + " is not one of manifest, ipi-ring, bad-kernel, control-page"));
                }
                return new Mk2Action.Load(number(need(m, "id", op), op), numbers(need(m, "pages", op), "\\+"), fault,
                    m.containsKey("on-crash"));
            }
            case "kexec-file-unload":
                return new Mk2Action.Unload(number(need(keyed(args, op), "id", op), op));
            case "reboot-multikernel": {
                java.util.Map<String, String> m = keyed(args, op);
                return new Mk2Action.Exec(integer(need(m, "id", op), op), !m.containsKey("spawn fails"));
            }
            case "reboot-multikernel-halt": {
                java.util.Map<String, String> m = keyed(args, op);
                return new Mk2Action.Halt(integer(need(m, "id", op), op), !m.containsKey("no answer"));
            }
            case "reboot-multikernel-halt-force":
                return new Mk2Action.ForceHalt(integer(need(keyed(args, op), "id", op), op));
            case "spawn-halts":
                return new Mk2Action.SpawnHalts(integer(need(keyed(args, op), "id", op), op));
            case "spawn-instance-remove":
                return new Mk2Action.SpawnRemovesSelf(integer(need(keyed(args, op), "id", op), op));
            case "halted-work":
                if (!args.isEmpty()) {
                    throw new IllegalArgumentException(op + ": takes no arguments, found '" + args + "'");
                }
                return new Mk2Action.HaltedWork();
            default:
                throw new IllegalArgumentException("unknown mk2 op '" + op + "' (known: baseline-write, overlay-write, "
                    + "rmdir-tx, kexec-file-load, kexec-file-unload, reboot-multikernel, reboot-multikernel-halt, "
                    + "reboot-multikernel-halt-force, spawn-halts, halted-work, spawn-instance-remove)");
        }
    }

    private static Mk2Op parseOp(String text) {
        String[] w = text.split(" ");
        String what = "overlay-write";
        if (w.length >= 2 && w[0].equals("instance-remove") && w.length == 2) {
            return new Mk2Op.Remove(parseName(w[1], what));
        }
        if (w.length == 3 && w[0].equals("memory-remove") && w[2].equals("first-region")) {
            return new Mk2Op.RemoveFirstRegion(w[1]);
        }
        if (w.length == 3 && w[0].equals("memory-add") && w[2].startsWith("pages=")) {
            return new Mk2Op.AddMemory(w[1], number(w[2].substring(6), what));
        }
        if (w.length >= 5 && w[0].equals("instance-create") && w[2].startsWith("id=") && w[3].startsWith("pages=")
            && w[4].startsWith("cpus=")) {
            long hostTree = 0;
            if (w[w.length - 1].startsWith("host-tree=")) {
                hostTree = number(w[w.length - 1].substring(10), what);
                text = text.substring(0, text.lastIndexOf(" host-tree="));
                w = text.split(" ");
            }
            boolean u32 = text.endsWith(" (as u32 cells)");
            if (w.length != (u32 ? 8 : 5)) {
                throw new IllegalArgumentException(what + ": cannot read '" + text + "'");
            }
            String id = w[2].substring(3);
            String cpus = w[4].substring(5);
            return new Mk2Op.Create(parseName(w[1], what), id.equals("auto") ? -1 : number(id, what), number(w[3].substring(6), what),
                cpus.isEmpty() ? List.of() : numbers(cpus, ","), u32, hostTree);
        }
        throw new IllegalArgumentException(what + ": expected instance-create NAME id=N|auto pages=N cpus=A,B [host-tree=N], "
            + "instance-remove NAME, memory-remove NAME first-region or memory-add NAME pages=N, found '" + text + "'");
    }

    /** {@code k=v, k=v, flag} as a map; a bare word maps to itself. */
    private static java.util.Map<String, String> keyed(String args, String op) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        if (args.isEmpty()) {
            return m;
        }
        for (String part : args.split(", ")) {
            int eq = part.indexOf('=');
            String k = eq < 0 ? part.strip() : part.substring(0, eq).strip();
            if (m.put(k, eq < 0 ? k : part.substring(eq + 1).strip()) != null) {
                throw new IllegalArgumentException(op + ": " + k + " given twice");
            }
        }
        return m;
    }

    private static String need(java.util.Map<String, String> m, String key, String op) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException(op + ": " + key + "= is missing");
        }
        return v;
    }

    private static long number(String text, String op) {
        try {
            long v = Long.decode(text.strip());
            if (v < 0 || v > 0xffffffffL) {
                throw new IllegalArgumentException(op + ": " + text + " is not 0 to 0xffffffff");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(op + ": '" + text + "' is not a number");
        }
    }

    private static int integer(String text, String op) {
        long v = number(text, op);
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": " + text + " is larger than 0x7fffffff");
        }
        return (int) v;
    }

    private static List<Long> numbers(String text, String separator) {
        List<Long> out = new ArrayList<>();
        for (String n : text.split(separator)) {
            out.add(number(n, "a list"));
        }
        return out;
    }
}
