package io.gansweep.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.Datasets;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.Mlp;
import io.gansweep.gan.Network;
import io.gansweep.gan.StackedMlp;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.util.List;
import java.util.Set;

/** The built-in MLPs of the 2-D mixtures ({@code gan.Mlp}): every architecture key applies. */
public final class MlpModel implements GanModel {

  @Override
  public String name() {
    return "mlp";
  }

  @Override
  public boolean accepts(String dataset) {
    return !Datasets.isImages(dataset);
  }

  @Override
  public boolean defaultFor(String dataset) {
    return accepts(dataset);
  }

  @Override
  public Set<Hyperparameter<?>> architectureKeys() {
    return Set.of(Hyperparameter.HIDDEN, Hyperparameter.LAYERS, Hyperparameter.G_ACTIVATION, Hyperparameter.D_ACTIVATION,
        Hyperparameter.SPECTRAL_NORM, Hyperparameter.BATCH_NORM, Hyperparameter.BN_MOMENTUM, Hyperparameter.DROPOUT_D,
        Hyperparameter.FEATURE_MATCHING, Hyperparameter.HIDDEN_D, Hyperparameter.LAYERS_D, Hyperparameter.BATCH_NORM_D,
        Hyperparameter.DROPOUT_G, Hyperparameter.INIT_STD, Hyperparameter.MINIBATCH_STDDEV,
        Hyperparameter.LR_MULTIPLIER, Hyperparameter.INSTANCE_NORM);
  }

  @Override
  public Network generator(TrialConfig c, Shape sample, NDManager manager, DataType dtype, SeededRandom init) {
    return new Mlp(generatorSpec(c, points(sample)), manager, dtype, init);
  }

  @Override
  public Network discriminator(TrialConfig c, Shape sample, NDManager manager, DataType dtype, SeededRandom init) {
    return new Mlp(discriminatorSpec(c, points(sample)), manager, dtype, init);
  }

  @Override
  public Network stack(List<Network> nets, List<SeededRandom> dropout) {
    return new StackedMlp(nets.stream().map(Mlp.class::cast).toList(), dropout);
  }

  /**
   * In {@code dim} coordinates, G's hidden width h and L hidden layers, D's h' and L' (hidden_d,
   * layers_d; G's by default), latent k (every layer has a bias): G has k·h + h + (L−1)(h² + h) +
   * h·dim + dim parameters, D dim·h' + h' + (L'−1)(h'² + h') + h' + 1; batch norm adds its scale
   * and shift, 2 per hidden unit, to the network that has it, and the minibatch std feature one
   * weight to D's output layer.
   */
  @Override
  public Size size(TrialConfig c, Shape sample) {
    long dim = points(sample);
    long h = c.get(Hyperparameter.HIDDEN);
    long layers = c.get(Hyperparameter.LAYERS);
    long hd = c.hiddenD();
    long layersD = c.layersD();
    long k = c.get(Hyperparameter.LATENT_DIM);
    long g = k * h + h + (layers - 1) * (h * h + h) + h * dim + dim + (c.get(Hyperparameter.BATCH_NORM) ? 2 * h * layers : 0);
    long d = dim * hd + hd + (layersD - 1) * (hd * hd + hd) + hd + 1 + (c.get(Hyperparameter.BATCH_NORM_D) ? 2 * hd * layersD : 0)
        + (c.get(Hyperparameter.MINIBATCH_STDDEV) ? 1 : 0);
    return new Size(g + d, k * h + (layers - 1.0) * h * h + h * dim, dim * hd + (layersD - 1.0) * hd * hd + hd);
  }

  /** G of a trial: latent → its g_activation layers (batch norm or dropout when asked) → a point of {@code dim} coordinates. */
  public static Mlp.Spec generatorSpec(TrialConfig c, int dim) {
    return new Mlp.Spec(c.get(Hyperparameter.LATENT_DIM), c.get(Hyperparameter.HIDDEN), c.get(Hyperparameter.LAYERS), dim,
        c.get(Hyperparameter.G_ACTIVATION), c.get(Hyperparameter.INIT), false, c.get(Hyperparameter.BATCH_NORM),
        c.get(Hyperparameter.BN_MOMENTUM), c.get(Hyperparameter.DROPOUT_G), c.get(Hyperparameter.INIT_STD), false,
        c.get(Hyperparameter.LR_MULTIPLIER), c.get(Hyperparameter.INSTANCE_NORM).generator());
  }

  /** D of a trial: a point → one logit, its own size (hidden_d, layers_d), d_activation, spectral norm, batch norm and dropout when asked. */
  public static Mlp.Spec discriminatorSpec(TrialConfig c, int dim) {
    return new Mlp.Spec(dim, c.hiddenD(), c.layersD(), 1, c.get(Hyperparameter.D_ACTIVATION),
        c.get(Hyperparameter.INIT), c.get(Hyperparameter.SPECTRAL_NORM), c.get(Hyperparameter.BATCH_NORM_D), c.get(Hyperparameter.BN_MOMENTUM),
        c.get(Hyperparameter.DROPOUT_D), c.get(Hyperparameter.INIT_STD), c.get(Hyperparameter.MINIBATCH_STDDEV),
        c.get(Hyperparameter.LR_MULTIPLIER), c.get(Hyperparameter.INSTANCE_NORM).discriminator());
  }

  private static int points(Shape sample) {
    if (sample.dimension() != 1) {
      throw new IllegalArgumentException("Cannot build the mlp model: it takes points (got samples shaped " + sample
          + "; allowed one axis of coordinates, such as (2))");
    }
    return (int) sample.get(0);
  }
}
