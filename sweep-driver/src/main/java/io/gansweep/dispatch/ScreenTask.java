package io.gansweep.dispatch;

import io.gansweep.spec.Screen;
import io.gansweep.trial.TrialConfig;
import java.util.Objects;

/**
 * One generator setup of the G-only screen, as sent to an executor.
 *
 * @param sweepId the sweep
 * @param setupId the setup ({@code io.gansweep.screen.GeneratorSetup#id})
 * @param setup its swept values as text
 * @param config a trial of the setup (seed 0 of its first configuration): what G is built from
 * @param screen the screen's settings (fit updates, the least MSE cut that passes)
 * @param gpus GPUs per task (as a trial's)
 * @param cpus CPU threads (as a trial's)
 * @param out the output directory its row is committed under
 */
public record ScreenTask(String sweepId, String setupId, String setup, TrialConfig config, Screen screen, double gpus, int cpus,
    String out) {

  public ScreenTask {
    Objects.requireNonNull(sweepId, "sweepId");
    Objects.requireNonNull(setupId, "setupId");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(screen, "screen");
    Objects.requireNonNull(out, "out");
    if (gpus < 0 || cpus < 1) {
      throw new IllegalArgumentException("Cannot build screen task " + setupId + ": bad resources (got " + gpus + " GPUs, " + cpus
          + " CPUs; allowed GPUs >= 0, CPUs >= 1)");
    }
  }
}
