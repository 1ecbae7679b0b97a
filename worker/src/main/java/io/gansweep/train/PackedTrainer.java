package io.gansweep.train;

import ai.djl.ndarray.NDManager;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * Packing ({@code resources.pack}): which trials may train as one stacked model ({@link #packing},
 * {@link #packable}, {@link #packKey}), and training such a pack with {@link GanTrainer}'s one loop
 * over a {@link PackedStack}. G and D of every trial are rows of one {@link
 * io.gansweep.gan.StackedMlp} each (2-D mixtures) or of one {@link io.gansweep.gan.StackedConvNet}
 * each (images: every conv layer of the k trials one grouped convolution, after HFTA, Wang et al.
 * 2021), so a round costs one batched kernel per layer for all of them instead of {@code k} small
 * ones. Small GANs are bound by per-op dispatch, not arithmetic, so this shares the fixed cost
 * (bench section 8). Each trial keeps what makes it itself: its seed, its lr_g and ttur (Adam per
 * row), its metrics rows and its divergence.
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
      // running statistics, masks from each trial's stream): see StackedMlp and StackedConvNet.
      // DATASET covers images too: the DCGAN convnets stack as grouped convolutions.
      case DATASET, STEPS, BATCH_SIZE, LATENT_DIM, HIDDEN, LAYERS, D_STEPS, G_STEPS, INIT, LOSS, PENALTY, PENALTY_WEIGHT,
          ADAM_BETA1, ADAM_BETA2, SPECTRAL_NORM, BATCH_NORM, BN_MOMENTUM, DROPOUT_D, LOG_EVERY, EVAL_EVERY, EVAL_SAMPLES,
          G_ACTIVATION, D_ACTIVATION -> Packing.SHARED;
      // D's features of G's batch (feature matching's target) are not stacked.
      case FEATURE_MATCHING -> Packing.ALONE_UNLESS_DEFAULT;
    };
  }

  /**
   * Whether a trial can train in a pack: every {@link Packing#ALONE_UNLESS_DEFAULT} hyperparameter
   * at its default. 2-D mixtures (MLPs) and images (DCGAN convnets) both pack.
   */
  public static boolean packable(TrialConfig c) {
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

  /**
   * Checks that the trials pack and builds their stacked networks and optimisers in {@code manager}
   * (closed by the caller); image trials take the feature network from the local cache.
   */
  public PackedTrainer(List<TrialConfig> configs, NDManager manager, LongSupplier nanos) {
    this(configs, manager, nanos, List.of(), null);
  }

  /** {@link #PackedTrainer(List, NDManager, LongSupplier, List, String)} with the local cache's feature network. */
  public PackedTrainer(List<TrialConfig> configs, NDManager manager, LongSupplier nanos, List<TrialCheckpoint> from) {
    this(configs, manager, nanos, from, null);
  }

  /**
   * The pack resumed from {@code from}: one checkpoint per trial, in order, all after the same
   * round (taken alone or in any pack); empty for a fresh start. {@code featureNets}: see {@link
   * io.gansweep.trial.TrialTask#featureNets} (null for 2-D trials and the local cache).
   */
  public PackedTrainer(List<TrialConfig> configs, NDManager manager, LongSupplier nanos, List<TrialCheckpoint> from,
      String featureNets) {
    TrialConfig shared = configs.get(0);
    Map<Hyperparameter, Object> key = packKey(shared);
    for (TrialConfig c : configs) {
      if (!packable(c) || !packKey(c).equals(key)) {
        throw new IllegalArgumentException("Cannot pack trials: " + c.trialId() + " is not packable with " + shared.trialId()
            + " (got " + c + "; allowed trials without feature matching, equal but for seed, lr_g and ttur)");
      }
    }
    trainer = new GanTrainer(new PackedStack(configs, manager, featureNets), nanos, from);
  }

  /** Checksum of the pinned feature network the evaluations use, null for 2-D mixtures. */
  public String featureNet() {
    return trainer.featureNet();
  }

  /** Runs every round for every trial still healthy; one outcome per trial, in the order given. */
  public List<GanTrainer.Outcome> train() {
    return train(step -> {});
  }

  /** {@link #train()}, calling {@code afterRound} with the step number after each round that leaves a trial healthy. */
  public List<GanTrainer.Outcome> train(IntConsumer afterRound) {
    return trainer.trainAll(afterRound);
  }

  /** Runs the rounds up to {@code until} (see {@link GanTrainer#trainAllTo}); healthy trials below their steps pause with a checkpoint. */
  public List<GanTrainer.Outcome> trainTo(int until) {
    return trainer.trainAllTo(until, step -> {});
  }
}
