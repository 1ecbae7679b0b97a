package io.gansweep.analysis;

/**
 * A trial's label with its evidence and the features it was judged on.
 *
 * @param trial the trial
 * @param label its label
 * @param evidence what triggered the label, in words ("D loss 0.11 vs 1.386 at equilibrium from step 1350")
 * @param evidenceStep the step the evidence refers to, may be null
 * @param evidenceValue the value the evidence refers to, may be null
 * @param dominance 1 − median_W(L_D)/L_D*, NaN when not judged
 * @param oscillation std_W(L_G)/(|mean_W(L_G)| + ε), NaN without rows
 * @param gradientRatio max gradient norm / early median, NaN without rows
 * @param bestDistance best energy distance over its evaluations, may be null
 */
public record TrialVerdict(TrialRecord trial, Label label, String evidence, Integer evidenceStep, Double evidenceValue,
    double dominance, double oscillation, double gradientRatio, Double bestDistance) implements java.io.Serializable {

  /**
   * Final quality for ranking: energy distance, +∞ when the trial has none (diverged, failed) or
   * stopped early (pruned: its distance at the rung is not a final one, and must not rank it above
   * a configuration that trained to the end).
   */
  public double quality() {
    if (trial.status() == io.gansweep.trial.TrialStatus.PRUNED) {
      return Double.POSITIVE_INFINITY;
    }
    Double d = trial.finalDistance();
    return d == null || d.isNaN() ? Double.POSITIVE_INFINITY : d;
  }
}
