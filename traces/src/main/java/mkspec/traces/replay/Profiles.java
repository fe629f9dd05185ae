package mkspec.traces.replay;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import mkspec.reference.Erratum;
import mkspec.reference.Profile;
import mkspec.traces.format.Trace;

/** The reference profile a trace's {@code profile:} and {@code errata:} select. */
public final class Profiles {
    private Profiles() {
    }

    /** A profile, or the reason the words do not name one. */
    public record Selection(Optional<Profile> profile, Optional<String> problem) {
    }

    /**
     * {@code fixed} with exactly {@code errata} on, or {@code rfc-v2} with {@code errata} turned off
     * (docs/trace-format.md); ids in any case. An erratum mkspec does not model (D16, D18, D19, or beyond) is a
     * problem, and so is an empty id.
     */
    public static Selection select(String profile, List<String> errata) {
        EnumSet<Erratum> listed = EnumSet.noneOf(Erratum.class);
        for (String id : errata) {
            if (id.isBlank()) {
                return new Selection(Optional.empty(), Optional.of("an empty erratum id in " + String.join(",", errata)
                    + " (ids are separated by single commas)"));
            }
            Optional<Erratum> e = Erratum.byId(id);
            if (e.isEmpty()) {
                return new Selection(Optional.empty(), Optional.of("erratum " + id + " is not modelled (mkspec models "
                    + modelled() + ")"));
            }
            listed.add(e.get());
        }
        if (Trace.PROFILE_RFC_V2.equals(profile)) {
            Profile p = Profile.rfcV2();
            for (Erratum e : listed) {
                p = p.without(e);
            }
            return new Selection(Optional.of(p), Optional.empty());
        }
        return new Selection(Optional.of(Profile.fixedWith(listed)), Optional.empty());
    }

    /** The ids of the modelled errata, e.g. {@code D1, D2, ..., D20}. */
    public static String modelled() {
        List<String> ids = new java.util.ArrayList<>();
        for (Erratum e : Erratum.values()) {
            ids.add(e.name());
        }
        return String.join(", ", ids);
    }

    /** Whether the profile is {@code fixed} with nothing on: the one the spec's steps must match. */
    public static boolean refines(Profile p) {
        return p.errata().isEmpty();
    }
}
