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
  /** NaN/Inf (status DIVERGED), or a gradient norm beyond {@link StabilityThresholds#GRADIENT_EXPLOSION}× its early median. */
  DIVERGED,
  /** D wins for the final window: loss far below equilibrium and fakes rejected. */
  D_COLLAPSE,
  /** Fewer than K modes captured at the end, or reverse KL above {@link StabilityThresholds#RKL_COLLAPSE}. */
  MODE_COLLAPSE,
  /** G's loss swings by more than {@link StabilityThresholds#OSCILLATION} of its level over the final window. */
  OSCILLATING,
  /** None of the above. */
  STABLE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
