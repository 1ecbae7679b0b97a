package io.gansweep.trial;

import io.gansweep.metrics.Quality;
import java.time.Instant;
import java.util.Objects;

/**
 * The one row of the {@code trials} table for a trial.
 *
 * @param task what was run
 * @param status how it ended
 * @param error the cause for FAILED, the divergence evidence for DIVERGED, null otherwise
 * @param stepsDone training rounds completed
 * @param divergedStep the round where a NaN/Inf appeared, null unless DIVERGED
 * @param wallSeconds wall time of the whole trial
 * @param trainSeconds the part of it spent in training rounds and evaluations (0 when FAILED)
 * @param host executor host name
 * @param startedAt start time
 * @param finishedAt end time
 * @param finalQuality the last evaluation's quality (COMPLETED only, else null): the {@code final_*} columns
 * @param featureNet which network the evaluations' image features came from ({@code classifier:<sha256>}, {@code
 *     torchscript:sha256:<hex>;…}, {@code random-conv:<seed>@<sha>}), else null
 * @param finalDLoss D's loss at the last logged step
 * @param finalGLoss G's loss at the last logged step
 * @param provenance versions of the software that ran it
 */
public record TrialSummary(
    TrialTask task,
    TrialStatus status,
    String error,
    int stepsDone,
    Integer divergedStep,
    double wallSeconds,
    double trainSeconds,
    String host,
    Instant startedAt,
    Instant finishedAt,
    Quality finalQuality,
    String featureNet,
    Double finalDLoss,
    Double finalGLoss,
    Provenance provenance) {

  public TrialSummary {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(provenance, "provenance");
  }
}
