package mkspec.refinement.mk2;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import mkspec.reference.mk2.Mk2Erratum;

/**
 * Which invariants catch each mk2 defect, stated once: the design's column (docs/mk2.md), and the further invariants
 * a counterexample of the defect is seen to break as well.
 */
public final class Mk2CaughtBy {
    private Mk2CaughtBy() {
    }

    private record Row(List<String> designed, List<String> alsoBroken) {
    }

    private static final Map<Mk2Erratum, Row> TABLE = table();

    private static Map<Mk2Erratum, Row> table() {
        Map<Mk2Erratum, Row> m = new EnumMap<>(Mk2Erratum.class);
        // the dangling kimage is freed again by an unload: a use after free
        m.put(Mk2Erratum.N1, new Row(List.of("lifecycle-consistent", "refcount-consistent", "no-pool-leak",
            "no-host-page-leak", "failed-op-atomic"), List.of("kernel-alive")));
        // the unloaded kernel keeps running: its record is READY, and may be removed under it
        m.put(Mk2Erratum.N2, new Row(List.of("unload-protected", "running-protected"), List.of("cpu-single-owner",
            "lifecycle-consistent")));
        // a destroy between the load's lookup and its end: the loaded record is off the idr, no unload reaches it
        m.put(Mk2Erratum.N3, new Row(List.of("images-reachable"), List.of()));
        // the apply reads the blob past the 4 KiB copy the handler made: a memory-safety fault
        m.put(Mk2Erratum.N4, new Row(List.of("kernel-alive"), List.of()));
        m.put(Mk2Erratum.N5, new Row(List.of("overlay-atomic", "rollback-exact"), List.of()));
        m.put(Mk2Erratum.N6, new Row(List.of("baseline-atomic"), List.of()));
        m.put(Mk2Erratum.N7, new Row(List.of("instance-as-requested"), List.of()));
        // the put_page leaks three pages at every free, the unwind of a failed load included
        m.put(Mk2Erratum.N9, new Row(List.of("no-host-page-leak"), List.of("failed-op-atomic")));
        m.put(Mk2Erratum.N11, new Row(List.of("rollback-exact"), List.of()));
        // the removed region is handed out again and freed twice
        m.put(Mk2Erratum.N12, new Row(List.of("instances-disjoint"), List.of("kernel-alive", "pool-conserved")));
        m.put(Mk2Erratum.N13, new Row(List.of("pool-conserved"), List.of()));
        m.put(Mk2Erratum.N14, new Row(List.of("refcount-consistent"), List.of()));
        m.put(Mk2Erratum.N15, new Row(List.of("write-reports-result"), List.of()));
        // an exec between the unload's kexec_unlock and its kimage_free runs a kernel whose image is then freed; a
        // second unload there frees the image twice
        m.put(Mk2Erratum.N16, new Row(List.of("running-protected", "kernel-alive"), List.of("lifecycle-consistent")));
        m.put(Mk2Erratum.N17, new Row(List.of("ids-loadable"), List.of()));
        m.put(Mk2Erratum.N18, new Row(List.of("lifecycle-consistent"), List.of("running-protected")));
        m.put(Mk2Erratum.N19, new Row(List.of("self-record-alive"), List.of()));
        // the spawn booted from an unfinished tree, so it took the host path
        m.put(Mk2Erratum.N20, new Row(List.of("manifest-fits", "manifest-well-formed", "restore-faithful"), List.of()));
        return m;
    }

    /** The design's invariants for {@code e}. */
    public static List<String> designed(Mk2Erratum e) {
        return TABLE.get(e).designed();
    }

    /** Every invariant a counterexample of {@code e} may break. */
    public static List<String> mayBreak(Mk2Erratum e) {
        List<String> out = new ArrayList<>(TABLE.get(e).designed());
        out.addAll(TABLE.get(e).alsoBroken());
        return out;
    }
}
