package io.gansweep.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
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
    double[] curve = BestOfBudget.curve(v);
    assertEquals(Arrays.stream(v).average().orElseThrow(), curve[0], 1e-12, "k = 1 is the mean");
    for (int k = 1; k <= v.length; k++) {
      assertEquals(bruteForce(v, k), curve[k - 1], 1e-12, "k = " + k);
      if (k > 1) {
        assertTrue(curve[k - 1] <= curve[k - 2] + 1e-15, "never worse with more trials");
      }
    }
    assertEquals(0.02, curve[v.length - 1], 1e-12, "all trials: the best one");
  }

  @Test
  void missingValuesCountAsTheWorst() {
    double[] curve = BestOfBudget.curve(new double[] {0.1, Double.POSITIVE_INFINITY, 0.3});
    assertEquals((0.1 + 0.3 + 0.3) / 3, curve[0], 1e-12);
  }
}
