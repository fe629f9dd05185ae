/**
 * A small, general stateful property-testing runner: generators that draw only from a recording
 * {@link mkspec.properties.runner.RandomSource}, models of actions and checks, a seeded runner that shrinks a
 * failing sequence by editing its recorded draws, and a JUnit 5 helper.
 *
 * <p>The package knows nothing of the systems it tests; it imports nothing else from mkspec.
 * Start at {@link mkspec.properties.runner.PropertyCheck} (for tests) or
 * {@link mkspec.properties.runner.PropertyRunner} (for results as values), and at
 * {@link mkspec.properties.runner.Settings} for the seed, tries and system-property overrides.
 */
package mkspec.properties.runner;
