package io.gansweep.trial;

/** Values of the {@code loss} hyperparameter; specs and tables use {@link #wireName()}. */
public enum LossKind implements WireEnum {
  /** non-saturating BCE: D real+fake BCE, G maximises log D(G(z)). */
  NSGAN,
  /** saturating BCE: G minimises log(1 - D(G(z))). */
  MINIMAX,
  /** Wasserstein critic: D maximises D(x) - D(G(z)). */
  WGAN,
  /** hinge loss for D, -D(G(z)) for G. */
  HINGE,
  /** least squares with targets 0/1 and a 1/2 factor. */
  LSGAN
}
