package mkspec.spec.check.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import mkspec.spec.check.CheckOptions;
import mkspec.spec.check.CheckResult;
import mkspec.spec.check.CheckStats;
import mkspec.spec.check.ModelChecker;
import mkspec.spec.check.StateInvariant;
import mkspec.spec.check.Step;
import mkspec.spec.check.TransitionSystem;
import mkspec.spec.check.Verdict;

/**
 * Measures the checker on a cheap synthetic system, a 4-dimensional torus of radix r (r^4 states, 4 actions that
 * each advance one coordinate modulo r), and prints the median distinct states per second over several runs for
 * each worker count, with the store's bytes per state.
 *
 * <p>Run after {@code mvn -pl spec test-compile}, one worker count per JVM (a JVM that ran one worker count first
 * compiles the search for it) on an otherwise idle machine (the search is bound by memory latency):
 * {@code java -Xmx4g -cp spec/target/classes:spec/target/test-classes mkspec.spec.check.bench.CheckerBenchmark
 * [radix] [runs] [workers...]}
 */
public final class CheckerBenchmark {

  private CheckerBenchmark() {}

  /** A point on the torus, packed 16 bits per coordinate. */
  record Point(long packed) {}

  /** The torus as a transition system, with one cheap invariant. */
  static final class Torus implements TransitionSystem<Point, Integer, Void> {
    private final int radix;
    private final List<Integer> actions = List.of(0, 1, 2, 3);
    private final List<StateInvariant<Point>> invariants = List.of(StateInvariant.of(
        "in-range", "every coordinate is below the radix", p -> inRange(p) ? Verdict.HOLDS : Verdict.violated("" + p)));

    Torus(int radix) {
      this.radix = radix;
    }

    private boolean inRange(Point p) {
      for (int d = 0; d < 4; d++) {
        if ((p.packed() >>> (16 * d) & 0xffff) >= radix) {
          return false;
        }
      }
      return true;
    }

    @Override
    public List<Point> initialStates() {
      return List.of(new Point(0));
    }

    @Override
    public List<Integer> actions() {
      return actions;
    }

    @Override
    public Step<Point, Void> next(Point p, Integer action) {
      int shift = 16 * action;
      long coordinate = p.packed() >>> shift & 0xffff;
      long advanced = coordinate + 1 == radix ? 0 : coordinate + 1;
      return new Step<>(new Point(p.packed() & ~(0xffffL << shift) | advanced << shift), null);
    }

    @Override
    public long fingerprint(Point p) {
      long z = p.packed() * 0x9E3779B97F4A7C15L;
      z = (z ^ (z >>> 32)) * 0xD6E8FEB86659FD93L;
      return z ^ (z >>> 32);
    }

    @Override
    public List<StateInvariant<Point>> invariants() {
      return invariants;
    }

    @Override
    public String label(Integer action) {
      return "advance(" + action + ")";
    }
  }

  public static void main(String[] args) {
    int radix = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    List<Integer> workerCounts = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      workerCounts.add(Integer.parseInt(args[i]));
    }
    if (workerCounts.isEmpty()) {
      workerCounts = List.of(1, 2);
    }
    Torus torus = new Torus(radix);
    System.out.printf(Locale.ROOT, "torus radix %d: %d states, %s, %d cores%n", radix, (long) Math.pow(radix, 4),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    for (int workers : workerCounts) {
      CheckOptions options = CheckOptions.defaults().withWorkers(workers);
      ModelChecker.check(torus, options); // warm-up
      List<Double> rates = new ArrayList<>();
      CheckStats last = null;
      for (int run = 0; run < runs; run++) {
        CheckResult<Point, Integer, Void> result = ModelChecker.check(torus, options);
        if (!result.passed()) {
          throw new IllegalStateException("the torus must pass: " + result);
        }
        last = result.stats();
        rates.add(last.distinctPerSecond());
      }
      List<Double> inOrder = List.copyOf(rates);
      Collections.sort(rates);
      System.out.printf(Locale.ROOT,
          "workers %d: median %.0f distinct states/s (min %.0f, max %.0f; runs %s); %d distinct, %d generated,"
              + " depth %d; store %.2f MB, peak %.2f MB, %.2f bytes/state (worst level end), %.2f bytes/state"
              + " (end)%n",
          workers, rates.get(rates.size() / 2), rates.get(0), rates.get(rates.size() - 1),
          inOrder.stream().map(r -> String.format(Locale.ROOT, "%.2fM", r / 1e6)).toList(), last.distinctStates(),
          last.statesGenerated(), last.depth(), last.storeBytes() / 1e6, last.peakStoreBytes() / 1e6,
          last.bytesPerState(), (double) last.storeBytes() / last.distinctStates());
    }
  }
}
