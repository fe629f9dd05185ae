package mkspec.reference;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which errata the reference reproduces: {@code rfc-v2} is every erratum on, {@code fixed} every
 * erratum off, and any mix can be built from either with {@link #with} and {@link #without}.
 *
 * @param name a label for reports: {@code rfc-v2}, {@code fixed}, or a derived description
 * @param errata the errata that are on
 */
public record Profile(String name, Set<Erratum> errata) {

    public Profile {
        errata = Collections.unmodifiableSet(copy(errata));
    }

    /** Every erratum on: what the posted patches do. */
    public static Profile rfcV2() {
        return new Profile("rfc-v2", EnumSet.allOf(Erratum.class));
    }

    /** Every erratum off. */
    public static Profile fixed() {
        return new Profile("fixed", EnumSet.noneOf(Erratum.class));
    }

    /** Whether the reference reproduces {@code e}. */
    public boolean has(Erratum e) {
        return errata.contains(e);
    }

    /** This profile with {@code e} on. */
    public Profile with(Erratum e) {
        EnumSet<Erratum> s = copy(errata);
        s.add(e);
        return fixedWith(s);
    }

    /** This profile with {@code e} off. */
    public Profile without(Erratum e) {
        EnumSet<Erratum> s = copy(errata);
        s.remove(e);
        return fixedWith(s);
    }

    /** {@code fixed} with exactly {@code on} switched on. */
    public static Profile fixedWith(Set<Erratum> on) {
        EnumSet<Erratum> s = copy(on); // the name lists the errata in declaration order, whatever set on is
        return new Profile(derivedName(s), s);
    }

    /** A modifiable copy ({@link EnumSet#copyOf(java.util.Collection)} refuses an empty set that is not an EnumSet). */
    private static EnumSet<Erratum> copy(Set<Erratum> s) {
        return s.isEmpty() ? EnumSet.noneOf(Erratum.class) : EnumSet.copyOf(s);
    }

    private static String derivedName(Set<Erratum> s) {
        if (s.isEmpty()) {
            return "fixed";
        }
        if (s.size() == Erratum.values().length) {
            return "rfc-v2";
        }
        StringBuilder b = new StringBuilder("fixed+");
        boolean first = true;
        for (Erratum e : s) {
            if (!first) {
                b.append(',');
            }
            b.append(e.name());
            first = false;
        }
        return b.toString();
    }
}
