package mkspec.traces.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import mkspec.reference.Erratum;
import mkspec.spec.invariant.Invariants;
import mkspec.traces.format.ErrataIds;
import mkspec.traces.format.InvariantNames;
import org.junit.jupiter.api.Test;

/** The trace format states its vocabulary itself; it is the spec's. */
class VocabularyTest {
    @Test
    void theFormatsInvariantNamesAreTheSpecsInItsOrder() {
        assertEquals(Invariants.DESIGN_IDS, InvariantNames.all());
    }

    @Test
    void theFormatsErratumIdsAreTheReferencesErrataInTheirOrder() {
        assertEquals(Arrays.stream(Erratum.values()).map(Erratum::name).toList(), ErrataIds.modelled());
    }
}
