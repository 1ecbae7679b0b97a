package io.gansweep.train;

import io.gansweep.trial.Numbers;

/**
 * When a trial has diverged, judged by the worker as each round ends, so that training stops at
 * once and the trial is DIVERGED with its step and reason: a loss or gradient norm that is NaN or
 * infinite, or one beyond a bound no healthy run reaches. Losses are read every round; gradient
 * norms are taken on logged rounds only, so a norm rule fires at the first logged round past it.
 * Slow explosions (a norm growing far beyond its early level while staying below the bound) are
 * the analysis's gradient-ratio rule.
 */
final class Divergence {

  /**
   * |loss| beyond this has exploded. The healthy levels are O(1): the equilibria of SCIENCE.md are
   * 1.386 (nsgan), 2 (hinge) and 0.25 (lsgan), and a WGAN critic with a penalty sits within tens of
   * zero. A BCE or hinge loss of 1e6 needs logits of ~1e6, an lsgan loss of 1e6 outputs of ~1e3: D
   * has left every regime in which it still trains G. Six orders above equilibrium leaves room for
   * any transient of a run that recovers.
   */
  static final double LOSS_BOUND = 1e6;

  /**
   * A global gradient norm beyond this has exploded. Healthy norms of these networks are 1e-3 to
   * 1e2 (with a λ = 10 penalty, up to ~1e3 early on); 1e6 is three orders above the largest, and a
   * single Adam step normalises the update, so a norm this large means the loss surface, not the
   * step size, has blown up.
   */
  static final double GRAD_NORM_BOUND = 1e6;

  private Divergence() {}

  /**
   * Why training must stop at {@code step}, or null when the round is healthy. Gradient norms may
   * be null (rounds that are not logged).
   */
  static String check(int step, double dLoss, double gLoss, Double gradNormD, Double gradNormG) {
    String why = value("d_loss", dLoss, LOSS_BOUND);
    why = why != null ? why : value("g_loss", gLoss, LOSS_BOUND);
    why = why != null || gradNormD == null ? why : value("grad_norm_d", gradNormD, GRAD_NORM_BOUND);
    why = why != null || gradNormG == null ? why : value("grad_norm_g", gradNormG, GRAD_NORM_BOUND);
    return why == null ? null : why + " at step " + step;
  }

  private static String value(String name, double v, double bound) {
    if (!Double.isFinite(v)) {
      return "non-finite " + name + "=" + v;
    }
    if (Math.abs(v) > bound) {
      return name + "=" + Numbers.format(v, 3) + " beyond the explosion bound " + Numbers.format(bound);
    }
    return null;
  }
}
