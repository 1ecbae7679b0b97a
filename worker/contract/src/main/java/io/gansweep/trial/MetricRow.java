package io.gansweep.trial;

import io.gansweep.metrics.Quality;

/**
 * One row of the {@code metrics} table. Training signals are null at step 0 (before training);
 * quality metrics are null except at evaluation steps.
 *
 * @param step training round (0 = before training)
 * @param wallSeconds seconds since the trial started
 * @param dLoss D's loss including its penalty
 * @param gLoss G's loss including feature matching
 * @param dReal mean D(x) on the real batch (a probability for nsgan/minimax, raw otherwise)
 * @param dFake mean D(G(z)) on the fake batch, same scale
 * @param gradNormD global L2 norm of D's gradient in its last update of the round
 * @param gradNormG global L2 norm of G's gradient in its last update of the round
 * @param quality the evaluation's quality (evaluation steps), null elsewhere
 */
public record MetricRow(
    int step,
    double wallSeconds,
    Double dLoss,
    Double gLoss,
    Double dReal,
    Double dFake,
    Double gradNormD,
    Double gradNormG,
    Quality quality) implements java.io.Serializable {

  /** The same row without its wall time: what determinism compares. */
  public MetricRow withoutTime() {
    return new MetricRow(step, 0, dLoss, gLoss, dReal, dFake, gradNormD, gradNormG, quality);
  }
}
