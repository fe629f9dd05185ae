package mkspec.properties.runner;

import java.util.Objects;
import java.util.Properties;
import java.util.SplittableRandom;

/**
 * How one property is run: its name, the seed, how many sequences (tries) of at most how many steps, and how
 * many re-runs the shrinker may spend. Immutable; change it with the {@code withX} copies.
 *
 * <h2>Defaults</h2>
 * {@link #named(String)} gives {@value #DEFAULT_TRIES} tries of at most {@value #DEFAULT_MAX_STEPS} steps, at
 * most {@value #DEFAULT_MAX_SHRINK_RUNS} shrink runs, and a fresh seed (derived from the clock) that every run
 * prints; pin one with {@link #withSeed(long)} for a fixed test.
 *
 * <h2>Overrides from system properties</h2>
 * {@link PropertyCheck} applies {@link #withSystemOverrides()} before running, so a property can be re-run,
 * replayed or stressed from the command line without editing code, for example
 * {@code mvn test -Dmkspec.seed=42} or {@code mvn test -Dmkspec.stack.seed=42 -Dmkspec.stack.tries=8}.
 * Each of the four settings may be given for every property or for one property by its name:
 * <table>
 *   <caption>system properties read, per-property ones winning over global ones</caption>
 *   <tr><th>setting</th><th>all properties</th><th>property {@code <name>} only</th></tr>
 *   <tr><td>seed</td><td>{@code mkspec.seed}</td><td>{@code mkspec.<name>.seed}</td></tr>
 *   <tr><td>tries</td><td>{@code mkspec.tries}</td><td>{@code mkspec.<name>.tries}</td></tr>
 *   <tr><td>maxSteps</td><td>{@code mkspec.maxSteps}</td><td>{@code mkspec.<name>.maxSteps}</td></tr>
 *   <tr><td>maxShrinkRuns</td><td>{@code mkspec.maxShrinkRuns}</td><td>{@code mkspec.<name>.maxShrinkRuns}</td></tr>
 * </table>
 * Values are decimal (seeds may also be written {@code 0x...}, as {@link Long#decode} reads them); a malformed
 * value is an error, not silently ignored. A failure report prints the exact properties that replay it.
 * {@link PropertyRunner#run} itself uses the settings exactly as given.
 *
 * @param name          the property's name, used in reports and in per-property system properties; no spaces
 * @param seed          the seed every try's randomness is derived from
 * @param tries         how many sequences to generate, at least 1
 * @param maxSteps      the longest sequence, at least 1; each try draws its length in {@code [1, maxSteps]}
 * @param maxShrinkRuns how many candidate sequences the shrinker may run, at least 0 (0: no shrinking)
 */
public record Settings(String name, long seed, int tries, int maxSteps, int maxShrinkRuns) {

    /** Default number of tries. */
    public static final int DEFAULT_TRIES = 100;
    /** Default longest sequence. */
    public static final int DEFAULT_MAX_STEPS = 50;
    /** Default shrink budget, in runs. */
    public static final int DEFAULT_MAX_SHRINK_RUNS = 2000;

    /** Rejects a name unfit for a system-property key, and counts out of range. */
    public Settings {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
            throw new IllegalArgumentException("property name must be letters, digits, '-' or '_', got '" + name + "'");
        }
        if (tries < 1) {
            throw new IllegalArgumentException("tries must be at least 1, got " + tries);
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps must be at least 1, got " + maxSteps);
        }
        if (maxShrinkRuns < 0) {
            throw new IllegalArgumentException("maxShrinkRuns must be at least 0, got " + maxShrinkRuns);
        }
    }

    /** Settings for the property {@code name} with the defaults and a fresh seed. */
    public static Settings named(String name) {
        long freshSeed = new SplittableRandom(System.nanoTime() ^ System.currentTimeMillis()).nextLong();
        return new Settings(name, freshSeed, DEFAULT_TRIES, DEFAULT_MAX_STEPS, DEFAULT_MAX_SHRINK_RUNS);
    }

    /** These settings with another name. */
    public Settings withName(String newName) {
        return new Settings(newName, seed, tries, maxSteps, maxShrinkRuns);
    }

    /** These settings with another seed. */
    public Settings withSeed(long newSeed) {
        return new Settings(name, newSeed, tries, maxSteps, maxShrinkRuns);
    }

    /** These settings with another number of tries. */
    public Settings withTries(int newTries) {
        return new Settings(name, seed, newTries, maxSteps, maxShrinkRuns);
    }

    /** These settings with another longest sequence. */
    public Settings withMaxSteps(int newMaxSteps) {
        return new Settings(name, seed, tries, newMaxSteps, maxShrinkRuns);
    }

    /** These settings with another shrink budget. */
    public Settings withMaxShrinkRuns(int newMaxShrinkRuns) {
        return new Settings(name, seed, tries, maxSteps, newMaxShrinkRuns);
    }

    /** These settings overridden by the JVM's system properties; see the class comment for the keys. */
    public Settings withSystemOverrides() {
        return overriddenBy(System.getProperties());
    }

    /**
     * These settings overridden by {@code properties} ({@code mkspec.<key>}, then {@code mkspec.<name>.<key>});
     * see the class comment for the keys.
     *
     * @throws IllegalArgumentException if a value present is not a number or out of range
     */
    public Settings overriddenBy(Properties properties) {
        String seedText = lookup(properties, "seed");
        String triesText = lookup(properties, "tries");
        String maxStepsText = lookup(properties, "maxSteps");
        String shrinkText = lookup(properties, "maxShrinkRuns");
        return new Settings(name,
                seedText == null ? seed : parseSeed(seedText),
                triesText == null ? tries : parseCount("tries", triesText),
                maxStepsText == null ? maxSteps : parseCount("maxSteps", maxStepsText),
                shrinkText == null ? maxShrinkRuns : parseCount("maxShrinkRuns", shrinkText));
    }

    /** The system properties that make a run with these settings again, e.g. {@code -Dmkspec.stack.seed=42 ...}. */
    public String asSystemProperties() {
        String prefix = " -Dmkspec." + name + ".";
        return (prefix + "seed=" + seed + prefix + "tries=" + tries + prefix + "maxSteps=" + maxSteps
                + prefix + "maxShrinkRuns=" + maxShrinkRuns).strip();
    }

    private String lookup(Properties properties, String key) {
        String own = properties.getProperty("mkspec." + name + "." + key);
        return own != null ? own : properties.getProperty("mkspec." + key);
    }

    private long parseSeed(String text) {
        try {
            return Long.decode(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property " + name + ": seed override is not a long: '" + text + "'", e);
        }
    }

    private int parseCount(String key, String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("property " + name + ": " + key + " override is not an int: '" + text
                    + "'", e);
        }
    }
}
