package io.gansweep.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import io.gansweep.gan.Tensors;
import io.gansweep.trial.LossKind;

/**
 * The adversarial losses on raw discriminator outputs r = D(x) and f = D(G(z)). Where each settles
 * at equilibrium (SCIENCE.md): nsgan/minimax D loss 2 ln 2 (real and fake BCE terms summed),
 * hinge 2, lsgan 0.25, wgan 0 from below.
 */
public final class AdversarialLoss {

  private AdversarialLoss() {}

  /** D's loss, minimised by D. */
  public static NDArray discriminator(LossKind kind, NDArray r, NDArray f) {
    return switch (kind) {
      // -log σ(r) - log(1 - σ(f)) = softplus(-r) + softplus(f)
      case NSGAN, MINIMAX -> Activation.softPlus(r.neg()).mean().add(Activation.softPlus(f).mean());
      case WGAN -> f.mean().sub(r.mean());
      case HINGE -> Activation.relu(r.neg().add(1)).mean().add(Activation.relu(f.add(1)).mean());
      case LSGAN -> Tensors.times(r.sub(1).square().mean(), 0.5).add(Tensors.times(f.square().mean(), 0.5));
    };
  }

  /** G's loss, minimised by G, on f = D(G(z)). */
  public static NDArray generator(LossKind kind, NDArray f) {
    return switch (kind) {
      // non-saturating: -log σ(f) = softplus(-f) (Goodfellow et al. 2014, §3)
      case NSGAN -> Activation.softPlus(f.neg()).mean();
      // saturating: log(1 - σ(f)) = -softplus(f)
      case MINIMAX -> Activation.softPlus(f).mean().neg();
      case WGAN, HINGE -> f.mean().neg();
      case LSGAN -> Tensors.times(f.sub(1).square().mean(), 0.5);
    };
  }

  /**
   * The reported "mean D" of a batch of outputs: the probability σ(D) for the BCE losses (nsgan,
   * minimax), the raw output for the others (a critic value for wgan and hinge, the regression
   * target scale 0..1 for lsgan).
   */
  public static NDArray reportedMean(LossKind kind, NDArray out) {
    return kind == LossKind.NSGAN || kind == LossKind.MINIMAX
        ? Activation.sigmoid(out).mean()
        : out.mean();
  }
}
