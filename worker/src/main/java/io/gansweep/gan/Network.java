package io.gansweep.gan;

import ai.djl.ndarray.NDArray;
import io.gansweep.data.SeededRandom;
import java.util.List;

/**
 * A generator or discriminator as the trainer drives it, whatever builds it: the built-in MLPs and
 * DCGAN convnets, a TorchScript module, a plug-in's network. The trainer never asks which.
 */
public interface Network {

  /** Whether a forward pass trains (batch statistics, dropout) or evaluates (running statistics, no dropout). */
  enum Mode {
    TRAIN,
    EVAL
  }

  /**
   * The weights as one forward pass uses them, with or without their graph back to the
   * parameters; what it holds is the network's own business (build one per loss: a backward frees
   * its graph).
   */
  interface Weights {}

  /** What a forward pass leaves for the losses and the penalties. */
  interface Trace {

    /** The output: {@code B x out} (a pack: with a leading trial axis). */
    NDArray output();

    /** The last hidden activation, for feature matching; null for a network that does not expose one. */
    NDArray features();
  }

  /** Every trainable tensor. */
  List<NDArray> parameters();

  /**
   * Every tensor whose value carries from one round to the next, in a fixed order: the
   * parameters, then spectral norm's u vectors, then batch norm's running means and variances.
   * What a checkpoint saves of a network; updated in place, so the list stays valid.
   */
  List<NDArray> state();

  /**
   * The network's whole saved state where {@link #state} cannot hold it all: a TorchScript
   * module's bytes (parameters and buffers, such as batch norm's running statistics, which no
   * tensor list reaches); null where {@link #state} is complete (the built-ins).
   */
  default byte[] savedModule() {
    return null;
  }

  /**
   * Takes the state {@link #savedModule} gave (a checkpoint's), before any optimiser holds this
   * network's parameters: {@link #parameters} may be new tensors afterwards.
   */
  default void restoreModule(byte[] saved) {
    throw new IllegalStateException("Cannot restore a saved module: this network keeps all its state in its tensors (got "
        + saved.length + " bytes; allowed none for " + getClass().getSimpleName() + ")");
  }

  /** One spectral-norm power iteration per weight (no gradient); a no-op without spectral norm. */
  void powerIteration();

  /** The weights for one pass, with their graph back to the parameters. */
  Weights weights();

  /** The same values as {@link #weights()} with no graph back to the parameters. */
  Weights frozenWeights();

  /** Forward pass; {@code withInputGradient} keeps what {@link #inputGradient} needs. */
  Trace forward(Weights w, NDArray x, Mode mode, SeededRandom dropoutRng, boolean withInputGradient);

  /** d(output)/d(input) per sample, shaped like the input, as differentiable operations. */
  NDArray inputGradient(Weights w, Trace trace);
}
