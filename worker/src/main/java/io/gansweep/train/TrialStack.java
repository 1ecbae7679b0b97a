package io.gansweep.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.Adam;
import io.gansweep.gan.Network;
import io.gansweep.metrics.Quality;
import io.gansweep.trial.SampleGrid;
import io.gansweep.trial.SamplePoints;
import io.gansweep.trial.TrialConfig;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What {@link GanTrainer}'s one training loop trains: {@code k} trials whose networks run as one
 * model. A trial alone is a stack of one ({@link SingleStack}: its own networks, any dataset and
 * recipe, unbatched tensors, ops exactly as a single GAN runs them); a pack is a stack of k
 * ({@link PackedStack}: rows of one {@link io.gansweep.gan.StackedMlp} or {@link
 * io.gansweep.gan.StackedConvNet}, tensors with a leading
 * trial axis, the recipes {@link io.gansweep.trial.Hyperparameter#packing} allows). The round's algorithm is the
 * loop's; a stack only says how its tensors are shaped and read back.
 */
interface TrialStack {

  /** The trials, in order; all share every hyperparameter the round reads but lr_g and ttur. */
  List<TrialConfig> configs();

  default int size() {
    return configs().size();
  }

  /** G and D with their optimisers. */
  Model model();

  /** The average over samples: of the whole batch for one trial, per trial (a k-vector) for a pack. */
  UnaryOperator<NDArray> mean();

  /** The scalar a backward pass starts from: the loss itself, or for a pack the sum of its rows. */
  NDArray total(NDArray loss);

  /** {@code b} real samples (per trial) from each trial's data stream. */
  NDArray realBatch(int b);

  /** {@code b} latent vectors (per trial) from each trial's noise stream. */
  NDArray noise(int b);

  /** Points between real and fake at each trial's interpolation draws (gp). */
  NDArray interpolates(NDArray real, NDArray fake);

  /** An input gradient with every per-sample axis flattened into one (the penalty's input). */
  NDArray perSample(NDArray inputGradient);

  /** D's dropout stream, null when D has no dropout. */
  SeededRandom dropout();

  /** Trial {@code i}'s seeded streams. */
  Streams streams(int i);

  /**
   * Every tensor that carries from round to round, in a fixed order: G's state, D's state (see
   * {@link Network#state}), then the moments of G's Adam and of D's. A pack's tensors have a
   * leading trial axis; {@link #part} is a trial's share.
   */
  default List<NDArray> state() {
    List<NDArray> all = new java.util.ArrayList<>(model().generator().state());
    all.addAll(model().discriminator().state());
    all.addAll(model().adamG().moments());
    all.addAll(model().adamD().moments());
    return all;
  }

  /** Trial {@code i}'s share of a {@link #state} tensor, for reading. */
  NDArray part(NDArray state, int i);

  /** Overwrites trial {@code i}'s share of a {@link #state} tensor in place (no gradient). */
  void write(NDArray state, int i, float[] values);

  /**
   * Norm tensors of a network's gradients, each with one value per trial (a scalar for one trial);
   * a trial's global norm is the root of the sum of its values squared.
   */
  NDList norms(List<NDArray> gradients);

  /** Each trial's quality of its fixed evaluation z, with its 2-D points or its image grid. */
  Evaluation evaluate(int step);

  /** Checksum of the pinned feature network, null for 2-D mixtures. */
  String featureNet();

  /** The networks a round trains, and their optimisers (one Adam per network; per row for a pack). */
  record Model(Network generator, Network discriminator, Adam adamG, Adam adamD) {}

  /**
   * One evaluation of every trial of a stack.
   *
   * @param quality per trial
   * @param points per trial: the generated 2-D points (null entries for images)
   * @param grids per trial: the image grid (null entries for 2-D)
   */
  record Evaluation(Quality[] quality, SamplePoints[] points, SampleGrid[] grids) {}
}
