package io.gansweep.train;

import ai.djl.ndarray.NDManager;
import io.gansweep.data.ImageDatasets;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Packing ({@code resources.pack}): which trials may train as one stacked model ({@link #packing},
 * {@link #packable}, {@link #packKey}), and training such a pack with {@link GanTrainer}'s one loop
 * over a {@link PackedStack}. G and D of every trial are rows of one {@link
 * io.gansweep.gan.StackedMlp} each, so a round costs one batched matmul per layer for all of them
 * instead of {@code k} small ones. Small GANs are bound by per-op dispatch, not arithmetic, so this
 * shares the fixed cost (bench section 8). Each trial keeps what makes it itself: its seed, its
 * lr_g and ttur (Adam per row), its metrics rows and its divergence.
 */
public final class PackedTrainer {

  private final GanTrainer trainer;

  /** How the packed path treats a hyperparameter: the one place that says what a stack supports. */
  public enum Packing {
    /** Each trial of a pack keeps its own value (Adam per row of the stack). */
    PER_TRIAL,
    /** Applied by the packed path exactly as a trial alone applies it; equal within a pack. */
    SHARED,
    /** Not applied by the packed path: a trial with a value other than the default trains alone. */
    ALONE_UNLESS_DEFAULT
  }

  /**
   * What the packed path does with {@code h}. A switch without a default: a hyperparameter added
   * to the catalog does not compile until it is classified here, so none is ever silently ignored
   * in packs.
   */
  public static Packing packing(Hyperparameter h) {
    return switch (h) {
      case LR_G, TTUR -> Packing.PER_TRIAL;
      // Spectral norm, batch norm and dropout keep their state per row of the stack (u vectors,
      // running statistics, masks from each trial's stream): see StackedMlp.
      case DATASET, STEPS, BATCH_SIZE, LATENT_DIM, HIDDEN, LAYERS, D_STEPS, G_STEPS, INIT, LOSS, PENALTY, PENALTY_WEIGHT,
          ADAM_BETA1, ADAM_BETA2, SPECTRAL_NORM, BATCH_NORM, BN_MOMENTUM, DROPOUT_D, LOG_EVERY, EVAL_EVERY, EVAL_SAMPLES,
          G_ACTIVATION, D_ACTIVATION -> Packing.SHARED;
      // D's features of G's batch (feature matching's target) are not stacked.
      case FEATURE_MATCHING -> Packing.ALONE_UNLESS_DEFAULT;
    };
  }

  /**
   * Whether a trial can train in a pack: a 2-D mixture (image trials have their own networks), and
   * every {@link Packing#ALONE_UNLESS_DEFAULT} hyperparameter at its default.
   */
  public static boolean packable(TrialConfig c) {
    if (ImageDatasets.isImages(c.dataset())) {
      return false;
    }
    for (Hyperparameter h : Hyperparameter.values()) {
      if (packing(h) == Packing.ALONE_UNLESS_DEFAULT && !c.get(h).equals(h.defaultValue())) {
        return false;
      }
    }
    return true;
  }

  /** What the trials of one pack share: every hyperparameter but the {@link Packing#PER_TRIAL} ones (and the seed). */
  public static Map<Hyperparameter, Object> packKey(TrialConfig c) {
    Map<Hyperparameter, Object> key = new EnumMap<>(Hyperparameter.class);
    for (Hyperparameter h : Hyperparameter.values()) {
      if (packing(h) != Packing.PER_TRIAL) {
        key.put(h, c.get(h));
      }
    }
    return key;
  }

  /** Checks that the trials pack and builds their stacked networks and optimisers in {@code manager} (closed by the caller). */
  public PackedTrainer(List<TrialConfig> configs, NDManager manager, LongSupplier nanos) {
    this(configs, manager, nanos, List.of());
  }

  /**
   * The pack resumed from {@code from}: one checkpoint per trial, in order, all after the same
   * round (taken alone or in any pack); empty for a fresh start.
   */
  public PackedTrainer(List<TrialConfig> configs, NDManager manager, LongSupplier nanos, List<TrialCheckpoint> from) {
    TrialConfig shared = configs.get(0);
    Map<Hyperparameter, Object> key = packKey(shared);
    for (TrialConfig c : configs) {
      if (!packable(c) || !packKey(c).equals(key)) {
        throw new IllegalArgumentException("Cannot pack trials: " + c.trialId() + " is not packable with " + shared.trialId()
            + " (got " + c + "; allowed 2-D trials without feature matching, equal but for seed, lr_g and ttur)");
      }
    }
    trainer = new GanTrainer(new PackedStack(configs, manager), nanos, from);
  }

  /** Runs every round for every trial still healthy; one outcome per trial, in the order given. */
  public List<GanTrainer.Outcome> train() {
    return trainer.trainAll(step -> {});
  }

  /** Runs the rounds up to {@code until} (see {@link GanTrainer#trainAllTo}); healthy trials below their steps pause with a checkpoint. */
  public List<GanTrainer.Outcome> trainTo(int until) {
    return trainer.trainAllTo(until, step -> {});
  }
}
