package io.gansweep.analysis;

import static io.gansweep.analysis.Curves.good;
import static io.gansweep.analysis.Curves.healthy;
import static io.gansweep.analysis.Curves.trial;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankingTest {

  static TrialVerdict v(TrialRecord t) {
    return TrialLabeler.label(t, healthy());
  }

  /**
   * The case the ranking exists for: config "lucky" has the best single seed of the sweep (0.005)
   * and two collapsed seeds; config "steady" has three good seeds (0.02 each). Steady must rank
   * first, and lucky must say why it ranks low.
   */
  @Test
  void oneLuckySeedCannotTopThreeGoodOnes() {
    List<TrialVerdict> verdicts = new ArrayList<>();
    verdicts.add(v(good("lucky", 0, 0.005)));
    verdicts.add(v(trial("lucky", 1, "COMPLETED", "nsgan", 2.4, 1, Math.log(8))));
    verdicts.add(v(trial("lucky", 2, "COMPLETED", "nsgan", 2.5, 1, Math.log(8))));
    for (int s = 0; s < 3; s++) {
      verdicts.add(v(good("steady", s, 0.02)));
    }
    List<ConfigSummary> r = Ranking.rank(verdicts);
    assertEquals(List.of("steady", "lucky"), r.stream().map(ConfigSummary::configId).toList());
    ConfigSummary lucky = r.get(1);
    assertEquals(2, lucky.rank());
    assertEquals("mode_collapse", lucky.label());
    assertEquals("mode_collapse in 2/3 seeds: 1, 1 of 8 modes covered; HQ 0.9, 0.9; reverse KL 2.079, 2.079;"
        + " other seeds: 1 stable", lucky.why());
    assertEquals(List.of("stable", "mode_collapse", "mode_collapse"), lucky.labels());
    assertEquals(2.4, lucky.medianQuality());
    assertEquals(2.5, lucky.worstQuality());
    ConfigSummary steady = r.get(0);
    assertEquals("stable", steady.label());
    assertEquals(1.0, steady.stableShare());
    assertTrue(steady.score() > lucky.score());
  }

  /**
   * The why of a configuration quotes every seed with its label, not one: the "3, 6, 1 of 8
   * modes", and n/a for a reverse KL that is undefined (no HQ sample), never 0.
   */
  @Test
  void whyQuotesEverySeedAndNaForUndefinedMetrics() {
    List<TrialVerdict> verdicts = List.of(
        v(trial("c", 0, "COMPLETED", "nsgan", 1.1, 3, 0.5)),
        v(trial("c", 1, "COMPLETED", "nsgan", 0.6, 6, 0.3)),
        v(trial("c", 2, "COMPLETED", "nsgan", 2.4, 1, null, 0.0)));
    ConfigSummary c = Ranking.rank(verdicts).get(0);
    assertEquals("mode_collapse in 3/3 seeds: 3, 6, 1 of 8 modes covered; HQ 0.9, 0.9, 0; reverse KL 0.5,"
        + " 0.3, n/a", c.why());
    ConfigSummary blurry = Ranking.rank(List.of(v(trial("b", 0, "COMPLETED", "nsgan", 0.03, 8, 0.1, 0.03)),
        v(trial("b", 1, "COMPLETED", "nsgan", 0.03, 8, 0.1, 0.04)), v(good("b", 2, 0.01)))).get(0);
    assertEquals("unconverged", blurry.label());
    assertTrue(blurry.why().startsWith("unconverged in 2/3 seeds: 8, 8 of 8 modes covered; HQ 0.03, 0.04;"), blurry.why());
    assertTrue(blurry.why().endsWith("train longer); other seeds: 1 stable"), blurry.why());
  }

  @Test
  void wilsonLowerBoundMatchesItsFormula() {
    // s = 3, n = 3, z = 1.96: 3 / (3 + 3.8416) = 0.4385.
    assertEquals(3 / (3 + 1.96 * 1.96), Ranking.wilsonLower(3, 3, 1.96), 1e-12);
    assertEquals(0.0, Ranking.wilsonLower(0, 3, 1.96));
    assertEquals(0.0615, Ranking.wilsonLower(1, 3, 1.96), 1e-4);
    assertTrue(Ranking.wilsonLower(5, 5, 1.96) > Ranking.wilsonLower(3, 3, 1.96), "more seeds, more confidence");
  }

  /** With equal stability, quality decides; a diverged seed makes a configuration's worst +∞. */
  @Test
  void divergedSeedsCountAsInfinitelyBad() {
    List<TrialVerdict> verdicts = new ArrayList<>();
    verdicts.add(v(good("a", 0, 0.01)));
    verdicts.add(v(good("a", 1, 0.01)));
    verdicts.add(v(trial("a", 2, "DIVERGED", "nsgan", null, null, null)));
    verdicts.add(v(good("b", 0, 0.03)));
    verdicts.add(v(good("b", 1, 0.03)));
    verdicts.add(v(good("b", 2, 0.03)));
    List<ConfigSummary> r = Ranking.rank(verdicts);
    assertEquals("b", r.get(0).configId(), "3/3 stable beats 2/3 even with a worse median");
    assertEquals(Double.POSITIVE_INFINITY, r.get(1).worstQuality());
    assertEquals(0.01, r.get(1).medianQuality());
    assertEquals("stable", r.get(1).label(), "2 of 3 stable: the configuration is stable, with a diverged seed");
  }
}
