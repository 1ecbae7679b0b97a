package io.gansweep.analysis;

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
