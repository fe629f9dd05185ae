package mkspec.traces.format;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A trace of the mk2 kernel ({@code kernel: mk2}), an additive extension of format 1: the machine is given by the
 * mk2 bounds, and each step by its action's label, as {@code mkspec check --kernel mk2} prints it.
 *
 * @param name        the trace's name
 * @param description free text
 * @param profile     {@code mk2} or {@code fixed}
 * @param errata      erratum ids like {@code N12}: with fixed, switched on; with mk2, switched off
 * @param bounds      the mk2 bounds the machine is built from ({@code --bound} keys), the rest at their defaults
 * @param steps       the steps, in order
 * @param file        the file it was read from, if any
 * @param header      where the profile, errata and bounds are in the file (for problems the model finds in them)
 */
public record Mk2Trace(String name, Optional<String> description, String profile, List<String> errata,
                       Map<String, String> bounds, List<Step> steps, Optional<Path> file, Position header) {

    /** The value of the top-level {@code kernel} key that marks an mk2 trace. */
    public static final String KERNEL = "mk2";

    public Mk2Trace {
        errata = List.copyOf(errata);
        bounds = Map.copyOf(bounds);
        steps = List.copyOf(steps);
    }

    /**
     * One step: the action's label, and what the trace expects of it.
     *
     * @param action     the label, e.g. {@code overlay-write(instance-create web id=1 pages=2 cpus=1)}
     * @param result     the expected result word ({@code ok} or an errno name, {@code bug}); empty: not checked
     * @param violations the invariants expected to be broken after the step (empty: none)
     * @param position   where the step starts in its file
     */
    public record Step(String action, Optional<String> result, List<String> violations, Position position) {
        public Step {
            violations = List.copyOf(violations);
        }
    }
}
