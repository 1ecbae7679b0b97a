package io.gansweep.gan;

import ai.djl.ndarray.NDArray;
import io.gansweep.data.SeededRandom;
import java.util.List;

/** A generator or discriminator as the trainer drives it: the MLP of the 2-D mixtures or the DCGAN convnets of images. */
public interface Network {

  /** Every trainable tensor. */
  List<NDArray> parameters();

  /**
   * Every tensor whose value carries from one round to the next, in a fixed order: the
   * parameters, then spectral norm's u vectors, then batch norm's running means and variances.
   * What a checkpoint saves of a network; updated in place, so the list stays valid.
   */
  List<NDArray> state();

  /** One spectral-norm power iteration per weight (no gradient); a no-op without spectral norm. */
  void powerIteration();

  /** The weights for one pass, with their graph back to the parameters. */
  Mlp.Weights weights();

  /** The same values as {@link #weights()} with no graph back to the parameters. */
  Mlp.Weights frozenWeights();

  /** Forward pass; {@code withSlopes} keeps what {@link #inputGradient} needs. */
  Mlp.Trace forward(Mlp.Weights w, NDArray x, Mlp.Mode mode, SeededRandom dropoutRng, boolean withSlopes);

  /** d(output)/d(input) per sample, shaped like the input, as differentiable operations. */
  NDArray inputGradient(Mlp.Weights w, Mlp.Trace trace);
}
