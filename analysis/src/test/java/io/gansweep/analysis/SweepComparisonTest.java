package io.gansweep.analysis;

import static io.gansweep.analysis.RankGroupTest.stable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.analysis.SweepComparison.Change;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepComparisonTest {

  static ConfigSummary c(String id, String label, double median, double iqr) {
    return new ConfigSummary(1, new RankGroup(1, 1), id, Map.of("lr_g", id), 3, label.equals("stable") ? 3 : 0, label.equals("stable") ? 1 : 0,
        0, label, label, median, iqr, median, List.of(label, label, label));
  }

  static Map<String, Change> byId(SweepComparison.Result r) {
    Map<String, Change> byId = new HashMap<>();
    r.changes().forEach(x -> byId.put(x.configId(), x.change()));
    return byId;
  }

  /** A change of label decides before any distance; a median lost to +∞ is a regression. */
  @Test
  void labelsAndLostSeedsDecideFirst() {
    List<ConfigSummary> before = List.of(c("broke", "stable", 0.10, 0.01), c("fixed", "d_collapse", 2.0, 0.1),
        c("lost", "mode_collapse", 0.5, 0.1), c("gone", "stable", 0.1, 0.01));
    List<ConfigSummary> after = List.of(c("broke", "d_collapse", 1.9, 0.1), c("fixed", "stable", 0.1, 0.01),
        c("lost", "mode_collapse", Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY), c("new", "stable", 0.1, 0.01));
    SweepComparison.Result r = SweepComparison.compare(before, Map.of(), after, Map.of());
    Map<String, Change> byId = byId(r);
    assertEquals(Change.NEW_FAILURE, byId.get("broke"));
    assertEquals(Change.FIXED, byId.get("fixed"));
    assertEquals(Change.REGRESSED, byId.get("lost"), "most seeds lost");
    assertEquals(1, r.onlyBefore());
    assertEquals(1, r.onlyAfter());
    assertTrue(r.regressed());
    assertEquals(Change.NEW_FAILURE, r.changes().get(0).change(), "most severe first");
  }

  /**
   * A distance change counts only when the seeds of the two nights separate by the rank groups'
   * test (every one of 3 seeds beyond every other: p = 0.10) and the median moved by more than 25%.
   */
  @Test
  void aDistanceChangeCountsOnlyBeyondTheRankGroupsSeedNoise() {
    List<TrialVerdict> before = new ArrayList<>();
    List<TrialVerdict> after = new ArrayList<>();
    before.addAll(stable("same", 0.10, 0.11, 0.09));
    after.addAll(stable("same", 0.115, 0.12, 0.105)); // separated, but +14%: under the floor
    before.addAll(stable("worse", 0.09, 0.10, 0.11));
    after.addAll(stable("worse", 0.19, 0.20, 0.21)); // every seed worse, 2x
    before.addAll(stable("overlap", 0.05, 0.10, 0.30));
    after.addAll(stable("overlap", 0.08, 0.20, 0.25)); // 2x in the median, but the seeds interleave
    before.addAll(stable("better", 0.20, 0.21, 0.22));
    after.addAll(stable("better", 0.10, 0.10, 0.11));
    // The quickstart pair (medians 0.0067 and 0.0089: +33%) as two nights: within noise.
    before.addAll(stable("quickstart", 0.0048, 0.0067, 0.0126));
    after.addAll(stable("quickstart", 0.0071, 0.0089, 0.0131));
    Map<String, Change> byId = byId(SweepComparison.compare(Ranking.rank(before), group(before), Ranking.rank(after), group(after)));
    assertEquals(Change.UNCHANGED, byId.get("same"), "14% is under the 25% floor");
    assertEquals(Change.REGRESSED, byId.get("worse"));
    assertEquals(Change.UNCHANGED, byId.get("overlap"), "the seeds do not separate");
    assertEquals(Change.IMPROVED, byId.get("better"));
    assertEquals(Change.UNCHANGED, byId.get("quickstart"));
    // Two seeds of three worse by 2x, one not: not separated, so not a regression.
    List<TrialVerdict> b2 = stable("two", 0.09, 0.10, 0.11);
    List<TrialVerdict> a2 = stable("two", 0.19, 0.20, 0.10);
    assertEquals(Change.UNCHANGED, byId(SweepComparison.compare(Ranking.rank(b2), group(b2), Ranking.rank(a2), group(a2))).get("two"));
  }

  private static Map<String, List<TrialVerdict>> group(List<TrialVerdict> vs) {
    Map<String, List<TrialVerdict>> by = new HashMap<>();
    vs.forEach(v -> by.computeIfAbsent(v.trial().configId(), k -> new ArrayList<>()).add(v));
    return by;
  }
}
