package io.gansweep.dispatch;

import io.gansweep.trial.Hyperparameter;
import io.gansweep.data.Datasets;
import io.gansweep.model.Models;
import io.gansweep.trial.TrialConfig;
import java.util.Comparator;

/**
 * Relative cost of a trial, to start the longest first (so the last trials to finish are short
 * ones and no slot idles at the end). Only the order matters, so this is an estimate of the
 * multiply-adds a trial does, not a benchmark: its rounds (the matmul or convolution FLOPs of the
 * D and G updates, {@link FlopModel}, the count the bench's compute floor uses too) plus its
 * evaluations.
 *
 * <p>With F_G the forward FLOPs of G on one batch ({@link FlopModel#forward}), an evaluation adds:
 *
 * <ul>
 *   <li>2-D mixtures: an evaluation generates N points and
 *       computes the O(N²) energy distance, about {@value #FLOPS_PER_PAIR} FLOPs for each of its 3
 *       N² pairs.
 *   <li>Images (side taken as {@value #IMAGE_SIDE}, {@link Models#nominalSample}): an evaluation generates N images and runs the pinned feature network
 *       on them (O(N), no pairwise term), plus the 64-wide covariance of the Fréchet distance.
 * </ul>
 */
public final class CostModel {

  /** FLOPs of one pair distance in the energy distance: two differences, two squares, a root. */
  static final double FLOPS_PER_PAIR = 5;

  /** Image side assumed for cost (shapes and the MNIST family are 28×28). */
  static final int IMAGE_SIDE = 28;

  /** Feature width of the pinned feature network (its Fréchet distance is over these). */
  static final int FEATURES = 64;

  private CostModel() {}

  /** Relative cost of a trial (multiply-adds of its rounds and evaluations; only ratios mean anything). */
  public static double cost(TrialConfig c) {
    boolean images = Datasets.isImages(c.get(Hyperparameter.DATASET));
    FlopModel.Forward forward = FlopModel.forward(c);
    double fg = forward.generator();
    double round = FlopModel.round(c, forward);
    double n = c.get(Hyperparameter.EVAL_SAMPLES);
    double generate = fg / c.get(Hyperparameter.BATCH_SIZE) * n;
    double evaluation = images
        ? generate + 2 * n * featureNetMacs() + 2 * n * FEATURES * FEATURES
        : generate + 3.0 * n * n * FLOPS_PER_PAIR;
    double evals = Math.ceil((double) c.get(Hyperparameter.STEPS) / c.get(Hyperparameter.EVAL_EVERY)) + 1;
    return c.get(Hyperparameter.STEPS) * round + evals * evaluation;
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
