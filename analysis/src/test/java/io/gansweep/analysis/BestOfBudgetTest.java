package io.gansweep.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BestOfBudgetTest {

  /** Expected best of k by enumerating every k-subset: what the closed form must equal. */
  static double bruteForce(double[] v, int k) {
    int n = v.length;
    double sum = 0;
    int count = 0;
    for (int mask = 0; mask < 1 << n; mask++) {
      if (Integer.bitCount(mask) == k) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
          if ((mask & 1 << i) != 0) {
            best = Math.min(best, v[i]);
          }
        }
        sum += best;
        count++;
      }
    }
    return sum / count;
  }

  @Test
  void closedFormEqualsEnumerationAndBehaves() {
    double[] v = {0.3, 0.05, 1.2, 0.07, 0.5, 0.02, 0.9, 0.11, 0.4, 0.06};
    List<BestOfBudget.Point> curve = BestOfBudget.curve(v);
    assertEquals(v.length, curve.size(), "every k for a small sweep");
    assertEquals(Arrays.stream(v).average().orElseThrow(), curve.get(0).expectedBest(), 1e-12, "k = 1 is the mean");
    for (int k = 1; k <= v.length; k++) {
      assertEquals(k, curve.get(k - 1).trials());
      assertEquals(bruteForce(v, k), curve.get(k - 1).expectedBest(), 1e-12, "k = " + k);
      if (k > 1) {
        assertTrue(curve.get(k - 1).expectedBest() <= curve.get(k - 2).expectedBest() + 1e-15, "never worse with more trials");
      }
    }
    assertEquals(0.02, curve.get(v.length - 1).expectedBest(), 1e-12, "all trials: the best one");
  }

  @Test
  void missingValuesCountAsTheWorst() {
    List<BestOfBudget.Point> curve = BestOfBudget.curve(new double[] {0.1, Double.POSITIVE_INFINITY, 0.3});
    assertEquals((0.1 + 0.3 + 0.3) / 3, curve.get(0).expectedBest(), 1e-12);
  }

  /**
   * A 100,000-trial sweep: every k to 100, then log-spaced budgets up to n, at most 301 points (so
   * O(points x n), not O(n^2)). The values keep their meaning: the mean at k = 1, the best at k = n,
   * monotone between, and at k = 2 the closed form of two draws without replacement,
   * E[min] = sum over i of v(i) * 2 (n - rank_i) / (n (n - 1)) with v sorted ascending.
   */
  @Test
  void largeSweepsTakeALogGridOfBudgets() {
    int n = 100_000;
    double[] v = new double[n];
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < n; i++) {
      v[i] = Math.exp(r.nextGaussian());
    }
    List<BestOfBudget.Point> curve = BestOfBudget.curve(v);
    assertTrue(curve.size() <= BestOfBudget.EVERY_K_UP_TO + BestOfBudget.LOG_POINTS + 1, "points " + curve.size());
    assertEquals(n, curve.get(curve.size() - 1).trials());
    double[] sorted = v.clone();
    Arrays.sort(sorted);
    assertEquals(Arrays.stream(v).average().orElseThrow(), curve.get(0).expectedBest(), 1e-9);
    assertEquals(sorted[0], curve.get(curve.size() - 1).expectedBest(), 1e-9);
    double two = 0;
    for (int i = 0; i < n; i++) {
      two += sorted[i] * 2.0 * (n - 1 - i) / ((double) n * (n - 1));
    }
    assertEquals(two, curve.get(1).expectedBest(), 1e-9 * two, "k = 2");
    for (int j = 1; j < curve.size(); j++) {
      assertTrue(curve.get(j).trials() > curve.get(j - 1).trials(), "increasing budgets");
      assertTrue(curve.get(j).expectedBest() <= curve.get(j - 1).expectedBest() + 1e-12, "never worse at k = " + curve.get(j).trials());
    }
  }
}
