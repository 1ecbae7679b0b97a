package io.gansweep.model;

import io.gansweep.data.Datasets;
import io.gansweep.trial.Hyperparameter;
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
  public Set<Hyperparameter<?>> architectureKeys() {
    return Set.of(Hyperparameter.HIDDEN, Hyperparameter.LAYERS, Hyperparameter.G_ACTIVATION, Hyperparameter.D_ACTIVATION,
        Hyperparameter.SPECTRAL_NORM, Hyperparameter.BATCH_NORM, Hyperparameter.BN_MOMENTUM, Hyperparameter.DROPOUT_D,
        Hyperparameter.FEATURE_MATCHING);
  }
}
