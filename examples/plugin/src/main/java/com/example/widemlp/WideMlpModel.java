package com.example.widemlp;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.Datasets;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.Mlp;
import io.gansweep.gan.Network;
import io.gansweep.gan.StackedMlp;
import io.gansweep.model.GanModel;
import io.gansweep.trial.ActivationKind;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.util.List;
import java.util.Set;

/**
 * A gansweep model plug-in: MLPs for the 2-D mixtures whose generator is twice as wide as its
 * discriminator ({@code 2 x hidden} units per layer against {@code hidden}), ReLU in G and
 * LeakyReLU 0.2 in D, no normalisation. Built from gansweep's own {@link Mlp}, so it trains, packs
 * and checkpoints as the built-in {@code mlp} does.
 *
 * <p>It reads two architecture keys, {@code hidden} and {@code layers}; a spec that sets another
 * one (say {@code batch_norm}) for it is refused, since that value would name new trials that train
 * the same. Every recipe key (losses, penalties, learning rates, init, seeds, …) applies.
 *
 * <p>gansweep finds it through {@code META-INF/services/io.gansweep.model.GanModel} once its jar is
 * on the class path; a spec selects it with {@code model: {type: widemlp}}.
 */
public final class WideMlpModel implements GanModel {

  /** The name a spec gives: {@code model: {type: widemlp}}. */
  public static final String NAME = "widemlp";

  /** G's hidden width over D's. */
  public static final int WIDTH_RATIO = 2;

  /** Unused without batch norm; Mlp's spec asks for one. */
  private static final double NO_BATCH_NORM_MOMENTUM = 0.1;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean accepts(String dataset) {
    return !Datasets.isImages(dataset);
  }

  @Override
  public Set<Hyperparameter<?>> architectureKeys() {
    return Set.of(Hyperparameter.HIDDEN, Hyperparameter.LAYERS);
  }

  @Override
  public Network generator(TrialConfig c, Shape sample, NDManager manager, DataType dtype, SeededRandom init) {
    return new Mlp(new Mlp.Spec(c.get(Hyperparameter.LATENT_DIM), WIDTH_RATIO * c.get(Hyperparameter.HIDDEN),
        c.get(Hyperparameter.LAYERS), points(sample), ActivationKind.RELU, c.get(Hyperparameter.INIT), false, false,
        NO_BATCH_NORM_MOMENTUM, 0), manager, dtype, init);
  }

  @Override
  public Network discriminator(TrialConfig c, Shape sample, NDManager manager, DataType dtype, SeededRandom init) {
    return new Mlp(new Mlp.Spec(points(sample), c.get(Hyperparameter.HIDDEN), c.get(Hyperparameter.LAYERS), 1,
        ActivationKind.LEAKY_RELU, c.get(Hyperparameter.INIT), false, false, NO_BATCH_NORM_MOMENTUM, 0), manager, dtype, init);
  }

  @Override
  public Network stack(List<Network> nets, List<SeededRandom> dropout) {
    return new StackedMlp(nets.stream().map(Mlp.class::cast).toList(), dropout);
  }

  /**
   * In {@code dim} coordinates, D's width h, G's width w = 2h, L hidden layers, latent k (every
   * layer has a bias): G has k·w + w + (L−1)(w² + w) + w·dim + dim parameters, D dim·h + h +
   * (L−1)(h² + h) + h + 1.
   */
  @Override
  public Size size(TrialConfig c, Shape sample) {
    long dim = points(sample);
    long h = c.get(Hyperparameter.HIDDEN);
    long w = WIDTH_RATIO * h;
    long between = c.get(Hyperparameter.LAYERS) - 1L;
    long k = c.get(Hyperparameter.LATENT_DIM);
    long g = k * w + w + between * (w * w + w) + w * dim + dim;
    long d = dim * h + h + between * (h * h + h) + h + 1;
    return new Size(g + d, k * w + between * w * w + w * dim, dim * h + between * h * h + h);
  }

  private static int points(Shape sample) {
    if (sample.dimension() != 1) {
      throw new IllegalArgumentException("Cannot build the " + NAME + " model: it takes points (got samples shaped " + sample
          + "; allowed one axis of coordinates, such as (2))");
    }
    return (int) sample.get(0);
  }
}
