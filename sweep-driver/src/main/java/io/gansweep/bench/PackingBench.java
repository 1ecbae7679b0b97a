package io.gansweep.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.gansweep.train.GanTrainer;
import io.gansweep.train.PackedTrainer;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What packing buys a trial's rounds: the real trainers on the quickstart's GAN shape (ring8 nsgan,
 * hidden 64, 2 layers, batch 256), one trial alone ({@link GanTrainer}) against {@code k} trials
 * of different seeds and learning rates in one pack ({@link PackedTrainer}). Each run evaluates only
 * at its first and last round, on 100 samples, so rounds dominate.
 */
public final class PackingBench {

  private PackingBench() {}

  /** The bench trial: {@code rounds} rounds of the quickstart shape; seed and lr_g vary with {@code i}. */
  static TrialConfig config(int i, int rounds) {
    return TrialConfig.of(Map.of(Hyperparameter.STEPS, rounds, Hyperparameter.HIDDEN, 64, Hyperparameter.LAYERS, 2,
        Hyperparameter.LR_G, 1e-4 * (1 + i % 4), Hyperparameter.LOG_EVERY, 25, Hyperparameter.EVAL_EVERY, rounds,
        Hyperparameter.EVAL_SAMPLES, 100), i);
  }

  /** Wall milliseconds per round of {@code k} trials trained together ({@code k = 1}: one trial alone, unpacked). */
  public static double roundMillis(int k, int rounds) {
    try (NDManager manager = NDManager.newBaseManager()) {
      long t0 = System.nanoTime();
      if (k == 1) {
        new GanTrainer(config(0, rounds), manager, DataType.FLOAT32, System::nanoTime, null).train();
      } else {
        List<TrialConfig> configs = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
          configs.add(config(i, rounds));
        }
        new PackedTrainer(configs, manager, System::nanoTime).train();
      }
      return (System.nanoTime() - t0) / 1e6 / rounds;
    }
  }
}
