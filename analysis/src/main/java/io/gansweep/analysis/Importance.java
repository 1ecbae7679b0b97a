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
    double worst = verdicts.stream().mapToDouble(TrialVerdict::quality).filter(Double::isFinite).max().orElse(1.0);
    double[] y = verdicts.stream().mapToDouble(v -> Math.log10(Math.max(1e-12, Double.isFinite(v.quality()) ? v.quality() : worst))).toArray();
    double mean = java.util.Arrays.stream(y).average().orElse(0);
    double total = java.util.Arrays.stream(y).map(v -> (v - mean) * (v - mean)).sum();
    List<Factor> out = new ArrayList<>();
    for (String axis : axes) {
      Map<Object, double[]> groups = new HashMap<>();
      for (int i = 0; i < y.length; i++) {
        double[] g = groups.computeIfAbsent(verdicts.get(i).trial().params().get(axis), k -> new double[2]);
        g[0] += y[i];
        g[1] += 1;
      }
      double between = 0;
      for (double[] g : groups.values()) {
        double m = g[0] / g[1];
        between += g[1] * (m - mean) * (m - mean);
      }
      out.add(new Factor(axis, total > 0 ? between / total : 0, groups.size()));
    }
    out.sort(Comparator.comparingDouble(Factor::etaSquared).reversed());
    return out;
  }
}
