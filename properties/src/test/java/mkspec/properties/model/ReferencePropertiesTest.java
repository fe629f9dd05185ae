package mkspec.properties.model;

import java.nio.file.Path;
import mkspec.properties.runner.PropertyCheck;
import mkspec.properties.runner.RunResult;
import mkspec.properties.runner.Settings;
import mkspec.reference.Profile;
import org.junit.jupiter.api.Test;

/**
 * The stateful properties at realistic sizes (a 256 MiB pool, 16 CPUs, instances of up to 64 MiB,
 * segments of up to 16 MiB): random step sequences on the fixed reference keep every invariant
 * after every step, and every step is the spec's step.
 *
 * <p>Seeds are pinned so CI is repeatable; {@code -Dmkspec.seed=...} and {@code -Dmkspec.tries=...}
 * (or {@code -Dmkspec.<property>.seed}) run other sequences. A failure writes its shrunk trace and
 * report under target/property-failures/.
 */
class ReferencePropertiesTest {
    static final Path OUT = Path.of("target", "property-failures");

    @Test
    void fixedProfileKeepsEveryInvariantAfterEveryStep() {
        Settings s = Settings.named("fixed-invariants").withSeed(0x6d6b_7370_6563L).withTries(3000).withMaxSteps(40);
        RunResult.Passed p = PropertyCheck.assertHolds(s, MkspecModel.of(Profile.fixed(), MkspecModel.REALISTIC, false),
            FailureTraces.writer(OUT, "fixed-invariants", Profile.fixed(), MkspecModel.REALISTIC));
        StatisticsAssertions.everyActionRanAndSucceededSometimes(p.statistics());
    }

    @Test
    void fixedReferenceTakesTheSpecsStepEveryTime() {
        Settings s = Settings.named("fixed-refines-spec").withSeed(0x7265_6669_6e65L).withTries(3000).withMaxSteps(40);
        RunResult.Passed p = PropertyCheck.assertHolds(s, MkspecModel.of(Profile.fixed(), MkspecModel.REALISTIC, true),
            FailureTraces.writer(OUT, "fixed-refines-spec", Profile.fixed(), MkspecModel.REALISTIC));
        StatisticsAssertions.everyActionRanAndSucceededSometimes(p.statistics());
    }
}
