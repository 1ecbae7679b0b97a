package io.gansweep.trial;

import io.gansweep.metrics.Quality;
import java.util.Objects;

/**
 * What a trial commits at a rung of early termination (the {@code rungs} table): where it got to
 * and how it looked there. The driver decides promotions from these rows alone, so a sweep resumed
 * after a kill makes the same decisions.
 *
 * @param trialId the trial
 * @param configId its configuration (all seeds of a configuration are promoted or pruned together)
 * @param seed its training seed
 * @param bracket its Hyperband bracket (0 for successive halving)
 * @param rung the rung, from 0
 * @param budget the rung's round budget
 * @param stepsDone rounds trained: the budget, or fewer when it diverged
 * @param status RUNNING (paused with a checkpoint, waiting for the decision), COMPLETED (the last
 *     rung), DIVERGED or FAILED
 * @param error the status's cause, null when none
 * @param label the analysis's label of the trial's rows so far (wire name)
 * @param evidence the label's evidence
 * @param quality the latest evaluation's quality, null when none (diverged, failed)
 */
public record RungRow(String trialId, String configId, long seed, int bracket, int rung, int budget, int stepsDone,
    TrialStatus status, String error, String label, String evidence, Quality quality) {

  public RungRow {
    Objects.requireNonNull(trialId, "trialId");
    Objects.requireNonNull(configId, "configId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(label, "label");
    if (bracket < 0 || rung < 0 || budget < 1 || stepsDone < 0 || stepsDone > budget || status == TrialStatus.PRUNED) {
      throw new IllegalArgumentException("Cannot build rung row of " + trialId + ": bad position or status (got bracket " + bracket
          + ", rung " + rung + ", " + stepsDone + " of " + budget + " rounds, " + status
          + "; allowed bracket, rung >= 0, 0 <= rounds <= budget, status other than PRUNED)");
    }
  }

  /** Whether the trial trains on if its configuration is promoted: paused healthy, not finished. */
  public boolean paused() {
    return status == TrialStatus.RUNNING;
  }
}
