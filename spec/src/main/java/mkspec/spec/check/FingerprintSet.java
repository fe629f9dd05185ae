package mkspec.spec.check;

import java.util.Arrays;

/**
 * The set of 64-bit state fingerprints seen so far: open addressing over primitive {@code long} arrays, 8 bytes
 * per fingerprint at up to 90% load.
 *
 * <p>The set is split into {@value #SEGMENTS} independent segments, chosen by the low bits of a mixed fingerprint,
 * for two reasons: a segment is resized on its own, so resizing never holds two copies of the whole table (only of
 * one segment); and each segment is written by one thread, so several workers can insert at once without locks
 * ({@link #segmentOf}). Within a segment, slots form buckets of 8 (one cache line); the home bucket is chosen by
 * multiply-high ("fastrange", Lemire 2016) so capacities need not be powers of two and can grow by 1.5x; probing is
 * linear from the start of the home bucket. Slot value 0 means empty, so fingerprint 0 is kept in a flag of its own
 * instead of being remapped (a remapped 0 could collide with a real fingerprint).
 *
 * <p>Not thread-safe by itself: concurrent {@link #contains} calls are fine while nobody writes; concurrent
 * {@link #add} calls are fine when each thread writes different segments.
 */
final class FingerprintSet {

  static final int SEGMENTS = 64;
  private static final int SEGMENT_MASK = SEGMENTS - 1;
  private static final int BUCKET = 8;
  private static final double MAX_LOAD = 0.9;
  private static final double GROWTH = 1.5;
  /** Largest segment, in slots; a multiple of the bucket size that a Java array can hold. */
  private static final int MAX_SLOTS = (Integer.MAX_VALUE - 16) / BUCKET * BUCKET;
  private static final long ARRAY_HEADER_BYTES = 16;

  /**
   * Entries per segment, at index {@code s * STRIDE}: segments owned by different workers are counted 64 bytes
   * apart, so that their counters do not share a cache line.
   */
  private static final int STRIDE = 16;

  private final long[][] segments = new long[SEGMENTS][];
  private final int[] sizes = new int[SEGMENTS * STRIDE];
  private final int[] limits = new int[SEGMENTS];
  /** Per segment, the bytes of its old array if it was resized since {@link #resetGrowthRecord}, else 0. */
  private final long[] grownFrom = new long[SEGMENTS];
  private boolean hasZero;
  private boolean drained;

  /** An empty set of minimal size (one bucket per segment): segments grow as they fill. */
  FingerprintSet() {
    for (int s = 0; s < SEGMENTS; s++) {
      segments[s] = new long[BUCKET];
      limits[s] = limitFor(BUCKET);
    }
  }

  /**
   * The SplitMix64 finalizer (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014): a
   * bijection whose every output bit depends on every input bit, so that even sequential fingerprints (a counter
   * used as its own fingerprint) spread over segments and buckets.
   */
  static long mix(long fingerprint) {
    long z = fingerprint;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** The segment that holds {@code fingerprint}; fingerprint 0 belongs to segment 0. */
  static int segmentOf(long fingerprint) {
    return fingerprint == 0 ? 0 : (int) mix(fingerprint) & SEGMENT_MASK;
  }

  /** The first slot of the home bucket of a mixed fingerprint in a segment of {@code slots} slots. */
  private static int homeSlot(long mixed, int slots) {
    // fastrange: the high 64 bits of mixed * buckets, as an unsigned product, lie in [0, buckets).
    long buckets = slots / BUCKET;
    long bucket = Math.multiplyHigh(mixed, buckets) + ((mixed >> 63) & buckets);
    return (int) bucket * BUCKET;
  }

  private static int limitFor(int slots) {
    // Always leave one slot empty so that probing terminates.
    return (int) Math.min(slots - 1L, (long) (slots * MAX_LOAD));
  }

  /** Whether the set holds {@code fingerprint}. */
  boolean contains(long fingerprint) {
    if (fingerprint == 0) {
      return hasZero;
    }
    long mixed = mix(fingerprint);
    long[] slots = segments[(int) mixed & SEGMENT_MASK];
    int i = homeSlot(mixed, slots.length);
    while (true) {
      long v = slots[i];
      if (v == fingerprint) {
        return true;
      }
      if (v == 0) {
        return false;
      }
      if (++i == slots.length) {
        i = 0;
      }
    }
  }

  /** Adds {@code fingerprint}; returns true if it was not in the set before. */
  boolean add(long fingerprint) {
    checkNotDrained();
    if (fingerprint == 0) {
      boolean added = !hasZero;
      hasZero = true;
      return added;
    }
    long mixed = mix(fingerprint);
    int s = (int) mixed & SEGMENT_MASK;
    long[] slots = segments[s];
    int i = homeSlot(mixed, slots.length);
    while (true) {
      long v = slots[i];
      if (v == fingerprint) {
        return false;
      }
      if (v == 0) {
        break;
      }
      if (++i == slots.length) {
        i = 0;
      }
    }
    if (sizes[s * STRIDE] >= limits[s]) {
      grow(s);
      insertAbsent(segments[s], fingerprint, mixed);
    } else {
      slots[i] = fingerprint;
    }
    sizes[s * STRIDE]++;
    return true;
  }

  /**
   * Removes {@code fingerprint}; returns true if it was in the set. Uses backward-shift deletion (Knuth, TAOCP
   * vol. 3, 6.4 Algorithm R), so no tombstones are left behind.
   */
  boolean remove(long fingerprint) {
    checkNotDrained();
    if (fingerprint == 0) {
      boolean removed = hasZero;
      hasZero = false;
      return removed;
    }
    long mixed = mix(fingerprint);
    int s = (int) mixed & SEGMENT_MASK;
    long[] slots = segments[s];
    int n = slots.length;
    int hole = homeSlot(mixed, n);
    while (slots[hole] != fingerprint) {
      if (slots[hole] == 0) {
        return false;
      }
      if (++hole == n) {
        hole = 0;
      }
    }
    int j = hole;
    while (true) {
      if (++j == n) {
        j = 0;
      }
      long v = slots[j];
      if (v == 0) {
        break;
      }
      int home = homeSlot(mix(v), n);
      // v may fill the hole unless its home lies cyclically in (hole, j]: then it would move before its home.
      boolean homeAfterHole = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
      if (!homeAfterHole) {
        slots[hole] = v;
        hole = j;
      }
    }
    slots[hole] = 0;
    sizes[s * STRIDE]--;
    return true;
  }

  private void grow(int s) {
    long[] old = segments[s];
    long wanted = (long) Math.ceil(old.length / BUCKET * GROWTH) * BUCKET;
    if (old.length >= MAX_SLOTS) {
      throw new IllegalStateException("fingerprint table segment is full (" + old.length + " slots)");
    }
    int slots = (int) Math.min(MAX_SLOTS, Math.max(old.length + BUCKET, wanted));
    long[] fresh = new long[slots];
    for (long v : old) {
      if (v != 0) {
        insertAbsent(fresh, v, mix(v));
      }
    }
    segments[s] = fresh;
    limits[s] = limitFor(slots);
    grownFrom[s] = Math.max(grownFrom[s], arrayBytes(old.length));
  }

  private static void insertAbsent(long[] slots, long fingerprint, long mixed) {
    int i = homeSlot(mixed, slots.length);
    while (slots[i] != 0) {
      if (++i == slots.length) {
        i = 0;
      }
    }
    slots[i] = fingerprint;
  }

  /** The number of fingerprints in the set. */
  long size() {
    long n = hasZero ? 1 : 0;
    for (int size : sizes) {
      n += size;
    }
    return n;
  }

  /** Bytes held by the table's arrays (headers included). */
  long bytes() {
    // The arrays of segments (references), limits (ints), sizes (padded ints) and growth records (longs).
    long bytes = 2 * (ARRAY_HEADER_BYTES + 4L * SEGMENTS) + ARRAY_HEADER_BYTES + 4L * SEGMENTS * STRIDE
        + arrayBytes(SEGMENTS);
    for (long[] segment : segments) {
      bytes += segment == null ? 0 : arrayBytes(segment.length);
    }
    return bytes;
  }

  private static long arrayBytes(long longs) {
    return ARRAY_HEADER_BYTES + 8 * longs;
  }

  /** The bytes of the largest segment array replaced since the last reset: what resizing held twice at a time. */
  long largestGrowthSinceReset() {
    long max = 0;
    for (long g : grownFrom) {
      max = Math.max(max, g);
    }
    return max;
  }

  void resetGrowthRecord() {
    Arrays.fill(grownFrom, 0);
  }

  /**
   * The smallest difference between two fingerprints in the set, as an unsigned 64-bit number (TLC's
   * {@code checkFPs}), or 0 when the set holds fewer than two. Sorts the segments in place, so the set is no longer
   * usable afterwards: this is meant for the end of a search, where it needs no extra memory.
   */
  long drainMinimumGap() {
    checkNotDrained();
    drained = true;
    // Flipping the sign bit turns unsigned order into signed order, so Arrays.sort can be used.
    int[] ends = new int[SEGMENTS];
    for (int s = 0; s < SEGMENTS; s++) {
      long[] slots = segments[s];
      int n = 0;
      for (long v : slots) {
        if (v != 0) {
          slots[n++] = v ^ Long.MIN_VALUE;
        }
      }
      Arrays.sort(slots, 0, n);
      ends[s] = n;
    }
    // Merge the sorted segments with a small heap of segment indices, keyed by each segment's next value.
    int[] cursor = new int[SEGMENTS];
    int[] heap = new int[SEGMENTS];
    int heapSize = 0;
    for (int s = 0; s < SEGMENTS; s++) {
      if (ends[s] > 0) {
        heap[heapSize++] = s;
        siftUp(heap, heapSize - 1, cursor);
      }
    }
    boolean havePrevious = hasZero;
    long previous = Long.MIN_VALUE; // fingerprint 0, flipped
    long minimum = -1; // unsigned maximum
    boolean any = false;
    while (heapSize > 0) {
      int s = heap[0];
      long flipped = segments[s][cursor[s]];
      if (havePrevious) {
        long gap = flipped - previous; // the unsigned difference of the original values
        if (Long.compareUnsigned(gap, minimum) < 0) {
          minimum = gap;
        }
        any = true;
      }
      previous = flipped;
      havePrevious = true;
      cursor[s]++;
      if (cursor[s] == ends[s]) {
        heap[0] = heap[--heapSize];
      }
      siftDown(heap, heapSize, cursor);
    }
    return any ? minimum : 0;
  }

  private long head(int s, int[] cursor) {
    return segments[s][cursor[s]];
  }

  private void siftUp(int[] heap, int i, int[] cursor) {
    while (i > 0) {
      int parent = (i - 1) / 2;
      if (head(heap[parent], cursor) <= head(heap[i], cursor)) {
        return;
      }
      swap(heap, i, parent);
      i = parent;
    }
  }

  private void siftDown(int[] heap, int size, int[] cursor) {
    int i = 0;
    while (true) {
      int left = 2 * i + 1;
      if (left >= size) {
        return;
      }
      int smallest = left + 1 < size && head(heap[left + 1], cursor) < head(heap[left], cursor) ? left + 1 : left;
      if (head(heap[i], cursor) <= head(heap[smallest], cursor)) {
        return;
      }
      swap(heap, i, smallest);
      i = smallest;
    }
  }

  private static void swap(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }

  private void checkNotDrained() {
    if (drained) {
      throw new IllegalStateException("the fingerprint set was drained for its collision estimate");
    }
  }
}
