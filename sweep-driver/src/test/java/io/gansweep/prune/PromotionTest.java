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
    List<RungRow> rows = new ArrayList<>();
    String id = null;
    for (int s = 0; s < labels.length; s++) {
      TrialConfig c = TrialConfig.of(Map.of(Hyperparameter.LR_G, lrG), s);
      id = c.configId();
      trials.put(c.trialId(), c);
      boolean diverged = labels[s].equals("diverged");
      Quality q = diverged ? null : new Quality(8, 8, 0.9, 0.1, distances[s], null, 0.9, 0.9, 1.0, 1.0);
      rows.add(new RungRow(c.trialId(), c.configId(), s, 0, 0, 500, diverged ? 40 : 500, diverged ? TrialStatus.DIVERGED : TrialStatus.RUNNING,
          null, labels[s], labels[s] + " evidence", q));
    }
    latest.put(id, rows);
    return id;
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
}
