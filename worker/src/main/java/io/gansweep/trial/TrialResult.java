package io.gansweep.trial;

import java.util.List;

/** Everything a trial produced: its {@code trials} row and its {@code metrics} rows. */
public record TrialResult(TrialSummary summary, List<MetricRow> metrics) {
  public TrialResult {
    metrics = List.copyOf(metrics);
  }
}
