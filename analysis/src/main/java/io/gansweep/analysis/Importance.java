package io.gansweep.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which swept hyperparameters matter most: for each, the share of the variance of per-trial
 * quality explained by its values (the correlation ratio η² = between-group sum of squares /
 * total sum of squares). Quality is log10 of the final energy distance; a trial without one
 * (diverged, failed) takes the worst finite value of the sweep, so failing counts as bad. η² is
 * computed one hyperparameter at a time (marginal, not controlling for the others), which suits
 * grids where the axes are balanced.
 */
public final class Importance {

  private Importance() {}

  /** A hyperparameter and the share of quality variance it explains, in [0, 1]. */
  public record Factor(String parameter, double etaSquared, int levels) {}

  public static List<Factor> of(List<TrialVerdict> verdicts, List<String> axes) {
    double[] y = logQuality(verdicts);
    List<Factor> out = new ArrayList<>();
    for (String axis : axes) {
      List<Object> levels = verdicts.stream().map(v -> v.trial().params().get(axis)).toList();
      out.add(new Factor(axis, etaSquared(y, levels), (int) levels.stream().distinct().count()));
    }
    out.sort(Comparator.comparingDouble(Factor::etaSquared).reversed());
    return out;
  }

  /** Per-trial quality as the analysis compares it: log10 of the final distance, the worst finite one of {@code verdicts} where a trial has none. */
  static double[] logQuality(List<TrialVerdict> verdicts) {
    double worst = verdicts.stream().mapToDouble(TrialVerdict::quality).filter(Double::isFinite).max().orElse(1.0);
    return verdicts.stream().mapToDouble(v -> Math.log10(Math.max(1e-12, Double.isFinite(v.quality()) ? v.quality() : worst))).toArray();
  }

  /**
   * The correlation ratio η² of {@code y} on the groups {@code levels} (one per element of y; null
   * is a group too): between-group sum of squares over the total, in [0, 1]; 0 when y does not vary.
   */
  static double etaSquared(double[] y, List<Object> levels) {
    double mean = java.util.Arrays.stream(y).average().orElse(0);
    double total = java.util.Arrays.stream(y).map(v -> (v - mean) * (v - mean)).sum();
    Map<Object, double[]> groups = new HashMap<>();
    for (int i = 0; i < y.length; i++) {
      double[] g = groups.computeIfAbsent(levels.get(i), k -> new double[2]);
      g[0] += y[i];
      g[1] += 1;
    }
    double between = 0;
    for (double[] g : groups.values()) {
      double m = g[0] / g[1];
      between += g[1] * (m - mean) * (m - mean);
    }
    return total > 0 ? Math.min(1, between / total) : 0;
  }
}
