package io.gansweep.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Every trainable tensor of one network as a view of a single flat leaf tensor. Backward through
 * the views accumulates into the one flat gradient, so a network's optimizer step, gradient
 * zeroing and gradient norm are one native call each instead of one per tensor (DJL's
 * {@code adamUpdate} costs tens of microseconds per call on CPU, whatever the tensor's size).
 * The views are made afresh for every pass ({@link #views}): one split and a reshape per tensor.
 */
final class ParameterBuffer {

  private final NDArray flat;
  private final List<Shape> shapes;
  private final long[] splits;

  /** Copies {@code initial} (closed afterwards) into one flat tensor that requires a gradient. */
  ParameterBuffer(List<NDArray> initial) {
    shapes = initial.stream().map(NDArray::getShape).toList();
    splits = new long[initial.size() - 1];
    long offset = 0;
    NDList parts = new NDList(initial.size());
    for (int i = 0; i < initial.size(); i++) {
      offset += initial.get(i).size();
      if (i < splits.length) {
        splits[i] = offset;
      }
      parts.add(initial.get(i).reshape(-1));
    }
    try (Autograd ignored = Autograd.pause()) {
      flat = NDArrays.concat(parts);
    }
    NDScope.unregister(flat); // lives as long as the network's manager, whatever scope builds it
    parts.close();
    initial.forEach(NDArray::close);
    flat.setRequiresGradient(true);
  }

  /** The one leaf tensor: what the optimizer updates. */
  NDArray flat() {
    return flat;
  }

  /** The tensors, in construction order, as views with their graph back to {@link #flat}. */
  List<NDArray> views() {
    return shaped(flat);
  }

  /** The same values with no graph back to {@link #flat}. */
  List<NDArray> frozenViews() {
    return shaped(flat.stopGradient());
  }

  private List<NDArray> shaped(NDArray source) {
    NDList parts = splits.length == 0 ? new NDList(source) : source.split(splits, 0);
    List<NDArray> views = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      views.add(parts.get(i).reshape(shapes.get(i)));
    }
    return views;
  }
}
