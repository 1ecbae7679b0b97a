package io.gansweep.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one FLOP model of a round (the dispatcher's cost and the bench's compute floor both count with it), against a hand count. */
class FlopModelTest {

  private static TrialConfig config(String penalty, int dSteps, int gSteps) {
    return TrialConfig.of(Map.of(Hyperparameter.HIDDEN, 4, Hyperparameter.LAYERS, 2, Hyperparameter.BATCH_SIZE, 10,
        Hyperparameter.LATENT_DIM, 3, Hyperparameter.PENALTY, penalty, Hyperparameter.LOSS, penalty.equals("gp") ? "wgan" : "nsgan",
        Hyperparameter.D_STEPS, dSteps, Hyperparameter.G_STEPS, gSteps), 0);
  }

  /**
   * Counted by hand for the ring8 MLPs (2-D points) with hidden 4, 2 layers, batch 10, latent 3.
   * G's weights: 3·4 + 4·4 + 4·2 = 36 multiply-adds per sample, F_G = 2·10·36 = 720; D's: 2·4 + 4·4
   * + 4·1 = 28, F_D = 560. A round with one step each is F_G + 6 F_D (D update) + 2 F_D + 2 F_G (G
   * update) = 3 F_G + 8 F_D.
   */
  @Test
  void countsOneRoundByHand() {
    double fg = 720;
    double fd = 560;
    assertEquals(new FlopModel.Forward(fg, fd), FlopModel.forward(config("none", 1, 1)));
    assertEquals(3 * fg + 8 * fd, FlopModel.round(config("none", 1, 1)), 1e-9);
    assertEquals(3 * fg + 11 * fd, FlopModel.round(config("r1", 1, 1)), 1e-9);
    assertEquals(3 * fg + 13 * fd, FlopModel.round(config("gp", 1, 1)), 1e-9);
    // 5 D updates, then 2 G updates of which the second draws a new fake.
    assertEquals(5 * (fg + 6 * fd) + 2 * (2 * fd + 2 * fg) + fg, FlopModel.round(config("none", 5, 2)), 1e-9);
  }
}
