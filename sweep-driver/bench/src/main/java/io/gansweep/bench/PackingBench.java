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
import java.util.function.IntConsumer;

/**
 * What packing buys a trial's rounds: the real trainers on the quickstart's GAN shape (ring8 nsgan,
 * hidden 64, 2 layers, batch 256) or a recipe's, one trial alone ({@link GanTrainer}) against
 * {@code k} trials of different seeds and learning rates in one pack ({@link PackedTrainer}); only
 * rounds are timed, never setup, warm-up or evaluations.
 */
public final class PackingBench {

  private PackingBench() {}

  /**
   * A recipe of the packed path: its name in the bench's figures, the hyperparameters it sets on
   * top of the bench trial (none for plain MLPs) and the most timed rounds a measurement of it
   * takes (a pack of 8 example-size DCGANs takes most of a second a round on 2 cores).
   */
  public record Recipe(String name, Map<Hyperparameter<?>, Object> values, int roundCap) {
    /** The timed rounds of a measurement asked for {@code requested}. */
    public int rounds(int requested) {
      return Math.min(requested, roundCap);
    }
  }

  /** The small DCGAN recipe's name, the one with the target. */
  public static final String DCGAN_SMALL = "DCGAN base 8, batch 16";

  /** The DCGAN recipe on shapes (Adam beta1 0.5, N(0, 0.02) init) with {@code base} channels and batch {@code batch}. */
  private static Map<Hyperparameter<?>, Object> dcgan(int base, int batch) {
    return Map.of(Hyperparameter.DATASET, "shapes", Hyperparameter.HIDDEN, base, Hyperparameter.BATCH_SIZE, batch,
        Hyperparameter.LATENT_DIM, 32, Hyperparameter.ADAM_BETA1, 0.5, Hyperparameter.INIT, "normal02");
  }

  /**
   * Plain MLPs, then the recipes whose networks keep per-trial state in a pack, then DCGAN
   * convnets (grouped convolutions): a small one (base 8, batch 16), bound by per-op dispatch as
   * the MLPs are, and the shape of examples/shapes-dcgan.yaml (base 32, batch 64), bound by the
   * convolutions' arithmetic on a CPU.
   */
  public static final List<Recipe> RECIPES = List.of(new Recipe("plain", Map.of(), Integer.MAX_VALUE),
      new Recipe("spectral norm", Map.of(Hyperparameter.SPECTRAL_NORM, true), Integer.MAX_VALUE),
      new Recipe("dropout 0.2", Map.of(Hyperparameter.DROPOUT_D, 0.2), Integer.MAX_VALUE),
      new Recipe("batch norm in G", Map.of(Hyperparameter.BATCH_NORM, true), Integer.MAX_VALUE),
      new Recipe(DCGAN_SMALL, dcgan(8, 16), Integer.MAX_VALUE),
      new Recipe("DCGAN base 32, batch 64", dcgan(32, 64), 15));

  /**
   * The bench trial: {@code steps} rounds of the quickstart shape with {@code recipe}, evaluated at
   * its first and last round only; seed and lr_g vary with {@code i}.
   */
  static TrialConfig config(int i, int steps, Recipe recipe) {
    Map<Hyperparameter<?>, Object> values = Hyperparameter.newMap();
    values.putAll(Map.of(Hyperparameter.STEPS, steps, Hyperparameter.HIDDEN, 64, Hyperparameter.LAYERS, 2,
        Hyperparameter.LR_G, 1e-4 * (1 + i % 4), Hyperparameter.LOG_EVERY, 25, Hyperparameter.EVAL_EVERY, steps,
        Hyperparameter.EVAL_SAMPLES, 100));
    values.putAll(recipe.values()); // a recipe's values replace the bench trial's (a DCGAN's hidden is its base channels)
    return TrialConfig.of(values, i);
  }

  /**
   * Wall milliseconds per round of {@code k} trials of {@code recipe} trained together ({@code k =
   * 1}: one trial alone, unpacked): the {@code rounds} rounds after {@code warmup} untimed ones,
   * none of them evaluating (the trial's one evaluation after its start comes a round later), so
   * setup, warm-up and evaluations are outside the figure.
   */
  public static double roundMillis(int k, int warmup, int rounds, Recipe recipe) {
    int steps = warmup + rounds + 1;
    long[] at = new long[2];
    IntConsumer clock = step -> {
      if (step == warmup) {
        at[0] = System.nanoTime();
      } else if (step == warmup + rounds) {
        at[1] = System.nanoTime();
      }
    };
    try (NDManager manager = NDManager.newBaseManager()) {
      if (k == 1) {
        new GanTrainer(config(0, steps, recipe), manager, DataType.FLOAT32, System::nanoTime, null).train(clock);
      } else {
        List<TrialConfig> configs = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
          configs.add(config(i, steps, recipe));
        }
        new PackedTrainer(configs, manager, System::nanoTime).train(clock);
      }
    }
    if (at[1] == 0) {
      throw new IllegalStateException("Cannot time rounds: the bench trials of " + recipe.name() + " stopped before round "
          + (warmup + rounds) + " (got a diverged trial; allowed none)");
    }
    return (at[1] - at[0]) / 1e6 / rounds;
  }
}
