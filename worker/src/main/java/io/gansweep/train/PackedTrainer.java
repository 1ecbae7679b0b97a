package io.gansweep.train;

import ai.djl.ndarray.NDManager;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * Packing ({@code resources.pack}): which trials may train as one stacked model ({@link Hyperparameter#packing},
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

  /**
   * Whether a trial can train in a pack: every {@link Hyperparameter.Packing#ALONE_UNLESS_DEFAULT} hyperparameter
   * at its default. 2-D mixtures (MLPs) and images (DCGAN convnets) both pack.
   */
  public static boolean packable(TrialConfig c) {
    for (Hyperparameter<?> h : Hyperparameter.values()) {
      if (h.packing() == Hyperparameter.Packing.ALONE_UNLESS_DEFAULT && !c.get(h).equals(h.defaultValue())) {
        return false;
      }
    }
    return true;
  }

  /** What the trials of one pack share: every hyperparameter but the {@link Hyperparameter.Packing#PER_TRIAL} ones (and the seed). */
  public static Map<Hyperparameter<?>, Object> packKey(TrialConfig c) {
    Map<Hyperparameter<?>, Object> key = Hyperparameter.newMap();
    for (Hyperparameter<?> h : Hyperparameter.values()) {
      if (h.packing() != Hyperparameter.Packing.PER_TRIAL) {
        key.put(h, c.get(h));
      }
    }
    return key;
  }

  /**
   * The keys that may differ within a pack, for messages: "seed" and every {@link
   * Hyperparameter.Packing#PER_TRIAL} key, in catalog order (one definition, so a new per-trial key
   * is named without editing a message).
   */
  public static String perTrialNames() {
    List<String> names = new java.util.ArrayList<>(List.of("seed"));
    for (Hyperparameter<?> h : Hyperparameter.values()) {
      if (h.packing() == Hyperparameter.Packing.PER_TRIAL) {
        names.add(h.key());
      }
    }
    return String.join(", ", names);
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
   * round (taken alone or in any pack); empty for a fresh start. {@code pinned}: see {@link
   * io.gansweep.trial.TrialTask#pinned} (null: the local cache).
   */
  public PackedTrainer(List<TrialConfig> configs, NDManager manager, LongSupplier nanos, List<TrialCheckpoint> from,
      String pinned) {
    TrialConfig shared = configs.get(0);
    Map<Hyperparameter<?>, Object> key = packKey(shared);
    for (TrialConfig c : configs) {
      if (!packable(c) || !packKey(c).equals(key)) {
        throw new IllegalArgumentException("Cannot pack trials: " + c.trialId() + " is not packable with " + shared.trialId()
            + " (got " + c + "; allowed trials without feature matching, equal but for " + perTrialNames() + ")");
      }
    }
    trainer = new GanTrainer(new PackedStack(configs, manager, pinned), nanos, from);
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
    return trainTo(until, GanTrainer.Evaluated.NONE);
  }

  /** {@link #trainTo(int)}, telling {@code evaluated} each trial's rows after each evaluation before its last round. */
  public List<GanTrainer.Outcome> trainTo(int until, GanTrainer.Evaluated evaluated) {
    return trainer.trainAllTo(until, step -> {}, evaluated);
  }
}
