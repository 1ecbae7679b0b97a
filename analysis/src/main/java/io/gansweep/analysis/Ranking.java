package io.gansweep.analysis;

import java.util.ArrayList;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ranks configurations by how they train across seeds, so that one lucky seed cannot top the
 * ranking. The order is lexicographic:
 *
 * <ol>
 *   <li>{@code score} = the Wilson lower bound of the share of stable seeds, p̂ = s/n:
 *       (p̂ + z²/2n − z·sqrt(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n), z = 1.96. One stable seed of three
 *       scores 0.06; three of three 0.44. (SCIENCE.md: rank by a lower confidence bound of the
 *       success rate.)
 *   <li>the median final energy distance over seeds, lower first (a seed without one, diverged or
 *       failed, counts as +∞, so two bad seeds of three make the median +∞);
 *   <li>the interquartile range of the same, then the worst seed.
 * </ol>
 */
public final class Ranking {

  private Ranking() {}

  public static List<ConfigSummary> rank(List<TrialVerdict> verdicts) {
    Map<String, List<TrialVerdict>> byConfig = new LinkedHashMap<>();
    for (TrialVerdict v : verdicts) {
      byConfig.computeIfAbsent(v.trial().configId(), k -> new ArrayList<>()).add(v);
    }
    List<ConfigSummary> unranked = new ArrayList<>();
    for (List<TrialVerdict> seeds : byConfig.values()) {
      seeds.sort(Comparator.comparingLong(v -> v.trial().seed()));
      unranked.add(summarize(seeds));
    }
    unranked.sort(Comparator.comparingDouble(ConfigSummary::score).reversed()
        .thenComparingDouble(ConfigSummary::medianQuality)
        .thenComparingDouble(ConfigSummary::iqrQuality)
        .thenComparingDouble(ConfigSummary::worstQuality)
        .thenComparing(ConfigSummary::configId));
    List<ConfigSummary> ranked = new ArrayList<>();
    for (int i = 0; i < unranked.size(); i++) {
      ConfigSummary s = unranked.get(i);
      ranked.add(new ConfigSummary(i + 1, s.configId(), s.params(), s.seeds(), s.stableSeeds(), s.stableShare(), s.score(),
          s.label(), s.why(), s.medianQuality(), s.iqrQuality(), s.worstQuality(), s.labels()));
    }
    return ranked;
  }

  static ConfigSummary summarize(List<TrialVerdict> seeds) {
    int n = seeds.size();
    int stable = (int) seeds.stream().filter(v -> v.label() == Label.STABLE).count();
    double[] q = seeds.stream().mapToDouble(TrialVerdict::quality).sorted().toArray();
    Map<Label, Integer> counts = new TreeMap<>();
    for (TrialVerdict v : seeds) {
      if (v.label() != Label.STABLE) {
        counts.merge(v.label(), 1, Integer::sum);
      }
    }
    String label;
    String why;
    if (2 * stable >= n || counts.isEmpty()) {
      label = Label.STABLE.wireName();
      why = stable + "/" + n + " seeds stable";
    } else {
      Label dominant = counts.entrySet().stream().max(Map.Entry.<Label, Integer>comparingByValue()
          .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).orElseThrow().getKey();
      label = dominant.wireName();
      TrialVerdict example = seeds.stream().filter(v -> v.label() == dominant).findFirst().orElseThrow();
      why = label + " in " + counts.get(dominant) + "/" + n + " seeds: " + example.evidence();
    }
    List<String> labels = seeds.stream().map(v -> v.label().wireName()).toList();
    return new ConfigSummary(0, seeds.get(0).trial().configId(), seeds.get(0).trial().params(), n, stable,
        (double) stable / n, wilsonLower(stable, n, StabilityThresholds.WILSON_Z), label, why,
        quantile(q, 0.5), spread(quantile(q, 0.75), quantile(q, 0.25)), q[q.length - 1], labels);
  }

  /** Upper minus lower quartile; when both are +∞ the spread is unknown and counts as +∞. */
  static double spread(double upper, double lower) {
    double d = upper - lower;
    return Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
  }

  /** Wilson score interval lower bound of s successes in n trials. */
  static double wilsonLower(int s, int n, double z) {
    if (n == 0) {
      return 0;
    }
    double p = (double) s / n;
    double z2 = z * z;
    double centre = p + z2 / (2.0 * n);
    double margin = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    return Math.max(0, (centre - margin) / (1 + z2 / n));
  }

  /** Linear-interpolation quantile of sorted values; +∞ propagates, ∞ − ∞ counts as +∞ spread. */
  static double quantile(double[] sorted, double p) {
    double pos = p * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    if (lo == hi) {
      return sorted[lo];
    }
    double a = sorted[lo];
    double b = sorted[hi];
    if (Double.isInfinite(b)) {
      return Double.POSITIVE_INFINITY;
    }
    return a + (pos - lo) * (b - a);
  }

}
