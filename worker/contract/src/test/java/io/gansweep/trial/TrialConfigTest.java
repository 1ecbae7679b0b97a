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
    for (Hyperparameter<?> h : Hyperparameter.values()) {
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
  void everyConfigurationKeyChangesTheConfigId() {
    Set<String> ids = new HashSet<>();
    TrialConfig base = TrialConfig.of(Map.of(), 0);
    ids.add(base.configId());
    for (Hyperparameter<?> h : Hyperparameter.configurationKeys()) {
      Object other = switch (h.type()) {
        case INT -> (Integer) h.defaultValue() + 1;
        case REAL -> (Double) h.defaultValue() == 0.0 ? 0.5 : (Double) h.defaultValue() * 0.5;
        case BOOL -> !(Boolean) h.defaultValue();
        case CHOICE -> h.choices().stream().filter(c -> !c.equals(Values.canonical(h.defaultValue()))).findFirst().orElseThrow()
            .replace("<name>", "plugin"); // an entry standing for any name
      };
      assertTrue(ids.add(TrialConfig.of(Map.of(h, other), 0).configId()), h.key() + " did not change the id");
    }
  }

  /**
   * The stream seeds are not part of what a configuration is: each leaves the config id as it is
   * and changes the trial id, by a suffix only where it differs from the trial's seed; one that
   * follows the seed (the default) and one given as the seed are the same trial.
   */
  @Test
  void seedKeysChangeTheTrialIdNotTheConfigId() {
    TrialConfig plain = TrialConfig.of(Map.of(Hyperparameter.TTUR, 4.0), 2);
    assertEquals(3, Hyperparameter.seedKeys().size());
    Set<String> trialIds = new HashSet<>();
    trialIds.add(plain.trialId());
    for (Hyperparameter<?> h : Hyperparameter.seedKeys()) {
      assertEquals(Hyperparameter.FOLLOW, plain.get(h), h.key());
      assertEquals(2L, plain.seed(h), h.key() + " follows the seed");
      assertEquals(2, plain.wire(h), h.key() + " is written as the seed it resolves to");
      TrialConfig other = TrialConfig.of(Map.of(Hyperparameter.TTUR, 4.0, h, 5), 2);
      assertEquals(plain.configId(), other.configId(), h.key());
      assertEquals(5L, other.seed(h), h.key());
      assertTrue(trialIds.add(other.trialId()), h.key() + " did not change the trial id");
      TrialConfig asSeed = TrialConfig.of(Map.of(Hyperparameter.TTUR, 4.0, h, 2), 2);
      assertEquals(plain, asSeed, h.key() + " given as the seed");
      assertEquals(plain.hashCode(), asSeed.hashCode(), h.key());
      assertEquals(plain.trialId(), asSeed.trialId(), h.key());
    }
    TrialConfig all = TrialConfig.of(Map.of(Hyperparameter.TTUR, 4.0, Hyperparameter.INIT_SEED, 0, Hyperparameter.DATA_SEED, 5,
        Hyperparameter.NOISE_SEED, 2), 2);
    assertEquals(plain.configId() + "-s2-init0-data5", all.trialId());
    assertEquals(plain.configId() + "-s2", plain.trialId(), "ids of trials whose streams follow the seed are as before");
    var e = assertThrows(IllegalArgumentException.class, () -> plain.seed(Hyperparameter.LR_G));
    assertTrue(e.getMessage().startsWith("Cannot resolve seed: not a seed key (got lr_g;"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TrialConfig.of(Map.of(Hyperparameter.INIT_SEED, -2), 0));
  }

  /**
   * Ids of a few configurations, pinned: stored sweeps are resumed (and compared night over night)
   * by id, so a change to the derivation silently re-runs every stored trial. If this fails on
   * purpose, bump the id scheme and say so in docs/guide/writing-specs.md.
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

  /** A config refuses what its key does not allow, however it is built (Kryo builds it through {@link TrialConfig#of}). */
  @Test
  void everyWayOfBuildingChecksValuesAgainstTheirKeys() {
    TrialConfig ok = TrialConfig.of(Map.of(), 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ok.with(Hyperparameter.LR_G, -1.0));
    assertEquals("Cannot build trial config: lr_g is out of range (got -1.0; allowed " + Hyperparameter.LR_G.allowed() + ")",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ok.with(Hyperparameter.DATASET, "mnist"));
    assertThrows(IllegalArgumentException.class, () -> TrialConfig.of(Map.of(Hyperparameter.EVAL_SAMPLES, 0), 0));
    assertThrows(IllegalArgumentException.class, () -> TrialConfig.of(Map.of(Hyperparameter.INIT, 3), 0));
    assertThrows(IllegalArgumentException.class, () -> ok.withSeed(-1));
  }

  /** Values keep their keys' types: a wire name given in a spec or table comes back as its enum constant. */
  @Test
  void valuesAreTypedAndWireNamesAreForTablesAndIds() {
    TrialConfig c = TrialConfig.of(Map.of(Hyperparameter.INIT, "orthogonal", Hyperparameter.LOSS, LossKind.HINGE), 3);
    InitScheme init = c.get(Hyperparameter.INIT);
    assertEquals(InitScheme.ORTHOGONAL, init);
    assertEquals(LossKind.HINGE, c.get(Hyperparameter.LOSS));
    assertEquals("orthogonal", c.wire(Hyperparameter.INIT));
    assertEquals(c, TrialConfig.of(Map.of(Hyperparameter.INIT, InitScheme.ORTHOGONAL, Hyperparameter.LOSS, "hinge"), 3),
        "the enum constant and its wire name build the same config");
    assertEquals(c.configId(), c.withSeed(4).configId());
    assertEquals(c.trialId().replace("-s3", "-s4"), c.withSeed(4).trialId());
  }
}
