package io.gansweep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.Network;
import io.gansweep.metrics.Quality;
import io.gansweep.trial.DataRange;
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

  /**
   * data_range zero_one (note 000): D gets pixels in [0, 1] and the DCGAN's G outputs (tanh + 1) / 2,
   * from the same weights as under minus_one_one; the quality columns and the grid map G's outputs
   * back, so the same pixels score the same in either range (real images, mapped into each range,
   * stand in for G's outputs). A trial trains in it, and its rows differ from [-1, 1]'s. Each part
   * fails if the key is ignored at that place: the data, G's output, the quality path.
   */
  @Test
  void dataRangeMapsDataAndGeneratorAndScoresTheSamePixels() {
    int n = 200;
    TrialConfig minus = dcgan(3, 10, Hyperparameter.EVAL_SAMPLES, n);
    TrialConfig zero = minus.with(Hyperparameter.DATA_RANGE, DataRange.ZERO_ONE);
    try (NDManager m = NDManager.newBaseManager()) {
      Problem pm = Problem.of(minus, m, DataType.FLOAT32, Streams.init(minus), null);
      Problem pz = Problem.of(zero, m, DataType.FLOAT32, Streams.init(zero), null);
      float[] a = pm.sample(n, SeededRandom.stream(7, "data-range"));
      float[] b = pz.sample(n, SeededRandom.stream(7, "data-range"));
      assertEquals(-1f, min(a), 0f, "shapes' black background is -1 in [-1, 1]");
      assertEquals(0f, min(b), 0f, "and 0 in [0, 1]");
      assertEquals(1f, max(b), 1e-6f);
      for (int i = 0; i < a.length; i++) {
        assertEquals((a[i] + 1) / 2, b[i], 1e-6f, "pixel " + i);
      }
      NDArray z = m.randomNormal(new Shape(n, minus.get(Hyperparameter.LATENT_DIM)));
      float[] gm = output(pm.generator(), z);
      float[] gz = output(pz.generator(), z);
      assertTrue(min(gz) >= 0 && max(gz) <= 1, "G's outputs in [0, 1]: " + min(gz) + " .. " + max(gz));
      assertTrue(min(gm) < -0.01, "G's outputs in [-1, 1] reach below 0: " + min(gm));
      for (int i = 0; i < gm.length; i++) {
        assertEquals((gm[i] + 1) / 2, gz[i], 1e-6f, "(tanh + 1) / 2 of the same weights, output " + i);
      }
      NDArray realM = m.create(a, pm.batchShape(n));
      NDArray realZ = m.create(b, pz.batchShape(n));
      Quality qm = pm.evaluate(realM);
      Quality qz = pz.evaluate(realZ);
      assertEquals(qm.fd(), qz.fd(), 1e-3 * Math.max(1, qm.fd()), "FD of the same pixels");
      assertEquals(qm.precision(), qz.precision(), 1e-9);
      assertEquals(qm.coverage(), qz.coverage(), 1e-9);
      assertEquals(qm.modes(), qz.modes());
      assertArrayEquals(pm.grid(realM), pz.grid(realZ), "the same grid");
    }
    TrialResult r = TrialRunnerTest.run(zero);
    assertEquals(TrialStatus.COMPLETED, r.summary().status(), r.summary().error());
    assertNotEquals(TrialRunnerTest.rows(TrialRunnerTest.run(minus)), TrialRunnerTest.rows(r));
  }

  private static float[] output(Network g, NDArray z) {
    return g.forward(g.frozenWeights(), z, Network.Mode.EVAL, null, false).output().toFloatArray();
  }

  private static float min(float[] v) {
    float x = Float.POSITIVE_INFINITY;
    for (float f : v) {
      x = Math.min(x, f);
    }
    return x;
  }

  private static float max(float[] v) {
    float x = Float.NEGATIVE_INFINITY;
    for (float f : v) {
      x = Math.max(x, f);
    }
    return x;
  }
}
