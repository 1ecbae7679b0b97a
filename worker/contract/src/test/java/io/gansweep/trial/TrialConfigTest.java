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
   * Ids of a few configurations, pinned: stored sweeps are resumed (and compared night over night)
   * by id, so a change to the derivation silently re-runs every stored trial. If this fails on
   * purpose, bump the id scheme and say so in the README.
   */
  @Test
  void configIdsArePinned() {
    assertEquals("4da27b2132f8b103", TrialConfig.of(Map.of(), 0).configId());
    assertEquals(Values.sha256Hex("gansweep-config-v2", 16), TrialConfig.of(Map.of(), 0).configId(), "all defaults hash the scheme alone");
    TrialConfig r1 = TrialConfig.of(Map.of(Hyperparameter.LR_G, 1.0e-3, Hyperparameter.PENALTY, "r1"), 0);
    assertEquals(Values.sha256Hex("gansweep-config-v2|lr_g=0.001|penalty=r1", 16), r1.configId());
    assertEquals(PINNED_R1, r1.configId());
  }

  private static final String PINNED_R1 = "aa23d6d3ae34021d";

  /**
   * A hyperparameter added with a default keeps every stored id: g_activation and d_activation came
   * after the v2 scheme, and a config that leaves them at their defaults hashes exactly the text
   * without them; setting one away from its default changes the id.
   */
  @Test
  void aNewHyperparameterAtItsDefaultLeavesIdsUnchanged() {
    TrialConfig plain = TrialConfig.of(Map.of(Hyperparameter.TTUR, 4.0), 0);
    assertEquals(Values.sha256Hex("gansweep-config-v2|ttur=4.0", 16), plain.configId());
    TrialConfig explicitDefault = TrialConfig.of(Map.of(Hyperparameter.TTUR, 4.0, Hyperparameter.D_ACTIVATION, "leaky_relu"), 0);
    assertEquals(plain.configId(), explicitDefault.configId(), "a default written out is still the default");
    TrialConfig relu = TrialConfig.of(Map.of(Hyperparameter.TTUR, 4.0, Hyperparameter.D_ACTIVATION, "relu"), 0);
    assertEquals(Values.sha256Hex("gansweep-config-v2|ttur=4.0|d_activation=relu", 16), relu.configId());
  }

  /** The record itself refuses what the catalog does not allow, however it is built (Kryo builds it through this constructor). */
  @Test
  void theConstructorChecksRangesFromTheCatalog() {
    TrialConfig ok = TrialConfig.of(Map.of(), 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TrialConfig(ok.dataset(), ok.steps(),
        ok.batchSize(), ok.latentDim(), ok.hidden(), ok.layers(), -1.0, ok.ttur(), ok.dSteps(), ok.gSteps(), ok.init(), ok.loss(),
        ok.penalty(), ok.penaltyWeight(), ok.adamBeta1(), ok.adamBeta2(), ok.spectralNorm(), ok.batchNorm(), ok.bnMomentum(),
        ok.dropoutD(), ok.featureMatching(), ok.logEvery(), ok.evalEvery(), ok.evalSamples(), ok.gActivation(), ok.dActivation(),
        0));
    assertEquals("Cannot build trial config: lr_g is out of range (got -1.0; allowed " + Hyperparameter.LR_G.allowed() + ")",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new TrialConfig("mnist", ok.steps(), ok.batchSize(), ok.latentDim(),
        ok.hidden(), ok.layers(), ok.lrG(), ok.ttur(), ok.dSteps(), ok.gSteps(), ok.init(), ok.loss(), ok.penalty(),
        ok.penaltyWeight(), ok.adamBeta1(), ok.adamBeta2(), ok.spectralNorm(), ok.batchNorm(), ok.bnMomentum(), ok.dropoutD(),
        ok.featureMatching(), ok.logEvery(), ok.evalEvery(), 0, ok.gActivation(), ok.dActivation(), 0));
  }
}
