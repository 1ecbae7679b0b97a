package io.gansweep.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.spec.SpecParser;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.util.HashSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

  /**
   * A seeds grid: the stream seeds cross each training seed instead of making configurations. Here
   * 2 configurations x 2 seeds x 3 init seeds, data held at 0, noise following the seed: 12 trials
   * in 2 configurations, whose trials differ in exactly the streams the spec varies.
   */
  @Test
  void seedKeysCrossEachSeedAndMakeNoConfigurations() throws Exception {
    String text = """
        name: s
        replicates: 2
        parameters:
          lr_g: {values: [1.0e-4, 1.0e-3]}
          init_seed: {values: [0, 1, 2]}
          data_seed: {value: 0}
        """;
    SweepPlan p = SweepPlanner.plan(SpecParser.parse(text, "inline"));
    assertEquals(2, p.configurations());
    assertEquals(12, p.trials().size());
    assertEquals(6, p.spec().trialsPerConfiguration());
    assertEquals(List.of(Hyperparameter.LR_G), p.sweptAxes(), "seed keys are not axes");
    assertEquals(12, new HashSet<>(p.trials().stream().map(TrialConfig::trialId).toList()).size());
    assertEquals(2, new HashSet<>(p.trials().stream().map(TrialConfig::configId).toList()).size());
    TrialConfig first = p.trials().get(0);
    assertEquals(List.of(first.configId() + "-s0", first.configId() + "-s0-init1", first.configId() + "-s0-init2",
        first.configId() + "-s1-init0-data0", first.configId() + "-s1-data0", first.configId() + "-s1-init2-data0"),
        p.trials().subList(0, 6).stream().map(TrialConfig::trialId).toList());
    for (TrialConfig t : p.trials()) {
      assertEquals(0L, t.seed(Hyperparameter.DATA_SEED), t.trialId());
      assertEquals(t.seed(), t.seed(Hyperparameter.NOISE_SEED), t.trialId());
    }
    assertNotEquals(p.sweepId(), SweepPlanner.plan(SpecParser.parse(text.replace("[0, 1, 2]", "[0, 1, 3]"), "b")).sweepId(),
        "another seeds grid is another sweep");
    SweepPlan random = SweepPlanner.plan(SpecParser.parse("""
        name: r
        method: random
        samples: 3
        replicates: 1
        parameters:
          lr_g: {distribution: log_uniform, min: 1.0e-5, max: 1.0e-2}
          noise_seed: {values: [7, 8]}
        """, "inline"));
    assertEquals(3, random.configurations());
    assertEquals(6, random.trials().size(), "random search draws configurations, never seeds");
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

  /**
   * Sweep ids are how a resume finds a sweep: the one wave engine must not move any. These are the
   * ids gansweep gave the fixtures before it (commit db4c7bd, computed with that commit's planner),
   * grid, random, tpe, early termination and the screen among them.
   */
  @Test
  void idsOfExistingSweepsDoNotChange() throws Exception {
    Map<String, String> pinned = new TreeMap<>(Map.ofEntries(Map.entry("compact", "compact-342b134f"),
        Map.entry("gpu-trials", "gpu-trials-45a66236"), Map.entry("halving", "halving-5a8a2059"), Map.entry("kill-resume", "kill-resume-49208abb"),
        Map.entry("known-good-bad", "known-good-bad-1e98da07"), Map.entry("mixed-outcomes", "mixed-outcomes-6554bc87"),
        Map.entry("packed", "packed-39e10fe8"), Map.entry("random-mixed", "random-mixed-7d0c6448"), Map.entry("screen", "screen-590d9789"),
        Map.entry("tiny-gpu", "tiny-921cf89e"), Map.entry("tiny-shapes", "tiny-shapes-c47fa43b"), Map.entry("tiny", "tiny-921cf89e"),
        Map.entry("tpe", "tpe-7e384280")));
    Map<String, String> now = new TreeMap<>();
    for (String name : pinned.keySet()) {
      now.put(name, SweepPlanner.plan(SpecParser.parse(Path.of("src/test/resources/specs/valid/" + name + ".yaml"))).sweepId());
    }
    assertEquals(pinned, now);
  }
}
