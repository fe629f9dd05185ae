package mkspec.traces.format;

import java.util.List;
import mkspec.spec.invariant.Invariants;

/**
 * The names a trace may list under {@code violations}: the sixteen invariants of DESIGN.md, in its order, as the
 * spec publishes them.
 */
public final class InvariantNames {

    private static final List<String> ALL = Invariants.DESIGN_IDS;

    private InvariantNames() {
    }

    /** Whether {@code name} names an invariant. */
    public static boolean isInvariant(String name) {
        return ALL.contains(name);
    }

    /** Every invariant name, in DESIGN.md's order. */
    public static List<String> all() {
        return ALL;
    }
}
