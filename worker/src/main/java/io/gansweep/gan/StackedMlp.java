package io.gansweep.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.SeededRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code k} MLPs of one shape trained as one model (packing). Row {@code i} of one {@code k x P}
 * leaf tensor holds network {@code i}'s parameters in the flat layout of {@link
 * NetworkParameters}; every layer runs as one batched matmul over the leading trial axis, so inputs
 * and outputs are {@code k x B x features}. The rows start as copies of {@code k} separately
 * initialised {@link Mlp}s, so a stacked network starts exactly where each would start alone, and
 * nothing in a forward or backward mixes rows.
 *
 * <p>Plain MLPs only: spectral norm's u vectors, batch norm's running statistics and dropout
 * masks are per-network state this class does not stack.
 */
public final class StackedMlp implements Network {

  private final Mlp.Spec spec;
  private final int k;
  private final NDArray flat;
  private final List<Shape> shapes;
  private final long[] splits;
  private final double[] scales;

  /** Stacks the parameters of {@code nets} (same spec); their own parameter tensors are closed. */
  public StackedMlp(List<Mlp> nets) {
    Mlp first = nets.get(0);
    spec = first.spec();
    if (spec.dropout() > 0 || first.parameterSet().normalized()) {
      throw new IllegalArgumentException("Cannot stack MLPs: spectral norm, batch norm and dropout keep per-network state (got "
          + spec + "; allowed plain MLPs)");
    }
    for (Mlp m : nets) {
      if (!m.spec().equals(spec)) {
        throw new IllegalArgumentException("Cannot stack MLPs: their shapes differ (got " + m.spec() + " and " + spec + "; allowed one spec)");
      }
    }
    k = nets.size();
    NetworkParameters p = first.parameterSet();
    shapes = p.shapes();
    scales = p.scales();
    splits = new long[shapes.size() - 1];
    long offset = 0;
    for (int i = 0; i < splits.length; i++) {
      offset += shapes.get(i).size();
      splits[i] = offset;
    }
    NDList rows = new NDList(k);
    for (Mlp m : nets) {
      rows.add(m.parameters().get(0));
    }
    try (Autograd ignored = Autograd.pause()) {
      flat = NDArrays.stack(rows, 0);
    }
    NDScope.unregister(flat); // lives as long as the manager, whatever scope builds it
    rows.forEach(NDArray::close);
    flat.setRequiresGradient(true);
  }

  /** Networks in the stack. */
  public int size() {
    return k;
  }

  public Mlp.Spec spec() {
    return spec;
  }

  /** The one {@code k x P} leaf tensor: what the optimizer updates, row by row. */
  @Override
  public List<NDArray> parameters() {
    return List.of(flat);
  }

  /** The stacked parameters only: a stack has no spectral norm or batch norm. */
  @Override
  public List<NDArray> state() {
    return List.of(flat);
  }

  /** No spectral norm in a stack: nothing to iterate. */
  @Override
  public void powerIteration() {}

  /** Weights {@code k x out x in} (scaled when equalized) and biases {@code k x 1 x out}, with their graph. */
  @Override
  public Mlp.Weights weights() {
    return effective(flat);
  }

  /** The same values as {@link #weights()} with no graph back to the parameters (G's update through D). */
  @Override
  public Mlp.Weights frozenWeights() {
    try (Autograd ignored = Autograd.pause()) {
      return effective(flat.stopGradient());
    }
  }

  private Mlp.Weights effective(NDArray source) {
    NDList parts = source.split(splits, 1);
    int tensors = spec.layers() + 1;
    List<NDArray> w = new ArrayList<>(tensors);
    List<NDArray> b = new ArrayList<>(tensors);
    for (int l = 0; l < tensors; l++) {
      Shape s = shapes.get(l);
      NDArray wl = parts.get(l).reshape(k, s.get(0), s.get(1));
      w.add(scales[l] != 1.0 ? Tensors.times(wl, scales[l]) : wl);
      b.add(parts.get(tensors + l).reshape(k, 1, s.get(0)));
    }
    return new Mlp.Weights(w, b, List.of(), List.of());
  }

  /**
   * {@link #forward(Mlp.Weights, NDArray, boolean)}: a stack has no batch norm (so no mode) and no
   * dropout (so no random stream).
   */
  @Override
  public Mlp.Trace forward(Mlp.Weights w, NDArray x, Mlp.Mode mode, SeededRandom dropoutRng, boolean withSlopes) {
    return forward(w, x, withSlopes);
  }

  /** Forward pass of every network on its own batch: {@code x} is {@code k x B x in}. */
  public Mlp.Trace forward(Mlp.Weights w, NDArray x, boolean withSlopes) {
    List<NDArray> slopes = withSlopes ? new ArrayList<>() : List.of();
    NDArray h = x;
    for (int l = 0; l < spec.layers(); l++) {
      NDArray a = linear(h, w, l);
      h = Mlp.activate(a, spec.act());
      if (withSlopes) {
        slopes.add(Mlp.slope(a, spec.act()));
      }
    }
    return new Mlp.Trace(linear(h, w, spec.layers()), h, slopes);
  }

  private static NDArray linear(NDArray h, Mlp.Weights w, int l) {
    return h.batchMatMul(w.weights().get(l).transpose(0, 2, 1)).add(w.biases().get(l));
  }

  /**
   * d(output)/d(input) per network and sample, {@code k x B x in}, in the closed form of {@link
   * Mlp#inputGradient}: δ = W_out, then δ = (δ ⊙ slope) · W layer by layer from the top.
   */
  @Override
  public NDArray inputGradient(Mlp.Weights w, Mlp.Trace trace) {
    if (spec.out() != 1 || trace.slopes().size() != spec.layers()) {
      throw new IllegalStateException(
          "Cannot take the input gradient: needs one output and a trace with slopes (got out="
              + spec.out() + ", slopes=" + trace.slopes().size() + "; allowed out=1 with forward(..., true))");
    }
    NDArray delta = w.weights().get(spec.layers());
    for (int l = spec.layers() - 1; l >= 0; l--) {
      delta = trace.slopes().get(l).mul(delta).batchMatMul(w.weights().get(l));
    }
    return delta;
  }
}
