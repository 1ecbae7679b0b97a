package io.gansweep.trial;

import java.util.List;

/**
 * Everything a trial produced: its {@code trials} row, its {@code metrics} rows, for images a
 * sample grid per evaluation and, for 2-D mixtures, the generated points of the last evaluation
 * ({@code points}, null for images and for trials that never evaluated).
 */
public record TrialResult(TrialSummary summary, List<MetricRow> metrics, List<SampleGrid> samples, SamplePoints points) {
  public TrialResult {
    metrics = List.copyOf(metrics);
    samples = List.copyOf(samples);
  }

  /** A result without sample points. */
  public TrialResult(TrialSummary summary, List<MetricRow> metrics, List<SampleGrid> samples) {
    this(summary, metrics, samples, null);
  }
}
