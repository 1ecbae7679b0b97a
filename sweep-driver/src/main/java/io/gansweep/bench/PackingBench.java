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

  /**
   * A recipe of the packed path: its name in the bench's figures and the hyperparameters it sets
   * on top of the bench trial (none for plain MLPs).
   */
  public record Recipe(String name, Map<Hyperparameter, Object> values) {}

  /** Plain MLPs, then the recipes whose networks keep per-trial state in a pack. */
  public static final List<Recipe> RECIPES = List.of(new Recipe("plain", Map.of()),
      new Recipe("spectral norm", Map.of(Hyperparameter.SPECTRAL_NORM, true)),
      new Recipe("dropout 0.2", Map.of(Hyperparameter.DROPOUT_D, 0.2)),
      new Recipe("batch norm in G", Map.of(Hyperparameter.BATCH_NORM, true)));

  /** The bench trial: {@code rounds} rounds of the quickstart shape with {@code recipe}; seed and lr_g vary with {@code i}. */
  static TrialConfig config(int i, int rounds, Recipe recipe) {
    Map<Hyperparameter, Object> values = new java.util.EnumMap<>(Hyperparameter.class);
    values.putAll(Map.of(Hyperparameter.STEPS, rounds, Hyperparameter.HIDDEN, 64, Hyperparameter.LAYERS, 2,
        Hyperparameter.LR_G, 1e-4 * (1 + i % 4), Hyperparameter.LOG_EVERY, 25, Hyperparameter.EVAL_EVERY, rounds,
        Hyperparameter.EVAL_SAMPLES, 100));
    values.putAll(recipe.values());
    return TrialConfig.of(values, i);
  }

  /** Wall milliseconds per round of {@code k} trials trained together ({@code k = 1}: one trial alone, unpacked), plain MLPs. */
  public static double roundMillis(int k, int rounds) {
    return roundMillis(k, rounds, RECIPES.get(0));
  }

  /** Wall milliseconds per round of {@code k} trials of {@code recipe} trained together ({@code k = 1}: one trial alone, unpacked). */
  public static double roundMillis(int k, int rounds, Recipe recipe) {
    try (NDManager manager = NDManager.newBaseManager()) {
      long t0 = System.nanoTime();
      if (k == 1) {
        new GanTrainer(config(0, rounds, recipe), manager, DataType.FLOAT32, System::nanoTime, null).train();
      } else {
        List<TrialConfig> configs = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
          configs.add(config(i, rounds, recipe));
        }
        new PackedTrainer(configs, manager, System::nanoTime).train();
      }
      return (System.nanoTime() - t0) / 1e6 / rounds;
    }
  }
}
