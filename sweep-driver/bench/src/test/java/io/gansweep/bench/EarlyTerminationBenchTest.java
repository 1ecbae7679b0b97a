package io.gansweep.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gansweep.metrics.Quality;
import io.gansweep.trial.MetricRow;
import io.gansweep.trial.RungRow;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replay's rung rows: what the executor would commit at a rung, rebuilt from a trial's full run. */
class EarlyTerminationBenchTest {

  private static final TrialConfig TRIAL = TrialConfig.of(Map.of(), 0);

  /** Rows every 50 rounds up to {@code last}, an evaluation every 100 with distance 1/(1 + step/100). */
  private static List<MetricRow> rows(int last) {
    List<MetricRow> out = new ArrayList<>();
    for (int step = 0; step <= last; step += 50) {
      Quality q = step % 100 != 0 ? null : new Quality(2, 3, 0.01, null, 1.0 / (1 + step / 100), null, 0.01, 0.9, 0.0, 0.0);
      out.add(new MetricRow(step, step, step == 0 ? null : 1.3, step == 0 ? null : 0.7, 0.5, 0.5, 1.0, 1.0, q));
    }
    return out;
  }

  @Test
  void aTrialThatTrainsOnIsPausedAtTheRungWithItsLatestEvaluation() {
    List<MetricRow> rows = rows(1200);
    EarlyTerminationBench.Trained t = new EarlyTerminationBench.Trained(TrialStatus.COMPLETED, null, null, 1200,
        rows.get(rows.size() - 1).quality(), rows);
    RungRow paused = EarlyTerminationBench.rungRow(TRIAL, t, 1, 0, 300);
    assertEquals(TrialStatus.RUNNING, paused.status());
    assertEquals(300, paused.stepsDone());
    assertEquals(0.25, paused.quality().distance(), 0, "the evaluation at round 300");
    RungRow last = EarlyTerminationBench.rungRow(TRIAL, t, 1, 2, 1200);
    assertEquals(TrialStatus.COMPLETED, last.status());
    assertEquals(1.0 / 13, last.quality().distance(), 1e-15);
  }

  @Test
  void aTrialThatDivergedBeforeTheBudgetEndsThere() {
    List<MetricRow> rows = rows(250);
    EarlyTerminationBench.Trained t = new EarlyTerminationBench.Trained(TrialStatus.DIVERGED, "non-finite loss", 250, 250, null, rows);
    RungRow r = EarlyTerminationBench.rungRow(TRIAL, t, 0, 1, 300);
    assertEquals(TrialStatus.DIVERGED, r.status());
    assertEquals(250, r.stepsDone());
    assertEquals("diverged", r.label());
    assertNull(r.quality());
    assertEquals(TrialStatus.RUNNING, EarlyTerminationBench.rungRow(TRIAL, t, 0, 0, 100).status(), "still training at round 100");
  }
}
