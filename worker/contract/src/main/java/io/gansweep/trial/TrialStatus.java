package io.gansweep.trial;

/** The one state enum of a finished trial (the {@code status} column). */
public enum TrialStatus {
  /** Trained every step. */
  COMPLETED,
  /** A loss, weight or gradient became NaN/Inf; training stopped at once. A result, not a failure. */
  DIVERGED,
  /** An exception ended the trial (bad numerics outside training, out of memory, a bug). */
  FAILED,
  /** Stopped early by a pruner (adaptive search). */
  PRUNED,
  /**
   * Paused at a rung with a checkpoint, waiting for the promotion decision: in the {@code rungs}
   * table only, never in {@code trials} (a trial's row there is written when it ends).
   */
  RUNNING
}
