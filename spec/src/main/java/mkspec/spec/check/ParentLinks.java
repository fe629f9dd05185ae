package mkspec.spec.check;

import java.util.Arrays;

/**
 * Where every stored state came from, in about 2 bytes per state: enough to walk from any state back to an initial
 * state and name the action taken at each step.
 *
 * <p>States are numbered in discovery order: the distinct initial states first, then the new children of state 0,
 * of state 1, and so on. Breadth-first search expands states in discovery order and discovers the new children of
 * one state contiguously, so it suffices to store, per expanded state, how many new children it had (one byte; 255
 * escapes to a side table for larger counts), and per discovered state the index of the action that produced it
 * (one byte when there are at most 256 actions, else two). The first child of state p is then the number of initial
 * states plus the sum of the counts before p; a prefix sum kept every {@value #CHECKPOINT_EVERY} states bounds the
 * work to find a parent. This replaces the fingerprint-to-parent-fingerprint map of stateright's bfs.rs and TLC's
 * TLCTrace (16 bytes per state) with an implicit numbering.
 *
 * <p>A system whose actions choose among several successors also records, per discovered state, which of the action's
 * steps produced it (one byte; 255 escapes to a side table), so that the path re-runs exactly. Until the first
 * state that is not its action's first step, nothing is stored: a deterministic system pays no byte for it.
 */
final class ParentLinks {

  static final int CHECKPOINT_EVERY = 64;
  private static final int ESCAPE = 255;

  private final boolean wideActions;
  private int[] initialPositions = new int[4];
  private int initialCount;
  private final ByteChunks actions = new ByteChunks();
  private final SmallCounts counts = new SmallCounts();
  private final SmallCounts choices = new SmallCounts();
  private boolean recordingChoices;
  private long[] checkpoints = new long[4];
  private int checkpointCount;
  private long closedParents;
  private long childrenClosed;
  private long discovered;

  /** Links for a system with {@code actionCount} actions (at most 65536). */
  ParentLinks(int actionCount) {
    if (actionCount > 65536) {
      throw new IllegalArgumentException("at most 65536 actions are supported, got " + actionCount);
    }
    this.wideActions = actionCount > 256;
  }

  /** Records the next distinct initial state, which is {@code position} in the system's list of initial states. */
  void addInitial(int position) {
    if (discovered > 0) {
      throw new IllegalStateException("initial states come before every discovered state");
    }
    if (initialCount == initialPositions.length) {
      initialPositions = Arrays.copyOf(initialPositions, initialCount * 2);
    }
    initialPositions[initialCount++] = position;
  }

  /** Records the next discovered state, produced by the first step of the action with index {@code action}. */
  void addDiscovered(int action) {
    addDiscovered(action, 0);
  }

  /** Records the next discovered state, produced by step {@code choice} of the action with index {@code action}. */
  void addDiscovered(int action, int choice) {
    if (choice < 0) {
      throw new IllegalArgumentException("negative choice " + choice);
    }
    if (wideActions) {
      actions.add((byte) (action >>> 8));
    }
    actions.add((byte) action);
    if (choice > 0 && !recordingChoices) {
      recordingChoices = true;
      for (long k = 0; k < discovered; k++) {
        choices.add(0);
      }
    }
    if (recordingChoices) {
      choices.add(choice);
    }
    discovered++;
  }

  /** For a discovered state, which of its action's steps produced it (0 for a deterministic action). */
  int choiceOf(long index) {
    checkDiscovered(index);
    long i = index - initialCount;
    return recordingChoices ? choices.get(i) : 0;
  }

  /** Records that the next state in discovery order was expanded and had {@code children} new children. */
  void closeParent(int children) {
    if (children < 0 || childrenClosed + children > discovered) {
      throw new IllegalStateException(
          "closing a parent with " + children + " children, but only " + (discovered - childrenClosed)
              + " discovered states have no parent");
    }
    if (closedParents == (long) checkpointCount * CHECKPOINT_EVERY) {
      if (checkpointCount == checkpoints.length) {
        checkpoints = Arrays.copyOf(checkpoints, checkpointCount * 2);
      }
      checkpoints[checkpointCount++] = initialCount + childrenClosed;
    }
    counts.add(children);
    childrenClosed += children;
    closedParents++;
  }

  /** The number of states recorded. */
  long size() {
    return initialCount + discovered;
  }

  /** The number of states recorded as expanded. */
  long closedParents() {
    return closedParents;
  }

  /** Whether state {@code index} is an initial state. */
  boolean isInitial(long index) {
    return index < initialCount;
  }

  /** For an initial state, its position in the system's list of initial states. */
  int initialPositionOf(long index) {
    if (!isInitial(index)) {
      throw new IllegalArgumentException("state " + index + " is not initial");
    }
    return initialPositions[(int) index];
  }

  /** For a discovered state, the index of the action that produced it. */
  int actionOf(long index) {
    checkDiscovered(index);
    long i = index - initialCount;
    if (wideActions) {
      return (actions.get(2 * i) & 0xff) << 8 | (actions.get(2 * i + 1) & 0xff);
    }
    return actions.get(i) & 0xff;
  }

  /** For a discovered state, the index of the state it was discovered from. */
  long parentOf(long index) {
    checkDiscovered(index);
    if (index >= initialCount + childrenClosed) {
      throw new IllegalStateException("state " + index + " has no closed parent yet");
    }
    // The last checkpoint at or before index: the parent is at or after it (earlier parents' children end there).
    int lo = 0;
    int hi = checkpointCount - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (checkpoints[mid] <= index) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    long parent = (long) lo * CHECKPOINT_EVERY;
    long firstChild = checkpoints[lo];
    while (true) {
      long end = firstChild + countOf(parent);
      if (index < end) {
        return parent;
      }
      firstChild = end;
      parent++;
    }
  }

  private int countOf(long parent) {
    return counts.get(parent);
  }

  private void checkDiscovered(long index) {
    if (index < initialCount || index >= size()) {
      throw new IllegalArgumentException("state " + index + " is not a discovered state (of " + size() + ")");
    }
  }

  /** Bytes held by the links' arrays (headers included). */
  long bytes() {
    return actions.bytes()
        + counts.bytes()
        + choices.bytes()
        + 16 + 4L * initialPositions.length
        + 16 + 8L * checkpoints.length;
  }

  /**
   * A sequence of non-negative ints that are almost always below 255, in a byte each: {@value #ESCAPE} marks one
   * kept in a side table of (position, value), sorted by position as values are only appended.
   */
  static final class SmallCounts {
    private final ByteChunks bytes = new ByteChunks();
    private long[] escapedAt = new long[0];
    private int[] escapedValues = new int[0];
    private int escapedCount;

    void add(int value) {
      if (value >= ESCAPE) {
        if (escapedCount == escapedAt.length) {
          escapedAt = Arrays.copyOf(escapedAt, Math.max(4, escapedCount * 2));
          escapedValues = Arrays.copyOf(escapedValues, Math.max(4, escapedCount * 2));
        }
        escapedAt[escapedCount] = bytes.size();
        escapedValues[escapedCount++] = value;
        bytes.add((byte) ESCAPE);
      } else {
        bytes.add((byte) value);
      }
    }

    int get(long index) {
      int value = bytes.get(index) & 0xff;
      return value != ESCAPE ? value : escapedValues[Arrays.binarySearch(escapedAt, 0, escapedCount, index)];
    }

    long bytes() {
      return bytes.bytes() + 16 + 8L * escapedAt.length + 16 + 4L * escapedValues.length;
    }
  }

  /**
   * A growable byte sequence in fixed-size chunks, so growing never copies more than one small chunk: the first
   * chunk doubles up to the chunk size, later chunks are added whole.
   */
  static final class ByteChunks {
    static final int CHUNK_SHIFT = 16;
    static final int CHUNK = 1 << CHUNK_SHIFT;
    private static final int CHUNK_MASK = CHUNK - 1;

    private byte[][] chunks = {new byte[64]};
    private int chunkCount = 1;
    private long size;

    void add(byte value) {
      int chunk = (int) (size >>> CHUNK_SHIFT);
      int offset = (int) size & CHUNK_MASK;
      if (chunk == chunkCount) {
        if (chunkCount == chunks.length) {
          chunks = Arrays.copyOf(chunks, chunkCount * 2);
        }
        chunks[chunkCount++] = new byte[CHUNK];
      } else if (offset == chunks[chunk].length) {
        chunks[chunk] = Arrays.copyOf(chunks[chunk], Math.min(CHUNK, offset * 2));
      }
      chunks[chunk][offset] = value;
      size++;
    }

    byte get(long index) {
      if (index < 0 || index >= size) {
        throw new IndexOutOfBoundsException(index);
      }
      return chunks[(int) (index >>> CHUNK_SHIFT)][(int) index & CHUNK_MASK];
    }

    long size() {
      return size;
    }

    long bytes() {
      long bytes = 16 + 4L * chunks.length;
      for (int c = 0; c < chunkCount; c++) {
        bytes += 16 + chunks[c].length;
      }
      return bytes;
    }
  }
}
