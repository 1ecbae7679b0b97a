package io.gansweep.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.trial.TrialStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepTimingTest {

  private static TrialReport report(int i, double wall, double train, double task) {
    return new TrialReport(i, "t" + i, TrialStatus.COMPLETED, 0.1, 8, wall, train, task, "cpu", null);
  }

  /**
   * The fixed cost splits into the trial's own setup (wall - train) and the task around it (task -
   * wall), each a median over trials; an outlier (an executor's first trial loading PyTorch) moves
   * the mean, not the medians.
   */
  @Test
  void fixedCostSplitsIntoSetupAndTheTaskAroundIt() {
    List<TrialReport> reports = List.of(report(0, 1.010, 1.000, 1.040), report(1, 1.002, 1.000, 1.032),
        report(2, 2.500, 1.000, 2.600), report(3, 1.004, 1.000, 1.034));
    SweepTiming t = SweepTiming.of(reports, 2, 3.0);
    assertEquals(0.007, t.medianSetupSeconds(), 1e-9); // setups 0.010, 0.002, 1.500, 0.004
    assertEquals(0.030, t.medianCommitSeconds(), 1e-9); // task around 0.030, 0.030, 0.100, 0.030
    assertEquals(0.037, t.medianFixedSeconds(), 1e-9); // fixed 0.040, 0.032, 1.600, 0.034: not the sum of the two medians
    assertEquals((0.040 + 0.032 + 1.600 + 0.034) / 4, t.fixedSecondsPerTrial(), 1e-9);
    assertTrue(t.json().contains("\"setup_seconds_per_trial_median\":0.0070,\"commit_seconds_per_trial_median\":0.0300}"), t.json());
  }
}
