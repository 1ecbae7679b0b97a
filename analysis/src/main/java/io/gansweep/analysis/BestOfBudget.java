package io.gansweep.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The expected best final quality reachable with a budget of k trials drawn at random from the
 * sweep (Lucic et al. 2018, "Are GANs Created Equal?"): with the n scores sorted worst to best,
 * v(1) ≥ … ≥ v(n) for a lower-is-better distance, E[best of k] = Σ_{i=k}^{n} v(i)·C(i−1, k−1)/C(n, k).
 * It equals the mean at k = 1 and never gets worse as k grows. A trial without a distance counts
 * as the sweep's worst finite value.
 *
 * <p>Cost: log-factorials computed once make each term O(1), so one budget costs O(n); the curve
 * takes every k up to {@link #EVERY_K_UP_TO} and then {@link #LOG_POINTS} budgets log-spaced to n,
 * so a sweep of 100,000 trials costs a few hundred O(n) sums, not n² (or, term by term, n³).
 */
public final class BestOfBudget {

  /** Every budget k up to this is on the curve (a budget's step from k to k + 1 is visible there). */
  static final int EVERY_K_UP_TO = 100;

  /** Budgets beyond {@link #EVERY_K_UP_TO}, log-spaced up to n (n itself always included). */
  static final int LOG_POINTS = 200;

  /** One point of the curve: the expected best distance with {@code trials} random trials. */
  public record Point(int trials, double expectedBest) {}

  private BestOfBudget() {}

  /** The expected best distance at every budget of {@link #budgets}, in increasing k. */
  public static List<Point> curve(double[] distances) {
    double worst = Arrays.stream(distances).filter(Double::isFinite).max().orElse(Double.NaN);
    double[] v = Arrays.stream(distances).map(d -> Double.isFinite(d) ? d : worst).toArray();
    Arrays.sort(v);
    int n = v.length;
    double[] logFactorial = new double[n + 1];
    for (int i = 1; i <= n; i++) {
      logFactorial[i] = logFactorial[i - 1] + Math.log(i);
    }
    List<Point> out = new ArrayList<>();
    for (int k : budgets(n)) {
      double logCnk = logFactorial[n] - logFactorial[k] - logFactorial[n - k];
      double sum = 0;
      for (int i = k; i <= n; i++) { // v(i), worst first, is v[n - i] of the ascending sort
        double logWeight = logFactorial[i - 1] - logFactorial[k - 1] - logFactorial[i - k] - logCnk;
        sum += v[n - i] * Math.exp(logWeight);
      }
      out.add(new Point(k, sum));
    }
    return out;
  }

  /** 1..n when n ≤ {@link #EVERY_K_UP_TO}; else 1..EVERY_K_UP_TO, then log-spaced to n. */
  static int[] budgets(int n) {
    if (n <= EVERY_K_UP_TO) {
      int[] all = new int[n];
      for (int k = 1; k <= n; k++) {
        all[k - 1] = k;
      }
      return all;
    }
    List<Integer> ks = new ArrayList<>();
    for (int k = 1; k <= EVERY_K_UP_TO; k++) {
      ks.add(k);
    }
    double step = Math.log((double) n / EVERY_K_UP_TO) / LOG_POINTS;
    for (int j = 1; j <= LOG_POINTS; j++) {
      int k = (int) Math.round(EVERY_K_UP_TO * Math.exp(step * j));
      if (k > ks.get(ks.size() - 1)) {
        ks.add(Math.min(k, n));
      }
    }
    if (ks.get(ks.size() - 1) != n) {
      ks.add(n);
    }
    return ks.stream().mapToInt(Integer::intValue).toArray();
  }
}
