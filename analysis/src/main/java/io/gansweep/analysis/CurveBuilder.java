package io.gansweep.analysis;

import io.gansweep.io.TrialTables;
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

  /**
   * One metrics row by column name ({@link io.gansweep.io.TrialTables}), in step order: {@code
   * column} gives a column's value or null, and {@code distance} the row's quality (energy or
   * Fréchet distance, {@link SweepAnalysis#quality}).
   */
  void add(java.util.function.Function<String, Object> column) {
    add(((Number) column.apply(TrialTables.STEP)).intValue(), real(column.apply(TrialTables.D_LOSS)), real(column.apply(TrialTables.G_LOSS)),
        real(column.apply(TrialTables.D_FAKE)), real(column.apply(TrialTables.GRAD_NORM_D)), real(column.apply(TrialTables.GRAD_NORM_G)),
        column.apply(TrialTables.MODES) == null ? null : ((Number) column.apply(TrialTables.MODES)).intValue(),
        real(column.apply(TrialTables.DISTANCE)));
  }

  private static Double real(Object v) {
    return v == null ? null : ((Number) v).doubleValue();
  }

  Curve build() {
    return new Curve(steps, dLoss, gLoss, dFake, gradNorm, evalSteps, modes, distance);
  }
}
