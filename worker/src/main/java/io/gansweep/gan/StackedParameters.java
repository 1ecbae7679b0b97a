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
 * The {@link NetworkParameters} of {@code k} networks of one shape as one: row {@code i} of one
 * {@code k x P} leaf tensor holds network {@code i}'s flat parameters, and every per-network tensor
 * of {@link Network#state} (spectral norm's u vectors, batch norm's running statistics) gets a
 * leading trial axis, row i network i's. A pass sees each tensor as a view in the layout its
 * stacked layer wants ({@code views}): a batched matmul's {@code k x out x in}, a grouped
 * convolution's {@code (k·out) x in x 4 x 4}, batch norm's {@code k·F}. Nothing here mixes rows.
 * Shared by {@link StackedMlp} and {@link StackedConvNet}.
 */
final class StackedParameters {

  private final int k;
  private final NDArray flat;
  private final List<Shape> shapes;
  private final List<Shape> views;
  private final long[] splits;
  private final int weights;
  private final int biases;
  private final int normalised;
  private final double[] scales;
  private final List<NDArray> snU = new ArrayList<>();
  private final List<NDArray> bnMean = new ArrayList<>();
  private final List<NDArray> bnVar = new ArrayList<>();

  /**
   * Stacks the state of {@code nets} (built alike, so {@code layout}, the first one's parameters,
   * describes them all); their own tensors are closed.
   *
   * @param views the shape of every tensor of {@code layout}, in flat order, as a pass reads it
   *     with the trial axis included (a weight's view is taken after scale and spectral norm)
   */
  StackedParameters(List<? extends Network> nets, NetworkParameters layout, List<Shape> views) {
    k = nets.size();
    shapes = layout.shapes();
    if (views.size() != shapes.size()) {
      throw new IllegalArgumentException("Cannot stack networks: one view per tensor (got " + views.size() + " views for "
          + shapes.size() + " tensors; allowed " + shapes.size() + ")");
    }
    this.views = List.copyOf(views);
    int[] groups = layout.groupSizes();
    weights = groups[0];
    biases = groups[1];
    normalised = groups[2];
    scales = layout.scales();
    splits = new long[shapes.size() - 1];
    long offset = 0;
    for (int i = 0; i < splits.length; i++) {
      offset += shapes.get(i).size();
      splits[i] = offset;
    }
    int sn = layout.spectralU().size();
    int tensors = nets.get(0).state().size();
    NDArray stackedFlat;
    try (Autograd ignored = Autograd.pause()) {
      stackedFlat = stackRows(nets, 0);
      for (int t = 1; t < tensors; t++) {
        NDArray stacked = stackRows(nets, t);
        (t <= sn ? snU : t <= sn + normalised ? bnMean : bnVar).add(stacked);
      }
    }
    flat = stackedFlat;
    flat.setRequiresGradient(true);
  }

  /** One {@code k x ...} tensor of state tensor {@code t} of every network (which is closed); it lives as long as the manager. */
  private static NDArray stackRows(List<? extends Network> nets, int t) {
    NDList rows = new NDList(nets.size());
    nets.forEach(n -> rows.add(n.state().get(t)));
    NDArray stacked = NDArrays.stack(rows, 0);
    NDScope.unregister(stacked);
    rows.forEach(NDArray::close);
    return stacked;
  }

  /** Networks stacked. */
  int size() {
    return k;
  }

  /** The one {@code k x P} leaf tensor: what the optimizer updates, row by row. */
  List<NDArray> parameters() {
    return List.of(flat);
  }

  /**
   * {@link Network#state}'s order with a leading trial axis on every tensor: the parameters, the u
   * vectors ({@code k x out x 1}), the running means and variances ({@code k x F}). Row i of each
   * is network i's tensor as it has it alone.
   */
  List<NDArray> state() {
    List<NDArray> all = new ArrayList<>(1 + snU.size() + 2 * bnMean.size());
    all.add(flat);
    all.addAll(snU);
    all.addAll(bnMean);
    all.addAll(bnVar);
    return all;
  }

  /** Running means of batch-norm layer {@code l} as one {@code k·F} view (updated in place by batch norm, row i trial i's). */
  NDArray runningMean(int l) {
    return bnMean.get(l).reshape(-1);
  }

  /** Running variances of batch-norm layer {@code l} as one {@code k·F} view. */
  NDArray runningVar(int l) {
    return bnVar.get(l).reshape(-1);
  }

  /** Weight {@code l} of every row as a matrix {@code k x out x (everything else)}. */
  private NDArray matrix(NDArray part, int l) {
    Shape s = shapes.get(l);
    return part.reshape(k, s.get(0), s.size() / s.get(0));
  }

  /** One power iteration per weight and row (no gradient), as {@link NetworkParameters#powerIteration} does alone. */
  void powerIteration() {
    if (snU.isEmpty()) {
      return;
    }
    try (Autograd ignored = Autograd.pause()) {
      NDList parts = flat.stopGradient().split(splits, 1);
      for (int l = 0; l < snU.size(); l++) {
        NDArray w = matrix(parts.get(l), l);
        NDArray u = snU.get(l);
        NDArray v = normalize(w.transpose(0, 2, 1).batchMatMul(u));
        NDArray next = normalize(w.batchMatMul(v));
        ((PtNDArray) u).intern((PtNDArray) next);
        v.close();
      }
    }
  }

  /** Each row's vector divided by its own norm (as {@link NetworkParameters}' normalize does alone). */
  private static NDArray normalize(NDArray x) {
    return x.div(x.norm(new int[] {1, 2}, true).add(NetworkParameters.SN_EPS));
  }

  /** The views for one pass (weights scaled when equalized, divided by σ per row under spectral norm), with their graph. */
  Mlp.Weights weights() {
    return effective(flat);
  }

  /** The same values as {@link #weights()} with no graph back to the parameters. */
  Mlp.Weights frozenWeights() {
    try (Autograd ignored = Autograd.pause()) {
      return effective(flat.stopGradient());
    }
  }

  private Mlp.Weights effective(NDArray source) {
    NDList parts = source.split(splits, 1);
    List<NDArray> w = new ArrayList<>(weights);
    for (int l = 0; l < weights; l++) {
      NDArray wl = matrix(parts.get(l), l);
      if (scales[l] != 1.0) {
        wl = Tensors.times(wl, scales[l]);
      }
      if (!snU.isEmpty()) {
        NDArray u = snU.get(l);
        NDArray v;
        try (Autograd ignored = Autograd.pause()) {
          v = normalize(wl.transpose(0, 2, 1).batchMatMul(u));
        }
        wl = wl.div(u.transpose(0, 2, 1).batchMatMul(wl.batchMatMul(v))); // σ per row, k x 1 x 1
      }
      w.add(wl.getShape().equals(views.get(l)) ? wl : wl.reshape(views.get(l)));
    }
    return new Mlp.Weights(w, views(parts, weights, biases), views(parts, weights + biases, normalised),
        views(parts, weights + biases + normalised, normalised));
  }

  /** Tensors {@code [from, from + count)} of a pass in their views. */
  private List<NDArray> views(NDList parts, int from, int count) {
    List<NDArray> out = new ArrayList<>(count);
    for (int i = from; i < from + count; i++) {
      out.add(parts.get(i).reshape(views.get(i)));
    }
    return out;
  }
}
