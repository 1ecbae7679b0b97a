package io.gansweep.analysis;

import java.util.Arrays;

/**
 * The expected best final quality reachable with a budget of k trials drawn at random from the
 * sweep (Lucic et al. 2018, "Are GANs Created Equal?"): with the n scores sorted worst to best,
 * v(1) ≥ … ≥ v(n) for a lower-is-better distance, E[best of k] = Σ_{i=k}^{n} v(i)·C(i−1, k−1)/C(n, k).
 * It equals the mean at k = 1 and never gets worse as k grows. A trial without a distance counts
 * as the sweep's worst finite value.
 */
public final class BestOfBudget {

  private BestOfBudget() {}

  /** Expected best distance for k = 1..n (index k−1). */
  public static double[] curve(double[] distances) {
    double worst = Arrays.stream(distances).filter(Double::isFinite).max().orElse(Double.NaN);
    double[] v = Arrays.stream(distances).map(d -> Double.isFinite(d) ? d : worst).toArray();
    Arrays.sort(v);
    int n = v.length;
    double[] worstFirst = new double[n];
    for (int i = 0; i < n; i++) {
      worstFirst[i] = v[n - 1 - i];
    }
    double[] out = new double[n];
    for (int k = 1; k <= n; k++) {
      double logCnk = logChoose(n, k);
      double sum = 0;
      for (int i = k; i <= n; i++) {
        sum += worstFirst[i - 1] * Math.exp(logChoose(i - 1, k - 1) - logCnk);
      }
      out[k - 1] = sum;
    }
    return out;
  }

  static double logChoose(int n, int k) {
    double s = 0;
    for (int j = 1; j <= k; j++) {
      s += Math.log(n - k + j) - Math.log(j);
    }
    return s;
  }
}
