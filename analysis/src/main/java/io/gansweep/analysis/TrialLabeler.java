package io.gansweep.analysis;

import io.gansweep.data.Mixture;
import static io.gansweep.analysis.StabilityThresholds.DOMINANCE;
import static io.gansweep.analysis.StabilityThresholds.D_FAKE_REJECTED;
import static io.gansweep.analysis.StabilityThresholds.EARLY_SHARE;
import static io.gansweep.analysis.StabilityThresholds.FIDELITY_MIN;
import static io.gansweep.analysis.StabilityThresholds.GRADIENT_EXPLOSION;
import static io.gansweep.analysis.StabilityThresholds.MIN_WINDOW_ROWS;
import static io.gansweep.analysis.StabilityThresholds.OSCILLATION;
import static io.gansweep.analysis.StabilityThresholds.OSCILLATION_EPS;
import static io.gansweep.analysis.StabilityThresholds.RKL_COLLAPSE;
import static io.gansweep.analysis.StabilityThresholds.WINDOW_SHARE;

import io.gansweep.trial.LossKind;
import io.gansweep.trial.Numbers;
import io.gansweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Labels one trial from its trials row and its metric curve (rules in {@link Label}). */
public final class TrialLabeler {

  private TrialLabeler() {}

  public static TrialVerdict label(TrialRecord t, Curve c) {
    int n = c.steps().size();
    int window = Math.min(n, Math.max(MIN_WINDOW_ROWS, (int) Math.ceil(WINDOW_SHARE * n)));
    List<Double> dWindow = tail(c.dLoss(), window);
    List<Double> gWindow = tail(c.gLoss(), window);
    List<Double> fakeWindow = tail(c.dFake(), window);
    int windowStart = n == 0 ? 0 : c.steps().get(n - window);

    Double equilibrium = t.loss().equilibriumDLoss();
    double dMedian = median(dWindow);
    double dominance = equilibrium == null || dWindow.isEmpty() ? Double.NaN : 1 - dMedian / equilibrium;
    double fakeMedian = median(fakeWindow);
    boolean fakesRejected = switch (t.loss()) {
      case HINGE -> fakeMedian < -(1 - D_FAKE_REJECTED);
      case NSGAN, MINIMAX, WGAN, LSGAN -> fakeMedian < D_FAKE_REJECTED;
    };
    double oscillation = gWindow.isEmpty() ? Double.NaN : std(gWindow) / (Math.abs(mean(gWindow)) + OSCILLATION_EPS);

    // The gradient-ratio rule for slow explosions (the worker stops fast ones): finite norms only,
    // so the evidence is a number (a non-finite norm makes the worker call the trial DIVERGED).
    List<Double> finiteGrad = new ArrayList<>();
    List<Integer> finiteGradSteps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Double g = c.gradNorm().get(i);
      if (g != null && Double.isFinite(g)) {
        finiteGrad.add(g);
        finiteGradSteps.add(c.steps().get(i));
      }
    }
    int early = Math.max(1, (int) Math.ceil(EARLY_SHARE * finiteGrad.size()));
    double earlyGrad = median(finiteGrad.subList(0, Math.min(early, finiteGrad.size())));
    double maxGrad = Double.NaN;
    int maxGradStep = -1;
    for (int i = 0; i < finiteGrad.size(); i++) {
      if (!(finiteGrad.get(i) <= maxGrad)) {
        maxGrad = finiteGrad.get(i);
        maxGradStep = finiteGradSteps.get(i);
      }
    }
    double gradientRatio = finiteGrad.isEmpty() || !(earlyGrad > 0) ? Double.NaN : maxGrad / earlyGrad;
    Double best = c.distance().stream().filter(d -> d != null && !d.isNaN()).min(Double::compare).orElse(null);

    Label label;
    String evidence;
    Integer step = null;
    Double value = null;
    Integer modesK = t.modesK();
    Integer covered = t.coveredModes();
    Double fidelity = t.fidelity();
    boolean fidelityOk = sharp(t);
    boolean coverageLow = covered != null && modesK != null && covered < modesK;
    boolean imbalanced = t.finalRkl() != null && t.finalRkl() > RKL_COLLAPSE && fidelityOk;
    Integer lastEval = c.evalSteps().isEmpty() ? null : c.evalSteps().get(c.evalSteps().size() - 1);
    if (t.status() == TrialStatus.FAILED) {
      label = Label.FAILED;
      evidence = "failed: " + (t.error() == null ? "no cause recorded" : t.error());
    } else if (t.status() == TrialStatus.PRUNED) {
      label = Label.PRUNED;
      evidence = t.error() == null ? "pruned" : t.error();
    } else if (t.status() == TrialStatus.DIVERGED) {
      label = Label.DIVERGED;
      step = t.divergedStep();
      evidence = "diverged at step " + step + (t.error() == null ? "" : " (" + t.error() + ")");
    } else if (gradientRatio > GRADIENT_EXPLOSION) {
      label = Label.DIVERGED;
      step = maxGradStep;
      value = maxGrad;
      evidence = fmt("gradient norm %s at step %d, %sx its early median %s", n3(maxGrad), maxGradStep, Numbers.format(gradientRatio, 2), n3(earlyGrad));
    } else if (dominance > DOMINANCE && fakesRejected) {
      label = Label.D_COLLAPSE;
      step = windowStart;
      value = dMedian;
      evidence = fmt("D loss %s vs %s at equilibrium and mean D(G(z)) %s from step %d on: D wins, G starves",
          n3(dMedian), Numbers.format(equilibrium), n3(fakeMedian), windowStart);
    } else if (coverageLow || imbalanced) {
      label = Label.MODE_COLLAPSE;
      step = lastEval;
      value = covered == null ? null : covered.doubleValue();
      evidence = quality(t) + " at the end";
    } else if (!fidelityOk) {
      label = Label.UNCONVERGED;
      step = lastEval;
      value = fidelity;
      evidence = quality(t) + ": spread around the modes, not yet sharp (train longer)";
    } else if (oscillation > OSCILLATION) {
      label = Label.OSCILLATING;
      step = windowStart;
      value = oscillation;
      evidence = fmt("G loss swings %sx its level from step %d on", Numbers.format(oscillation, 3), windowStart);
    } else {
      label = Label.STABLE;
      value = fidelity;
      evidence = covered == null && fidelity == null ? "stable" : quality(t);
    }
    return new TrialVerdict(t, label, evidence, step, value, dominance, oscillation, gradientRatio, best);
  }

  /**
   * Whether the trial's samples pass the fidelity axis ({@link StabilityThresholds#FIDELITY_MIN}),
   * or it has no fidelity measure: what separates a mode collapse of sharp samples (G settled on
   * a few modes) from a blurry G that simply does not cover the modes yet.
   */
  public static boolean sharp(TrialRecord t) {
    Double fidelity = t.fidelity();
    return fidelity == null || fidelity >= FIDELITY_MIN;
  }

  /**
   * "3/8 modes covered, HQ 0.91, reverse KL 0.42, distance 0.52": both axes, n/a where undefined
   * ({@link TrialRecord#coverage}: unlabelled data says so).
   */
  static String quality(TrialRecord t) {
    String fidelity = t.finalHq() != null || t.finalPrecision() == null ? "HQ " + metric(t.finalHq())
        : "precision " + metric(t.finalPrecision());
    return t.coverage() + ", " + fidelity + ", reverse KL " + metric(t.finalRkl()) + ", distance " + metric(t.finalDistance());
  }

  /** A metric to 3 significant digits, or n/a where it is undefined (null or NaN), never 0. */
  static String metric(Double v) {
    return v == null || v.isNaN() ? "n/a" : ConfigSummary.format(v);
  }

  static <T> List<T> tail(List<T> list, int k) {
    return new ArrayList<>(list.subList(Math.max(0, list.size() - k), list.size()));
  }

  static double median(List<Double> values) {
    double[] v = values.stream().filter(d -> d != null && !d.isNaN()).mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  static double std(List<Double> values) {
    double m = mean(values);
    return Math.sqrt(values.stream().mapToDouble(v -> (v - m) * (v - m)).average().orElse(Double.NaN));
  }

  /** Evidence values print as everywhere else ({@link Numbers}), to 3 significant digits. */
  private static String n3(double v) {
    return Numbers.format(v, 3);
  }

  static String fmt(String f, Object... args) {
    return String.format(Locale.ROOT, f, args);
  }
}
