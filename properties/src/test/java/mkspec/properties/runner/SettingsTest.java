package mkspec.properties.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static Properties properties(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    @Test
    void namedSettingsHaveTheDocumentedDefaults() {
        Settings settings = Settings.named("pool");
        assertEquals("pool", settings.name());
        assertEquals(Settings.DEFAULT_TRIES, settings.tries());
        assertEquals(Settings.DEFAULT_MAX_STEPS, settings.maxSteps());
        assertEquals(Settings.DEFAULT_MAX_SHRINK_RUNS, settings.maxShrinkRuns());
    }

    @Test
    void withersChangeOneSettingEach() {
        Settings settings = Settings.named("a").withSeed(5).withTries(6).withMaxSteps(7).withMaxShrinkRuns(8)
                .withName("b");
        assertEquals(new Settings("b", 5, 6, 7, 8), settings);
    }

    @Test
    void settingsRejectValuesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new Settings("has space", 1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Settings("dot.ted", 1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Settings("x", 1, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Settings("x", 1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Settings("x", 1, 1, 1, -1));
    }

    @Test
    void globalPropertiesOverrideEveryProperty() {
        Settings base = new Settings("pool", 1, 2, 3, 4);
        Settings overridden = base.overriddenBy(properties("mkspec.seed", "99", "mkspec.tries", "20",
                "mkspec.maxSteps", "30", "mkspec.maxShrinkRuns", "40"));
        assertEquals(new Settings("pool", 99, 20, 30, 40), overridden);
    }

    @Test
    void perPropertyOverridesWinOverGlobalOnes() {
        Properties both = properties("mkspec.seed", "99", "mkspec.pool.seed", "7", "mkspec.tries", "20",
                "mkspec.pool.tries", "3", "mkspec.other.maxSteps", "1000");
        assertEquals(new Settings("pool", 7, 3, 3, 4), new Settings("pool", 1, 2, 3, 4).overriddenBy(both));
        assertEquals(new Settings("other", 99, 20, 1000, 4), new Settings("other", 1, 2, 3, 4).overriddenBy(both));
    }

    @Test
    void seedOverrideAcceptsHexAndNegativeValues() {
        Settings base = new Settings("pool", 1, 2, 3, 4);
        assertEquals(255, base.overriddenBy(properties("mkspec.seed", "0xff")).seed());
        assertEquals(-12, base.overriddenBy(properties("mkspec.seed", "-12")).seed());
    }

    @Test
    void malformedOverrideIsAnErrorNotIgnored() {
        Settings base = new Settings("pool", 1, 2, 3, 4);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> base.overriddenBy(properties("mkspec.pool.tries", "lots")));
        assertTrue(error.getMessage().contains("tries override is not an int: 'lots'"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> base.overriddenBy(properties("mkspec.tries", "0")));
    }

    @Test
    void asSystemPropertiesReadsBackToTheSameSettings() {
        Settings settings = new Settings("pool", -42, 9, 17, 300);
        Properties read = new Properties();
        for (String word : settings.asSystemProperties().split(" ")) {
            String[] keyValue = word.substring("-D".length()).split("=", 2);
            read.setProperty(keyValue[0], keyValue[1]);
        }
        assertEquals(settings, Settings.named("pool").overriddenBy(read));
    }

    @Test
    void systemPropertiesOverrideTheSettingsPropertyCheckRuns() {
        String key = "mkspec.sysprop-override.tries";
        String seedKey = "mkspec.sysprop-override.seed";
        try {
            System.setProperty(key, "7");
            System.setProperty(seedKey, "0x2a");
            RunResult.Passed passed = PropertyCheck.assertHolds(
                    Settings.named("sysprop-override").withTries(100), Toys.GoodStack.model());
            assertEquals(7, passed.statistics().tries());
            assertEquals(42, passed.settings().seed());
        } finally {
            System.clearProperty(key);
            System.clearProperty(seedKey);
        }
        RunResult.Passed after = PropertyCheck.assertHolds(
                Settings.named("sysprop-override").withTries(11), Toys.GoodStack.model());
        assertEquals(11, after.statistics().tries());
    }
}
