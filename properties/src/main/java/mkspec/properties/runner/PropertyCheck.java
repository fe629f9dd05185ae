package mkspec.properties.runner;

import org.junit.jupiter.api.DynamicTest;

/**
 * JUnit 5 entry points: run a property inside a test, print its seed and statistics, and fail the test with
 * the report when the property fails.
 *
 * <pre>{@code
 * @Test
 * void stackKeepsLastInFirstOut() {
 *     PropertyCheck.assertHolds(Settings.named("stack").withSeed(42), new StackModel());
 * }
 * }</pre>
 */
public final class PropertyCheck {

    private PropertyCheck() {
    }

    /**
     * Runs the property with {@code settings} overridden by system properties (see {@link Settings}), prints the
     * summary to stdout, and throws an {@link AssertionError} carrying the failure report (and the shrunk
     * failure's exception as its cause) if it fails.
     *
     * @return the passed result, for tests that also want to look at the statistics
     */
    public static <S> RunResult.Passed assertHolds(Settings settings, Model<S> model) {
        return assertHolds(settings, model, failure -> { });
    }

    /** As {@link #assertHolds(Settings, Model)}, and on failure first hands the failed run to {@code hook}. */
    public static <S> RunResult.Passed assertHolds(Settings settings, Model<S> model, FailureHook hook) {
        RunResult result = PropertyRunner.run(settings.withSystemOverrides(), model);
        System.out.print(result.summary());
        return result.accept(new RunResult.Cases<>() {
            public RunResult.Passed passed(RunResult.Passed passed) {
                return passed;
            }

            public RunResult.Passed failed(RunResult.Failed failed) {
                AssertionError error = new AssertionError(failed.report(), failed.failure().exception().orElse(null));
                try {
                    hook.onFailure(failed);
                } catch (RuntimeException e) {
                    error.addSuppressed(e);
                }
                throw error;
            }
        });
    }

    /** A dynamic test named after the property, for {@code @TestFactory} methods that run several properties. */
    public static <S> DynamicTest dynamicTest(Settings settings, Model<S> model) {
        return DynamicTest.dynamicTest(settings.name(), () -> assertHolds(settings, model));
    }
}
