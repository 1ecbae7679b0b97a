package io.gansweep.analysis;

import io.gansweep.metrics.Quality;
import io.gansweep.trial.MetricRow;
import java.util.List;

/**
 * A trial's logged training signals (rows with losses, in step order) and its evaluations.
 *
 * @param steps step of each training row
 * @param dLoss D loss per training row
 * @param gLoss G loss per training row
 * @param dFake mean D(G(z)) per training row
 * @param gradNorm larger of the D and G gradient norms per training row
 * @param evalSteps step of each evaluation row
 * @param modes modes per evaluation row
 * @param distance energy distance per evaluation row
 */
public record Curve(List<Integer> steps, List<Double> dLoss, List<Double> gLoss, List<Double> dFake, List<Double> gradNorm,
    List<Integer> evalSteps, List<Integer> modes, List<Double> distance) implements java.io.Serializable {

  public static final Curve EMPTY = new Curve(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

  /**
   * The curve of a trial's rows as the trainer produced them, in step order: what the table read
   * back gives ({@code distance} is the 2-D energy distance, or the Fréchet distance of images).
   */
  public static Curve of(List<MetricRow> rows) {
    CurveBuilder b = new CurveBuilder();
    for (MetricRow r : rows) {
      Quality q = r.quality();
      b.add(r.step(), r.dLoss(), r.gLoss(), r.dFake(), r.gradNormD(), r.gradNormG(), q == null ? null : q.modes(),
          q == null ? null : q.distance() != null ? q.distance() : q.fd());
    }
    return b.build();
  }

  public Curve {
    steps = List.copyOf(steps);
    dLoss = List.copyOf(dLoss);
    gLoss = List.copyOf(gLoss);
    dFake = List.copyOf(dFake);
    gradNorm = List.copyOf(gradNorm);
    evalSteps = List.copyOf(evalSteps);
    modes = List.copyOf(modes);
    distance = List.copyOf(distance);
    int n = steps.size();
    if (dLoss.size() != n || gLoss.size() != n || dFake.size() != n || gradNorm.size() != n
        || modes.size() != evalSteps.size() || distance.size() != evalSteps.size()) {
      throw new IllegalArgumentException("Cannot build curve: series of different lengths (got " + n + " training rows, "
          + dLoss.size() + "/" + gLoss.size() + "/" + dFake.size() + "/" + gradNorm.size() + " values; allowed equal lengths)");
    }
  }
}
