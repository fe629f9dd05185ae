package mkspec.properties.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class PropertyCheckTest {

    @Test
    void holdingPropertyReturnsItsPassedResult() {
        RunResult.Passed passed = PropertyCheck.assertHolds(Settings.named("good-stack").withSeed(3).withTries(50),
                Toys.GoodStack.model());
        assertEquals(50, passed.statistics().tries());
        assertEquals(3, passed.settings().seed());
    }

    @Test
    void failingPropertyThrowsAnAssertionErrorWithTheReport() {
        Settings settings = Settings.named("stack").withSeed(3).withTries(200);
        AssertionError error = assertThrows(AssertionError.class,
                () -> PropertyCheck.assertHolds(settings, Toys.BuggyStack.model()));
        RunResult.Failed failed = assertInstanceOf(RunResult.Failed.class, PropertyRunner.run(settings,
                Toys.BuggyStack.model()));
        assertEquals(failed.report(), error.getMessage());
        assertTrue(error.getMessage().contains("replay: mvn test -Dmkspec.stack.seed=3"), error.getMessage());
    }

    @Test
    void exceptionOfTheShrunkFailureIsTheAssertionErrorsCause() {
        AssertionError error = assertThrows(AssertionError.class, () -> PropertyCheck.assertHolds(
                Settings.named("queue").withSeed(6).withTries(200), Toys.ThrowingQueue.model()));
        assertInstanceOf(IllegalStateException.class, error.getCause());
    }

    @Test
    void failureHookReceivesTheShrunkSequenceBeforeTheTestFails() {
        List<RunResult.Failed> received = new ArrayList<>();
        assertThrows(AssertionError.class, () -> PropertyCheck.assertHolds(
                Settings.named("door").withSeed(2).withTries(200), Toys.Door.model(), received::add));
        assertEquals(1, received.size());
        assertEquals(List.of("lock", "open"), Toys.names(received.get(0).shrunk()));
    }

    @Test
    void failureHookThatThrowsIsAttachedToTheAssertionError() {
        AssertionError error = assertThrows(AssertionError.class, () -> PropertyCheck.assertHolds(
                Settings.named("door").withSeed(2).withTries(200), Toys.Door.model(), failed -> {
                    throw new UncheckedIOException("disk full", new IOException("disk full"));
                }));
        assertEquals(1, error.getSuppressed().length);
        assertInstanceOf(UncheckedIOException.class, error.getSuppressed()[0]);
        assertTrue(error.getMessage().startsWith("property door failed"), error.getMessage());
    }

    @Test
    void dynamicTestIsNamedAfterThePropertyAndFailsWithIt() {
        DynamicTest test = PropertyCheck.dynamicTest(Settings.named("door").withSeed(2).withTries(200),
                Toys.Door.model());
        assertEquals("door", test.getDisplayName());
        AssertionError error = assertThrows(AssertionError.class, () -> test.getExecutable().execute());
        assertTrue(error.getMessage().contains("locked-door-stays-shut"), error.getMessage());
    }

    @TestFactory
    Stream<DynamicTest> propertiesThatHoldRunAsDynamicTests() {
        return Stream.of(
                PropertyCheck.dynamicTest(Settings.named("good-stack").withSeed(1), Toys.GoodStack.model()),
                PropertyCheck.dynamicTest(Settings.named("counter-to-1000").withSeed(1), Toys.Counter.model(1000)));
    }
}
