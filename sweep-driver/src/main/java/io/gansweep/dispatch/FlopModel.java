package io.gansweep.dispatch;

import io.gansweep.model.GanModel;
import io.gansweep.model.Models;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;

/**
 * The FLOP model of a training round: the one count of the work a round needs, which the
 * dispatcher's cost ({@link CostModel}) and the benchmark's compute floor (sweep-driver/bench,
 * {@code io.gansweep.bench.ComputeFloor}) both use.
 *
 * <p>F_G and F_D are the forward FLOPs of G and D on one batch: 2·B per multiply-add of every
 * weight, the multiply-adds per sample being the model's own count ({@link GanModel#size}, for a
 * sample of {@link Models#nominalSample}). Elementwise work (O(B·H) against the matmuls' O(B·H²))
 * is left out. A full backward costs about twice its forward (input and weight gradients), a
 * backward for input gradients only about once. A D update is: G forward (F_G); D forward on real
 * and fake (2 F_D) and their full backward (4 F_D). A G update is: D forward on the fake (F_D), the
 * backward through D for the input gradient only (F_D; D's weight gradients are not needed and are
 * not computed) and the full backward through G (2 F_G); a G update after the first draws a new
 * fake (F_G). R1 adds the closed-form input gradient on the real pass (about F_D) and its backward
 * (2 F_D): 3 F_D. GP adds the same on a forward over the interpolates (F_D) and that forward's
 * backward (about F_D, weights only): 5 F_D.
 */
public final class FlopModel {

  private FlopModel() {}

  /**
   * Forward FLOPs of G and D on one batch of trial {@code c}.
   *
   * @param generator F_G
   * @param discriminator F_D
   */
  public record Forward(double generator, double discriminator) {}

  /** F_G and F_D of trial {@code c}, from its model's size (nothing is built). */
  public static Forward forward(TrialConfig c) {
    GanModel.Size size = Models.of(c).size(c, Models.nominalSample(c.get(Hyperparameter.DATASET)));
    double batch = c.get(Hyperparameter.BATCH_SIZE);
    return new Forward(2 * batch * size.generatorMacs(), 2 * batch * size.discriminatorMacs());
  }

  /** FLOPs of one round of trial {@code c}: its d_steps D updates and g_steps G updates. */
  public static double round(TrialConfig c) {
    return round(c, forward(c));
  }

  /** FLOPs of one round of trial {@code c} whose forward FLOPs are {@code f}. */
  public static double round(TrialConfig c, Forward f) {
    double fg = f.generator();
    double fd = f.discriminator();
    double penalty = switch (c.get(Hyperparameter.PENALTY)) {
      case NONE -> 0;
      case R1 -> 3 * fd;
      case GP -> 5 * fd;
    };
    int dSteps = c.get(Hyperparameter.D_STEPS);
    int gSteps = c.get(Hyperparameter.G_STEPS);
    return dSteps * (fg + 6 * fd + penalty) + gSteps * (2 * fd + 2 * fg) + (gSteps - 1) * fg;
  }
}
