package mkspec.spec.check;

import java.util.ArrayList;
import java.util.List;

/**
 * A seeded pseudo-random transition system over states 0..size-1: action k in state s is enabled unless a hash of
 * (seed, s, k) has its low three bits zero, and leads to another hash of it modulo size. Every state is a dead end
 * with probability (1/8)^actions, so deadlocks exist in big graphs.
 */
final class RandomGraph {

  private RandomGraph() {}

  static long hash(long seed, int state, int action) {
    return FingerprintSet.mix(seed * 0x9E3779B97F4A7C15L + state * 31L + action);
  }

  /** The graph as an int system with one initial state 0 and {@code actions} actions. */
  static IntSystem of(long seed, int size, int actions) {
    List<String> names = new ArrayList<>();
    for (int k = 0; k < actions; k++) {
      names.add("edge(" + k + ")");
    }
    return IntSystem.of(List.of(0), List.copyOf(names), (s, k) -> {
      long h = hash(seed, s, k);
      return (h & 7) == 0 ? null : (int) Long.remainderUnsigned(h >>> 3, size);
    });
  }
}
