package io.gansweep.analysis;

import io.gansweep.trial.Numbers;
import java.util.List;
import java.util.Map;

/**
 * One configuration judged on all its seeds: a row of the ranking.
 *
 * @param rank 1 = best
 * @param rankGroup the ranks its seeds cannot tell it apart from ({@link RankGroup}: "1–2"); null
 *     before ranking (rank 0)
 * @param configId configuration id
 * @param params its swept hyperparameters, by column name, typed as their columns (see {@link TrialRecord#params})
 * @param seeds number of seeds
 * @param stableSeeds seeds labelled stable
 * @param stableShare stableSeeds / seeds
 * @param score Wilson lower bound (z = {@link StabilityThresholds#WILSON_Z}) of the stable share
 * @param label dominant failure label, or stable when at least half the seeds are stable
 * @param why the evidence behind the label ("d_collapse in 3/3 seeds: D loss 0.11 vs 1.386 …")
 * @param medianQuality median final energy distance over seeds (+∞ counts for a seed without one)
 * @param iqrQuality interquartile range of the same
 * @param worstQuality worst (largest) final distance over seeds
 * @param labels label of each seed, in seed order
 */
public record ConfigSummary(int rank, RankGroup rankGroup, String configId, Map<String, Object> params, int seeds, int stableSeeds,
    double stableShare, double score, String label, String why, double medianQuality, double iqrQuality,
    double worstQuality, List<String> labels) {
  /** How ranking values print everywhere (CLI, report): {@link Numbers#format}, "inf", "n/a" or 4 significant digits. */
  public static String format(double v) {
    return Numbers.format(v);
  }

  public ConfigSummary {
    if (rank > 0 && (rankGroup == null || rank < rankGroup.first() || rank > rankGroup.last())) {
      throw new IllegalArgumentException("Cannot rank " + configId + ": its rank is outside its rank group (got rank " + rank
          + ", group " + rankGroup + "; allowed first <= rank <= last)");
    }
    params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params)); // axis order kept
    labels = List.copyOf(labels);
  }

  /** A swept value as tables and pages print it: numbers exactly (1e-4, 0.001, not 1.0E-4), null as n/a. */
  public static String text(Object v) {
    return v == null ? "n/a" : io.gansweep.trial.Numbers.exact(v);
  }

  /** The swept values as {@code key=value} pairs in axis order, for one-line listings. */
  public static String paramsText(Map<String, Object> params) {
    StringBuilder b = new StringBuilder();
    params.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(text(v)));
    return b.toString();
  }
}
