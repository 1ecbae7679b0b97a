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
 */
public record DispatchedTrial(String sweepId, int index, TrialConfig config, double gpus, int threads, String out) {
  public DispatchedTrial {
    Objects.requireNonNull(sweepId, "sweepId");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(out, "out");
    if (index < 0 || gpus < 0 || threads < 1) {
      throw new IllegalArgumentException(
          "Cannot dispatch trial: bad index, gpus or threads (got " + index + ", " + gpus + ", " + threads + "; allowed index >= 0, gpus >= 0, threads >= 1)");
    }
  }
}
