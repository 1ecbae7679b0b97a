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
        Hyperparameter.FEATURE_MATCHING);
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
   * In {@code dim} coordinates, hidden width h, L hidden layers, latent k (every layer has a bias):
   * G has k·h + h + (L−1)(h² + h) + h·dim + dim parameters (2h more per hidden layer with batch
   * norm: its scale and shift), D dim·h + h + (L−1)(h² + h) + h + 1.
   */
  @Override
  public Size size(TrialConfig c, Shape sample) {
    long dim = points(sample);
    long h = c.get(Hyperparameter.HIDDEN);
    long hiddenToHidden = (c.get(Hyperparameter.LAYERS) - 1L) * (h * h + h);
    long k = c.get(Hyperparameter.LATENT_DIM);
    long g = k * h + h + hiddenToHidden + h * dim + dim + (c.get(Hyperparameter.BATCH_NORM) ? 2 * h * c.get(Hyperparameter.LAYERS) : 0);
    long d = dim * h + h + hiddenToHidden + h + 1;
    double between = (c.get(Hyperparameter.LAYERS) - 1.0) * h * h;
    return new Size(g + d, k * h + between + h * dim, dim * h + between + h);
  }

  /** G of a trial: latent → its g_activation layers (batch norm when asked) → a point of {@code dim} coordinates. */
  public static Mlp.Spec generatorSpec(TrialConfig c, int dim) {
    return new Mlp.Spec(c.get(Hyperparameter.LATENT_DIM), c.get(Hyperparameter.HIDDEN), c.get(Hyperparameter.LAYERS), dim,
        c.get(Hyperparameter.G_ACTIVATION), c.get(Hyperparameter.INIT), false, c.get(Hyperparameter.BATCH_NORM),
        c.get(Hyperparameter.BN_MOMENTUM), 0);
  }

  /** D of a trial: a point → one logit, its d_activation, spectral norm and dropout when asked. */
  public static Mlp.Spec discriminatorSpec(TrialConfig c, int dim) {
    return new Mlp.Spec(dim, c.get(Hyperparameter.HIDDEN), c.get(Hyperparameter.LAYERS), 1, c.get(Hyperparameter.D_ACTIVATION),
        c.get(Hyperparameter.INIT), c.get(Hyperparameter.SPECTRAL_NORM), false, c.get(Hyperparameter.BN_MOMENTUM),
        c.get(Hyperparameter.DROPOUT_D));
  }

  private static int points(Shape sample) {
    if (sample.dimension() != 1) {
      throw new IllegalArgumentException("Cannot build the mlp model: it takes points (got samples shaped " + sample
          + "; allowed one axis of coordinates, such as (2))");
    }
    return (int) sample.get(0);
  }
}
