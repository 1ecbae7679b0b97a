package io.gansweep.analysis;

import io.gansweep.trial.LossKind;
import io.gansweep.trial.TrialStatus;
import io.gansweep.trial.WireEnum;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/** Test helper: hand-built trials and curves with known shapes. */
final class Curves {
  private Curves() {}

  static final double LN4 = 2 * Math.log(2);

  /** 100 logged rows, steps 10..1000, each series a function of the row index. */
  static Curve curve(IntToDoubleFunction dLoss, IntToDoubleFunction gLoss, IntToDoubleFunction dFake, IntToDoubleFunction grad) {
    List<Integer> steps = new ArrayList<>();
    List<Double> d = new ArrayList<>();
    List<Double> g = new ArrayList<>();
    List<Double> f = new ArrayList<>();
    List<Double> gn = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      steps.add(10 * (i + 1));
      d.add(dLoss.applyAsDouble(i));
      g.add(gLoss.applyAsDouble(i));
      f.add(dFake.applyAsDouble(i));
      gn.add(grad.applyAsDouble(i));
    }
    return new Curve(steps, d, g, f, gn, List.of(0, 500, 1000), List.of(0, 6, 8), List.of(0.7, 0.05, 0.01));
  }

  /** Healthy nsgan: losses at equilibrium with small noise, D(G(z)) near 1/2, steady gradients. */
  static Curve healthy() {
    return curve(i -> LN4 + 0.02 * Math.sin(i * 1.7), i -> Math.log(2) + 0.02 * Math.cos(i * 2.3),
        i -> 0.48 + 0.01 * Math.sin(i), i -> 1.0 + 0.1 * Math.sin(i * 0.7));
  }

  /** A ring8 trial; a completed one is sharp (HQ 0.9) unless {@link #trial(String, long, String, String, Double, Integer, Double, Double)} says otherwise. */
  static TrialRecord trial(String config, long seed, String status, String loss, Double distance, Integer modes, Double rkl) {
    return trial(config, seed, status, loss, distance, modes, rkl, status.equals("COMPLETED") ? 0.9 : null);
  }

  /** A ring8 trial with {@code modes} both captured and covered, and high-quality share {@code hq}. */
  static TrialRecord trial(String config, long seed, String status, String loss, Double distance, Integer modes, Double rkl,
      Double hq) {
    return new TrialRecord(config + "-s" + seed, config, seed, Map.of("lr_g", config), TrialStatus.valueOf(status),
        status.equals("COMPLETED") ? null : "cause", status.equals("DIVERGED") ? 812 : null, WireEnum.fromWire(LossKind.class, loss),
        "ring8",
        distance, modes, rkl, modes, hq, null, null);
  }

  static TrialRecord good(String config, long seed, double distance) {
    return trial(config, seed, "COMPLETED", "nsgan", distance, 8, 0.01);
  }
}
