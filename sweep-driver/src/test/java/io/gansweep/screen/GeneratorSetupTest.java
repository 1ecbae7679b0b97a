package io.gansweep.screen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.spec.Screen;
import io.gansweep.train.GeneratorFit;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.ScreenRow;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.Values;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The screen's rule and the setup ids, without training. */
class GeneratorSetupTest {

  static final Screen SCREEN = new Screen(Screen.Type.G_FIT, 300, 1.05);
  static final TrialConfig C = TrialConfig.of(Map.of(Hyperparameter.LR_G, 1e-4), 0);

  static ScreenRow row(GeneratorFit.Result r) {
    return GeneratorSetup.row(GeneratorSetup.id(C), "lr_g 1e-4", C, SCREEN, r);
  }

  /**
   * The setup's keys come from the catalog's targets (G, both, data): the twelve keys the screen
   * has always hashed, in the same order, then keys added since (grad_clip). A key added since
   * joins the hash only away from its default, so stored setup ids and screen rows stay valid.
   */
  @Test
  void keysAreWhatGAloneDependsOnInCatalogOrderAndOldIdsStay() {
    List<Hyperparameter<?>> legacy = List.of(Hyperparameter.DATASET, Hyperparameter.BATCH_SIZE, Hyperparameter.LATENT_DIM,
        Hyperparameter.HIDDEN, Hyperparameter.LAYERS, Hyperparameter.LR_G, Hyperparameter.INIT, Hyperparameter.ADAM_BETA1,
        Hyperparameter.ADAM_BETA2, Hyperparameter.BATCH_NORM, Hyperparameter.BN_MOMENTUM, Hyperparameter.G_ACTIVATION);
    assertEquals(legacy, GeneratorSetup.KEYS.subList(0, legacy.size()));
    assertTrue(GeneratorSetup.KEYS.contains(Hyperparameter.GRAD_CLIP));
    StringBuilder old = new StringBuilder("gansweep-setup-v1");
    legacy.forEach(h -> old.append('|').append(h.key()).append('=').append(Values.canonical(C.get(h))));
    assertEquals(Values.sha256Hex(old.toString(), 16), GeneratorSetup.id(C), "the id of the screen's first version");
    assertEquals(GeneratorSetup.id(C), GeneratorSetup.id(C.with(Hyperparameter.TTUR, 4.0)), "D's keys share a setup");
    assertNotEquals(GeneratorSetup.id(C), GeneratorSetup.id(C.with(Hyperparameter.INIT, "orthogonal")));
    assertNotEquals(GeneratorSetup.id(C), GeneratorSetup.id(C.with(Hyperparameter.GRAD_CLIP, 1.0)), "clipping changes G's fit");
  }

  @Test
  void passesAtTheFactorAndNotBelowIt() {
    assertTrue(row(new GeneratorFit.Result(2.1, 2.0, null, null, 1)).passed(), "2.1 / 2.0 = 1.05x, the factor itself");
    ScreenRow below = row(new GeneratorFit.Result(2.09, 2.0, null, null, 1));
    assertFalse(below.passed());
    assertTrue(below.reason().startsWith("G-only fit cut its MSE only 1.045x in 300 steps"), below.reason());
  }

  @Test
  void aDivergedFitDropsAndAFailedOnePassesUnscreened() {
    ScreenRow diverged = row(new GeneratorFit.Result(3.3, Double.POSITIVE_INFINITY, 4, null, 1));
    assertFalse(diverged.passed());
    assertTrue(diverged.reason().startsWith("G-only fit diverged at step 4 of 300"), diverged.reason());
    ScreenRow failed = row(new GeneratorFit.Result(Double.NaN, Double.NaN, null, "java.lang.IllegalStateException: no GPU", 0));
    assertTrue(failed.passed(), "a failure of the fit itself says nothing about the learning rate");
    assertEquals(null, failed.firstMse());
    assertTrue(failed.reason().startsWith("not screened: the G-only fit failed (java.lang.IllegalStateException"), failed.reason());
  }

  /** The setup is what G alone depends on: the loss or ttur leave it, lr_g or the latent change it. */
  @Test
  void setupsIgnoreWhatGAloneDoesNotUse() {
    String base = GeneratorSetup.id(C);
    assertEquals(base, GeneratorSetup.id(TrialConfig.of(Map.of(Hyperparameter.LR_G, 1e-4, Hyperparameter.LOSS, "hinge",
        Hyperparameter.TTUR, 4.0), 1)));
    assertNotEquals(base, GeneratorSetup.id(TrialConfig.of(Map.of(Hyperparameter.LR_G, 2e-4), 0)));
    assertNotEquals(base, GeneratorSetup.id(TrialConfig.of(Map.of(Hyperparameter.LR_G, 1e-4, Hyperparameter.LATENT_DIM, 2), 0)));
    assertEquals("lr_g 1e-4", GeneratorSetup.describe(C, List.of(Hyperparameter.LOSS, Hyperparameter.LR_G)));
    assertEquals("(all)", GeneratorSetup.describe(C, List.of(Hyperparameter.LOSS)));
  }
}
