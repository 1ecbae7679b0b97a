package io.gansweep.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Curve} built row by row, from metrics rows read back from the table or, on an executor,
 * from a trial's rows in memory ({@link Curve#of}): the one place that says how a row enters a
 * curve. A row with a D loss is a training row (its gradient norm the larger of D's and G's); a
 * row with modes is an evaluation row.
 */
final class CurveBuilder {

  private final List<Integer> steps = new ArrayList<>();
  private final List<Double> dLoss = new ArrayList<>();
  private final List<Double> gLoss = new ArrayList<>();
  private final List<Double> dFake = new ArrayList<>();
  private final List<Double> gradNorm = new ArrayList<>();
  private final List<Integer> evalSteps = new ArrayList<>();
  private final List<Integer> modes = new ArrayList<>();
  private final List<Double> distance = new ArrayList<>();

  /** One metrics row, in step order; null where the row has no value. */
  void add(int step, Double d, Double g, Double fake, Double gradD, Double gradG, Integer evalModes, Double evalDistance) {
    if (d != null) {
      steps.add(step);
      dLoss.add(d);
      gLoss.add(g == null ? Double.NaN : g);
      dFake.add(fake == null ? Double.NaN : fake);
      double gd = gradD == null ? Double.NaN : gradD;
      double gg = gradG == null ? Double.NaN : gradG;
      gradNorm.add(Double.isNaN(gd) ? gg : Double.isNaN(gg) ? gd : Math.max(gd, gg));
    }
    if (evalModes != null) {
      evalSteps.add(step);
      modes.add(evalModes);
      distance.add(evalDistance == null ? Double.NaN : evalDistance);
    }
  }

  Curve build() {
    return new Curve(steps, dLoss, gLoss, dFake, gradNorm, evalSteps, modes, distance);
  }
}
