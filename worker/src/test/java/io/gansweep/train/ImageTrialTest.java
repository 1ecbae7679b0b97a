package io.gansweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.MetricRow;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.TrialResult;
import io.gansweep.trial.TrialStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DCGAN trials on the synthetic {@code shapes} images, end to end through {@link TrialRunner}. */
class ImageTrialTest {

  /** The DCGAN recipe (Adam 2e-4, β1 0.5, N(0, 0.02) init), small: base 32 channels, batch 64. */
  static TrialConfig dcgan(long seed, int steps, Object... more) {
    Object[] base = {Hyperparameter.DATASET, "shapes", Hyperparameter.STEPS, steps, Hyperparameter.BATCH_SIZE, 64,
        Hyperparameter.LATENT_DIM, 32, Hyperparameter.HIDDEN, 32, Hyperparameter.LR_G, 2e-4, Hyperparameter.ADAM_BETA1, 0.5,
        Hyperparameter.INIT, "normal02", Hyperparameter.LOG_EVERY, 25, Hyperparameter.EVAL_EVERY, steps,
        Hyperparameter.EVAL_SAMPLES, 1000};
    Object[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return TrialRunnerTest.config(seed, all);
  }

  /**
   * 400 rounds of seed 1 take the Fréchet distance from about 3,100 (G's output at init) to about
   * 1,500 here. The bound, 0.75x the first evaluation, leaves margin for other CPUs and thread
   * counts; the trajectory of a GAN is noisy (it passed through 0.9x at round 200), so a much
   * shorter trial would not be a reliable test.
   */
  @Test
  void shortDcganTrialImprovesItsFrechetDistance() {
    TrialResult r = TrialRunnerTest.run(dcgan(1, 400));
    assertEquals(TrialStatus.COMPLETED, r.summary().status(), r.summary().error());
    List<MetricRow> evals = r.metrics().stream().filter(m -> m.quality() != null).toList();
    assertEquals(2, evals.size(), "step 0 and the last step");
    double first = evals.get(0).quality().fd();
    double last = evals.get(1).quality().fd();
    assertTrue(last < 0.75 * first, "FD " + first + " -> " + last);
    assertEquals(last, r.summary().finalQuality().fd(), 0.0);
    assertNull(r.summary().finalQuality().distance(), "images have no 2-D energy distance");
    assertNull(evals.get(1).quality().hq());
    assertNotNull(r.summary().featureNet());
    assertTrue(r.summary().featureNet().matches("classifier:[0-9a-f]{64}"), "the pinned classifier and its SHA-256: " + r.summary().featureNet());
    assertTrue(evals.get(1).quality().modes() >= 1 && evals.get(1).quality().modes() <= 10, "classes captured " + evals.get(1).quality().modes());
  }

  /** R1 and spectral norm run on convnets too (closed-form input gradient), and stay finite. */
  @Test
  void penaltiesAndSpectralNormTrainOnImages() {
    TrialResult r = TrialRunnerTest.run(dcgan(2, 10, Hyperparameter.PENALTY, "r1", Hyperparameter.PENALTY_WEIGHT, 10.0,
        Hyperparameter.SPECTRAL_NORM, true, Hyperparameter.BATCH_NORM, true));
    assertEquals(TrialStatus.COMPLETED, r.summary().status(), r.summary().error());
    TrialResult gp = TrialRunnerTest.run(dcgan(2, 10, Hyperparameter.LOSS, "wgan", Hyperparameter.PENALTY, "gp",
        Hyperparameter.PENALTY_WEIGHT, 10.0, Hyperparameter.D_STEPS, 2));
    assertEquals(TrialStatus.COMPLETED, gp.summary().status(), gp.summary().error());
    assertTrue(Double.isFinite(gp.summary().finalQuality().fd()));
  }
}
