package io.gansweep.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.metrics.Quality;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.RungRow;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PromotionTest {

  private final Map<String, TrialConfig> trials = new HashMap<>();
  private final Map<String, List<RungRow>> latest = new LinkedHashMap<>();

  /** A configuration (lr_g picks it) whose seeds have the given labels and distances at the rung. */
  private String config(double lrG, String[] labels, double[] distances) {
    return config(lrG, labels, distances, 0.9);
  }

  /** The same with the seeds' fidelity (HQ share) {@code hq}. */
  private String config(double lrG, String[] labels, double[] distances, double hq) {
    List<RungRow> rows = new ArrayList<>();
    String id = null;
    for (int s = 0; s < labels.length; s++) {
      RungRow r = row(lrG, s, 0, 500, labels[s], distances[s], hq);
      id = r.configId();
      rows.add(r);
    }
    latest.put(id, rows);
    return id;
  }

  /** Seed {@code s} of the configuration lr_g picks, at rung {@code rung} ({@code budget} rounds). */
  private RungRow row(double lrG, int s, int rung, int budget, String label, double distance, double hq) {
    TrialConfig c = TrialConfig.of(Map.of(Hyperparameter.LR_G, lrG), s);
    trials.put(c.trialId(), c);
    boolean diverged = label.equals("diverged");
    Quality q = diverged ? null : new Quality(8, 8, hq, 0.1, distance, null, hq, 0.9, 1.0, 1.0);
    return new RungRow(c.trialId(), c.configId(), s, 0, rung, budget, diverged ? 40 : budget, diverged ? TrialStatus.DIVERGED : TrialStatus.RUNNING,
        null, label, label + " evidence", q);
  }

  static final RungSchedule.Bracket BRACKET = new RungSchedule.Bracket(0, List.of(500, 1500), List.of());

  /**
   * Six configurations, eta 3: two are mostly dead (2 of 3 seeds diverged or in D collapse) and
   * go at once; of the four left the best 6/3 = 2 go on, ordered as the final ranking orders:
   * stable share first (3/3 beats 2/3 however far its distance), then median distance.
   */
  @ParameterizedTest
  @EnumSource(Promotion.Rule.class)
  void deadConfigurationsGoFirstThenTheStableShareAndQualityCut(Promotion.Rule rule) {
    String best = config(1e-4, new String[] {"stable", "stable", "stable"}, new double[] {0.30, 0.31, 0.32});
    String second = config(2e-4, new String[] {"stable", "stable", "mode_collapse"}, new double[] {0.05, 0.06, 0.07});
    String third = config(3e-4, new String[] {"stable", "stable", "unconverged"}, new double[] {0.10, 0.11, 0.12});
    String fourth = config(4e-4, new String[] {"mode_collapse", "unconverged", "stable"}, new double[] {0.01, 0.01, 0.01});
    String dead = config(5e-4, new String[] {"diverged", "d_collapse", "stable"}, new double[] {0, 0.2, 0.2});
    String dead2 = config(6e-4, new String[] {"diverged", "diverged", "stable"}, new double[] {0, 0, 0.2});
    Promotion.Decision d = Promotion.decide(rule, BRACKET, 0, 3, latest, trials, Map.of());
    assertEquals(List.of(best, second), d.promoted());
    assertEquals(2, d.dead());
    assertEquals(2, d.cut());
    assertEquals("rung 1/2 (round 500): 2 of 6 configurations continue; 2 pruned dead, 2 below the cut", d.line(1));
    // Pruned: every paused seed of the pruned configurations (a seed in D collapse is paused too);
    // a diverged seed keeps its own status.
    assertEquals(3 + 3 + 2 + 1, d.pruned().size());
    String reason = d.pruned().get(latest.get(dead).get(2).trialId());
    assertTrue(reason.startsWith("pruned at rung 1/2 (round 500): dead: 2/3 seeds diverged, failed or in d_collapse"), reason);
    String cut = d.pruned().get(latest.get(third).get(0).trialId());
    assertTrue(cut.startsWith("pruned at rung 1/2 (round 500): below the cut: rank 3 of 4 live configurations, the best 2 continue"), cut);
    assertTrue(!d.pruned().containsKey(latest.get(dead2).get(0).trialId()), "diverged seeds are not re-labelled");
    assertTrue(d.pruned().containsKey(latest.get(fourth).get(0).trialId()));
  }

  @ParameterizedTest
  @EnumSource(Promotion.Rule.class)
  void atLeastOneConfigurationGoesOn(Promotion.Rule rule) {
    String only = config(1e-4, new String[] {"unconverged", "unconverged"}, new double[] {0.5, 0.6});
    config(2e-4, new String[] {"unconverged", "unconverged"}, new double[] {0.7, 0.8});
    Promotion.Decision d = Promotion.decide(rule, BRACKET, 0, 3, latest, trials, Map.of());
    assertEquals(List.of(only), d.promoted(), "2/3 rounds down to 0; one always continues");
  }

  /**
   * Under the failure-aware rule each absorbing state goes at the first rung, whatever the cut:
   * most seeds diverged, most in D collapse, every seed in a mode collapse of sharp samples (HQ
   * 0.9: G has settled on a few modes). Every seed in a mode collapse of blurry samples (HQ 0.01,
   * what every GAN of bench section 10's grid looks like at rounds 100 and 300) is not yet
   * covering, not collapsed, and goes on; so do configurations with one dead seed of three. With
   * eta 1 nothing is below the cut, so what is pruned is what is absorbed.
   */
  @Test
  void eachAbsorbingStateIsPrunedAtTheFirstRung() {
    String diverged = config(1e-4, new String[] {"diverged", "diverged", "stable"}, new double[] {0, 0, 0.1});
    String dCollapse = config(2e-4, new String[] {"d_collapse", "unconverged", "d_collapse"}, new double[] {0.3, 0.1, 0.3});
    String sharp = config(3e-4, new String[] {"mode_collapse", "mode_collapse", "mode_collapse"}, new double[] {0.2, 0.2, 0.2}, 0.9);
    String blurry = config(4e-4, new String[] {"mode_collapse", "mode_collapse", "mode_collapse"}, new double[] {0.2, 0.2, 0.2}, 0.01);
    String oneDead = config(5e-4, new String[] {"diverged", "unconverged", "unconverged"}, new double[] {0, 0.1, 0.1}, 0.01);
    String mixed = config(6e-4, new String[] {"mode_collapse", "mode_collapse", "unconverged"}, new double[] {0.25, 0.25, 0.25}, 0.9);
    Promotion.Decision d = Promotion.decide(Promotion.Rule.FAILURE_AWARE, BRACKET, 0, 1, latest, trials, Map.of());
    assertEquals(3, d.dead());
    assertEquals(List.of(blurry, mixed, oneDead), d.promoted(), "a dead seed counts +inf: the worst seed orders oneDead last");
    assertTrue(d.pruned().get(latest.get(diverged).get(2).trialId()).contains("dead: 2/3 seeds diverged, failed or in d_collapse"));
    assertTrue(d.pruned().get(latest.get(dCollapse).get(1).trialId()).contains("dead: 2/3 seeds diverged, failed or in d_collapse"));
    assertTrue(d.pruned().get(latest.get(sharp).get(0).trialId()).startsWith(
        "pruned at rung 1/2 (round 500): dead: 3/3 seeds in mode_collapse with sharp samples"), d.pruned().toString());
    assertEquals(1 + 3 + 3, d.pruned().size(), "every paused seed of the three; diverged seeds keep their status");
    // The old rule knows only the first two: the sharp collapse stays and is ranked.
    Promotion.Decision old = Promotion.decide(Promotion.Rule.RANK_AT_RUNG, BRACKET, 0, 1, copy(), trials, Map.of());
    assertEquals(2, old.dead());
    assertTrue(old.promoted().contains(sharp));
  }

  /**
   * A slow starter still falling (0.60 at round 100, 0.15 at 300) against a fast starter that has
   * plateaued (0.12, then 0.11): at the second rung only one of the two goes on (eta 3). The old
   * rule keeps the fast starter, lower now; the failure-aware rule extrapolates each seed to the
   * next rung (900) along its trend, clipped to 1/rounds: the slow starter 0.15·3^-1 = 0.05, the
   * fast one 0.11·3^-0.08 = 0.10, and keeps the slow one.
   */
  @Test
  void aSlowStarterWithAGoodTrendGoesOnOverAFastStarterThatPlateaus() {
    RungSchedule.Bracket b = new RungSchedule.Bracket(0, List.of(100, 300, 900, 1200), List.of());
    Map<String, Map<Integer, RungRow>> byTrial = new HashMap<>();
    double[][] slow = {{0.60, 0.15}, {0.70, 0.16}, {0.55, 0.14}};
    double[][] fast = {{0.12, 0.11}, {0.13, 0.12}, {0.11, 0.10}};
    for (double[][] curve : List.of(slow, fast)) {
      double lrG = curve == slow ? 1e-4 : 3e-3;
      List<RungRow> now = new ArrayList<>();
      for (int s = 0; s < 3; s++) {
        RungRow r0 = row(lrG, s, 0, 100, "unconverged", curve[s][0], 0.01);
        RungRow r1 = row(lrG, s, 1, 300, "unconverged", curve[s][1], 0.01);
        byTrial.put(r0.trialId(), Map.of(0, r0, 1, r1));
        now.add(r1);
      }
      latest.put(now.get(0).configId(), now);
    }
    String slowId = TrialConfig.of(Map.of(Hyperparameter.LR_G, 1e-4), 0).configId();
    String fastId = TrialConfig.of(Map.of(Hyperparameter.LR_G, 3e-3), 0).configId();
    Promotion.Decision d = Promotion.decide(Promotion.Rule.FAILURE_AWARE, b, 1, 3, latest, trials, byTrial);
    assertEquals(List.of(slowId), d.promoted());
    String why = d.pruned().get(latest.get(fastId).get(0).trialId());
    assertTrue(why.contains("below the cut: rank 2 of 2 live configurations, the best 1 continue (eta 3); 0/3 seeds stable, "
        + "worst seed predicted 0.1108 at round 900"), why);
    assertEquals(List.of(fastId), Promotion.decide(Promotion.Rule.RANK_AT_RUNG, b, 1, 3, latest, trials, byTrial).promoted());
  }

  /** The trend's prediction: a power law through the two rungs, its exponent clipped to ±1; no earlier row, the distance now; dead, +inf. */
  @Test
  void predictionFollowsTheTrendClipped() {
    RungRow before = row(1e-3, 0, 0, 100, "unconverged", 0.4, 0.01);
    assertEquals(0.2 * Math.pow(3, -Math.log(2) / Math.log(3)), Promotion.predicted(row(1e-3, 0, 1, 300, "unconverged", 0.2, 0.01), before, 900),
        1e-12, "halved from 100 to 300: halved again by 900");
    assertEquals(0.1 / 3, Promotion.predicted(row(1e-3, 0, 1, 300, "unconverged", 0.1, 0.01), before, 900), 1e-12, "4x in 3x the rounds: clipped to 3x");
    assertEquals(0.8 * 3, Promotion.predicted(row(1e-3, 0, 1, 300, "unconverged", 0.8, 0.01), row(1e-3, 0, 0, 100, "unconverged", 0.1, 0.01), 900),
        1e-12, "rising: clipped the other way");
    assertEquals(0.2, Promotion.predicted(row(1e-3, 0, 1, 300, "unconverged", 0.2, 0.01), null, 900), 0, "no trend at a first rung");
    assertEquals(Double.POSITIVE_INFINITY, Promotion.predicted(row(1e-3, 0, 1, 300, "d_collapse", 0.2, 0.01), before, 900));
    assertEquals(Double.POSITIVE_INFINITY, Promotion.predicted(row(1e-3, 0, 1, 300, "diverged", 0.2, 0.01), before, 900));
  }

  /** The rules by the version a sweep records; an unknown one is refused in one line. */
  @Test
  void rulesByVersion() {
    assertEquals(Promotion.Rule.RANK_AT_RUNG, Promotion.Rule.of(1));
    assertEquals(Promotion.Rule.FAILURE_AWARE, Promotion.Rule.of(2));
    assertEquals(Promotion.Rule.FAILURE_AWARE, Promotion.Rule.CURRENT);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Promotion.Rule.of(7));
    assertEquals("Cannot resume the sweep: unknown promotion rule (got 7; allowed 1, 2)", e.getMessage());
  }

  private Map<String, List<RungRow>> copy() {
    return new LinkedHashMap<>(latest);
  }
}
