package io.gansweep.gan;

import io.gansweep.data.SeededRandom;
import io.gansweep.trial.ActivationKind;
import io.gansweep.trial.InitScheme;

/**
 * Initial weights of a linear layer, drawn on the host from the trial's seeded stream (so every
 * thread and device starts from the same numbers). Gains follow PyTorch's {@code
 * calculate_gain}: sqrt(2) for ReLU, sqrt(2 / (1 + a²)) for LeakyReLU(a), 1 for the linear
 * output layer. Biases start at zero, except under {@code torch_default}.
 */
final class Init {

  private Init() {}

  /**
   * A row-major {@code out x in} weight matrix.
   *
   * <ul>
   *   <li>normal02: N(0, 0.02) (Radford et al. 2016, DCGAN); normal: N(0, {@link #NORMAL_STD})
   *   <li>xavier: N(0, gain·sqrt(2 / (in + out))) (Glorot and Bengio 2010)
   *   <li>kaiming: N(0, gain / sqrt(in)) (He et al. 2015)
   *   <li>orthogonal: gain · a random orthonormal matrix (Saxe et al. 2014)
   *   <li>equalized: N(0, 1); the layer multiplies by gain / sqrt(in) at run time (Karras et al.
   *       2018)
   *   <li>torch_default: U(±1/sqrt(in)), PyTorch's kaiming_uniform_(a = √5) of nn.Linear and
   *       nn.Conv2d: bound = gain(a)·sqrt(3/in) with gain(√5) = sqrt(2/6), i.e. 1/sqrt(in); the
   *       activation gain is not used, as in PyTorch
   * </ul>
   */
  static float[] weights(InitScheme scheme, int out, int in, double gain, SeededRandom rng) {
    return weights(scheme, out, in, gain, NORMAL_STD, rng);
  }

  /** std of init normal where the network's model does not read init_std: normal02's. */
  static final double NORMAL_STD = 0.02;

  /** {@link #weights(InitScheme, int, int, double, SeededRandom)} with init normal's std {@code normalStd} (init_std). */
  static float[] weights(InitScheme scheme, int out, int in, double gain, double normalStd, SeededRandom rng) {
    return weights(scheme, out, in, gain, normalStd, 1.0, rng);
  }

  /**
   * {@link #weights(InitScheme, int, int, double, double, SeededRandom)} with equalized's per-layer
   * learning-rate multiplier λ (lr_multiplier; Karras et al. 2019's lr_mul): equalized stores
   * N(0, 1/λ) and multiplies by λ·gain/sqrt(in) at run time ({@link #runtimeScale(InitScheme, int,
   * double, double)}), so the weights in use start as with λ = 1 while each update moves them λ
   * times as far (Adam's steps are about lr in the stored units).
   */
  static float[] weights(InitScheme scheme, int out, int in, double gain, double normalStd, double lrMultiplier,
      SeededRandom rng) {
    return switch (scheme) {
      case NORMAL02 -> gaussian(out * in, 0.02, rng);
      case NORMAL -> gaussian(out * in, normalStd, rng);
      case XAVIER -> gaussian(out * in, gain * Math.sqrt(2.0 / (in + out)), rng);
      case KAIMING -> gaussian(out * in, gain / Math.sqrt(in), rng);
      case ORTHOGONAL -> orthogonal(out, in, gain, rng);
      case EQUALIZED -> gaussian(out * in, 1.0 / lrMultiplier, rng);
      case TORCH_DEFAULT -> uniform(out * in, 1 / Math.sqrt(in), rng);
      case AS_SAVED -> throw noSavedWeights();
    };
  }

  /**
   * {@code count} biases of a layer with fan-in {@code in}, drawn after its weights: U(±1/sqrt(in))
   * under torch_default (PyTorch's nn.Linear and nn.Conv2d), zeros (and no draws) otherwise.
   */
  static float[] biases(InitScheme scheme, int count, int in, SeededRandom rng) {
    return switch (scheme) {
      case TORCH_DEFAULT -> uniform(count, 1 / Math.sqrt(in), rng);
      case NORMAL02, NORMAL, XAVIER, KAIMING, ORTHOGONAL, EQUALIZED -> new float[count];
      case AS_SAVED -> throw noSavedWeights();
    };
  }

  /** The gain of a hidden activation (PyTorch's calculate_gain): sqrt(2) for ReLU, sqrt(2/(1+a²)) for LeakyReLU(a). */
  static double gain(ActivationKind act) {
    return switch (act) {
      case RELU -> Math.sqrt(2);
      case LEAKY_RELU -> Math.sqrt(2 / (1 + Mlp.LEAKY_SLOPE * Mlp.LEAKY_SLOPE));
    };
  }

  private static float[] uniform(int n, double bound, SeededRandom rng) {
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) (bound * (2 * rng.nextDouble() - 1));
    }
    return w;
  }

  /** The run-time weight multiplier of a layer: gain / sqrt(in) for equalized, else 1. */
  static double runtimeScale(InitScheme scheme, int in, double gain) {
    return runtimeScale(scheme, in, gain, 1.0);
  }

  /** The run-time weight multiplier of a layer: λ·gain / sqrt(in) for equalized with lr_multiplier λ, else 1. */
  static double runtimeScale(InitScheme scheme, int in, double gain, double lrMultiplier) {
    return switch (scheme) {
      case EQUALIZED -> lrMultiplier * gain / Math.sqrt(in);
      case NORMAL02, NORMAL, XAVIER, KAIMING, ORTHOGONAL, TORCH_DEFAULT, AS_SAVED -> 1.0;
    };
  }

  /** as_saved asked of a network that was built, not loaded: the spec parser refuses it for such models. */
  static IllegalArgumentException noSavedWeights() {
    return new IllegalArgumentException("Cannot initialise a built-in network as saved: it has no saved weights (got init as_saved; "
        + "allowed as_saved only for models loaded from files, such as torchscript)");
  }

  private static float[] gaussian(int n, double std, SeededRandom rng) {
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) (std * rng.nextGaussian());
    }
    return w;
  }

  /**
   * Modified Gram-Schmidt on Gaussian vectors along the shorter side: orthonormal rows when out <=
   * in, orthonormal columns otherwise, then scaled by the gain.
   */
  private static float[] orthogonal(int out, int in, double gain, SeededRandom rng) {
    boolean rows = out <= in;
    int count = rows ? out : in;
    int length = rows ? in : out;
    double[][] v = new double[count][length];
    for (int i = 0; i < count; i++) {
      for (int j = 0; j < length; j++) {
        v[i][j] = rng.nextGaussian();
      }
      for (int p = 0; p < i; p++) {
        double dot = 0;
        for (int j = 0; j < length; j++) {
          dot += v[i][j] * v[p][j];
        }
        for (int j = 0; j < length; j++) {
          v[i][j] -= dot * v[p][j];
        }
      }
      double norm = 0;
      for (int j = 0; j < length; j++) {
        norm += v[i][j] * v[i][j];
      }
      norm = Math.sqrt(norm);
      for (int j = 0; j < length; j++) {
        v[i][j] /= norm;
      }
    }
    float[] w = new float[out * in];
    for (int r = 0; r < out; r++) {
      for (int c = 0; c < in; c++) {
        w[r * in + c] = (float) (gain * (rows ? v[r][c] : v[c][r]));
      }
    }
    return w;
  }
}
