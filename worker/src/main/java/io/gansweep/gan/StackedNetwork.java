package io.gansweep.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.SeededRandom;
import java.util.List;

/**
 * What every stack of k networks in a pack ({@link StackedMlp}, {@link StackedConvNet}) does the
 * same way: its parameters, state, power iteration and weights are its {@link StackedParameters},
 * and its dropout masks are drawn row by row, row i's from trial i's own stream.
 */
abstract sealed class StackedNetwork implements Network permits StackedMlp, StackedConvNet {

  /** The stacked parameters and per-network state, one row per network. */
  abstract StackedParameters stacked();

  /** Networks in the stack. */
  public int size() {
    return stacked().size();
  }

  /** The one {@code k x P} leaf tensor: what the optimizer updates, row by row. */
  @Override
  public List<NDArray> parameters() {
    return stacked().parameters();
  }

  /** The network's own state order with a leading trial axis on every tensor (see {@link StackedParameters#state}). */
  @Override
  public List<NDArray> state() {
    return stacked().state();
  }

  /** One power iteration per weight and row (no gradient), as {@link NetworkParameters#powerIteration} does alone. */
  @Override
  public void powerIteration() {
    stacked().powerIteration();
  }

  /** The weights of every row with their graph (scaled when equalized, divided by σ per row under spectral norm). */
  @Override
  public Mlp.Weights weights() {
    return stacked().weights();
  }

  /** The same values as {@link #weights()} with no graph back to the parameters (G's update through D). */
  @Override
  public Mlp.Weights frozenWeights() {
    return stacked().frozenWeights();
  }

  /**
   * The stack's inverted-dropout masks: row i's of shape {@code row} drawn from {@code streams[i]}
   * as {@link Tensors#dropoutMask} draws it for the trial alone, the k rows stacked on {@code axis}.
   */
  static NDArray masks(Shape row, double rate, List<SeededRandom> streams, int axis, NDManager manager, DataType dtype) {
    NDList rows = new NDList(streams.size());
    for (SeededRandom stream : streams) {
      rows.add(Tensors.dropoutMask(row, rate, stream, manager, dtype));
    }
    return NDArrays.stack(rows, axis);
  }
}
