package mkspec.properties.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RandomSourceTest {

    @Test
    void seededSourceGivesTheSameDrawsForTheSameSeed() {
        SeededSource a = RandomSource.seeded(7);
        SeededSource b = RandomSource.seeded(7);
        SeededSource c = RandomSource.seeded(8);
        List<Long> fromA = new ArrayList<>();
        List<Long> fromB = new ArrayList<>();
        List<Long> fromC = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            fromA.add(a.draw(0, 1_000_000));
            fromB.add(b.draw(0, 1_000_000));
            fromC.add(c.draw(0, 1_000_000));
        }
        assertEquals(fromA, fromB);
        assertNotEquals(fromA, fromC);
    }

    @Test
    void seededSourceRecordsEveryDrawWithItsBounds() {
        SeededSource source = RandomSource.seeded(1);
        long first = source.draw(3, 9);
        long second = source.draw(-5, -5);
        assertEquals(List.of(new Draw(first, 3, 9), new Draw(-5, -5, -5)), source.recorded());
        assertEquals(-5, second);
    }

    @Test
    void seededSourceStaysWithinBoundsIncludingTheFullLongRange() {
        SeededSource source = RandomSource.seeded(3);
        boolean sawMin = false;
        boolean sawMax = false;
        for (int i = 0; i < 2000; i++) {
            long value = source.draw(-2, 2);
            assertTrue(value >= -2 && value <= 2, "value " + value);
            sawMin |= value == -2;
            sawMax |= value == 2;
        }
        assertTrue(sawMin && sawMax, "both bounds are reachable");
        long wide = source.draw(Long.MIN_VALUE, Long.MAX_VALUE);
        assertEquals(wide, source.recorded().get(source.recorded().size() - 1).value());
        long nearTop = source.draw(Long.MAX_VALUE - 1, Long.MAX_VALUE);
        assertTrue(nearTop >= Long.MAX_VALUE - 1);
    }

    @Test
    void drawRejectsBoundsOutOfOrder() {
        assertThrows(IllegalArgumentException.class, () -> RandomSource.seeded(1).draw(2, 1));
        assertThrows(IllegalArgumentException.class, () -> RandomSource.replaying(List.of()).draw(2, 1));
    }

    @Test
    void replaySourcePlaysBackItsValuesInOrder() {
        ReplaySource source = RandomSource.replaying(List.of(4L, 0L, 7L));
        assertEquals(4, source.draw(0, 10));
        assertEquals(0, source.draw(0, 10));
        assertEquals(7, source.draw(0, 10));
    }

    @Test
    void replaySourceClampsValuesIntoTheRequestedBounds() {
        ReplaySource source = RandomSource.replaying(List.of(50L, -3L));
        assertEquals(9, source.draw(2, 9));
        assertEquals(2, source.draw(2, 9));
        assertEquals(List.of(new Draw(9, 2, 9), new Draw(2, 2, 9)), source.recorded());
    }

    @Test
    void exhaustedReplaySourceReturnsEachMinimum() {
        ReplaySource source = RandomSource.replaying(List.of(1L));
        assertEquals(1, source.draw(0, 5));
        assertEquals(3, source.draw(3, 8));
        assertEquals(-4, source.draw(-4, 4));
    }

    @Test
    void replayingASeededRecordingRegeneratesTheSameValues() {
        Gen<List<Integer>> gen = Gen.listOf(Gen.ints(-100, 100), 0, 20);
        SeededSource seeded = RandomSource.seeded(99);
        List<Integer> generated = gen.generate(seeded);
        List<Long> values = new ArrayList<>();
        seeded.recorded().forEach(d -> values.add(d.value()));
        assertEquals(generated, gen.generate(RandomSource.replaying(values)));
    }

    @Test
    void drawRejectsAValueOutsideItsBounds() {
        assertThrows(IllegalArgumentException.class, () -> new Draw(10, 0, 9));
        assertThrows(IllegalArgumentException.class, () -> new Draw(0, 1, 0));
    }
}
