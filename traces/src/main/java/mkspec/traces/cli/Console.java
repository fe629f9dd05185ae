package mkspec.traces.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import mkspec.reference.Erratum;
import mkspec.reference.Profile;
import mkspec.refinement.CaughtBy;
import mkspec.refinement.Judge;

/** What every subcommand writes the same way: its messages' prefix, counts of things, a step's broken invariants. */
final class Console {
    /** The start of every message mkspec itself writes to stderr (a trace's problems start with their file). */
    static final String PREFIX = "mkspec: ";

    private Console() {
    }

    /** A message for stderr: {@link #PREFIX} and {@code text}. */
    static String message(String text) {
        return PREFIX + text;
    }

    /** {@code count} and a noun, plural unless the count is one ({@code 1 step}, {@code 2 steps}). */
    static String count(long count, String noun) {
        return count + " " + (count == 1 ? noun : noun + "s");
    }

    /**
     * The invariants a step breaks, each with the errata of {@code profile} the errata table knows to break it, then
     * what each of those errata is; every invariant but {@code shown} (already printed in full) with its statement
     * and details. Nothing when the step breaks nothing.
     *
     * @param step how the lines name the step ("the last step", "step 3")
     * @param indent the indentation of the first line
     */
    static List<String> broken(Judge.Judgement judgement, Profile profile, String step, Set<String> shown,
                               String indent) {
        List<Judge.Broken> broken = judgement.broken();
        if (broken.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        Set<Erratum> causes = new LinkedHashSet<>();
        for (Judge.Broken b : broken) {
            List<Erratum> by = CaughtBy.causes(profile, b.id());
            causes.addAll(by);
            names.add(b.id() + (by.isEmpty() ? "" : " (" + String.join(", ", by.stream().map(Erratum::name).toList())
                + ")"));
        }
        List<String> lines = new ArrayList<>();
        lines.add(indent + step + " breaks " + count(broken.size(), "invariant") + ": " + String.join(", ", names));
        for (Judge.Broken b : broken) {
            if (shown.contains(b.id())) {
                continue;
            }
            lines.add(indent + "  " + b.id() + ": " + b.statement());
            for (String d : b.details()) {
                lines.add(indent + "    " + d);
            }
        }
        for (Erratum e : causes) {
            lines.add(indent + e.name() + ": " + e.defect());
        }
        if (causes.isEmpty() && !profile.errata().isEmpty()) {
            lines.add(indent + "no erratum of " + profile.name() + " is known to break "
                + (broken.size() == 1 ? "it" : "them"));
        }
        return lines;
    }
}
