package io.gansweep.analysis;

import static io.gansweep.analysis.StabilityThresholds.DOMINANCE;
import static io.gansweep.analysis.StabilityThresholds.D_FAKE_REJECTED;
import static io.gansweep.analysis.StabilityThresholds.EARLY_SHARE;
import static io.gansweep.analysis.StabilityThresholds.GRADIENT_EXPLOSION;
import static io.gansweep.analysis.StabilityThresholds.MIN_WINDOW_ROWS;
import static io.gansweep.analysis.StabilityThresholds.OSCILLATION;
import static io.gansweep.analysis.StabilityThresholds.OSCILLATION_EPS;
import static io.gansweep.analysis.StabilityThresholds.RKL_COLLAPSE;
import static io.gansweep.analysis.StabilityThresholds.WINDOW_SHARE;

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

    Double equilibrium = StabilityThresholds.EQUILIBRIUM_D_LOSS.get(t.loss());
    double dMedian = median(dWindow);
    double dominance = equilibrium == null || dWindow.isEmpty() ? Double.NaN : 1 - dMedian / equilibrium;
    double fakeMedian = median(fakeWindow);
    boolean fakesRejected = "hinge".equals(t.loss()) ? fakeMedian < -(1 - D_FAKE_REJECTED) : fakeMedian < D_FAKE_REJECTED;
    double oscillation = gWindow.isEmpty() ? Double.NaN : std(gWindow) / (Math.abs(mean(gWindow)) + OSCILLATION_EPS);

    int early = Math.max(1, (int) Math.ceil(EARLY_SHARE * n));
    double earlyGrad = median(c.gradNorm().subList(0, Math.min(early, n)));
    double maxGrad = Double.NEGATIVE_INFINITY;
    int maxGradStep = -1;
    for (int i = 0; i < n; i++) {
      double g = c.gradNorm().get(i);
      if (!(g <= maxGrad)) {
        maxGrad = g;
        maxGradStep = c.steps().get(i);
      }
    }
    double gradientRatio = n == 0 || !(earlyGrad > 0) ? Double.NaN : maxGrad / earlyGrad;
    Double best = c.distance().stream().filter(d -> d != null && !d.isNaN()).min(Double::compare).orElse(null);

    Label label;
    String evidence;
    Integer step = null;
    Double value = null;
    int modesK = StabilityThresholds.MODES.getOrDefault(t.dataset(), 0);
    if ("FAILED".equals(t.status())) {
      label = Label.FAILED;
      evidence = "failed: " + (t.error() == null ? "no cause recorded" : t.error());
    } else if ("DIVERGED".equals(t.status())) {
      label = Label.DIVERGED;
      step = t.divergedStep();
      evidence = "diverged at step " + step + (t.error() == null ? "" : " (" + t.error() + ")");
    } else if (gradientRatio > GRADIENT_EXPLOSION || maxGrad == Double.POSITIVE_INFINITY) {
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
    } else if (t.finalModes() != null && (modesK > 0 && t.finalModes() < modesK
        || t.finalRkl() != null && t.finalRkl() > RKL_COLLAPSE)) {
      label = Label.MODE_COLLAPSE;
      step = c.evalSteps().isEmpty() ? null : c.evalSteps().get(c.evalSteps().size() - 1);
      value = (double) t.finalModes();
      evidence = fmt("%d/%d modes, reverse KL %s at the end", t.finalModes(), modesK, n3(t.finalRkl() == null ? Double.NaN : t.finalRkl()));
    } else if (oscillation > OSCILLATION) {
      label = Label.OSCILLATING;
      step = windowStart;
      value = oscillation;
      evidence = fmt("G loss swings %sx its level from step %d on", Numbers.format(oscillation, 3), windowStart);
    } else {
      label = Label.STABLE;
      evidence = t.finalModes() == null ? "stable" : fmt("%d/%d modes, distance %s", t.finalModes(), modesK, n3(t.finalDistance() == null ? Double.NaN : t.finalDistance()));
    }
    return new TrialVerdict(t, label, evidence, step, value, dominance, oscillation, gradientRatio, best);
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
