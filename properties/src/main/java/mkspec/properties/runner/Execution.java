package mkspec.properties.runner;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One generated or replayed sequence: the steps it ran, its failure if any, and the draws that reproduce it.
 *
 * <p>A failing sequence ends with the step after which it failed (there are no steps when the initial state
 * already failed); the draws cover exactly the steps listed.
 *
 * @param steps            the steps run, in order
 * @param failure          the failure, if the sequence failed
 * @param draws            the draws of each step; replaying {@code draws.values()} gives this same execution
 * @param noActionEnabled  true if the sequence stopped early because no action was enabled
 */
public record Execution(List<Step> steps, Optional<Failure> failure, DrawLog draws, boolean noActionEnabled) {

    /** Copies the steps and rejects missing parts. */
    public Execution {
        steps = List.copyOf(steps);
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(draws, "draws");
    }

    /** True if the sequence failed. */
    public boolean failed() {
        return failure.isPresent();
    }

    /** The steps, numbered from 1, one per line, each line starting with {@code indent}. */
    public String describe(String indent) {
        if (steps.isEmpty()) {
            return indent + "(no steps: the initial state fails)\n";
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            text.append(indent).append(i + 1).append(". ").append(steps.get(i)).append('\n');
        }
        return text.toString();
    }
}
