package mkspec.refinement;

import java.util.ArrayList;
import java.util.List;
import mkspec.reference.machine.MachineConfig;
import mkspec.spec.Bounds;
import mkspec.spec.Spec;
import mkspec.spec.action.Action;

/**
 * The bounded calls the reference runs under the checker: the spec's catalogue ({@link Spec#actions}), each action
 * concretized ({@link Concretization#of}). A command's action is the abstraction of its call, which a test holds
 * equal to the catalogue's action.
 */
public final class BoundedSteps {
    private BoundedSteps() {
    }

    /** The bounded commands, in the catalogue's order. */
    public static List<Command> of(Bounds b) {
        MachineConfig config = ReferenceSystem.config(b);
        List<Command> out = new ArrayList<>();
        for (Action a : Spec.actions(b)) {
            out.add(Concretization.of(a, config));
        }
        return out;
    }
}
