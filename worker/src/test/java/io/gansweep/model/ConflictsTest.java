package io.gansweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.trial.DataRange;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.InstanceNormKind;
import io.gansweep.trial.PenaltyKind;
import io.gansweep.trial.TrialConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The refused combinations: one rule list for the spec parser (over a sweep's values) and the trial-start guard. */
class ConflictsTest {

  private static TrialConfig config(Object... kv) {
    Map<Hyperparameter<?>, Object> m = Hyperparameter.newMap();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((Hyperparameter<?>) kv[i], kv[i + 1]);
    }
    return TrialConfig.of(m, 0);
  }

  @Test
  void theGuardRefusesEachRuleWithOneLine() {
    GanModel mlp = Models.forDataset("ring8");
    List<TrialConfig> refused = List.of(
        config(Hyperparameter.BATCH_NORM, true, Hyperparameter.DROPOUT_G, 0.1),
        config(Hyperparameter.BATCH_NORM_D, true, Hyperparameter.DROPOUT_D, 0.1),
        config(Hyperparameter.BATCH_NORM, true, Hyperparameter.INSTANCE_NORM, InstanceNormKind.BOTH),
        config(Hyperparameter.BATCH_NORM_D, true, Hyperparameter.INSTANCE_NORM, InstanceNormKind.D),
        config(Hyperparameter.PENALTY, PenaltyKind.GP, Hyperparameter.BATCH_NORM_D, true),
        config(Hyperparameter.PENALTY, PenaltyKind.R1, Hyperparameter.MINIBATCH_STDDEV, true),
        config(Hyperparameter.PENALTY, PenaltyKind.R1, Hyperparameter.INSTANCE_NORM, InstanceNormKind.D),
        config(Hyperparameter.DATA_RANGE, DataRange.ZERO_ONE));
    assertEquals(Conflicts.RULES.size(), refused.size(), "one config per rule");
    for (int i = 0; i < refused.size(); i++) {
      TrialConfig c = refused.get(i);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Conflicts.check(mlp, c), c.toString());
      assertEquals(Conflicts.RULES.get(i).message(c.get(Conflicts.RULES.get(i).a().key()), c.get(Conflicts.RULES.get(i).b().key())),
          e.getMessage());
      assertTrue(e.getMessage().matches("Cannot combine [a-z_]+ with [a-z_]+: .* \\(got .*; allowed .*\\)"), e.getMessage());
    }
    // each side alone trains: instance norm in G beside batch norm in D, gp beside instance norm in G
    Conflicts.check(mlp, config(Hyperparameter.BATCH_NORM_D, true, Hyperparameter.INSTANCE_NORM, InstanceNormKind.G));
    Conflicts.check(mlp, config(Hyperparameter.PENALTY, PenaltyKind.GP, Hyperparameter.INSTANCE_NORM, InstanceNormKind.G));
    Conflicts.check(mlp, config(Hyperparameter.BATCH_NORM, true, Hyperparameter.DROPOUT_D, 0.3));
    Conflicts.check(Models.forDataset("shapes"), config(Hyperparameter.DATASET, "shapes", Hyperparameter.DATA_RANGE, DataRange.ZERO_ONE));
  }

  /** Per model: a rule binds where the model reads both keys; an unread key is refused as such. */
  @Test
  void rulesArePerModel() {
    GanModel dcgan = Models.forDataset("shapes");
    assertEquals(List.of(Conflicts.RULES.get(Conflicts.RULES.size() - 1)), Conflicts.rules(dcgan),
        "the DCGAN reads none of the norm rules' pairs: only data_range's binds");
    assertEquals(Conflicts.RULES, Conflicts.rules(Models.forDataset("ring8")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Conflicts.check(dcgan,
        config(Hyperparameter.DATASET, "shapes", Hyperparameter.BATCH_NORM_D, true)));
    assertEquals("Cannot use parameter batch_norm_d: the dcgan model does not read it (got batch_norm_d true; allowed batch_norm_d false "
        + "for dcgan)", e.getMessage());
  }

  /** The spec parser's form: each key's values (a grid axis, a distribution's bounds) against the others'. */
  @Test
  void aSweepIsRefusedWhereAnyTwoOfItsValuesMeet() {
    GanModel mlp = Models.forDataset("ring8");
    Map<Hyperparameter<?>, List<Object>> sweep = Map.of(Hyperparameter.BATCH_NORM_D, List.of(false, true),
        Hyperparameter.DROPOUT_D, List.of(0.0, 0.5));
    Conflicts.Hit hit = Conflicts.first(mlp, h -> sweep.getOrDefault(h, List.of(h.defaultValue()))).orElseThrow();
    assertEquals(Conflicts.RULES.get(1), hit.rule());
    assertEquals("batch_norm_d true and dropout_d 0.5", hit.rule().got(hit.a(), hit.b()));
    Map<Hyperparameter<?>, List<Object>> apart = Map.of(Hyperparameter.BATCH_NORM_D, List.of(false), Hyperparameter.DROPOUT_D,
        List.of(0.0, 0.5));
    assertTrue(Conflicts.first(mlp, h -> apart.getOrDefault(h, List.of(h.defaultValue()))).isEmpty());
  }
}
