package io.gansweep.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.spec.SpecParser;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepPlannerTest {

  @Test
  void gridPlanIsEveryCombinationTimesReplicatesWithSeedsInnermost() throws Exception {
    SweepPlan p = SweepPlanner.plan(SpecParser.parse("""
        name: g
        replicates: 4
        parameters:
          lr_g: {values: [1.0e-4, 1.0e-3]}
          penalty: {values: [none, gp, r1]}
          steps: {value: 100}
        """, "inline"));
    assertEquals(6, p.configurations());
    assertEquals(24, p.trials().size());
    assertEquals(List.of(Hyperparameter.LR_G, Hyperparameter.PENALTY), p.sweptAxes());
    assertEquals(List.of(0L, 1L, 2L, 3L, 0L), p.trials().subList(0, 5).stream().map(TrialConfig::seed).toList());
    assertEquals(24, new HashSet<>(p.trials().stream().map(TrialConfig::trialId).toList()).size());
    assertEquals(6, new HashSet<>(p.trials().stream().map(TrialConfig::configId).toList()).size());
    assertTrue(p.sweepId().matches("g-[0-9a-f]{8}"), p.sweepId());
  }

  @Test
  void randomPlanIsSamplesTimesReplicates() throws Exception {
    SweepPlan p = SweepPlanner.plan(SpecParser.parse("""
        name: r
        method: random
        samples: 7
        replicates: 2
        parameters:
          lr_g: {distribution: log_uniform, min: 1.0e-5, max: 1.0e-2}
        """, "inline"));
    assertEquals(7, p.configurations());
    assertEquals(14, p.trials().size());
  }

  @Test
  void sweepIdFollowsContentNotFormatting() throws Exception {
    String a = "name: s\nparameters:\n  lr_g: {values: [1.0e-4, 3.0e-4]}\n";
    String reformatted = "# a comment\nname: s\nparameters:\n  lr_g:\n    values:\n      - 0.0001\n      - 3e-4\n";
    String changed = "name: s\nparameters:\n  lr_g: {values: [1.0e-4, 1.0e-3]}\n";
    String id = SweepPlanner.plan(SpecParser.parse(a, "a")).sweepId();
    assertEquals(id, SweepPlanner.plan(SpecParser.parse(reformatted, "b")).sweepId());
    assertNotEquals(id, SweepPlanner.plan(SpecParser.parse(changed, "c")).sweepId());
  }
}
