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
  LSGAN;

  /**
   * D's loss at the equilibrium D = 1/2 everywhere (SCIENCE.md): 2 ln 2 ≈ 1.386 for the BCE
   * losses, 2 for hinge (both margins at zero output), 0.25 for lsgan (outputs 1/2 against
   * targets 0 and 1, halved); null for wgan, whose critic has no fixed level.
   */
  public Double equilibriumDLoss() {
    return switch (this) {
      case NSGAN, MINIMAX -> 2 * Math.log(2);
      case HINGE -> 2.0;
      case LSGAN -> 0.25;
      case WGAN -> null;
    };
  }
}
