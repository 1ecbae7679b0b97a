package io.gansweep.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrialConfigTest {

  @Test
  void absentParametersTakeTheirDefaults() {
    TrialConfig c = TrialConfig.of(Map.of(Hyperparameter.LR_G, 3.0e-4, Hyperparameter.TTUR, 4.0), 1);
    for (Hyperparameter h : Hyperparameter.values()) {
      Object expected = h == Hyperparameter.LR_G ? 3.0e-4 : h == Hyperparameter.TTUR ? 4.0 : h.defaultValue();
      assertEquals(expected, c.get(h), h.key());
    }
    assertEquals(1.2e-3, c.lrD(), 1e-15);
  }

  @Test
  void refusesValuesOutsideTheCatalog() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> TrialConfig.of(Map.of(Hyperparameter.D_STEPS, 0), 0));
    assertTrue(e.getMessage().contains("d_steps"), e.getMessage());
    assertTrue(e.getMessage().contains("allowed integers 1 to 100"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TrialConfig.of(Map.of(), -1));
  }

  @Test
  void configIdIgnoresTheSeedButTrialIdDoesNot() {
    TrialConfig a = TrialConfig.of(Map.of(), 0);
    TrialConfig b = TrialConfig.of(Map.of(), 7);
    assertEquals(a.configId(), b.configId());
    assertNotEquals(a.trialId(), b.trialId());
    assertEquals(a.configId() + "-s7", b.trialId());
    assertTrue(a.configId().matches("[0-9a-f]{16}"));
  }

  @Test
  void everyHyperparameterChangesTheConfigId() {
    Set<String> ids = new HashSet<>();
    TrialConfig base = TrialConfig.of(Map.of(), 0);
    ids.add(base.configId());
    for (Hyperparameter h : Hyperparameter.values()) {
      Object other = switch (h.type()) {
        case INT -> (Integer) h.defaultValue() + 1;
        case REAL -> (Double) h.defaultValue() == 0.0 ? 0.5 : (Double) h.defaultValue() * 0.5;
        case BOOL -> !(Boolean) h.defaultValue();
        case CHOICE -> h.choices().stream().filter(c -> !c.equals(h.defaultValue())).findFirst().orElseThrow();
      };
      assertTrue(ids.add(TrialConfig.of(Map.of(h, other), 0).configId()), h.key() + " did not change the id");
    }
  }

  /**
   * The id of the all-defaults config, pinned: stored sweeps are resumed by trial id, so a change
   * to the derivation (or to a default) silently re-runs every stored trial. If this fails on
   * purpose, bump the id scheme and say so in the README.
   */
  @Test
  void defaultConfigIdIsPinned() {
    String canonical = "gansweep-config-v1|dataset=ring8|steps=2000|batch_size=256|latent_dim=16|hidden=128"
        + "|layers=2|lr_g=1.0E-4|ttur=1.0|d_steps=1|g_steps=1|init=xavier|loss=nsgan|penalty=none"
        + "|penalty_weight=1.0|adam_beta1=0.5|adam_beta2=0.999|spectral_norm=false|batch_norm=false"
        + "|bn_momentum=0.1|dropout_d=0.0|feature_matching=0.0|log_every=10|eval_every=500|eval_samples=2500";
    assertEquals(Values.sha256Hex(canonical, 16), TrialConfig.of(Map.of(), 0).configId());
  }
}
