package mkspec.reference.mk2;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which mk2 defects the reference reproduces.
 *
 * @param name {@code mk2}, {@code fixed}, or a derived name such as {@code fixed+N2}
 * @param errata the defects switched on
 */
public record Mk2Profile(String name, Set<Mk2Erratum> errata) {

    public Mk2Profile {
        errata = errata.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(errata));
    }

    /**
     * The code as read: every defect of the kexec pair at 758894fd, whose kimage_free frees the manifest right, so
     * N9 (the 0646f02c variant) is off.
     */
    public static final Mk2Profile MK2 = new Mk2Profile("mk2", EnumSet.complementOf(EnumSet.of(Mk2Erratum.N9)));

    /** Every defect off. */
    public static final Mk2Profile FIXED = new Mk2Profile("fixed", Set.of());

    public boolean has(Mk2Erratum e) {
        return errata.contains(e);
    }
}
