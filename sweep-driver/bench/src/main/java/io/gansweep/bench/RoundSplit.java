package io.gansweep.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.Adam;
import io.gansweep.gan.Autograd;
import io.gansweep.gan.Network;
import io.gansweep.loss.AdversarialLoss;
import io.gansweep.loss.GradientPenalty;
import io.gansweep.model.GanModel;
import io.gansweep.model.Models;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.PenaltyKind;
import io.gansweep.trial.TrialConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where section 13's round goes, phase by phase: a copy of {@code GanTrainer.round} for one trial
 * with one D and one G update (nsgan, penalty none or r1), built from the same worker calls
 * (networks from {@link Models}, {@link Adam}, {@link AdversarialLoss}, {@link GradientPenalty},
 * {@link Autograd}) with a host clock between phases (on CPU libtorch runs every op in the calling
 * thread, so the clock sees each phase's own work). Its real batch is Gaussian noise of the
 * batch's shape, not ring8 (the arithmetic is the same). A diagnostic, not a figure with a target:
 * if GanTrainer's round changes, this copy must follow.
 *
 * <p>Usage: {@code RoundSplit [EXAMPLES_DIR [ROUNDS [REPS]]]} (defaults examples/torchscript, 100,
 * 5): for the built-in pair and the TorchScript twin, per penalty, interleaved repetitions of a
 * fresh trial (20 untimed rounds, then ROUNDS timed), at one intra-op thread; prints the median
 * over repetitions of each phase's mean ms per round.
 */
public final class RoundSplit {

  private RoundSplit() {}

  /** The phases of a round, in order. */
  static final List<String> PHASES = List.of("inputs (real batch, z)", "G forward", "D forward real + fake, loss",
      "D input gradient + penalty", "D zero grad + backward", "Adam D", "D forward on fake, G loss", "G zero grad + backward", "Adam G",
      "host sync (losses)");

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "examples/torchscript");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int warmup = 20;
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      List<String> sums = TorchScriptBench.check(dir);
      JniUtils.setNumThreads(1);
      for (String penalty : TorchScriptBench.PENALTIES) {
        double[][][] ms = new double[2][reps][];
        for (int rep = -1; rep < reps; rep++) {
          for (int k = 0; k < 2; k++) {
            int impl = (k + rep + 2) % 2; // alternate which runs first
            TrialConfig c = impl == 0 ? TorchScriptBench.builtIn(penalty, warmup + rounds)
                : TorchScriptBench.torchScript(sums, penalty, warmup + rounds);
            try (NDManager m = manager.newSubManager()) {
              double[] split = split(c, m, warmup, rounds);
              if (rep >= 0) {
                ms[impl][rep] = split;
              }
            }
          }
        }
        System.out.printf(Locale.ROOT, "%nnsgan%s, batch %d, 1 thread: mean ms per round, median over %d repetitions%n",
            penalty.equals("none") ? "" : " + " + penalty, TorchScriptBench.BATCH, reps);
        System.out.printf(Locale.ROOT, "%-30s %9s %12s %9s%n", "phase", "built-in", "TorchScript", "TS - b-i");
        double tb = 0;
        double tt = 0;
        for (int p = 0; p <= PHASES.size(); p++) {
          double b = phase(ms[0], p);
          double t = phase(ms[1], p);
          if (p < PHASES.size()) {
            tb += b;
            tt += t;
          }
          System.out.printf(Locale.ROOT, "%-30s %9.3f %12.3f %+9.3f%n", p < PHASES.size() ? PHASES.get(p) : "round (median of totals)", b, t,
              t - b);
        }
        System.out.printf(Locale.ROOT, "%-30s %9.3f %12.3f %+9.3f%n", "sum of the phase medians", tb, tt, tt - tb);
      }
    }
  }

  /** The median over repetitions of phase {@code p} (the total where {@code p} is one past the last). */
  private static double phase(double[][] reps, int p) {
    double[] v = new double[reps.length];
    for (int r = 0; r < reps.length; r++) {
      v[r] = p < PHASES.size() ? reps[r][p] : java.util.Arrays.stream(reps[r]).sum();
    }
    return TorchScriptBench.median(v);
  }

  /** Mean ms per timed round of each phase, for a fresh trial of {@code c}. */
  static double[] split(TrialConfig c, NDManager manager, int warmup, int rounds) {
    int b = c.get(Hyperparameter.BATCH_SIZE);
    int latent = c.get(Hyperparameter.LATENT_DIM);
    boolean r1 = c.get(Hyperparameter.PENALTY) == PenaltyKind.R1;
    GanModel model = Models.of(c);
    SeededRandom init = SeededRandom.stream(c.seed(), "init");
    Network g = model.generator(c, new Shape(2), manager, DataType.FLOAT32, init);
    Network d = model.discriminator(c, new Shape(2), manager, DataType.FLOAT32, init);
    Adam adamG = Adam.generator(g.parameters(), c);
    Adam adamD = Adam.discriminator(d.parameters(), c);
    SeededRandom data = SeededRandom.stream(c.seed(), "data");
    SeededRandom noise = SeededRandom.stream(c.seed(), "noise");
    SeededRandom dropout = SeededRandom.stream(c.seed(), "dropout");
    double[] sum = new double[PHASES.size()];
    for (int step = 0; step < warmup + rounds; step++) {
      long[] t = new long[PHASES.size() + 1];
      try (NDScope ignored = new NDScope()) {
        t[0] = System.nanoTime();
        NDArray real = manager.create(data.gaussians(b * 2), new Shape(b, 2));
        NDArray z = manager.create(noise.gaussians(b * latent), new Shape(b, latent));
        t[1] = System.nanoTime();
        NDArray fakeForG;
        try (Autograd ignored2 = Autograd.record()) {
          fakeForG = g.forward(g.weights(), z, Network.Mode.TRAIN, null, false).output();
        }
        NDArray fake = fakeForG.stopGradient();
        t[2] = System.nanoTime();
        d.powerIteration();
        NDArray lossD;
        try (Autograd ignored2 = Autograd.record()) {
          Network.Weights w = d.weights();
          Network.Trace onReal = d.forward(w, real, Network.Mode.TRAIN, dropout, r1);
          Network.Trace onFake = d.forward(w, fake, Network.Mode.TRAIN, dropout, false);
          lossD = AdversarialLoss.discriminator(c.get(Hyperparameter.LOSS), onReal.output(), onFake.output());
          t[3] = System.nanoTime();
          if (r1) {
            NDArray grad = d.inputGradient(w, onReal);
            grad = grad.reshape(grad.getShape().get(0), -1);
            lossD = lossD.add(GradientPenalty.of(PenaltyKind.R1, grad, c.get(Hyperparameter.PENALTY_WEIGHT)));
          }
        }
        t[4] = System.nanoTime();
        Autograd.zeroGradients(d.parameters());
        Autograd.backward(lossD);
        t[5] = System.nanoTime();
        adamD.step();
        t[6] = System.nanoTime();
        NDArray lossG;
        try (Autograd ignored2 = Autograd.record()) {
          Network.Trace onFake = d.forward(d.frozenWeights(), fakeForG, Network.Mode.TRAIN, dropout, false);
          lossG = AdversarialLoss.generator(c.get(Hyperparameter.LOSS), onFake.output());
        }
        t[7] = System.nanoTime();
        Autograd.zeroGradients(g.parameters());
        Autograd.backward(lossG);
        t[8] = System.nanoTime();
        adamG.step();
        t[9] = System.nanoTime();
        NDArrays.stack(new NDList(lossD, lossG)).toType(DataType.FLOAT64, false).toDoubleArray();
        t[10] = System.nanoTime();
      }
      if (step >= warmup) {
        for (int p = 0; p < PHASES.size(); p++) {
          sum[p] += (t[p + 1] - t[p]) / 1e6 / rounds;
        }
      }
    }
    return sum;
  }
}
