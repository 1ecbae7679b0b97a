package io.gansweep.loss;

import ai.djl.ndarray.NDArray;
import io.gansweep.gan.Tensors;
import io.gansweep.trial.PenaltyKind;
import java.util.function.UnaryOperator;

/**
 * Gradient penalties on D, from its input gradient g = ∇ₓD(x) per sample (B x d).
 *
 * <ul>
 *   <li>gp (Gulrajani et al. 2017): λ · mean((‖g‖ − 1)²) at interpolates x̂ = αx + (1−α)G(z), α ~
 *       U[0, 1] per sample.
 *   <li>r1 (Mescheder et al. 2018): (γ/2) · mean(‖g‖²) at real data.
 * </ul>
 */
public final class GradientPenalty {

  /** Added under the square root so the gradient of ‖g‖ stays finite at g = 0. */
  static final double NORM_EPS = 1e-12;

  private GradientPenalty() {}

  /** The weighted penalty of input gradients {@code g}; zero-dimensional. */
  public static NDArray of(PenaltyKind kind, NDArray g, double weight) {
    return of(kind, g, weight, NDArray::mean);
  }

  /**
   * The weighted penalty with {@code mean} as the average over samples: {@code g} is {@code B x d}
   * for one trial, or {@code k x B x d} for a stack of trials with a per-trial mean.
   */
  public static NDArray of(PenaltyKind kind, NDArray g, double weight, UnaryOperator<NDArray> mean) {
    NDArray squared = g.square().sum(new int[] {g.getShape().dimension() - 1});
    return switch (kind) {
      case GP -> Tensors.times(mean.apply(squared.add(NORM_EPS).sqrt().sub(1).square()), weight);
      case R1 -> Tensors.times(mean.apply(squared), weight / 2);
      case NONE -> throw new IllegalArgumentException(
          "Cannot compute penalty: none was asked for (got none; allowed gp, r1)");
    };
  }
}
