package io.gansweep.trial;

/** Values of the {@code penalty} hyperparameter; specs and tables use {@link #wireName()}. */
public enum PenaltyKind implements WireEnum {
  /** No gradient penalty. */
  NONE,
  /** WGAN-GP: (||grad D(x_hat)|| - 1)^2 on real/fake interpolates (Gulrajani et al. 2017). */
  GP,
  /** R1: ||grad D(x)||^2 on real data, applied with weight gamma/2 (Mescheder et al. 2018). */
  R1
}
