package mkspec.spec.check;

import java.util.Arrays;

/**
 * The recoverability pass: the search keeps every transition between distinct states as (source discovery number,
 * target fingerprint); afterwards this walks them backwards, breadth first, from the home states, and finds the first
 * state in discovery order that no home state is reached from. That state's discovery number is the smallest of its
 * kind, so the path to it is a shortest one, whatever order the workers kept the transitions in.
 *
 * <p>The states the search stored without expanding them (outside the bounds) are not judged: their successors are
 * unknown, so they are never reported, and no path through them counts as a way home. A state reported is one from
 * which no path inside the explored graph gets home: within the bounds, like every other finding.
 */
final class BackwardPass {

  /** Transitions one worker kept, in the order it took them; grows by half. */
  static final class Edges {
    int[] sources = new int[1024];
    long[] targets = new long[1024];
    int size;

    void add(int source, long targetFingerprint) {
      if (size == sources.length) {
        int capacity = size + (size >> 1);
        sources = Arrays.copyOf(sources, capacity);
        targets = Arrays.copyOf(targets, capacity);
      }
      sources[size] = source;
      targets[size++] = targetFingerprint;
    }

  }

  /** Discovery numbers one worker found to be home, or left unexpanded; grows by half. */
  static final class Marks {
    int[] states = new int[64];
    int size;

    void add(int state) {
      if (size == states.length) {
        states = Arrays.copyOf(states, size + (size >> 1));
      }
      states[size++] = state;
    }
  }

  /**
   * What the pass found.
   *
   * @param firstStuck the smallest discovery number of a state that cannot get home, or -1
   * @param canGetHome how many states can (the home states included)
   * @param bytes      the most bytes the kept transitions and the pass's tables held
   */
  record Outcome(long firstStuck, long canGetHome, long bytes) {}

  private BackwardPass() {}

  /**
   * Runs the pass over {@code states} stored states whose fingerprints, by discovery number, are
   * {@code fingerprints}; {@code homes} are the home states, {@code unjudged} the states left unexpanded.
   *
   * @throws IllegalStateException if a kept transition leads to a fingerprint that was never stored (a checker bug)
   */
  static Outcome run(long[] fingerprints, int states, Edges[] edges, Marks[] homes, Marks[] unjudged) {
    // Fingerprint -> discovery number, open addressing; a number is stored plus one so that zero marks a free slot.
    int capacity = Integer.highestOneBit(Math.max(4, states) * 2 - 1) << 1;
    long[] keys = new long[capacity];
    int[] numbers = new int[capacity];
    int mask = capacity - 1;
    for (int n = 0; n < states; n++) {
      int slot = slotOf(fingerprints[n], mask);
      while (numbers[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = fingerprints[n];
      numbers[slot] = n + 1;
    }
    long total = 0;
    for (Edges e : edges) {
      total += e.size;
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("more transitions than the recoverability pass can hold: " + total);
    }
    // The transitions reversed, as compressed rows: the sources of target t are sources[start[t] .. start[t + 1]).
    int[] start = new int[states + 1];
    int[][] resolved = new int[edges.length][];
    for (int w = 0; w < edges.length; w++) {
      Edges e = edges[w];
      int[] targets = new int[e.size];
      for (int k = 0; k < e.size; k++) {
        int target = numberOf(e.targets[k], keys, numbers, mask);
        targets[k] = target;
        start[target + 1]++;
      }
      resolved[w] = targets;
    }
    for (int t = 0; t < states; t++) {
      start[t + 1] += start[t];
    }
    int[] sources = new int[(int) total];
    int[] fill = Arrays.copyOf(start, states);
    for (int w = 0; w < edges.length; w++) {
      Edges e = edges[w];
      int[] targets = resolved[w];
      for (int k = 0; k < e.size; k++) {
        sources[fill[targets[k]]++] = e.sources[k];
      }
      resolved[w] = null;
    }
    // Counted from the sizes, not from the buffers' capacities, so that the figure is the same on any number of workers.
    long bytes = 12L * total + 8L * total + 12L * capacity + 8L * states + 4L * (2L * states + 2) + 2 * reachedBytes(states);
    // Breadth first, backwards, from every home state.
    long[] reached = new long[(states + 63) >>> 6];
    int[] queue = new int[states];
    int tail = 0;
    for (Marks m : homes) {
      for (int k = 0; k < m.size; k++) {
        int s = m.states[k];
        if ((reached[s >>> 6] & 1L << s) == 0) {
          reached[s >>> 6] |= 1L << s;
          queue[tail++] = s;
        }
      }
    }
    for (int head = 0; head < tail; head++) {
      int t = queue[head];
      for (int k = start[t]; k < start[t + 1]; k++) {
        int s = sources[k];
        if ((reached[s >>> 6] & 1L << s) == 0) {
          reached[s >>> 6] |= 1L << s;
          queue[tail++] = s;
        }
      }
    }
    long[] skip = reached.clone();
    for (Marks m : unjudged) {
      for (int k = 0; k < m.size; k++) {
        skip[m.states[k] >>> 6] |= 1L << m.states[k];
      }
    }
    long firstStuck = -1;
    for (int word = 0; word < skip.length; word++) {
      long missing = ~skip[word];
      if (word == reached.length - 1 && (states & 63) != 0) {
        missing &= (1L << (states & 63)) - 1;
      }
      if (missing != 0) {
        firstStuck = ((long) word << 6) + Long.numberOfTrailingZeros(missing);
        break;
      }
    }
    return new Outcome(firstStuck, tail, bytes);
  }

  private static long reachedBytes(int states) {
    return 8L * ((states + 63) >>> 6);
  }

  private static int slotOf(long fingerprint, int mask) {
    return (int) ((fingerprint ^ fingerprint >>> 29) * 0x9E3779B97F4A7C15L >>> 32) & mask;
  }

  private static int numberOf(long fingerprint, long[] keys, int[] numbers, int mask) {
    for (int slot = slotOf(fingerprint, mask); numbers[slot] != 0; slot = (slot + 1) & mask) {
      if (keys[slot] == fingerprint) {
        return numbers[slot] - 1;
      }
    }
    throw new IllegalStateException(
        "checker bug: a kept transition leads to fingerprint " + Long.toHexString(fingerprint) + ", never stored");
  }
}
