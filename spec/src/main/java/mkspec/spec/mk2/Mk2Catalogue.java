package mkspec.spec.mk2;

import java.util.ArrayList;
import java.util.List;
import mkspec.spec.mk2.action.Mk2Action;
import mkspec.spec.mk2.action.Mk2LoadFault;
import mkspec.spec.mk2.action.Mk2Op;

/** The bounded actions of the mk2 model, in a fixed order: what the checker explores. */
public final class Mk2Catalogue {
    private Mk2Catalogue() {
    }

    /** The id the edge case {@code far} asks for: 2049, which KEXEC_MK_ID encodes as 1 (N17). */
    public static final long FAR_ID = 2049;

    /** The host tree the edge case {@code big} supplies: within MK_HOST_TREE_MAX, but its blob is over a page. */
    public static final long BIG_HOST_TREE = 6000;

    /**
     * The edge case {@code big}'s name: 11000 'b's. An instance name has no length limit ([OV14] checks only that it
     * is non-empty, NUL-terminated and without '/'), and with the host tree its manifest outgrows MK_MANIFEST_SIZE.
     */
    public static final String BIG_NAME = "b".repeat(11000);

    /** The catalogue instance {@code k} (0-based): id k+1, CPU k+1, the bound's memory. */
    public static Mk2Op.Create create(Mk2Bounds b, int k) {
        return new Mk2Op.Create(Mk2Bounds.NAMES.get(k), k + 1, b.instancePages(), List.of((long) k + 1), false, 0);
    }

    /**
     * In this order: the baseline (every CPU but 0, the pool's memory); per instance its create and its remove; the
     * rollback of each tx; per instance a load of one page and one of more than its pool holds (the second segment
     * fails), web's loads at each fault, unload, exec (and web's failing spawn), halt (and web's unanswered one),
     * force halt, the spawned kernel halting, the spawned kernel removing its own record; the halted work. Then the edge cases: a baseline naming CPU 0 after a
     * spare CPU; one overlay creating every instance; {@code odd}, whose two spare CPUs are written as u32 cells;
     * {@code far}, id 2049; the last instance's first region removed, and a page added to it; a crash load of web;
     * {@code big}, whose host tree makes its overlay longer than a page and whose long name with that host tree
     * makes its manifest longer than MK_MANIFEST_SIZE.
     */
    public static List<Mk2Action> actions(Mk2Bounds b) {
        int n = b.instances();
        List<Long> spare = List.of((long) n + 1, (long) n + 2);
        List<Long> poolCpus = new ArrayList<>();
        for (long c = 1; c <= n + 2; c++) {
            poolCpus.add(c);
        }
        List<Mk2Action> out = new ArrayList<>();
        out.add(new Mk2Action.BaselineWrite(poolCpus, List.of(b.poolPages())));
        for (int k = 0; k < n; k++) {
            out.add(new Mk2Action.OverlayWrite(List.of(create(b, k))));
            out.add(new Mk2Action.OverlayWrite(List.of(new Mk2Op.Remove(Mk2Bounds.NAMES.get(k)))));
        }
        for (int t = 2; t <= b.maxTx() + 1; t++) {
            out.add(new Mk2Action.RmdirTx(t));
        }
        for (int id = 1; id <= n; id++) {
            out.add(new Mk2Action.Load(id, List.of(1L), Mk2LoadFault.NONE, false));
            out.add(new Mk2Action.Load(id, List.of(1L, b.instancePages()), Mk2LoadFault.NONE, false));
        }
        if (b.failPoints()) {
            for (Mk2LoadFault f : Mk2LoadFault.values()) {
                if (f != Mk2LoadFault.NONE) {
                    out.add(new Mk2Action.Load(1, List.of(1L), f, false));
                }
            }
        }
        for (int id = 1; id <= n; id++) {
            out.add(new Mk2Action.Unload(id));
            out.add(new Mk2Action.Exec(id, true));
        }
        out.add(new Mk2Action.Exec(1, false));
        for (int id = 1; id <= n; id++) {
            out.add(new Mk2Action.Halt(id, true));
            out.add(new Mk2Action.ForceHalt(id));
            out.add(new Mk2Action.SpawnHalts(id));
            out.add(new Mk2Action.SpawnRemovesSelf(id));
        }
        out.add(new Mk2Action.Halt(1, false));
        out.add(new Mk2Action.HaltedWork());
        if (b.edgeCases()) {
            out.add(new Mk2Action.BaselineWrite(List.of((long) n + 1, 0L), List.of(b.poolPages())));
            if (n > 1) {
                List<Mk2Op> all = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    all.add(create(b, k));
                }
                out.add(new Mk2Action.OverlayWrite(all));
            }
            out.add(new Mk2Action.OverlayWrite(List.of(new Mk2Op.Create("odd", -1, 1, spare, true, 0))));
            out.add(new Mk2Action.OverlayWrite(List.of(new Mk2Op.Create("far", FAR_ID, 1, List.of((long) n + 1),
                false, 0))));
            String last = Mk2Bounds.NAMES.get(n - 1);
            out.add(new Mk2Action.OverlayWrite(List.of(new Mk2Op.RemoveFirstRegion(last))));
            out.add(new Mk2Action.OverlayWrite(List.of(new Mk2Op.AddMemory(last, 1))));
            out.add(new Mk2Action.Load(1, List.of(1L), Mk2LoadFault.NONE, true));
            out.add(new Mk2Action.OverlayWrite(List.of(new Mk2Op.Create(BIG_NAME, -1, 1, List.of((long) n + 2), false,
                BIG_HOST_TREE))));
        }
        return out;
    }
}
