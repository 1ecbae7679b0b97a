package io.gansweep.dispatch;

import io.gansweep.bench.ComputeFloor;
import io.gansweep.trial.TrialConfig;
import java.util.Comparator;

/**
 * Relative cost of a trial, to start the longest first (so the last trials to finish are short
 * ones and no slot idles at the end): the matmul FLOPs of its rounds ({@link
 * ComputeFloor#flopsPerRound}, the benchmark's model) plus its evaluations, whose O(N²) energy
 * distance takes about {@value #FLOPS_PER_PAIR} FLOPs for each of its 3 N² pairs.
 */
final class CostModel {

  /** FLOPs of one pair distance in the energy distance: two differences, two squares, a root. */
  static final double FLOPS_PER_PAIR = 5;

  private CostModel() {}

  static double cost(TrialConfig c) {
    double training = c.steps() * ComputeFloor.flopsPerRound(c);
    double evals = Math.ceil((double) c.steps() / c.evalEvery()) + 1;
    double evaluation = evals * 3.0 * c.evalSamples() * c.evalSamples() * FLOPS_PER_PAIR;
    return training + evaluation;
  }

  /** Relative cost of a pack: its trials' cost times their number (a conservative bound; packed rounds share dispatch). */
  static double cost(DispatchedPack p) {
    return cost(p.trials()[0].config()) * p.trials().length;
  }

  /** Longest first; ties keep plan order (of each pack's first trial). */
  static Comparator<DispatchedPack> longestFirst() {
    return Comparator.comparingDouble((DispatchedPack p) -> -cost(p)).thenComparingInt(p -> p.trials()[0].index());
  }
}
