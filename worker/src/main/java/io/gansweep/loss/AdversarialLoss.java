package io.gansweep.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import io.gansweep.gan.Tensors;
import io.gansweep.trial.LossKind;
import java.util.function.UnaryOperator;

/**
 * The adversarial losses on raw discriminator outputs r = D(x) and f = D(G(z)). Where each settles
 * at equilibrium (SCIENCE.md): nsgan/minimax D loss 2 ln 2 (real and fake BCE terms summed),
 * hinge 2, lsgan 0.25, wgan 0 from below.
 */
public final class AdversarialLoss {

  private AdversarialLoss() {}

  /** D's loss, minimised by D. */
  public static NDArray discriminator(LossKind kind, NDArray r, NDArray f) {
    return discriminator(kind, r, f, NDArray::mean);
  }

  /**
   * D's loss with {@code mean} as the average over samples: the whole-batch mean for one trial,
   * the mean per trial (one value each) for a stack of trials.
   */
  public static NDArray discriminator(LossKind kind, NDArray r, NDArray f, UnaryOperator<NDArray> mean) {
    return switch (kind) {
      // -log σ(r) - log(1 - σ(f)) = softplus(-r) + softplus(f)
      case NSGAN, MINIMAX -> mean.apply(Activation.softPlus(r.neg())).add(mean.apply(Activation.softPlus(f)));
      case WGAN -> mean.apply(f).sub(mean.apply(r));
      case HINGE -> mean.apply(Activation.relu(r.neg().add(1))).add(mean.apply(Activation.relu(f.add(1))));
      case LSGAN -> Tensors.times(mean.apply(r.sub(1).square()), 0.5).add(Tensors.times(mean.apply(f.square()), 0.5));
    };
  }

  /** G's loss, minimised by G, on f = D(G(z)). */
  public static NDArray generator(LossKind kind, NDArray f) {
    return generator(kind, f, NDArray::mean);
  }

  /** G's loss with {@code mean} as the average over samples (see {@link #discriminator(LossKind, NDArray, NDArray, UnaryOperator)}). */
  public static NDArray generator(LossKind kind, NDArray f, UnaryOperator<NDArray> mean) {
    return switch (kind) {
      // non-saturating: -log σ(f) = softplus(-f) (Goodfellow et al. 2014, §3)
      case NSGAN -> mean.apply(Activation.softPlus(f.neg()));
      // saturating: log(1 - σ(f)) = -softplus(f)
      case MINIMAX -> mean.apply(Activation.softPlus(f)).neg();
      case WGAN, HINGE -> mean.apply(f).neg();
      case LSGAN -> Tensors.times(mean.apply(f.sub(1).square()), 0.5);
    };
  }

  /**
   * The reported "mean D" of a batch of outputs: the probability σ(D) for the BCE losses (nsgan,
   * minimax), the raw output for the others (a critic value for wgan and hinge, the regression
   * target scale 0..1 for lsgan).
   */
  public static NDArray reportedMean(LossKind kind, NDArray out) {
    return reportedMean(kind, out, NDArray::mean);
  }

  /** The reported mean with {@code mean} as the average over samples. */
  public static NDArray reportedMean(LossKind kind, NDArray out, UnaryOperator<NDArray> mean) {
    return mean.apply(switch (kind) {
      case NSGAN, MINIMAX -> Activation.sigmoid(out);
      case WGAN, HINGE, LSGAN -> out;
    });
  }
}
