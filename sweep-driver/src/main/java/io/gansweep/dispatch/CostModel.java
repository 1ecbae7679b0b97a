package io.gansweep.dispatch;

import io.gansweep.trial.TrialConfig;
import java.util.Comparator;

/**
 * Relative cost of a trial, to start the longest first (so the last trials to finish are short
 * ones and no slot idles at the end). Training: rounds × updates per round × batch × per-sample
 * matmul work of G and D; evaluation: the O(N²) energy distance per evaluation.
 */
final class CostModel {

  private CostModel() {}

  static double cost(TrialConfig c) {
    double h = c.hidden();
    double perSample = c.latentDim() * h + (c.layers() - 1) * h * h + 3 * h;
    double training = (double) c.steps() * (c.dSteps() + c.gSteps()) * c.batchSize() * perSample;
    double evals = Math.ceil((double) c.steps() / c.evalEvery()) + 1;
    double evaluation = evals * 3.0 * c.evalSamples() * c.evalSamples();
    return training + evaluation;
  }

  /** Longest first; ties keep plan order. */
  static Comparator<DispatchedTrial> longestFirst() {
    return Comparator.comparingDouble((DispatchedTrial t) -> -cost(t.config())).thenComparingInt(DispatchedTrial::index);
  }
}
