package io.gansweep.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import io.gansweep.data.SeededRandom;
import io.gansweep.loss.GradientPenalty;
import io.gansweep.trial.ActivationKind;
import io.gansweep.trial.InitScheme;
import io.gansweep.trial.PenaltyKind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MlpTest {

  static Mlp.Spec discriminator(InitScheme init, boolean sn, double dropout) {
    return new Mlp.Spec(2, 3, 2, 1, ActivationKind.LEAKY_RELU, init, sn, false, 0.1, dropout);
  }

  static NDArray points(NDManager m, long seed, int n) {
    return m.create(SeededRandom.stream(seed, "x").gaussians(2 * n), new Shape(n, 2)).toType(DataType.FLOAT64, false);
  }

  /** The closed-form input gradient equals what autograd computes for d(sum D(x))/dx. */
  @ParameterizedTest
  @CsvSource({"xavier,false,0.0", "equalized,true,0.0", "kaiming,false,0.3"})
  void inputGradientMatchesAutograd(String init, boolean sn, double dropout) {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      Mlp d = new Mlp(new Mlp.Spec(2, 8, 3, 1, ActivationKind.LEAKY_RELU, InitScheme.valueOf(init.toUpperCase()), sn, false, 0.1, dropout),
          m, DataType.FLOAT64, SeededRandom.stream(1, "init"));
      d.powerIteration();
      NDArray x = points(m, 2, 16);
      NDArray closedForm = closedFormInputGradient(d, x);
      assertArrayEquals(x.getGradient().toDoubleArray(), closedForm.toDoubleArray(), 1e-12);
    }
  }

  /**
   * The gradient of each penalty with respect to every weight and bias of a tiny D, by backward,
   * against central finite differences (float64, h = 1e-6: truncation error ~h², rounding
   * ~1e-16/h, both far below the 1e-6 tolerance).
   */
  @ParameterizedTest
  @CsvSource({"gp,xavier,false,0.0", "r1,xavier,false,0.0", "gp,equalized,true,0.25", "r1,orthogonal,true,0.25"})
  void penaltyGradientsMatchFiniteDifferences(String penalty, String init, boolean sn, double dropout) {
    PenaltyKind kind = PenaltyKind.valueOf(penalty.toUpperCase());
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      Mlp d = new Mlp(discriminator(InitScheme.valueOf(init.toUpperCase()), sn, dropout), m, DataType.FLOAT64,
          SeededRandom.stream(4, "init"));
      d.powerIteration();
      NDArray x = points(m, 5, 6);
      List<NDArray> params = d.parameters();
      Autograd.zeroGradients(params);
      try (Autograd ignored = Autograd.record()) {
        Autograd.backward(penalty(d, x, kind));
      }
      int checked = 0;
      for (NDArray p : params) {
        // Biases get no gradient from a penalty (the input gradient does not depend on them);
        // DJL then returns float32 zeros.
        double[] analytic = p.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
        for (int i = 0; i < p.size(); i++) {
          long[] ix = p.getShape().dimension() == 2 ? new long[] {i / p.getShape().get(1), i % p.getShape().get(1)} : new long[] {i};
          NDIndex at = new NDIndex(ix);
          double v = p.getDouble(ix);
          double h = 1e-6;
          double plus;
          double minus;
          try (Autograd ignored = Autograd.pause()) {
            p.set(at, m.create(v + h));
            plus = penalty(d, x, kind).getDouble();
            p.set(at, m.create(v - h));
            minus = penalty(d, x, kind).getDouble();
            p.set(at, m.create(v));
          }
          double numeric = (plus - minus) / (2 * h);
          assertEquals(numeric, analytic[i], 1e-6 * Math.max(1, Math.abs(numeric)), penalty + " param entry " + i);
          checked++;
        }
      }
      assertEquals(2 * 3 + 3 + 3 * 3 + 3 + 3 + 1, checked);
    }
  }

  private static NDArray penalty(Mlp d, NDArray x, PenaltyKind kind) {
    Mlp.Weights w = d.weights();
    Mlp.Trace t = d.forward(w, x, Network.Mode.TRAIN, SeededRandom.stream(6, "dropout"), true);
    return GradientPenalty.of(kind, d.inputGradient(w, t), 10.0);
  }

  /** bn_momentum uses PyTorch's convention: running = (1 - m) running + m batch. */
  /**
   * Differentiating through frozen weights gives the input exactly the gradient the live weights
   * give, and leaves every parameter's gradient untouched (zero): G's update uses this so it no
   * longer computes D's weight gradients.
   */
  @ParameterizedTest
  @CsvSource({"xavier,false", "equalized,true"})
  void frozenWeightsPassInputGradientsOnly(String init, boolean sn) {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      Mlp d = new Mlp(new Mlp.Spec(2, 8, 3, 1, ActivationKind.LEAKY_RELU, InitScheme.valueOf(init.toUpperCase()), sn, false, 0.1, 0),
          m, DataType.FLOAT64, SeededRandom.stream(1, "init"));
      d.powerIteration();
      double[][] inputGradients = new double[2][];
      for (int frozen = 0; frozen < 2; frozen++) {
        NDArray x = points(m, 2, 16);
        x.setRequiresGradient(true);
        Autograd.zeroGradients(d.parameters());
        try (Autograd ignored = Autograd.record()) {
          Mlp.Weights w = frozen == 1 ? d.frozenWeights() : d.weights();
          Autograd.backward(d.forward(w, x, Network.Mode.TRAIN, null, false).output().sum());
        }
        inputGradients[frozen] = x.getGradient().toDoubleArray();
        double parameterGradient = 0;
        for (NDArray p : d.parameters()) {
          parameterGradient += p.getGradient().toType(DataType.FLOAT64, false).abs().sum().getDouble();
        }
        if (frozen == 1) {
          assertEquals(0.0, parameterGradient, 0.0);
        } else {
          assertTrue(parameterGradient > 0, "live weights must receive gradients");
        }
      }
      assertArrayEquals(inputGradients[0], inputGradients[1], 0.0);
    }
  }

  /**
   * instance_norm: each sample's pre-activations to mean 0 and variance 1 over its units, (a −
   * mean)/sqrt(var + 1e-5): row (1, 2, 3) has mean 2 and variance 2/3; a sample's output does not
   * depend on the rest of its batch.
   */
  @Test
  void instanceNormNormalisesEachSampleAlone() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray a = m.create(new float[] {1, 2, 3, 10, 20, 30}, new Shape(2, 3));
      double sd1 = Math.sqrt(2.0 / 3 + 1e-5);
      double sd2 = Math.sqrt(200.0 / 3 + 1e-5);
      assertArrayEquals(new float[] {(float) (-1 / sd1), 0f, (float) (1 / sd1), (float) (-10 / sd2), 0f, (float) (10 / sd2)},
          Mlp.instanceNorm(a).toFloatArray(), 1e-5f);
      Mlp g = new Mlp(new Mlp.Spec(2, 8, 2, 2, ActivationKind.RELU, InitScheme.XAVIER, false, false, 0.1, 0, 0.02, false, 1.0, true),
          m, DataType.FLOAT32, SeededRandom.stream(6, "init"));
      NDArray z = m.create(new float[] {0.3f, -0.2f, 1f, 2f}, new Shape(2, 2));
      NDArray moved = m.create(new float[] {0.3f, -0.2f, -3f, 0.5f}, new Shape(2, 2));
      float[] first = g.forward(g.weights(), z, Network.Mode.TRAIN, null, false).output().get(0).toFloatArray();
      assertArrayEquals(first, g.forward(g.weights(), moved, Network.Mode.TRAIN, null, false).output().get(0).toFloatArray(), 0f);
      Mlp plain = new Mlp(new Mlp.Spec(2, 8, 2, 2, ActivationKind.RELU, InitScheme.XAVIER, false, false, 0.1, 0),
          m, DataType.FLOAT32, SeededRandom.stream(6, "init"));
      float[] without = plain.forward(plain.weights(), z, Network.Mode.TRAIN, null, false).output().get(0).toFloatArray();
      assertTrue(Math.abs(first[0] - without[0]) + Math.abs(first[1] - without[1]) > 1e-3, "instance norm changes the output");
    }
  }

  /**
   * lr_multiplier λ under init equalized: the weights in use start as with λ = 1 (stored N(0, 1/λ)
   * times λ·gain/sqrt(in)), and one update of the stored weights by δ moves those in use λ times
   * as far as with λ = 1.
   */
  @Test
  void lrMultiplierScalesEqualizedUpdatesOnly() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      float[][] inUse = new float[2][];
      float[][] afterStep = new float[2][];
      double[] lambdas = {1.0, 4.0};
      for (int i = 0; i < 2; i++) {
        Mlp d = new Mlp(new Mlp.Spec(2, 8, 1, 1, ActivationKind.LEAKY_RELU, InitScheme.EQUALIZED, false, false, 0.1, 0, 0.02, false,
            lambdas[i], false), m, DataType.FLOAT32, SeededRandom.stream(7, "init"));
        inUse[i] = d.weights().weights().get(0).toFloatArray();
        try (Autograd ignored = Autograd.pause()) {
          d.parameters().get(0).addi(d.parameters().get(0).onesLike().mul(0.01f)); // every stored value moves by 0.01
        }
        afterStep[i] = d.weights().weights().get(0).toFloatArray();
      }
      assertArrayEquals(inUse[0], inUse[1], 1e-6f, "the same weights in use at the start");
      double gainOverSqrtIn = Math.sqrt(2 / (1 + 0.2 * 0.2)) / Math.sqrt(2);
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < inUse[i].length; j++) {
          assertEquals(lambdas[i] * 0.01 * gainOverSqrtIn, afterStep[i][j] - inUse[i][j], 1e-5, "λ " + lambdas[i] + " weight " + j);
        }
      }
    }
  }

  /**
   * minibatch_stddev: the feature is the mean over features of each feature's biased std over the
   * batch (columns (1, 3) and (2, 6): stds 1 and 2, mean 1.5), and with it D's output for one
   * sample moves when another sample of its batch moves; without it, it does not.
   */
  @Test
  void minibatchStddevFeatureCouplesTheBatch() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray h = m.create(new float[] {1, 2, 3, 6}, new Shape(2, 2));
      assertArrayEquals(new float[] {1.5f, 1.5f}, Mlp.minibatchStddev(h).toFloatArray(), 1e-6f);
      NDArray x = m.create(new float[] {0.1f, 0.2f, -0.3f, 0.4f, 0.5f, -0.6f}, new Shape(3, 2));
      NDArray moved = m.create(new float[] {0.1f, 0.2f, -0.3f, 0.4f, 1.5f, 0.6f}, new Shape(3, 2)); // sample 2 moves
      for (boolean feature : new boolean[] {true, false}) {
        Mlp d = new Mlp(new Mlp.Spec(2, 8, 2, 1, ActivationKind.LEAKY_RELU, InitScheme.XAVIER, false, false, 0.1, 0, 0.02, feature, 1.0, false),
            m, DataType.FLOAT32, SeededRandom.stream(5, "init"));
        float first = d.forward(d.weights(), x, Network.Mode.TRAIN, null, false).output().toFloatArray()[0];
        float firstMoved = d.forward(d.weights(), moved, Network.Mode.TRAIN, null, false).output().toFloatArray()[0];
        assertEquals(feature, Math.abs(first - firstMoved) > 1e-4, "sample 0's logit " + first + " vs " + firstMoved
            + (feature ? " must follow its batch" : " must not"));
        assertEquals(feature ? 9 : 8, d.weights().weights().get(2).getShape().get(1), "the output layer's inputs");
      }
    }
  }

  @Test
  void batchNormMomentumIsPyTorchConvention() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      Mlp g = new Mlp(new Mlp.Spec(2, 4, 1, 2, ActivationKind.RELU, InitScheme.XAVIER, false, true, 0.25, 0), m,
          DataType.FLOAT64, SeededRandom.stream(7, "init"));
      NDArray x = points(m, 8, 32);
      double[] batchMean;
      try (Autograd ignored = Autograd.pause()) {
        Mlp.Weights w = g.weights();
        batchMean = Linear.linear(x, w.weights().get(0), w.biases().get(0)).singletonOrThrow().mean(new int[] {0}).toDoubleArray();
        g.forward(w, x, Network.Mode.TRAIN, null, false);
      }
      double[] running = g.runningMean(0).toDoubleArray();
      for (int i = 0; i < running.length; i++) {
        assertEquals(0.25 * batchMean[i], running[i], 1e-12);
      }
    }
  }

  /** After enough power iterations every normalised weight has largest singular value 1. */
  @Test
  void spectralNormBoundsEveryLayer() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      Mlp d = new Mlp(new Mlp.Spec(2, 16, 2, 1, ActivationKind.LEAKY_RELU, InitScheme.NORMAL02, true, false, 0.1, 0),
          m, DataType.FLOAT64, SeededRandom.stream(9, "init"));
      // One power iteration per update, as in training; 500 converge to well within 1e-3.
      for (int i = 0; i < 500; i++) {
        d.powerIteration();
      }
      try (Autograd ignored = Autograd.pause()) {
        for (NDArray w : d.weights().weights()) {
          double sigma = largestSingularValue(w.toDoubleArray(), (int) w.getShape().get(0), (int) w.getShape().get(1));
          assertEquals(1.0, sigma, 1e-3, "shape " + w.getShape());
        }
      }
    }
  }

  private static double largestSingularValue(double[] w, int rows, int cols) {
    double[] v = new double[cols];
    java.util.Arrays.fill(v, 1.0);
    double sigma = 0;
    for (int it = 0; it < 2000; it++) {
      double[] u = new double[rows];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          u[r] += w[r * cols + c] * v[c];
        }
      }
      double[] next = new double[cols];
      for (int c = 0; c < cols; c++) {
        for (int r = 0; r < rows; r++) {
          next[c] += w[r * cols + c] * u[r];
        }
      }
      double norm = Math.sqrt(java.util.Arrays.stream(next).map(a -> a * a).sum());
      sigma = Math.sqrt(norm);
      for (int c = 0; c < cols; c++) {
        v[c] = next[c] / norm;
      }
    }
    assertTrue(sigma > 0);
    return sigma;
  }

  /**
   * D's closed-form input gradient of {@code x} (dropout masks from a fixed stream); autograd's
   * d(sum of outputs)/dx is left in {@code x.getGradient()} for comparison.
   */
  static NDArray closedFormInputGradient(Network d, NDArray x) {
    x.setRequiresGradient(true);
    try (Autograd ignored = Autograd.record()) {
      Network.Weights w = d.weights();
      Network.Trace t = d.forward(w, x, Network.Mode.TRAIN, SeededRandom.stream(3, "dropout"), true);
      NDArray closedForm = d.inputGradient(w, t);
      Autograd.backward(t.output().sum());
      return closedForm;
    }
  }
}
