package io.gansweep.dispatch;

import io.gansweep.trial.TrialConfig;
import java.util.Objects;

/**
 * One trial as the driver sends it to an executor. The executor decides the device (from its
 * task's GPU address, or CPU) and builds the worker's {@code TrialTask}.
 *
 * @param sweepId the sweep
 * @param index plan index
 * @param config resolved config with seed
 * @param gpus GPUs the trial asked for ({@code resources.gpus_per_trial}); 0 trains on CPU
 * @param threads intra-op threads ({@code resources.cpus_per_trial})
 * @param out output directory or Hadoop URI
 * @param stage its rung under early termination, null when it trains all its steps at once
 * @param attempt how many attempts of the trial came before this one (0 for its first; a resume
 *     that retrains a FAILED trial sends its row's attempt + 1); Spark's task retries add to it
 */
public record DispatchedTrial(String sweepId, int index, TrialConfig config, double gpus, int threads, String out, Stage stage,
    int attempt) {

  /**
   * A trial's part of an early-terminated sweep: train up to the rung's budget (resuming from its
   * checkpoint after the first rung), or, with {@code pruneReason}, stop it as PRUNED from its
   * checkpoint without training.
   *
   * @param bracket Hyperband bracket (0 for successive halving)
   * @param rung the rung, from 0
   * @param budget the rung's rounds
   * @param pruneReason why it is pruned; null to train
   */
  public record Stage(int bracket, int rung, int budget, String pruneReason) {
    public Stage {
      if (bracket < 0 || rung < 0 || budget < 1) {
        throw new IllegalArgumentException("Cannot build stage: bad rung (got bracket " + bracket + ", rung " + rung + ", budget "
            + budget + "; allowed bracket, rung >= 0, budget >= 1)");
      }
    }
  }

  /** A trial of a plain sweep: all its steps in one task. */
  public DispatchedTrial(String sweepId, int index, TrialConfig config, double gpus, int threads, String out) {
    this(sweepId, index, config, gpus, threads, out, null);
  }

  /** A trial's first attempt. */
  public DispatchedTrial(String sweepId, int index, TrialConfig config, double gpus, int threads, String out, Stage stage) {
    this(sweepId, index, config, gpus, threads, out, stage, 0);
  }

  public DispatchedTrial {
    Objects.requireNonNull(sweepId, "sweepId");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(out, "out");
    if (index < 0 || gpus < 0 || threads < 1 || attempt < 0) {
      throw new IllegalArgumentException("Cannot dispatch trial: bad index, gpus, threads or attempt (got " + index + ", " + gpus + ", "
          + threads + ", " + attempt + "; allowed index >= 0, gpus >= 0, threads >= 1, attempt >= 0)");
    }
  }
}
