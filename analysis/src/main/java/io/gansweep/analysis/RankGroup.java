package io.gansweep.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * The ranks of configurations that their seeds cannot tell apart: {@code first} to {@code last},
 * printed "1–2" (or "3" for a group of one). The order inside a group is the ranking key's, but the
 * data do not support it.
 *
 * <p>The rule (docs/concepts/ranking.md): walk the ranking from the top; the first configuration
 * leads a group; each next configuration is tested against the leader of the current group with a
 * two-sided Mann–Whitney test of their seeds under {@link Ranking#SEED_ORDER} (the ranking key per
 * seed: stable before unstable, then lower final distance). It starts a new group, and leads it,
 * when p ≤ {@link StabilityThresholds#RANK_GROUP_ALPHA} and the leader's seeds win the majority of
 * pairs; otherwise it joins the leader's group. K configurations take K − 1 tests, each at the
 * stated level, uncorrected.
 *
 * @param first best rank in the group (1 = best); every member shares it, so it also names the group
 * @param last worst rank in the group
 */
public record RankGroup(int first, int last) {

  public RankGroup {
    if (first < 1 || last < first) {
      throw new IllegalArgumentException("Cannot make a rank group: ranks out of order (got " + first + " to " + last
          + "; allowed 1 <= first <= last)");
    }
  }

  /** "3", or "1–2" (en dash) when the group holds more than one configuration. */
  @Override
  public String toString() {
    return first == last ? Integer.toString(first) : first + "\u2013" + last;
  }

  /**
   * The group of each configuration, in ranking order.
   *
   * @param seedsInRankOrder each configuration's seed verdicts, best-ranked configuration first
   */
  static List<RankGroup> assign(List<List<TrialVerdict>> seedsInRankOrder) {
    int n = seedsInRankOrder.size();
    List<Integer> starts = new ArrayList<>();
    int leader = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || separated(seedsInRankOrder.get(leader), seedsInRankOrder.get(i))) {
        starts.add(i);
        leader = i;
      }
    }
    List<RankGroup> groups = new ArrayList<>(n);
    for (int g = 0; g < starts.size(); g++) {
      int from = starts.get(g);
      int to = g + 1 < starts.size() ? starts.get(g + 1) : n;
      for (int i = from; i < to; i++) {
        groups.add(new RankGroup(from + 1, to));
      }
    }
    return groups;
  }

  /** True when the better-ranked configuration's seeds beat the other's beyond seed noise. */
  static boolean separated(List<TrialVerdict> better, List<TrialVerdict> worse) {
    MannWhitney.Result r = MannWhitney.test(better, worse, Ranking.SEED_ORDER);
    return r.aAhead() && r.p() <= StabilityThresholds.RANK_GROUP_ALPHA + 1e-12; // 2/20 is 0.1 up to rounding
  }
}
