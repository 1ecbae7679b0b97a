package io.gansweep.trial;

/**
 * Values of the {@code optimizer} hyperparameter: the update rule of both networks (practitioner
 * note 000 names SGD with momentum; RMSprop is WGAN's, Arjovsky et al. 2017). Each follows
 * PyTorch's {@code torch.optim} class of that name with its defaults, for gradient g, rate lr and
 * {@code momentum} μ; specs and tables use {@link #wireName()}.
 */
public enum OptimizerKind implements WireEnum {
  /** Adam (Kingma and Ba 2015) with {@code adam_beta1} and {@code adam_beta2}; {@code momentum} is not read. */
  ADAM,
  /** SGD: b ← μ·b + g, θ ← θ − lr·b (μ = 0: θ ← θ − lr·g); no dampening, no Nesterov, as torch.optim.SGD. */
  SGD,
  /**
   * RMSprop (Tieleman and Hinton 2012): v ← α·v + (1 − α)·g², u = g / (√v + ε) with α = {@link
   * #RMSPROP_ALPHA} and ε = 1e-8; b ← μ·b + u, θ ← θ − lr·b (μ = 0: θ ← θ − lr·u), as torch.optim.RMSprop.
   */
  RMSPROP;

  /** RMSprop's smoothing constant α: PyTorch's default. */
  public static final double RMSPROP_ALPHA = 0.99;
}
