package mkspec.refinement;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import mkspec.reference.Erratum;
import mkspec.reference.Profile;

/**
 * Which invariants catch each erratum, stated once: the design's "caught by" column (docs/design.md), and the
 * further invariants a counterexample of the erratum is seen to break as well.
 */
public final class CaughtBy {
    private CaughtBy() {
    }

    /**
     * Not an invariant but a property of the whole state graph (docs/design.md, recoverability): from every reachable
     * state some sequence of steps reaches the spec's clean-machine; the errata that break it name it here.
     */
    public static final String RECOVERABLE = "recoverable";

    private record Row(List<String> designed, List<String> alsoBroken) {
    }

    private static final Map<Erratum, Row> TABLE = table();

    private static Map<Erratum, Row> table() {
        Map<Erratum, Row> m = new EnumMap<>(Erratum.class);
        // a dangling kimage also keeps its pool pages
        m.put(Erratum.D1, new Row(List.of("lifecycle-consistent", "failed-op-atomic", RECOVERABLE), List.of("no-pool-leak")));
        // host RAM a fallback segment takes may be RAM another image has
        m.put(Erratum.D2, new Row(List.of("segments-inside-instance"), List.of("segments-disjoint")));
        m.put(Erratum.D3, new Row(List.of("ids-loadable"), List.of()));
        m.put(Erratum.D4, new Row(List.of("images-independent"), List.of()));
        m.put(Erratum.D5, new Row(List.of("running-protected", "instances-disjoint"), List.of()));
        // a post-load failure ends in kimage_free, which keeps the pool pages
        // and the instance's removal then crashes the host in gen_pool_destroy: no way back to a clean machine
        m.put(Erratum.D6, new Row(List.of("no-pool-leak", RECOVERABLE), List.of("failed-op-atomic")));
        m.put(Erratum.D7, new Row(List.of("pool-conserved", "failed-op-atomic"), List.of()));
        m.put(Erratum.D8, new Row(List.of("segments-inside-instance"), List.of()));
        // the EFAULT returns with the lock held: a changed state
        m.put(Erratum.D9, new Row(List.of("reboot-lock-released", RECOVERABLE), List.of("failed-op-atomic")));
        m.put(Erratum.D10, new Row(List.of("handover-well-formed"), List.of()));
        m.put(Erratum.D11, new Row(List.of("handover-well-formed", "handover-fits-page"), List.of()));
        // a refused write has already read past its buffer
        m.put(Erratum.D12, new Row(List.of("fdt-reads-in-bounds"), List.of("failed-op-atomic")));
        m.put(Erratum.D13, new Row(List.of("fdt-reads-in-bounds"), List.of()));
        m.put(Erratum.D14, new Row(List.of("handover-page-alive"), List.of()));
        m.put(Erratum.D15, new Row(List.of("restore-faithful"), List.of()));
        // only through D13's misread id, which can also misplace the restored memory
        m.put(Erratum.D17, new Row(List.of("restore-faithful"), List.of("segments-inside-instance")));
        // rmdir racing a load leaves an unlisted instance holding its pool; racing a status read, a freed read
        m.put(Erratum.D18, new Row(List.of("pool-conserved", "no-use-after-free"), List.of()));
        // the NULL name's dereference is a read outside every FDT, and the host oopses
        m.put(Erratum.D20, new Row(List.of("fdt-reads-in-bounds"), List.of()));
        return m;
    }

    /** The design's "caught by" invariants of {@code e}. */
    public static List<String> designed(Erratum e) {
        return TABLE.get(e).designed();
    }

    /** The errata of {@code profile} known to break {@code invariant} (through {@link #mayBreak}), in id order. */
    public static List<Erratum> causes(Profile profile, String invariant) {
        List<Erratum> out = new ArrayList<>();
        for (Erratum e : profile.errata()) {
            if (mayBreak(e).contains(invariant)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Every invariant a counterexample of {@code e} may break: the design's, then the further ones. */
    public static List<String> mayBreak(Erratum e) {
        List<String> out = new ArrayList<>(TABLE.get(e).designed());
        out.addAll(TABLE.get(e).alsoBroken());
        return out;
    }
}
