package io.gansweep.dispatch;

import io.gansweep.trial.TrialStatus;
import java.util.Objects;

/**
 * What a task sends back once its trial is committed: enough for the progress line and the
 * summary; the full rows are in Parquet.
 *
 * @param index plan index
 * @param trialId trial id
 * @param status final status
 * @param finalDistance final distance to the data: energy (2-D) or Fréchet (images); null unless COMPLETED
 * @param finalModes final modes (2-D) or classes (images) covered, null unless COMPLETED
 * @param wallSeconds trial wall time
 * @param trainSeconds the part of it in training rounds and evaluations
 * @param taskSeconds task time for this trial, from its start to its committed rows
 * @param device where it trained
 * @param error cause or divergence evidence, may be null
 */
public record TrialReport(int index, String trialId, TrialStatus status, Double finalDistance, Integer finalModes,
    double wallSeconds, double trainSeconds, double taskSeconds, String device, String error) {
  public TrialReport {
    Objects.requireNonNull(trialId, "trialId");
    Objects.requireNonNull(status, "status");
  }
}
