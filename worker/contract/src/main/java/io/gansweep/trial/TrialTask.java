package io.gansweep.trial;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One trial as dispatched to an executor.
 *
 * @param sweepId the sweep it belongs to
 * @param index its index in the sweep's plan
 * @param config the resolved config with its seed
 * @param attempt the executor's attempt number (Spark's task attempt; 0 when run directly)
 * @param device {@code cpu} or {@code gpu:N}
 * @param threads intra-op threads for CPU training; 0 leaves the engine's setting as it is
 * @param pinned the output folder whose {@code feature-nets/} and {@code models/} hold what the driver pinned
 *     for the trials (the feature network of image data, TorchScript model files), loaded there and
 *     never trained; null: the local cache, where a missing feature network is trained (tests and
 *     benches)
 */
public record TrialTask(String sweepId, int index, TrialConfig config, int attempt, String device, int threads,
    String pinned) {

  private static final Pattern DEVICE = Pattern.compile("cpu|gpu:\\d+");

  public TrialTask {
    Objects.requireNonNull(sweepId, "sweepId");
    Objects.requireNonNull(config, "config");
    if (device == null || !DEVICE.matcher(device).matches()) {
      throw new IllegalArgumentException(
          "Cannot build trial task: bad device (got " + device + "; allowed cpu or gpu:N)");
    }
    if (index < 0 || attempt < 0 || threads < 0) {
      throw new IllegalArgumentException(
          "Cannot build trial task: negative index, attempt or threads (got " + index + ", " + attempt + ", " + threads + "; allowed >= 0)");
    }
  }
}
