package io.gansweep.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed between two sweeps (last night and tonight): configurations are matched by
 * config_id, so the same resolved hyperparameters, and judged on all their seeds.
 *
 * <ul>
 *   <li>NEW_FAILURE: stable before, a failure label now; FIXED: the reverse.
 *   <li>REGRESSED / IMPROVED: same stability verdict, but the configuration's seeds in one run beat
 *       its seeds in the other beyond seed noise, by the test that forms rank groups ({@link
 *       RankGroup#separated}: a two-sided Mann–Whitney test under {@link Ranking#SEED_ORDER} at
 *       {@link StabilityThresholds#RANK_GROUP_ALPHA}), and the median final distance moved by more
 *       than a factor 1 + {@link #MIN_RELATIVE_CHANGE}. One definition of "beyond seed noise" for
 *       ranks and for nights. A finite median becoming +∞ (most seeds lost) is a regression.
 *   <li>UNCHANGED otherwise.
 * </ul>
 */
public final class SweepComparison {

  /** The smallest relative change of the median distance that counts, however clearly the seeds separate. */
  public static final double MIN_RELATIVE_CHANGE = 0.25;

  private SweepComparison() {}

  /** How a configuration changed. */
  public enum Change { NEW_FAILURE, REGRESSED, FIXED, IMPROVED, UNCHANGED }

  /** One configuration in both sweeps. */
  public record ConfigChange(String configId, Map<String, Object> params, Change change, ConfigSummary before, ConfigSummary after) {}

  /**
   * The comparison.
   *
   * @param changes every configuration in both sweeps, most severe change first
   * @param onlyBefore configurations only in the first sweep
   * @param onlyAfter configurations only in the second sweep
   */
  public record Result(List<ConfigChange> changes, int onlyBefore, int onlyAfter) {
    public long count(Change c) {
      return changes.stream().filter(x -> x.change() == c).count();
    }

    public boolean regressed() {
      return count(Change.NEW_FAILURE) + count(Change.REGRESSED) > 0;
    }
  }

  /** Compares two analysed sweeps, each configuration on all its seeds. */
  public static Result compare(SweepAnalysis before, SweepAnalysis after) {
    return compare(before.ranking(), bySeed(before.verdicts()), after.ranking(), bySeed(after.verdicts()));
  }

  /**
   * @param seedsBefore each configuration's trials in the first sweep, by config_id
   * @param seedsAfter the same in the second
   */
  public static Result compare(List<ConfigSummary> before, Map<String, List<TrialVerdict>> seedsBefore, List<ConfigSummary> after,
      Map<String, List<TrialVerdict>> seedsAfter) {
    Map<String, ConfigSummary> a = new LinkedHashMap<>();
    before.forEach(c -> a.put(c.configId(), c));
    List<ConfigChange> changes = new ArrayList<>();
    int onlyAfter = 0;
    for (ConfigSummary b : after) {
      ConfigSummary was = a.remove(b.configId());
      if (was == null) {
        onlyAfter++;
      } else {
        Change change = judge(was, seedsBefore.getOrDefault(b.configId(), List.of()), b, seedsAfter.getOrDefault(b.configId(), List.of()));
        changes.add(new ConfigChange(b.configId(), b.params(), change, was, b));
      }
    }
    changes.sort(Comparator.comparing(ConfigChange::change).thenComparingInt(c -> c.after().rank()));
    return new Result(changes, a.size(), onlyAfter);
  }

  static Change judge(ConfigSummary was, List<TrialVerdict> seedsWas, ConfigSummary now, List<TrialVerdict> seedsNow) {
    boolean stableBefore = was.label().equals(Label.STABLE.wireName());
    boolean stableNow = now.label().equals(Label.STABLE.wireName());
    if (stableBefore && !stableNow) {
      return Change.NEW_FAILURE;
    }
    if (!stableBefore && stableNow) {
      return Change.FIXED;
    }
    double m0 = was.medianQuality();
    double m1 = now.medianQuality();
    if (Double.isInfinite(m0) || Double.isInfinite(m1)) {
      return m0 == m1 ? Change.UNCHANGED : Double.isInfinite(m1) ? Change.REGRESSED : Change.IMPROVED;
    }
    if (seedsWas.isEmpty() || seedsNow.isEmpty()) {
      return Change.UNCHANGED; // no seeds to test: nothing is shown beyond noise
    }
    if (m1 > m0 * (1 + MIN_RELATIVE_CHANGE) && RankGroup.separated(seedsWas, seedsNow)) {
      return Change.REGRESSED;
    }
    if (m1 < m0 / (1 + MIN_RELATIVE_CHANGE) && RankGroup.separated(seedsNow, seedsWas)) {
      return Change.IMPROVED;
    }
    return Change.UNCHANGED;
  }

  private static Map<String, List<TrialVerdict>> bySeed(List<TrialVerdict> verdicts) {
    Map<String, List<TrialVerdict>> by = new LinkedHashMap<>();
    verdicts.forEach(v -> by.computeIfAbsent(v.trial().configId(), k -> new ArrayList<>()).add(v));
    return by;
  }
}
