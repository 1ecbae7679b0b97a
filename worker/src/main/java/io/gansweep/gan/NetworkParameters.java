package io.gansweep.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * The trainable tensors of one network (its weights, biases and batch-norm scales and shifts) and
 * what every pass does to them: the equalized-learning-rate scale and spectral normalisation.
 *
 * <p>All tensors are views of one flat leaf tensor. Backward through the views accumulates into
 * the one flat gradient, so a network's optimizer step, gradient zeroing and gradient norm are one
 * native call each instead of one per tensor (DJL's {@code adamUpdate} costs tens of microseconds
 * per call on CPU whatever the tensor's size). The views are made afresh for every pass: one split
 * and a reshape per tensor.
 */
final class NetworkParameters {

  /** Added to a norm before dividing by it (spectral norm's power iteration). */
  static final float SN_EPS = 1e-12f;

  private final NDArray flat;
  private final List<Shape> shapes;
  private final long[] splits;
  private final int[] groupSizes;
  private final double[] scales;
  private final List<NDArray> snU;

  /**
   * Copies the initial tensors (closed afterwards) into one flat tensor that requires a gradient.
   *
   * @param scales run-time scale of each weight (1 unless equalized)
   * @param snU spectral norm's u vector of each weight (rows x 1), empty without spectral norm
   */
  NetworkParameters(List<NDArray> weights, List<NDArray> biases, List<NDArray> gamma, List<NDArray> beta, double[] scales,
      List<NDArray> snU) {
    List<NDArray> all = new ArrayList<>(weights);
    all.addAll(biases);
    all.addAll(gamma);
    all.addAll(beta);
    groupSizes = new int[] {weights.size(), biases.size(), gamma.size(), beta.size()};
    this.scales = scales.clone();
    this.snU = List.copyOf(snU);
    shapes = all.stream().map(NDArray::getShape).toList();
    splits = new long[all.size() - 1];
    long offset = 0;
    NDList parts = new NDList(all.size());
    for (int i = 0; i < all.size(); i++) {
      offset += all.get(i).size();
      if (i < splits.length) {
        splits[i] = offset;
      }
      parts.add(all.get(i).reshape(-1));
    }
    try (Autograd ignored = Autograd.pause()) {
      flat = NDArrays.concat(parts);
    }
    NDScope.unregister(flat); // lives as long as the network's manager, whatever scope builds it
    parts.forEach(NDArray::close);
    all.forEach(NDArray::close);
    flat.setRequiresGradient(true);
  }

  /** Shape of every tensor in flat order: the weights, then biases, batch-norm scales and shifts. */
  List<Shape> shapes() {
    return shapes;
  }

  /** How many weights, biases, batch-norm scales and batch-norm shifts there are, in flat order. */
  int[] groupSizes() {
    return groupSizes.clone();
  }

  /** Run-time scale of each weight (1 unless equalized). */
  double[] scales() {
    return scales.clone();
  }

  /** Spectral norm's u vector of each weight (rows x 1), empty without spectral norm; for {@link StackedParameters}. */
  List<NDArray> spectralU() {
    return snU;
  }

  /**
   * {@link Network#state} of the network these parameters belong to: the flat tensor, the
   * spectral-norm u vectors (updated in place by {@link #powerIteration}), then the network's
   * batch-norm running means and variances (updated in place by its passes).
   */
  List<NDArray> state(List<NDArray> runningMean, List<NDArray> runningVar) {
    List<NDArray> all = new ArrayList<>(1 + snU.size() + runningMean.size() + runningVar.size());
    all.add(flat);
    all.addAll(snU);
    all.addAll(runningMean);
    all.addAll(runningVar);
    return all;
  }

  /** The one leaf tensor: what the optimizer updates. */
  List<NDArray> parameters() {
    return List.of(flat);
  }

  /** The tensors as they are stored (before scale and spectral norm), with or without their graph back to the flat tensor. */
  private Mlp.Weights raw(boolean withGraph) {
    NDArray source = withGraph ? flat : flat.stopGradient();
    NDList parts = splits.length == 0 ? new NDList(source) : source.split(splits, 0);
    List<List<NDArray>> groups = new ArrayList<>();
    int i = 0;
    for (int size : groupSizes) {
      List<NDArray> g = new ArrayList<>(size);
      for (int k = 0; k < size; k++, i++) {
        g.add(parts.get(i).reshape(shapes.get(i)));
      }
      groups.add(g);
    }
    return new Mlp.Weights(groups.get(0), groups.get(1), groups.get(2), groups.get(3));
  }

  /**
   * One power iteration per weight (no gradient), on the weight as a matrix rows × everything
   * else: v = Wᵀu/‖Wᵀu‖, u = Wv/‖Wv‖. A no-op without spectral norm.
   */
  void powerIteration() {
    if (snU.isEmpty()) {
      return;
    }
    try (Autograd ignored = Autograd.pause()) {
      List<NDArray> w = raw(false).weights();
      for (int l = 0; l < w.size(); l++) {
        NDArray m = matrix(w.get(l));
        NDArray u = snU.get(l);
        NDArray v = normalize(m.transpose().matMul(u));
        NDArray next = normalize(m.matMul(v));
        ((PtNDArray) u).intern((PtNDArray) next);
        v.close();
      }
    }
  }

  private static NDArray matrix(NDArray w) {
    return w.getShape().dimension() == 2 ? w : w.reshape(w.getShape().get(0), -1);
  }

  private static NDArray normalize(NDArray x) {
    return x.div(x.norm().add(SN_EPS));
  }

  /** The weights for one pass: W·scale, divided by σ = uᵀWv under spectral norm; graph back to the flat tensor. */
  Mlp.Weights weights() {
    return effective(raw(true));
  }

  /** The same values as {@link #weights()} with no graph back to the flat tensor. */
  Mlp.Weights frozenWeights() {
    try (Autograd ignored = Autograd.pause()) {
      return effective(raw(false));
    }
  }

  private Mlp.Weights effective(Mlp.Weights raw) {
    List<NDArray> effective = new ArrayList<>(raw.weights().size());
    for (int l = 0; l < raw.weights().size(); l++) {
      NDArray w = raw.weights().get(l);
      if (scales[l] != 1.0) {
        w = Tensors.times(w, scales[l]);
      }
      if (!snU.isEmpty()) {
        NDArray m = matrix(w);
        NDArray u = snU.get(l);
        NDArray v;
        try (Autograd ignored = Autograd.pause()) {
          v = normalize(m.transpose().matMul(u));
        }
        NDArray sigma = u.transpose().matMul(m.matMul(v)).reshape(new Shape());
        w = w.div(sigma);
      }
      effective.add(w);
    }
    return new Mlp.Weights(effective, raw.biases(), raw.gamma(), raw.beta());
  }
}
