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

    /**
     * The profile {@code base} ({@code mk2} or {@code fixed}) with each erratum of {@code toggles} switched: off when
     * the profile has it, on when it does not (so {@code mk2} with N9 is the kexec_core.c@0646f02c variant). Ids are
     * case-insensitive.
     *
     * @throws IllegalArgumentException naming the bad profile or id and the allowed ones
     */
    public static Mk2Profile select(String base, java.util.List<String> toggles) {
        Mk2Profile start;
        if (base.equals("mk2")) {
            start = MK2;
        } else if (base.equals("fixed")) {
            start = FIXED;
        } else {
            throw new IllegalArgumentException("profile " + base + ": expected mk2 or fixed");
        }
        if (toggles.isEmpty()) {
            return start;
        }
        EnumSet<Mk2Erratum> set = start.errata.isEmpty() ? EnumSet.noneOf(Mk2Erratum.class) : EnumSet.copyOf(start.errata);
        StringBuilder name = new StringBuilder(start.name);
        EnumSet<Mk2Erratum> seen = EnumSet.noneOf(Mk2Erratum.class);
        for (String t : toggles) {
            Mk2Erratum e = byId(t.trim());
            if (!seen.add(e)) {
                throw new IllegalArgumentException("erratum " + e + " is listed twice");
            }
            if (set.remove(e)) {
                name.append('-').append(e);
            } else {
                set.add(e);
                name.append('+').append(e);
            }
        }
        return new Mk2Profile(name.toString(), set);
    }

    /** The erratum with this id, case-insensitive. */
    public static Mk2Erratum byId(String id) {
        for (Mk2Erratum e : Mk2Erratum.values()) {
            if (e.name().equalsIgnoreCase(id)) {
                return e;
            }
        }
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (Mk2Erratum e : Mk2Erratum.values()) {
            ids.add(e.name());
        }
        throw new IllegalArgumentException(id.isEmpty() ? "an empty erratum id (modelled: " + String.join(", ", ids) + ")"
            : "erratum " + id + " is not modelled for mk2 (modelled: " + String.join(", ", ids) + ")");
    }
}
