package io.gansweep.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.spec.Distribution;
import io.gansweep.spec.Domain;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ParzenEstimatorTest {

  /** The mixture is a density on the range: its integral (midpoint rule in the transformed space) is 1. */
  @Test
  void continuousDensityIntegratesToOne() {
    Domain.Continuous d = new Domain.Continuous(Distribution.UNIFORM, 0.0, 0.9);
    ParzenEstimator e = ParzenEstimator.fit(d, List.of(0.1, 0.15, 0.8), new double[] {1, 1, 1});
    int n = 20_000;
    double h = 0.9 / n;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += Math.exp(e.logPdf((i + 0.5) * h)) * h;
    }
    assertEquals(1.0, sum, 1e-4);
  }

  /** For log_uniform the density is over log(x): integrating over log x gives 1. */
  @Test
  void logUniformDensityIntegratesToOneInLogSpace() {
    Domain.Continuous d = new Domain.Continuous(Distribution.LOG_UNIFORM, 1e-5, 1e-2);
    ParzenEstimator e = ParzenEstimator.fit(d, List.of(3e-4, 1e-4), new double[] {1, 1});
    int n = 20_000;
    double lo = Math.log(1e-5);
    double h = (Math.log(1e-2) - lo) / n;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += Math.exp(e.logPdf(Math.exp(lo + (i + 0.5) * h))) * h;
    }
    assertEquals(1.0, sum, 1e-4);
  }

  @Test
  void integerAndCategoricalMassesSumToOne() {
    ParzenEstimator ints = ParzenEstimator.fit(new Domain.IntRange(1, 5), List.of(2, 2, 5), new double[] {1, 1, 1});
    double sum = 0;
    for (int k = 1; k <= 5; k++) {
      sum += Math.exp(ints.logPdf(k));
    }
    assertEquals(1.0, sum, 1e-6);
    ParzenEstimator cats = ParzenEstimator.fit(new Domain.Categorical(List.of("a", "b", "c")), List.of("b", "b"), new double[] {1, 1});
    double p = 0;
    for (String c : List.of("a", "b", "c")) {
      p += Math.exp(cats.logPdf(c));
    }
    assertEquals(1.0, p, 1e-12);
    // two observations of b and the prior: b gets (2 * (1/3 + 1) / 2 + 1/3) / 3 of the mass... computed by hand below
    double b = (2 * ((1.0 / 3 + 1) / (3 * (1.0 / 3) + 1)) + 1.0 / 3) / 3;
    assertEquals(b, Math.exp(cats.logPdf("b")), 1e-12);
  }

  /**
   * Draws stay inside the range and gather around the observations: with three observations near
   * 3e-4 over three decades, the magic clip keeps each kernel at least a fifth of the log range
   * wide (4 kernels), so about 0.75 x 0.58 + 0.25 x 0.3 = 51% of the draws land within a factor 3
   * of it; a uniform draw in log space puts 32% there (the bound, 45%, is 8 binomial sd above).
   */
  @Test
  void drawsStayInRangeAndFollowTheObservations() {
    Domain.Continuous d = new Domain.Continuous(Distribution.LOG_UNIFORM, 1e-5, 1e-2);
    ParzenEstimator e = ParzenEstimator.fit(d, List.of(2.5e-4, 3e-4, 3.5e-4), new double[] {1, 1, 1});
    SplittableRandom rng = new SplittableRandom(1);
    int near = 0;
    for (int i = 0; i < 4000; i++) {
      double x = (Double) e.sample(rng);
      assertTrue(x >= 1e-5 && x <= 1e-2, "out of range: " + x);
      near += x > 1e-4 && x < 9e-4 ? 1 : 0;
    }
    assertTrue(near > 0.45 * 4000, near + " of 4000 near 3e-4");
    ParzenEstimator ints = ParzenEstimator.fit(new Domain.IntRange(1, 5), List.of(5, 5), new double[] {1, 1});
    for (int i = 0; i < 1000; i++) {
      int k = (Integer) ints.sample(rng);
      assertTrue(k >= 1 && k <= 5, "out of range: " + k);
    }
  }

  /**
   * Optuna's bandwidths, worked by hand: observations 0.1, 0.15, 0.8 and the prior's 0.45 on [0,
   * 0.9] sort to gaps 0.1, 0.05, 0.3, 0.35, 0.1; each kernel takes its larger gap (0.1, 0.3, 0.35,
   * 0.35), the outermost their inner one (0.05 for 0.1; 0.35 for 0.8), clipped below at 0.9 /
   * min(100, 4 + 1) = 0.18; the prior spans the range.
   */
  @Test
  void bandwidthsAreOptunas() {
    double[] s = ParzenEstimator.bandwidths(new double[] {0.1, 0.15, 0.8, 0.45}, 0, 0.9);
    assertEquals(0.18, s[0], 1e-12);
    assertEquals(0.3, s[1], 1e-12);
    assertEquals(0.35, s[2], 1e-12);
    assertEquals(0.9, s[3], 1e-12);
  }

  @Test
  void normalCdfMatchesKnownValues() {
    assertEquals(0.5, ParzenEstimator.normalCdf(0), 1e-7);
    assertEquals(0.8413447460685429, ParzenEstimator.normalCdf(1), 1e-7);
    assertEquals(0.022750131948179195, ParzenEstimator.normalCdf(-2), 1e-8);
  }
}
