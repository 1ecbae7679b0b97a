package io.gansweep.analysis;

import java.util.Locale;

/**
 * One failure label per trial, in priority order: the first that applies is the trial's label.
 * D collapse comes before mode collapse because it is the cause (a winning D starves G) where
 * collapse is the symptom.
 */
public enum Label {
  /** The trial threw (status FAILED). */
  FAILED,
  /**
   * Stopped at a rung by early termination (status PRUNED): its configuration was dead there or
   * below the cut. The evidence says which, and what the trial looked like at the rung.
   */
  PRUNED,
  /** NaN/Inf (status DIVERGED), or a gradient norm beyond {@link StabilityThresholds#GRADIENT_EXPLOSION}× its early median. */
  DIVERGED,
  /** D wins for the final window: loss far below equilibrium and fakes rejected. */
  D_COLLAPSE,
  /**
   * Coverage low: fewer than K modes (classes) covered at the end; or every mode covered but the
   * sharp samples' histogram far from uniform (reverse KL above {@link
   * StabilityThresholds#RKL_COLLAPSE}, judged when fidelity passes).
   */
  MODE_COLLAPSE,
  /**
   * Coverage fine, fidelity low (below {@link StabilityThresholds#FIDELITY_MIN}): blurry samples
   * around or between the modes. Train longer, not a different recipe.
   */
  UNCONVERGED,
  /** G's loss swings by more than {@link StabilityThresholds#OSCILLATION} of its level over the final window. */
  OSCILLATING,
  /** None of the above: both axes of quality pass, no D collapse, no oscillation. */
  STABLE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
