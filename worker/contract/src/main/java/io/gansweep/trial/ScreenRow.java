package io.gansweep.trial;

import java.util.Objects;

/**
 * A row of the {@code screen} table: one generator setup fitted alone before the sweep (the G-only
 * screen), and whether its configurations go on to train.
 *
 * @param setupId the setup: a hash of the hyperparameters G alone depends on (architecture, init,
 *     lr_g, Adam betas, batch size)
 * @param setup the setup's swept values as text ("lr_g 10, init xavier"), or "(all)" when none of
 *     G's hyperparameters is swept
 * @param lrG the setup's generator learning rate
 * @param steps fit steps asked
 * @param firstMse the fit's MSE before any update; null when it failed before
 * @param lastMse its MSE after the last update (at the step it diverged, if it did); null when none
 * @param divergedStep the update after which the MSE was not finite or blew up, null when it did not
 * @param passed whether the setup's configurations train
 * @param reason why, in words ("G-only fit diverged at step 3 of 300 …", "cut its MSE 14.2x …")
 * @param seconds the fit's wall time on its executor
 */
public record ScreenRow(String setupId, String setup, double lrG, int steps, Double firstMse, Double lastMse, Integer divergedStep,
    boolean passed, String reason, double seconds) {

  public ScreenRow {
    Objects.requireNonNull(setupId, "setupId");
    Objects.requireNonNull(setup, "setup");
    Objects.requireNonNull(reason, "reason");
    if (steps < 1 || seconds < 0) {
      throw new IllegalArgumentException("Cannot build screen row of " + setupId + ": bad steps or time (got " + steps + " steps, "
          + seconds + " s; allowed steps >= 1, seconds >= 0)");
    }
  }
}
