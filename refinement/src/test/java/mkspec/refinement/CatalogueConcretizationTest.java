package mkspec.refinement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import mkspec.spec.Bounds;
import mkspec.spec.Spec;
import mkspec.spec.action.Action;
import org.junit.jupiter.api.Test;

/**
 * The spec defines what each catalogue upload means; the reference's parser is checked against it: every catalogue
 * action, concretized as a trace step and written as bytes, reads back through the fixed kernel's parser as exactly
 * the spec's action.
 */
class CatalogueConcretizationTest {
    @Test
    void everyCatalogueActionReadsBackAsItselfAtSeveralBounds() {
        for (Bounds b : List.of(Bounds.defaults(), Bounds.defaults().with(List.of(new String[] {"cpus", "9"}, new String[] {"instances", "3"})),
            Bounds.defaults().with("page-size", "8192"), Bounds.defaults().with("segments", "1,3+2,5"))) {
            List<Action> catalogue = Spec.actions(b);
            List<Command> commands = BoundedSteps.of(b);
            assertEquals(catalogue.size(), commands.size());
            for (int k = 0; k < catalogue.size(); k++) {
                assertEquals(catalogue.get(k), commands.get(k).action(), "catalogue action " + k + " at " + b.asMap());
            }
        }
    }
}
