package mkspec.spec.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FingerprintSetTest {

  @Test
  void aFingerprintIsAddedOnceAndFoundAfterwards() {
    FingerprintSet set = new FingerprintSet();

    assertFalse(set.contains(42));
    assertTrue(set.add(42));
    assertFalse(set.add(42));
    assertTrue(set.contains(42));
    assertEquals(1, set.size());
  }

  @Test
  void fingerprintZeroIsAnOrdinaryMemberNotAnEmptySlot() {
    FingerprintSet set = new FingerprintSet();

    assertFalse(set.contains(0));
    assertTrue(set.add(0));
    assertFalse(set.add(0));
    assertTrue(set.contains(0));
    assertEquals(1, set.size());
    assertTrue(set.remove(0));
    assertFalse(set.contains(0));
  }

  @Test
  void sequentialFingerprintsSpreadOverSegmentsAndAllSurviveGrowth() {
    FingerprintSet set = new FingerprintSet();
    int n = 300_000;
    for (int i = 0; i < n; i++) {
      assertTrue(set.add(i));
    }
    for (int i = 0; i < n; i++) {
      assertFalse(set.add(i), "duplicate " + i);
    }
    assertEquals(n, set.size());
    for (int i = 0; i < n; i++) {
      assertTrue(set.contains(i));
    }
    assertFalse(set.contains(n));
    assertFalse(set.contains(-1));
  }

  @Test
  void randomFingerprintsBehaveLikeAHashSet() {
    Random random = new Random(7);
    FingerprintSet set = new FingerprintSet();
    Set<Long> oracle = new HashSet<>();
    for (int i = 0; i < 200_000; i++) {
      // Few distinct values, so that adds often meet duplicates and removes often hit.
      long fingerprint = random.nextInt(50_000) * 0x9E3779B97F4A7C15L;
      switch (random.nextInt(4)) {
        case 0:
          assertEquals(oracle.remove(fingerprint), set.remove(fingerprint));
          break;
        case 1:
          assertEquals(oracle.contains(fingerprint), set.contains(fingerprint));
          break;
        default:
          assertEquals(oracle.add(fingerprint), set.add(fingerprint));
      }
    }
    assertEquals(oracle.size(), set.size());
    for (long fingerprint : oracle) {
      assertTrue(set.contains(fingerprint));
    }
  }

  @Test
  void removingKeepsEveryOtherFingerprintReachableInACrowdedSegment() {
    FingerprintSet set = new FingerprintSet();
    // Fill to high load so probe runs are long and cross bucket boundaries, then remove every third.
    long[] values = new long[100_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = FingerprintSet.mix(i + 1L) | 1;
      set.add(values[i]);
    }
    for (int i = 0; i < values.length; i += 3) {
      assertTrue(set.remove(values[i]));
    }
    for (int i = 0; i < values.length; i++) {
      assertEquals(i % 3 != 0, set.contains(values[i]), "value " + i);
    }
  }

  @Test
  void theTableStaysBetweenEightAndFourteenBytesPerFingerprint() {
    FingerprintSet set = new FingerprintSet();
    Random random = new Random(11);
    for (int n = 1; n <= 2_000_000; n++) {
      set.add(random.nextLong());
      if (n >= 100_000 && n % 50_000 == 0) {
        double perFingerprint = (double) set.bytes() / set.size();
        assertTrue(perFingerprint >= 8 / 0.9 && perFingerprint <= 8 / 0.6 + 0.3,
            n + " fingerprints take " + perFingerprint + " bytes each");
      }
    }
  }

  @Test
  void bytesCountEverySegmentArray() {
    FingerprintSet set = new FingerprintSet();
    long empty = set.bytes();

    // 64 segments of one 8-slot bucket, plus the bookkeeping arrays (sizes padded to 64 bytes each).
    assertEquals(64 * (16 + 8 * 8) + 2 * (16 + 4 * 64) + (16 + 64 * 64) + (16 + 8 * 64), empty);
  }

  @Test
  void growthIsRecordedUntilReset() {
    FingerprintSet set = new FingerprintSet();
    for (long i = 1; i <= 10_000; i++) {
      set.add(i);
    }
    assertTrue(set.largestGrowthSinceReset() > 0);
    set.resetGrowthRecord();
    assertEquals(0, set.largestGrowthSinceReset());
  }

  @Test
  void theMinimumGapIsTheSmallestUnsignedDifferenceOfSortedFingerprints() {
    Random random = new Random(3);
    long[] values = new long[50_000];
    FingerprintSet set = new FingerprintSet();
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextLong();
      set.add(values[i]);
    }
    set.add(0);
    long[] sorted = Arrays.copyOf(values, values.length + 1);
    Arrays.sort(sorted); // signed order; compare as unsigned below
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] ^= Long.MIN_VALUE;
    }
    Arrays.sort(sorted);
    long expected = -1;
    for (int i = 1; i < sorted.length; i++) {
      long gap = sorted[i] - sorted[i - 1];
      if (Long.compareUnsigned(gap, expected) < 0) {
        expected = gap;
      }
    }

    assertEquals(expected, set.drainMinimumGap());
    assertThrows(IllegalStateException.class, () -> set.add(5));
  }

  @Test
  void theMinimumGapSpansTheSignBit() {
    FingerprintSet set = new FingerprintSet();
    set.add(Long.MAX_VALUE);
    set.add(Long.MIN_VALUE);
    set.add(-1);

    // Unsigned: MAX_VALUE and MIN_VALUE are neighbours, 1 apart.
    assertEquals(1, set.drainMinimumGap());
  }

  @Test
  void fewerThanTwoFingerprintsHaveNoGap() {
    FingerprintSet set = new FingerprintSet();
    set.add(99);

    assertEquals(0, set.drainMinimumGap());
  }

  @Test
  void theSegmentOfAFingerprintIsWhereItIsStored() {
    // segmentOf decides which worker inserts a fingerprint; it must be the segment add() uses.
    FingerprintSet set = new FingerprintSet();
    int[] perSegment = new int[FingerprintSet.SEGMENTS];
    for (long i = 1; i <= 64_000; i++) {
      perSegment[FingerprintSet.segmentOf(i)]++;
      set.add(i);
    }
    for (int count : perSegment) {
      assertTrue(count > 800 && count < 1200, "segments are evenly used: " + Arrays.toString(perSegment));
    }
    assertEquals(0, FingerprintSet.segmentOf(0));
  }
}
