package mkspec.traces.format;

import java.util.List;

/**
 * The names a trace may list under {@code violations}: the seventeen invariants, in the design's order. The format
 * states them itself, so that it depends on nothing else of mkspec; a test holds them equal to the spec's.
 */
public final class InvariantNames {

    private static final List<String> ALL = List.of("segments-disjoint", "segments-inside-instance",
        "instances-disjoint", "pool-conserved", "no-pool-leak", "lifecycle-consistent", "failed-op-atomic",
        "ids-loadable", "images-independent", "running-protected", "handover-fits-page", "handover-well-formed",
        "restore-faithful", "handover-page-alive", "fdt-reads-in-bounds", "reboot-lock-released",
        "no-use-after-free");

    private InvariantNames() {
    }

    /** Whether {@code name} names an invariant. */
    public static boolean isInvariant(String name) {
        return ALL.contains(name);
    }

    /** Every invariant name, in the design's order. */
    public static List<String> all() {
        return ALL;
    }
}
