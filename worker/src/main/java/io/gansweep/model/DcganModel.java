package io.gansweep.model;

import io.gansweep.data.Datasets;
import io.gansweep.trial.Hyperparameter;
import java.util.Set;

/**
 * The built-in DCGAN convnets of the image datasets ({@code gan.ConvNet}): {@code hidden} is D's
 * first channel count; the depth is fixed (two conv layers), so {@code layers} does not apply.
 */
public final class DcganModel implements GanModel {

  @Override
  public String name() {
    return "dcgan";
  }

  @Override
  public boolean accepts(String dataset) {
    return Datasets.isImages(dataset);
  }

  @Override
  public Set<Hyperparameter<?>> architectureKeys() {
    return Set.of(Hyperparameter.HIDDEN, Hyperparameter.G_ACTIVATION, Hyperparameter.D_ACTIVATION,
        Hyperparameter.SPECTRAL_NORM, Hyperparameter.BATCH_NORM, Hyperparameter.BN_MOMENTUM, Hyperparameter.DROPOUT_D,
        Hyperparameter.FEATURE_MATCHING);
  }
}
