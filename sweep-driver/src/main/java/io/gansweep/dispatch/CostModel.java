package io.gansweep.dispatch;

import io.gansweep.trial.Hyperparameter;
import io.gansweep.data.Datasets;
import io.gansweep.data.ImageDatasets;
import io.gansweep.trial.PenaltyKind;
import io.gansweep.trial.TrialConfig;
import java.util.Comparator;

/**
 * Relative cost of a trial, to start the longest first (so the last trials to finish are short
 * ones and no slot idles at the end). Only the order matters, so this is an estimate of the
 * multiply-adds a trial does, not a benchmark: its rounds (the matmul or convolution FLOPs of the
 * D and G updates) plus its evaluations.
 *
 * <p>A round, with F_G and F_D the forward FLOPs of G and D on one batch and a full backward
 * about twice its forward: each D update F_G + 6 F_D, each G update 2 F_D + 2 F_G (plus F_G for a
 * fresh fake after the first); R1 adds 3 F_D, GP 5 F_D.
 *
 * <ul>
 *   <li>2-D mixtures (MLPs): F from the layer widths; an evaluation generates N points and
 *       computes the O(N²) energy distance, about {@value #FLOPS_PER_PAIR} FLOPs for each of its 3
 *       N² pairs.
 *   <li>Images (the DCGAN pair of {@code ConvNet}, base channels C = {@code hidden}, side s, taken
 *       as {@value #IMAGE_SIDE} since an IDX file's side is only known once it is read): F from the
 *       convolutions' multiply-adds, the transposed convolutions as the sub-pixel convolutions
 *       they run as (9 taps per output pixel, {@code ConvNet.transposedConv}); an evaluation generates N images and runs the pinned feature network
 *       on them (O(N), no pairwise term), plus the 64-wide covariance of the Fréchet distance.
 * </ul>
 */
final class CostModel {

  /** FLOPs of one pair distance in the energy distance: two differences, two squares, a root. */
  static final double FLOPS_PER_PAIR = 5;

  /** Image side assumed for cost (shapes and the MNIST family are 28×28). */
  static final int IMAGE_SIDE = 28;

  /** Feature width of the pinned feature network (its Fréchet distance is over these). */
  static final int FEATURES = 64;

  private CostModel() {}

  static double cost(TrialConfig c) {
    boolean images = Datasets.isImages(c.get(Hyperparameter.DATASET));
    double fg = images ? convGeneratorFlops(c) : mlpGeneratorFlops(c);
    double fd = images ? convDiscriminatorFlops(c) : mlpDiscriminatorFlops(c);
    double penalty = switch (c.get(Hyperparameter.PENALTY)) {
      case NONE -> 0;
      case R1 -> 3 * fd;
      case GP -> 5 * fd;
    };
    double round = c.get(Hyperparameter.D_STEPS) * (fg + 6 * fd + penalty) + c.get(Hyperparameter.G_STEPS) * (2 * fd + 2 * fg) + (c.get(Hyperparameter.G_STEPS) - 1) * fg;
    double n = c.get(Hyperparameter.EVAL_SAMPLES);
    double generate = fg / c.get(Hyperparameter.BATCH_SIZE) * n;
    double evaluation = images
        ? generate + 2 * n * featureNetMacs() + 2 * n * FEATURES * FEATURES
        : generate + 3.0 * n * n * FLOPS_PER_PAIR;
    double evals = Math.ceil((double) c.get(Hyperparameter.STEPS) / c.get(Hyperparameter.EVAL_EVERY)) + 1;
    return c.get(Hyperparameter.STEPS) * round + evals * evaluation;
  }

  /** Forward FLOPs of the MLP generator on one batch: latent → hidden layers → 2-D point. */
  static double mlpGeneratorFlops(TrialConfig c) {
    double h = c.get(Hyperparameter.HIDDEN);
    return 2.0 * c.get(Hyperparameter.BATCH_SIZE) * (c.get(Hyperparameter.LATENT_DIM) * h + (c.get(Hyperparameter.LAYERS) - 1) * h * h + h * 2);
  }

  /** Forward FLOPs of the MLP discriminator on one batch: 2-D point → hidden layers → one output. */
  static double mlpDiscriminatorFlops(TrialConfig c) {
    double h = c.get(Hyperparameter.HIDDEN);
    return 2.0 * c.get(Hyperparameter.BATCH_SIZE) * (2 * h + (c.get(Hyperparameter.LAYERS) - 1) * h * h + h);
  }

  /**
   * Forward FLOPs of the DCGAN generator on one batch: linear z → 2C × s/4², then 4×4 transposed
   * convolutions to C × s/2² and to 1 × s², each as its sub-pixel convolution: 9 multiply-adds
   * per output pixel and input channel.
   */
  static double convGeneratorFlops(TrialConfig c) {
    double ch = c.get(Hyperparameter.HIDDEN);
    double q = IMAGE_SIDE / 4.0;
    double h = IMAGE_SIDE / 2.0;
    double macs = c.get(Hyperparameter.LATENT_DIM) * 2 * ch * q * q + h * h * 2 * ch * ch * 9 + IMAGE_SIDE * IMAGE_SIDE * ch * 9;
    return 2.0 * c.get(Hyperparameter.BATCH_SIZE) * macs;
  }

  /** Forward FLOPs of the DCGAN discriminator on one batch: 4×4 stride-2 convolutions 1 → C → 2C, then linear → 1. */
  static double convDiscriminatorFlops(TrialConfig c) {
    double ch = c.get(Hyperparameter.HIDDEN);
    double q = IMAGE_SIDE / 4.0;
    double h = IMAGE_SIDE / 2.0;
    double macs = h * h * ch * 16 + q * q * 2 * ch * ch * 16 + 2 * ch * q * q;
    return 2.0 * c.get(Hyperparameter.BATCH_SIZE) * macs;
  }

  /** Multiply-adds of the pinned feature network on one image: conv 1 → 16, conv 16 → 32, linear → 64. */
  static double featureNetMacs() {
    double q = IMAGE_SIDE / 4.0;
    double h = IMAGE_SIDE / 2.0;
    return h * h * 16 * 16 + q * q * 32 * 16 * 16 + 32 * q * q * FEATURES;
  }

  /** Relative cost of a pack: its trials' cost times their number (a conservative bound; packed rounds share dispatch). */
  static double cost(DispatchedPack p) {
    return cost(p.trials()[0].config()) * p.trials().length;
  }

  /** Longest first; ties keep plan order (of each pack's first trial). */
  static Comparator<DispatchedPack> longestFirst() {
    return Comparator.comparingDouble((DispatchedPack p) -> -cost(p)).thenComparingInt(p -> p.trials()[0].index());
  }
}
