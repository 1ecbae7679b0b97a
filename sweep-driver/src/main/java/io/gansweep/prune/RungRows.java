package io.gansweep.prune;

import io.gansweep.analysis.Curve;
import io.gansweep.analysis.Label;
import io.gansweep.analysis.TrialLabeler;
import io.gansweep.analysis.TrialRecord;
import io.gansweep.analysis.TrialVerdict;
import io.gansweep.metrics.Quality;
import io.gansweep.trial.MetricRow;
import io.gansweep.trial.RungRow;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.TrialStatus;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The rung row of a trial, on its executor: where it got to, and the analysis's label of its rows so far. */
public final class RungRows {

  private RungRows() {}

  /**
   * A trial at rung {@code rung} of {@code bracket} after {@code stepsDone} rounds: {@code status}
   * RUNNING when paused, else how it ended; {@code q} its latest quality; {@code rows} its metrics
   * rows so far, which {@link TrialLabeler} judges as it judges a finished trial's.
   */
  public static RungRow of(TrialConfig c, int bracket, int rung, int budget, int stepsDone, TrialStatus status, String error,
      Integer divergedStep, Quality q, List<MetricRow> rows) {
    TrialVerdict v = TrialLabeler.label(TrialRecord.of(c, Map.of(), status, error, divergedStep, q), Curve.of(rows));
    return new RungRow(c.trialId(), c.configId(), c.seed(), bracket, rung, budget, stepsDone, status, error, v.label().wireName(),
        v.evidence(), q);
  }

  /** A rung row's label. */
  public static Label label(RungRow r) {
    return Label.valueOf(r.label().toUpperCase(Locale.ROOT));
  }

  /** A rung row as the ranking reads a trial: its label and its latest quality as the final one. */
  public static TrialVerdict verdict(RungRow r, TrialConfig c) {
    TrialRecord t = TrialRecord.of(c, Map.of(), r.status(), r.error(), null, r.quality());
    return new TrialVerdict(t, label(r), r.evidence(), null, null, Double.NaN, Double.NaN, Double.NaN, null);
  }
}
