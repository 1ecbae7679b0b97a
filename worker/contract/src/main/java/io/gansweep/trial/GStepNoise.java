package io.gansweep.trial;

/**
 * Values of the {@code g_step_noise} hyperparameter: which z G's first update of a round uses
 * (practitioner note 001 asks whether reusing D's z matters); specs and tables use {@link #wireName()}.
 */
public enum GStepNoise implements WireEnum {
  /** The z of D's last step in the round, its G forward reused (what many reference loops do). */
  SAME,
  /** A fresh draw from the noise stream, with its own G forward. */
  FRESH
}
