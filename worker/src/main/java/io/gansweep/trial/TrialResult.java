package io.gansweep.trial;

import java.util.List;

/**
 * Everything a trial produced: its {@code trials} row, its {@code metrics} rows and, for images,
 * a sample grid per evaluation.
 */
public record TrialResult(TrialSummary summary, List<MetricRow> metrics, List<SampleGrid> samples) {
  public TrialResult {
    metrics = List.copyOf(metrics);
    samples = List.copyOf(samples);
  }
}
