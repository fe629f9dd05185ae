package mkspec.spec.check;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;

/**
 * Two estimates of the probability that the search missed states because two distinct states had the same
 * fingerprint, computed as TLC computes them (tlc2.tool.AbstractChecker calculateOptimisticProbability and
 * reportSuccess; the gap as in tlc2.tool.fp.DiskFPSet checkFPs).
 *
 * @param optimistic   distinct * (generated - distinct) / 2^64: each of the (generated - distinct) look-ups that found
 *                     a fingerprint already stored could have been a different state with one of the distinct ones
 * @param actual       1 / the smallest gap between two stored fingerprints, 0 when fewer than two are stored; a
 *                     small gap means the fingerprints are less spread out than random ones would be
 * @param minimumGap   the smallest difference between two stored fingerprints as an unsigned 64-bit number
 *                     ({@code -1} stands for 2^64 - 1), 0 when fewer than two are stored
 */
public record CollisionEstimate(double optimistic, double actual, long minimumGap) {

  private static final double TWO_TO_THE_64 = 0x1p64;

  /** The estimates for a search that generated {@code generated} states, {@code distinct} of them distinct. */
  static CollisionEstimate of(long distinct, long generated, long minimumGap) {
    double optimistic = distinct * ((generated - distinct) / TWO_TO_THE_64);
    double gap = minimumGap >= 0 ? (double) minimumGap : (double) (minimumGap >>> 1) * 2.0;
    double actual = minimumGap == 0 ? 0.0 : 1.0 / gap;
    return new CollisionEstimate(optimistic, actual, minimumGap);
  }

  /** The estimates as TLC prints them at the end of a search, two significant digits each. */
  public List<String> lines() {
    return List.of(
        "Estimates of the probability that the checker did not check all reachable states",
        "because two distinct states had the same fingerprint:",
        "  calculated (optimistic):  val = " + twoDigits(optimistic),
        "  based on the actual fingerprints:  val = " + twoDigits(actual));
  }

  private static String twoDigits(double value) {
    if (value == 0) {
      return "0.0";
    }
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(2));
    return String.format(Locale.ROOT, "%.1E", rounded.doubleValue());
  }
}
