package io.gansweep.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.data.SeededRandom;
import io.gansweep.trial.InitScheme;
import org.junit.jupiter.api.Test;

class InitTest {

  /** gain² on the diagonal, 0 elsewhere: orthonormal rows (wide) or columns (tall), scaled. */
  @Test
  void orthogonalIsScaledOrthonormal() {
    for (int[] shape : new int[][] {{4, 6}, {6, 4}, {5, 5}}) {
      int out = shape[0];
      int in = shape[1];
      float[] w = Init.weights(InitScheme.ORTHOGONAL, out, in, 2.0, SeededRandom.stream(1, "init"));
      boolean rows = out <= in;
      int n = rows ? out : in;
      for (int a = 0; a < n; a++) {
        for (int b = 0; b < n; b++) {
          double dot = 0;
          for (int k = 0; k < (rows ? in : out); k++) {
            dot += rows ? w[a * in + k] * w[b * in + k] : w[k * in + a] * w[k * in + b];
          }
          assertEquals(a == b ? 4.0 : 0.0, dot, 1e-5, out + "x" + in + " at " + a + "," + b);
        }
      }
    }
  }

  @Test
  void scalesFollowTheirPapers() {
    SeededRandom rng = SeededRandom.stream(2, "init");
    assertEquals(0.02, std(Init.weights(InitScheme.NORMAL02, 200, 200, 1.41, rng)), 0.001);
    assertEquals(Math.sqrt(2) / Math.sqrt(200), std(Init.weights(InitScheme.KAIMING, 200, 200, Math.sqrt(2), rng)), 0.003);
    assertEquals(Math.sqrt(2.0 / 300), std(Init.weights(InitScheme.XAVIER, 100, 200, 1.0, rng)), 0.003);
    assertEquals(1.0, std(Init.weights(InitScheme.EQUALIZED, 200, 200, 1.41, rng)), 0.02);
    assertEquals(Math.sqrt(2) / Math.sqrt(50), Init.runtimeScale(InitScheme.EQUALIZED, 50, Math.sqrt(2)), 1e-12);
    assertEquals(1.0, Init.runtimeScale(InitScheme.KAIMING, 50, Math.sqrt(2)));
  }

  /**
   * init normal draws N(0, init_std) (note 002's 0.02 and 0.2) in the mlp and dcgan models, normal02
   * keeps 0.02 whatever init_std says, and a network built without init_std gets normal02's 0.02. The std of 40,000
   * draws is within 1% of the true one (three standard errors: one is 1/sqrt(80,000) = 0.35%).
   */
  @Test
  void normalFollowsInitStd() {
    SeededRandom rng = SeededRandom.stream(4, "init");
    assertEquals(0.2, std(Init.weights(InitScheme.NORMAL, 200, 200, Math.sqrt(2), 0.2, rng)), 0.002);
    assertEquals(0.02, std(Init.weights(InitScheme.NORMAL02, 200, 200, Math.sqrt(2), 0.2, rng)), 0.0002);
    assertEquals(0.02, std(Init.weights(InitScheme.NORMAL, 200, 200, Math.sqrt(2), rng)), 0.0002);
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
      io.gansweep.trial.TrialConfig c = io.gansweep.trial.TrialConfig.of(java.util.Map.of(io.gansweep.trial.Hyperparameter.INIT,
          "normal", io.gansweep.trial.Hyperparameter.INIT_STD, 0.2, io.gansweep.trial.Hyperparameter.HIDDEN, 200), 0);
      Mlp d = new Mlp(io.gansweep.model.MlpModel.discriminatorSpec(c, 2), m, ai.djl.ndarray.types.DataType.FLOAT32, rng);
      float[] hiddenToHidden = d.weights().weights().get(1).toFloatArray();
      assertEquals(200 * 200, hiddenToHidden.length);
      assertEquals(0.2, std(hiddenToHidden), 0.002, "the mlp model's D reads init_std");
      // the dcgan model's too (known outcome 002 compares 0.02 and 0.2 on it): D's second conv, 64 x 32 x 4 x 4 draws
      // (three standard errors: 1.2%)
      ConvNet conv = (ConvNet) new io.gansweep.model.DcganModel().discriminator(c.with(io.gansweep.trial.Hyperparameter.HIDDEN, 32),
          new ai.djl.ndarray.types.Shape(1, 28, 28), m, ai.djl.ndarray.types.DataType.FLOAT32, rng);
      float[] second = conv.weights().weights().get(1).toFloatArray();
      assertEquals(64 * 32 * 16, second.length);
      assertEquals(0.2, std(second), 0.004, "the dcgan model's D reads init_std");
    }
  }

  /**
   * PyTorch's nn.Linear / nn.Conv2d defaults: weights and biases U(±1/sqrt(fan_in)), whatever the
   * gain; the std of U(±b) is b/sqrt(3). Every other scheme keeps zero biases and draws nothing
   * for them (so their weight draws, and every stored trial, are unchanged).
   */
  @Test
  void torchDefaultIsUniformOverFanIn() {
    SeededRandom rng = SeededRandom.stream(3, "init");
    double bound = 1 / Math.sqrt(128);
    float[] w = Init.weights(InitScheme.TORCH_DEFAULT, 256, 128, Math.sqrt(2), rng);
    float[] b = Init.biases(InitScheme.TORCH_DEFAULT, 256, 128, rng);
    for (float[] v : new float[][] {w, b}) {
      double max = 0;
      for (float x : v) {
        max = Math.max(max, Math.abs(x));
      }
      assertTrue(max <= bound && max > 0.95 * bound, "max |x| " + max + " vs bound " + bound);
    }
    assertEquals(bound / Math.sqrt(3), std(w), 0.002);
    assertEquals(bound / Math.sqrt(3), std(b), 0.01);
    SeededRandom a = SeededRandom.stream(4, "init");
    SeededRandom c = SeededRandom.stream(4, "init");
    assertEquals(0.0, std(Init.biases(InitScheme.KAIMING, 16, 8, a)));
    assertEquals(c.nextDouble(), a.nextDouble(), "zero biases take no draws");
  }

  private static double std(float[] w) {
    double ss = 0;
    for (float v : w) {
      ss += v * v;
    }
    return Math.sqrt(ss / w.length);
  }
}
