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
     * @param thread     the user thread that runs it, 1 to 3, or 0 when the step names none (as in format 1's
     *                   {@code thread}: in a trace where some step names one, a step is one section of a call)
     */
    public record Step(String action, Optional<String> result, List<String> violations, Position position,
                       int thread) {
        public Step {
            violations = List.copyOf(violations);
            if (thread < 0 || thread > Trace.MAX_THREADS) {
                throw new IllegalArgumentException("thread must be 1 to " + Trace.MAX_THREADS + " (0: none): " + thread);
            }
        }

        /** A step that names no thread: a whole call, run alone. */
        public Step(String action, Optional<String> result, List<String> violations, Position position) {
            this(action, result, violations, position, 0);
        }
    }

    /** Whether some step names a thread: then each step is one section of a call, and the calls interleave. */
    public boolean threaded() {
        return steps.stream().anyMatch(s -> s.thread() != 0);
    }
}
