package mkspec.properties.runner;

import java.util.Objects;

/**
 * One executed step of a sequence: which action ran, with which arguments, and the outcome label it returned.
 *
 * @param action    the action's name
 * @param args      the generated arguments (null for actions without arguments, or if generating them threw)
 * @param argsText  the arguments as the action's describer renders them; empty shows no parentheses
 * @param outcome   the outcome label, or {@code "threw <Exception>"} when the action or its generator threw
 */
public record Step(String action, Object args, String argsText, String outcome) {

    /** Rejects missing names and labels (arguments may be null). */
    public Step {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(argsText, "argsText");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** The step as {@code name(args) -> outcome}, or {@code name -> outcome} without arguments. */
    @Override
    public String toString() {
        return (argsText.isEmpty() ? action : action + "(" + argsText + ")") + " -> " + outcome;
    }
}
