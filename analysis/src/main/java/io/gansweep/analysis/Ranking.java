package io.gansweep.analysis;

import io.gansweep.data.Mixture;

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
 *
 * <p>Configurations whose seeds do not separate under {@link #SEED_ORDER} share a {@link RankGroup}.
 */
public final class Ranking {

  private Ranking() {}

  /**
   * The ranking key per seed, what rank groups test ({@link RankGroup}): a stable seed before an
   * unstable one (the stability score counts stable seeds), then the lower final distance ({@link
   * TrialVerdict#quality}, +∞ without one). Two diverged seeds tie.
   */
  static final Comparator<TrialVerdict> SEED_ORDER = Comparator.<TrialVerdict>comparingInt(v -> v.label() == Label.STABLE ? 0 : 1)
      .thenComparingDouble(TrialVerdict::quality);

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
    List<RankGroup> groups = RankGroup.assign(unranked.stream().map(s -> byConfig.get(s.configId())).toList());
    List<ConfigSummary> ranked = new ArrayList<>();
    for (int i = 0; i < unranked.size(); i++) {
      ConfigSummary s = unranked.get(i);
      ranked.add(new ConfigSummary(i + 1, groups.get(i), s.configId(), s.params(), s.seeds(), s.stableSeeds(), s.stableShare(), s.score(),
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
    Label dominant = 2 * stable >= n || counts.isEmpty() ? Label.STABLE : counts.entrySet().stream()
        .max(Map.Entry.<Label, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
        .orElseThrow().getKey();
    String label = dominant.wireName();
    String why = why(dominant, seeds);
    List<String> labels = seeds.stream().map(v -> v.label().wireName()).toList();
    return new ConfigSummary(0, null, seeds.get(0).trial().configId(), seeds.get(0).trial().params(), n, stable,
        (double) stable / n, wilsonLower(stable, n, StabilityThresholds.WILSON_Z), label, why,
        quantile(q, 0.5), spread(quantile(q, 0.75), quantile(q, 0.25)), q[q.length - 1], labels);
  }

  /**
   * The evidence behind a configuration's label over all its seeds: the label's share of seeds, the
   * value that triggered it in each ("mode_collapse in 2/3 seeds: 3, 6 of 8 modes covered; HQ 0.91,
   * 0.85"), then what the other seeds were. Undefined values print as n/a.
   */
  static String why(Label label, List<TrialVerdict> seeds) {
    List<TrialVerdict> with = seeds.stream().filter(v -> v.label() == label).toList();
    Integer modesK = with.get(0).trial().modesK();
    String k = modesK == null ? "?" : modesK.toString();
    boolean unlabelled = with.get(0).trial().unlabelled();
    String head = label == Label.STABLE ? with.size() + "/" + seeds.size() + " seeds stable"
        : label.wireName() + " in " + with.size() + "/" + seeds.size() + " seeds";
    String detail = switch (label) {
      case FAILED, PRUNED -> with.get(0).evidence();
      case DIVERGED -> "at step " + join(with, v -> v.evidenceStep() == null ? "n/a" : v.evidenceStep().toString())
          + " (" + with.get(0).evidence() + ")";
      case D_COLLAPSE -> "D loss " + join(with, v -> TrialLabeler.metric(v.evidenceValue())) + " vs "
          + TrialLabeler.metric(with.get(0).trial().loss().equilibriumDLoss())
          + " at equilibrium: D wins, G starves";
      case OSCILLATING -> "G loss swings " + join(with, v -> TrialLabeler.metric(v.evidenceValue())) + "x its level";
      case MODE_COLLAPSE, UNCONVERGED, STABLE -> (unlabelled ? "unlabelled data, no classes to cover"
          : join(with, v -> v.trial().coveredModes() == null ? "n/a" : v.trial().coveredModes().toString()) + " of " + k
          + " modes covered") + "; " + fidelityName(with) + " "
          + join(with, v -> TrialLabeler.metric(v.trial().fidelity())) + "; reverse KL "
          + join(with, v -> TrialLabeler.metric(v.trial().finalRkl()))
          + (label == Label.UNCONVERGED ? ": spread around the modes, not yet sharp (train longer)" : "");
    };
    Map<Label, Integer> others = new TreeMap<>();
    seeds.stream().filter(v -> v.label() != label).forEach(v -> others.merge(v.label(), 1, Integer::sum));
    String rest = others.isEmpty() ? "" : "; other seeds: " + String.join(", ", others.entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey().wireName()).toList());
    return head + ": " + detail + rest;
  }

  private static String fidelityName(List<TrialVerdict> seeds) {
    return seeds.stream().allMatch(v -> v.trial().finalHq() == null && v.trial().finalPrecision() != null) ? "precision" : "HQ";
  }

  private static String join(List<TrialVerdict> seeds, java.util.function.Function<TrialVerdict, String> value) {
    return String.join(", ", seeds.stream().map(value).toList());
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
