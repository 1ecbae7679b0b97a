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
 * @param label the analysis's label of its rows ({@code TrialLabeler}, as {@code analyze} labels
 *     them; wire name, e.g. "diverged"), null when not labelled
 * @param evidence what triggered {@code label}, in words, null when not labelled
 */
public record TrialReport(int index, String trialId, TrialStatus status, Double finalDistance, Integer finalModes,
    double wallSeconds, double trainSeconds, double taskSeconds, String device, String error, String label, String evidence) {
  public TrialReport {
    Objects.requireNonNull(trialId, "trialId");
    Objects.requireNonNull(status, "status");
  }

  /** A report without the analysis's label. */
  public TrialReport(int index, String trialId, TrialStatus status, Double finalDistance, Integer finalModes, double wallSeconds,
      double trainSeconds, double taskSeconds, String device, String error) {
    this(index, trialId, status, finalDistance, finalModes, wallSeconds, trainSeconds, taskSeconds, device, error, null, null);
  }

  /**
   * Whether the analysis's label says more than the worker's status: it differs from it (COMPLETED
   * but labelled diverged, mode_collapse, ...); false where they agree (COMPLETED and stable,
   * DIVERGED and diverged, ...) or the trial was not labelled.
   */
  public boolean labelDiffers() {
    return label != null && !label.equals(status.name().toLowerCase(java.util.Locale.ROOT))
        && !(status == TrialStatus.COMPLETED && label.equals("stable"));
  }
}
