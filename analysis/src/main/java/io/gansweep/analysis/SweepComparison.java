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
 *   <li>REGRESSED / IMPROVED: same stability verdict, but the median final distance moved beyond
 *       seed noise: by more than a factor 1 + max({@link #MIN_RELATIVE_CHANGE}, IQR_a/median_a +
 *       IQR_b/median_b), the relative spread of both runs' seeds. A finite median becoming +∞ (most
 *       seeds lost) is a regression.
 *   <li>UNCHANGED otherwise.
 * </ul>
 */
public final class SweepComparison {

  /** The smallest relative change of the median distance that counts, whatever the noise. */
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

  public static Result compare(List<ConfigSummary> before, List<ConfigSummary> after) {
    Map<String, ConfigSummary> a = new LinkedHashMap<>();
    before.forEach(c -> a.put(c.configId(), c));
    List<ConfigChange> changes = new ArrayList<>();
    int onlyAfter = 0;
    for (ConfigSummary b : after) {
      ConfigSummary was = a.remove(b.configId());
      if (was == null) {
        onlyAfter++;
      } else {
        changes.add(new ConfigChange(b.configId(), b.params(), judge(was, b), was, b));
      }
    }
    changes.sort(Comparator.comparing(ConfigChange::change).thenComparingInt(c -> c.after().rank()));
    return new Result(changes, a.size(), onlyAfter);
  }

  static Change judge(ConfigSummary was, ConfigSummary now) {
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
    double noise = Math.max(MIN_RELATIVE_CHANGE, relative(was) + relative(now));
    if (m1 > m0 * (1 + noise)) {
      return Change.REGRESSED;
    }
    if (m1 < m0 / (1 + noise)) {
      return Change.IMPROVED;
    }
    return Change.UNCHANGED;
  }

  private static double relative(ConfigSummary c) {
    return c.medianQuality() > 0 && Double.isFinite(c.iqrQuality()) ? c.iqrQuality() / c.medianQuality() : 0;
  }
}
