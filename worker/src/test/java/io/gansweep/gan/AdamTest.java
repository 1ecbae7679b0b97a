package io.gansweep.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamTest {

  /**
   * The gradient handles Adam keeps from its first step still hold the current gradients after
   * later zeroings and backwards (libtorch accumulates in place), and each update moves a weight by
   * what the Adam formula gives for the gradient of that round.
   */
  @Test
  void keptGradientsFollowEveryBackward() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray p = m.create(new float[] {1f, -2f, 3f}, new Shape(3));
      p.setRequiresGradient(true);
      Adam adam = new Adam(List.of(p), 0.1, 0.5, 0.999);
      double[] m1 = new double[3];
      double[] v1 = new double[3];
      double[] expected = {1, -2, 3};
      for (int t = 1; t <= 3; t++) {
        float k = t + 1f; // loss = k * sum(p^2) / 2, so the gradient is k * p
        Autograd.zeroGradients(List.of(p));
        try (Autograd ignored = Autograd.record()) {
          Autograd.backward(p.square().sum().mul(k / 2));
        }
        float[] fresh = p.getGradient().toFloatArray();
        adam.step();
        assertArrayEquals(fresh, adam.gradients().get(0).toFloatArray(), 0f, "kept handle at step " + t);
        double stepSize = 0.1 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.5, t));
        for (int i = 0; i < 3; i++) {
          double g = k * expected[i];
          m1[i] = 0.5 * m1[i] + 0.5 * g;
          v1[i] = 0.999 * v1[i] + 0.001 * g * g;
          expected[i] -= stepSize * m1[i] / (Math.sqrt(v1[i]) + Adam.EPS);
        }
        float[] got = p.toFloatArray();
        for (int i = 0; i < 3; i++) {
          assertArrayEquals(new float[] {(float) expected[i]}, new float[] {got[i]}, 1e-5f, "weight " + i + " at step " + t);
        }
      }
    }
  }
}
