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

  /**
   * grad_clip scales the gradients of one network by min(1, clip / (norm + 1e-6)) over the global
   * norm of all its parameters (PyTorch's clip_grad_norm_), before the update; 0 leaves them alone.
   * Gradients 3·(1, 1) and 4·(1, 1, 1, 1)/2 have global norm sqrt(18 + 16) = sqrt(34).
   */
  @Test
  void clippingScalesTheGlobalNormLikeClipGradNorm() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray a = m.create(new float[] {0f, 0f}, new Shape(2));
      NDArray b = m.create(new float[] {0f, 0f, 0f, 0f}, new Shape(2, 2));
      a.setRequiresGradient(true);
      b.setRequiresGradient(true);
      io.gansweep.trial.TrialConfig c = io.gansweep.trial.TrialConfig.of(
          java.util.Map.of(io.gansweep.trial.Hyperparameter.GRAD_CLIP, 2.0), 0);
      Adam adam = Adam.generator(List.of(a, b), c);
      try (Autograd ignored = Autograd.record()) {
        Autograd.backward(a.mul(3f).sum().add(b.mul(2f).sum()));
      }
      adam.gradients(); // looked up, as step does
      adam.clip();
      double coefficient = Math.min(1, 2.0 / (Math.sqrt(34) + 1e-6));
      assertArrayEquals(new float[] {(float) (3 * coefficient), (float) (3 * coefficient)}, a.getGradient().toFloatArray(), 1e-6f);
      assertArrayEquals(new float[] {(float) (2 * coefficient), (float) (2 * coefficient), (float) (2 * coefficient),
          (float) (2 * coefficient)}, b.getGradient().toFloatArray(), 1e-6f);
    }
  }

  /**
   * In a pack each row of the stacked gradient is one trial's: it is clipped by its own norm and
   * its own bound (a bound of 0 leaves its row alone), exactly as that trial's network alone.
   */
  @Test
  void packsClipEachRowByItsOwnNormAndBound() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray p = m.create(new float[6], new Shape(3, 2));
      p.setRequiresGradient(true);
      Adam adam = Adam.byRow(p, new double[] {0.1, 0.1, 0.1}, 0.5, 0.999, new double[] {1.0, 0.0, 10.0});
      NDArray weights = m.create(new float[] {3f, 4f, 3f, 4f, 3f, 4f}, new Shape(3, 2));
      try (Autograd ignored = Autograd.record()) {
        Autograd.backward(p.mul(weights).sum());
      }
      adam.gradients();
      adam.clip();
      float c0 = (float) (1.0 / (5 + 1e-6));
      assertArrayEquals(new float[] {3 * c0, 4 * c0, 3f, 4f, 3f, 4f}, p.getGradient().toFloatArray(), 1e-6f,
          "row 0 clipped to norm 1; row 1 has no clip; row 2's norm 5 is within 10");
    }
  }

  /**
   * optimizer sgd and rmsprop follow torch.optim.SGD and RMSprop (alpha 0.99, eps 1e-8) with and
   * without momentum, step by step, on loss k·Σp²/2 (gradient k·p) with k changing each step: the
   * closed forms of {@link io.gansweep.trial.OptimizerKind}, computed here in double.
   */
  @Test
  void sgdAndRmspropFollowTorchOptim() {
    for (io.gansweep.trial.OptimizerKind rule : List.of(io.gansweep.trial.OptimizerKind.SGD, io.gansweep.trial.OptimizerKind.RMSPROP)) {
      for (double mu : new double[] {0, 0.9}) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
          NDArray p = m.create(new float[] {1f, -2f, 3f}, new Shape(3));
          p.setRequiresGradient(true);
          double lr = 0.05;
          Adam opt = Adam.of(List.of(p), lr, rule, mu);
          double[] buf = new double[3];
          double[] sq = new double[3];
          double[] expected = {1, -2, 3};
          for (int t = 1; t <= 4; t++) {
            float k = t + 1f;
            Autograd.zeroGradients(List.of(p));
            try (Autograd ignored = Autograd.record()) {
              Autograd.backward(p.square().sum().mul(k / 2));
            }
            opt.step();
            for (int i = 0; i < 3; i++) {
              double g = k * expected[i];
              double u = g;
              if (rule == io.gansweep.trial.OptimizerKind.RMSPROP) {
                sq[i] = 0.99 * sq[i] + 0.01 * g * g;
                u = g / (Math.sqrt(sq[i]) + 1e-8);
              }
              buf[i] = mu * buf[i] + u;
              expected[i] -= lr * (mu > 0 ? buf[i] : u);
            }
            float[] got = p.toFloatArray();
            for (int i = 0; i < 3; i++) {
              assertArrayEquals(new float[] {(float) expected[i]}, new float[] {got[i]}, 2e-5f,
                  rule + " momentum " + mu + ": weight " + i + " at step " + t);
            }
          }
        }
      }
    }
  }
}
