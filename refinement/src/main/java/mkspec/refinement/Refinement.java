package mkspec.refinement;

import java.util.Set;
import mkspec.reference.machine.Machine;
import mkspec.reference.machine.StepResult;
import mkspec.spec.model.MkState;

/**
 * One step of the reference, run, abstracted and judged: what replay and the properties do for every step, and
 * what the model checker's {@link ReferenceSystem} does with its own invariants.
 */
public final class Refinement {
    private Refinement() {
    }

    /** What a step returned, the abstract state it left, and the judgement on it. */
    public record Judged(StepResult result, MkState after, Judge.Judgement judgement) {
    }

    /**
     * Runs {@code c} on {@code m} (which it changes), abstracts the machine after it and judges the step from
     * {@code before}, whose failing state invariants are {@code failingBefore}; with {@code refine}, also checks that the
     * spec allows the step.
     */
    public static Judged step(Machine m, Command c, Judge judge, MkState before, Set<String> failingBefore, boolean refine) {
        StepResult r = ReferenceCalls.run(m, c);
        MkState after = Abstraction.of(m);
        return new Judged(r, after, judge.judge(failingBefore, before, c.action(), Results.toSpec(r), after, refine));
    }
}
