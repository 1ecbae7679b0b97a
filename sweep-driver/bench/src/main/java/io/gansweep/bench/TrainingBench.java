package io.gansweep.bench;

import io.gansweep.trial.Hyperparameter;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.Adam;
import io.gansweep.gan.Autograd;
import io.gansweep.gan.Mlp;
import io.gansweep.gan.Network;
import io.gansweep.model.MlpModel;
import io.gansweep.train.GanTrainer;
import io.gansweep.trial.TrialConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Measurements of the training loop itself, each on a real {@link GanTrainer} in this process:
 * per-round times, the optimizer's share of a round, and drift of memory and speed over a long
 * trial. On CPU libtorch runs every op in the calling thread, so host clocks around a round
 * measure it.
 */
public final class TrainingBench {

  private TrainingBench() {}

  /** Wall time of every round of a trial of {@code c}, in ms (the last round includes the final evaluation). */
  public static double[] roundMillis(TrialConfig c, NDManager manager) {
    return run(c, manager, 0, null).millis();
  }

  /** The median of {@code ms[from, to)}. */
  public static double median(double[] ms, int from, int to) {
    double[] part = Arrays.copyOfRange(ms, from, to);
    Arrays.sort(part);
    return part[part.length / 2];
  }

  /**
   * The optimizer's time per round for the networks of {@code c}: {@code d_steps} Adam updates of
   * D and {@code g_steps} of G, median over {@code reps} rounds of updates on real gradients.
   */
  public static double optimizerMillis(TrialConfig c, NDManager manager, int reps) {
    SeededRandom init = SeededRandom.stream(c.seed(), "init");
    Mlp g = new Mlp(MlpModel.generatorSpec(c, 2), manager, DataType.FLOAT32, init);
    Mlp d = new Mlp(MlpModel.discriminatorSpec(c, 2), manager, DataType.FLOAT32, init);
    Adam adamG = Adam.generator(g.parameters(), c);
    Adam adamD = Adam.discriminator(d.parameters(), c);
    SeededRandom rng = SeededRandom.stream(c.seed(), "bench");
    try (NDScope ignored = new NDScope()) {
      NDArray z = manager.create(rng.gaussians(c.get(Hyperparameter.BATCH_SIZE) * c.get(Hyperparameter.LATENT_DIM)), new Shape(c.get(Hyperparameter.BATCH_SIZE), c.get(Hyperparameter.LATENT_DIM)));
      try (Autograd recording = Autograd.record()) {
        NDArray x = g.forward(g.weights(), z, Network.Mode.TRAIN, null, false).output();
        Autograd.backward(d.forward(d.weights(), x, Network.Mode.TRAIN, SeededRandom.stream(0, "dropout"), false).output().sum());
      }
    }
    double[] ms = new double[reps];
    for (int r = 0; r < reps; r++) {
      long t0 = System.nanoTime();
      for (int k = 0; k < c.get(Hyperparameter.D_STEPS); k++) {
        adamD.step();
      }
      for (int k = 0; k < c.get(Hyperparameter.G_STEPS); k++) {
        adamG.step();
      }
      ms[r] = (System.nanoTime() - t0) / 1e6;
    }
    return median(ms, 0, reps);
  }

  /**
   * A long trial's rounds and its resident memory, sampled every {@code every} rounds.
   *
   * @param millis wall time of every round
   * @param rssKb resident set size after rounds every, 2·every, … (empty where /proc is missing)
   */
  public record Trace(double[] millis, long[] rssKb) {
    /** Median round time of the last {@code window} rounds ÷ the first {@code window}. */
    public double timeRatio(int window) {
      return median(millis, millis.length - window, millis.length - 1) / median(millis, 0, window);
    }
  }

  /** Runs a trial of {@code c}, sampling resident memory every {@code every} rounds (0: never). */
  public static Trace run(TrialConfig c, NDManager manager, int every, Path procStatus) {
    long[] stamps = new long[c.get(Hyperparameter.STEPS) + 1];
    long[] rss = new long[every > 0 ? c.get(Hyperparameter.STEPS) / every : 0];
    GanTrainer trainer = new GanTrainer(c, manager, DataType.FLOAT32, System::nanoTime, null);
    stamps[0] = System.nanoTime();
    trainer.train(step -> {
      stamps[step] = System.nanoTime();
      if (every > 0 && step % every == 0) {
        rss[step / every - 1] = residentKb(procStatus);
      }
    });
    double[] ms = new double[c.get(Hyperparameter.STEPS)];
    for (int i = 0; i < ms.length; i++) {
      ms[i] = (stamps[i + 1] - stamps[i]) / 1e6;
    }
    return new Trace(ms, rss);
  }

  /** VmRSS of this process in kB from {@code /proc/self/status}; -1 where it cannot be read. */
  public static long residentKb(Path procStatus) {
    try {
      for (String line : Files.readAllLines(procStatus)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
