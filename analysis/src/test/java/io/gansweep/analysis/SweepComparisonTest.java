package io.gansweep.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.analysis.SweepComparison.Change;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepComparisonTest {

  static ConfigSummary c(String id, String label, double median, double iqr) {
    return new ConfigSummary(1, new RankGroup(1, 1), id, Map.of("lr_g", id), 3, label.equals("stable") ? 3 : 0, label.equals("stable") ? 1 : 0,
        0, label, label, median, iqr, median, List.of(label, label, label));
  }

  @Test
  void judgesEachConfigurationAgainstItsSeedNoise() {
    List<ConfigSummary> before = List.of(c("same", "stable", 0.10, 0.01), c("worse", "stable", 0.10, 0.01),
        c("noisy", "stable", 0.10, 0.08), c("broke", "stable", 0.10, 0.01), c("fixed", "d_collapse", 2.0, 0.1),
        c("lost", "mode_collapse", 0.5, 0.1), c("gone", "stable", 0.1, 0.01));
    List<ConfigSummary> after = List.of(c("same", "stable", 0.11, 0.01), c("worse", "stable", 0.20, 0.01),
        c("noisy", "stable", 0.20, 0.08), c("broke", "d_collapse", 1.9, 0.1), c("fixed", "stable", 0.1, 0.01),
        c("lost", "mode_collapse", Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY), c("new", "stable", 0.1, 0.01));
    SweepComparison.Result r = SweepComparison.compare(before, after);
    Map<String, Change> byId = new java.util.HashMap<>();
    r.changes().forEach(x -> byId.put(x.configId(), x.change()));
    assertEquals(Change.UNCHANGED, byId.get("same"), "10% is within the 25% floor");
    assertEquals(Change.REGRESSED, byId.get("worse"), "2x with tight seeds (IQR 10%)");
    assertEquals(Change.UNCHANGED, byId.get("noisy"), "2x, but its seeds spread 80% + 40%: within noise");
    assertEquals(Change.NEW_FAILURE, byId.get("broke"));
    assertEquals(Change.FIXED, byId.get("fixed"));
    assertEquals(Change.REGRESSED, byId.get("lost"), "most seeds lost");
    assertEquals(1, r.onlyBefore());
    assertEquals(1, r.onlyAfter());
    assertTrue(r.regressed());
    assertEquals(Change.NEW_FAILURE, r.changes().get(0).change(), "most severe first");
  }
}
