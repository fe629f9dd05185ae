package mkspec.traces.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The records hold only what a valid trace can say; code that builds an impossible one fails at once. */
class TraceModelTest {

    private static final Expect STATUS_ONLY = new Expect(Optional.empty(), Map.of("web", InstanceStatus.READY),
            Optional.empty(), Optional.empty(), Set.of());

    @Test
    void anInstanceStatusExpectationIsRefusedOnAnyOpButStatus() {
        new Step.Status(Optional.of(STATUS_ONLY), Position.UNKNOWN);

        assertThrows(IllegalArgumentException.class,
                () -> new Step.Mkdir("web", Optional.of(STATUS_ONLY), Position.UNKNOWN));
    }

    @Test
    void restoredAndHandoverBytesAreRefusedOffTheirOps() {
        Expect restored = new Expect(Optional.empty(), Map.of(), Optional.of(new Restored.Nothing()),
                Optional.empty(), Set.of());
        Expect handover = new Expect(Optional.empty(), Map.of(), Optional.empty(), Optional.of(100L), Set.of());

        new Step.SpawnedBoot(1, Optional.of(restored), Position.UNKNOWN);
        new Step.RebootMultikernel(1, false, Optional.empty(), Optional.of(handover), Position.UNKNOWN);
        assertThrows(IllegalArgumentException.class,
                () -> new Step.RebootMultikernel(1, false, Optional.empty(), Optional.of(restored), Position.UNKNOWN));
        assertThrows(IllegalArgumentException.class,
                () -> new Step.SpawnedBoot(1, Optional.of(handover), Position.UNKNOWN));
    }

    @Test
    void anExpectationThatSaysNothingOrNamesAnUnknownInvariantIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new Expect(Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new Expect(Optional.empty(), Map.of(), Optional.empty(),
                Optional.empty(), Set.of("pool-conservd")));
        assertThrows(IllegalArgumentException.class, () -> new Expect(Optional.empty(),
                Map.of("result", InstanceStatus.READY), Optional.empty(), Optional.empty(), Set.of()));
    }

    @Test
    void invalidNamesNumbersAndProfilesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Step.Mkdir("Web", Optional.empty(), Position.UNKNOWN));
        assertThrows(IllegalArgumentException.class, () -> SegmentSpec.ofSize(-1));
        assertThrows(IllegalArgumentException.class, () -> new MachineSpec(4095, 8, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new MachineSpec(4096, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Trace.of("t", List.of()).withProfile("rfc-v3", List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> Trace.of("t", List.of()).withProfile("fixed", List.of("D3", "D3")));
        assertThrows(IllegalArgumentException.class, () -> new ExpectedResult.Errno("EWOULDBLOCK"));
        assertThrows(IllegalArgumentException.class, () -> new DeviceTreeSource.Dtb(new byte[0]));
    }

    @Test
    void aDtbIsAValueComparedByContentAndNotAliasedByItsArray() {
        byte[] bytes = {1, 2, 3};
        DeviceTreeSource.Dtb dtb = new DeviceTreeSource.Dtb(bytes);
        bytes[0] = 9;
        dtb.bytes()[1] = 9;

        assertEquals(new DeviceTreeSource.Dtb(new byte[] {1, 2, 3}), dtb);
        assertEquals(new DeviceTreeSource.Dtb(new byte[] {1, 2, 3}).hashCode(), dtb.hashCode());
        assertNotEquals(new DeviceTreeSource.Dtb(new byte[] {1, 2}), dtb);
    }

    @Test
    void sameContentIgnoresWhereATraceWasReadFromButNotWhatItSays() {
        Trace here = Trace.of("t", List.of(new Step.Status(Optional.empty(), new Position(4, 5))))
                .withFile(Path.of("a.yaml"));
        Trace there = Trace.of("t", List.of(new Step.Status(Optional.empty(), new Position(9, 7))));
        Trace other = Trace.of("t", List.of(new Step.RebootOther(Optional.empty(), new Position(4, 5))));

        assertNotEquals(here, there);
        assertTrue(here.sameContentAs(there));
        assertFalse(here.sameContentAs(other));
    }

    @Test
    void aStepIsLocatedByFileAndPositionOrByItsNumberWhenBuiltInCode() {
        Trace read = Trace.of("t", List.of(new Step.Status(Optional.empty(), new Position(4, 5))))
                .withFile(Path.of("dir", "a.yaml"));
        Trace built = Trace.of("t", List.of(new Step.Status(Optional.empty(), Position.UNKNOWN)));

        assertEquals(Path.of("dir", "a.yaml") + ":4:5", read.where(0));
        assertEquals("step 1 of t", built.where(0));
    }

    @Test
    void errnoNamesCarryTheirLinuxNumbers() {
        assertEquals(OptionalInt.of(1), ErrnoNames.number("EPERM"));
        assertEquals(OptionalInt.of(22), ErrnoNames.number("EINVAL"));
        assertEquals(OptionalInt.of(35), ErrnoNames.number("EDEADLK"));
        assertEquals(OptionalInt.of(95), ErrnoNames.number("EOPNOTSUPP"));
        assertEquals(OptionalInt.of(99), ErrnoNames.number("EADDRNOTAVAIL"));
        assertEquals(OptionalInt.of(133), ErrnoNames.number("EHWPOISON"));
        assertEquals(OptionalInt.empty(), ErrnoNames.number("EWOULDBLOCK"));
        assertEquals(131, ErrnoNames.all().size());
    }

    @Test
    void theInvariantListIsTheSeventeenOfTheDesign() {
        assertEquals(17, InvariantNames.all().size());
        assertEquals(17, Set.copyOf(InvariantNames.all()).size());
        assertTrue(InvariantNames.isInvariant("reboot-lock-released"));
    }

    @Test
    void positionsSortByLineThenColumn() {
        assertTrue(new Position(2, 1).compareTo(new Position(1, 80)) > 0);
        assertTrue(new Position(2, 3).compareTo(new Position(2, 4)) < 0);
        assertThrows(IllegalArgumentException.class, () -> new Position(0, 3));
    }
}
