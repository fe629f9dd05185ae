package mkspec.traces.refine;

import java.util.ArrayList;
import java.util.List;
import mkspec.reference.machine.MachineConfig;
import mkspec.spec.Bounds;
import mkspec.spec.Labels;
import mkspec.spec.Spec;
import mkspec.spec.action.Action;

/**
 * The bounded steps the reference runs under the checker: the spec's catalogue ({@link Spec#actions}), each action
 * concretized as a trace step ({@link SpecSteps#toStep}) and labelled as the spec labels it. A command's action is
 * the abstraction of its concrete step, which a test holds equal to the catalogue's action.
 */
public final class BoundedSteps {
    private BoundedSteps() {
    }

    /** The bounded commands, in the catalogue's order. */
    public static List<ReferenceSystem.Command> of(Bounds b) {
        MachineConfig config = ReferenceSystem.config(b);
        List<ReferenceSystem.Command> out = new ArrayList<>();
        for (Action a : Spec.actions(b)) {
            out.add(ReferenceSystem.Command.of(SpecSteps.toStep(a), config, abstracted -> Labels.label(a)));
        }
        return out;
    }
}
