package mkspec.traces.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import mkspec.spec.invariant.Invariants;
import mkspec.traces.format.InvariantNames;
import org.junit.jupiter.api.Test;

/** The trace format states its vocabulary itself; it is the spec's. */
class VocabularyTest {
    @Test
    void theFormatsInvariantNamesAreTheSpecsInItsOrder() {
        assertEquals(Invariants.DESIGN_IDS, InvariantNames.all());
    }
}
