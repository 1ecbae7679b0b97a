package io.gansweep.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.gansweep.data.SeededRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code k} MLPs of one shape trained as one model (packing). Row {@code i} of one {@code k x P}
 * leaf tensor holds network {@code i}'s parameters in the flat layout of {@link
 * NetworkParameters}; every layer runs as one batched matmul over the leading trial axis, so inputs
 * and outputs are {@code k x B x features}. The rows start as copies of {@code k} separately
 * initialised {@link Mlp}s, so a stacked network starts exactly where each would start alone, and
 * nothing in a forward or backward mixes rows.
 *
 * <p>Every option of {@link Mlp} keeps its per-network state per row:
 *
 * <ul>
 *   <li>spectral norm: one u vector per row ({@code k x out x 1}), one batched power iteration, σ
 *       per row;
 *   <li>batch norm: per-trial statistics. The {@code k x B x F} pre-activations are laid out as
 *       {@code B x (k·F)}, so one batch-norm call normalises every trial's features over its own
 *       batch, as k separate calls would (no channel spans two trials), with running statistics
 *       of {@code k·F} stored as {@code k x F}, row i trial i's;
 *   <li>dropout: per-trial masks, each drawn from its own trial's dropout stream in the order the
 *       trial alone draws it, then stacked.
 * </ul>
 */
public final class StackedMlp implements Network {

  private final Mlp.Spec spec;
  private final int k;
  private final NDArray flat;
  private final List<Shape> shapes;
  private final long[] splits;
  private final double[] scales;
  private final List<NDArray> snU = new ArrayList<>();
  private final List<NDArray> bnMean = new ArrayList<>();
  private final List<NDArray> bnVar = new ArrayList<>();
  private final List<SeededRandom> dropoutStreams;

  /** Stacks the parameters of {@code nets} (same spec, no dropout); their own parameter tensors are closed. */
  public StackedMlp(List<Mlp> nets) {
    this(nets, List.of());
  }

  /**
   * Stacks the parameters and per-network state of {@code nets} (same spec); their own tensors
   * are closed. {@code dropoutStreams} holds each network's dropout stream, in order (empty
   * without dropout): the stack draws row i's masks from stream i.
   */
  public StackedMlp(List<Mlp> nets, List<SeededRandom> dropoutStreams) {
    Mlp first = nets.get(0);
    spec = first.spec();
    for (Mlp m : nets) {
      if (!m.spec().equals(spec)) {
        throw new IllegalArgumentException("Cannot stack MLPs: their shapes differ (got " + m.spec() + " and " + spec + "; allowed one spec)");
      }
    }
    k = nets.size();
    if (spec.dropout() > 0 && dropoutStreams.size() != k) {
      throw new IllegalArgumentException("Cannot stack MLPs: dropout needs one stream per network (got " + dropoutStreams.size()
          + " streams for " + k + " networks; allowed " + k + ")");
    }
    this.dropoutStreams = List.copyOf(dropoutStreams);
    NetworkParameters p = first.parameterSet();
    shapes = p.shapes();
    scales = p.scales();
    splits = new long[shapes.size() - 1];
    long offset = 0;
    for (int i = 0; i < splits.length; i++) {
      offset += shapes.get(i).size();
      splits[i] = offset;
    }
    try (Autograd ignored = Autograd.pause()) {
      flat = stackRows(nets, m -> m.parameters().get(0));
      for (int l = 0; l < p.spectralU().size(); l++) {
        int layer = l;
        snU.add(stackRows(nets, m -> m.parameterSet().spectralU().get(layer)));
      }
      for (int l = 0; spec.batchNorm() && l < spec.layers(); l++) {
        int layer = l;
        bnMean.add(stackRows(nets, m -> m.runningMean(layer)));
        bnVar.add(stackRows(nets, m -> m.runningVar(layer)));
      }
    }
    flat.setRequiresGradient(true);
  }

  /** One {@code k x ...} tensor of every network's {@code part}, which is closed; it lives as long as the manager. */
  private static NDArray stackRows(List<Mlp> nets, Function<Mlp, NDArray> part) {
    NDList rows = new NDList(nets.size());
    nets.forEach(m -> rows.add(part.apply(m)));
    NDArray stacked = NDArrays.stack(rows, 0);
    NDScope.unregister(stacked);
    rows.forEach(NDArray::close);
    return stacked;
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

  /**
   * {@link Mlp#state}'s order with a leading trial axis on every tensor: the parameters, the u
   * vectors ({@code k x out x 1}), the running means and variances ({@code k x F}). Row i of each
   * is network i's tensor as it has it alone.
   */
  @Override
  public List<NDArray> state() {
    List<NDArray> all = new ArrayList<>(1 + snU.size() + 2 * bnMean.size());
    all.add(flat);
    all.addAll(snU);
    all.addAll(bnMean);
    all.addAll(bnVar);
    return all;
  }

  /** One power iteration per weight and row (no gradient), as {@link NetworkParameters#powerIteration} does alone. */
  @Override
  public void powerIteration() {
    if (snU.isEmpty()) {
      return;
    }
    try (Autograd ignored = Autograd.pause()) {
      NDList parts = flat.stopGradient().split(splits, 1);
      for (int l = 0; l < snU.size(); l++) {
        Shape s = shapes.get(l);
        NDArray w = parts.get(l).reshape(k, s.get(0), s.get(1));
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

  /** Weights {@code k x out x in} (scaled when equalized, divided by σ per row under spectral norm) and biases {@code k x 1 x out}, with their graph. */
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
      w.add(wl);
      b.add(parts.get(tensors + l).reshape(k, 1, s.get(0)));
    }
    List<NDArray> gamma = new ArrayList<>();
    List<NDArray> beta = new ArrayList<>();
    for (int l = 0; spec.batchNorm() && l < spec.layers(); l++) {
      gamma.add(parts.get(2 * tensors + l).reshape(-1));
      beta.add(parts.get(2 * tensors + spec.layers() + l).reshape(-1));
    }
    return new Mlp.Weights(w, b, gamma, beta);
  }

  /**
   * Forward pass of every network on its own batch: {@code x} is {@code k x B x in}. The masks
   * come from the streams given at construction, so {@code dropoutRng} is not read.
   */
  @Override
  public Mlp.Trace forward(Mlp.Weights w, NDArray x, Mlp.Mode mode, SeededRandom dropoutRng, boolean withSlopes) {
    List<NDArray> slopes = withSlopes ? new ArrayList<>() : List.of();
    NDArray h = x;
    for (int l = 0; l < spec.layers(); l++) {
      NDArray a = linear(h, w, l);
      if (spec.batchNorm()) {
        a = batchNorm(a, w, l, mode);
      }
      h = Mlp.activate(a, spec.act());
      NDArray mask = null;
      if (spec.dropout() > 0 && mode == Mlp.Mode.TRAIN) {
        mask = masks(h.getShape(), h.getManager(), h.getDataType());
        h = h.mul(mask);
      }
      if (withSlopes) {
        if (spec.batchNorm()) {
          throw new IllegalStateException(
              "Cannot take the input gradient: batch norm couples the samples (got batch_norm; allowed D without it)");
        }
        NDArray s = Mlp.slope(a, spec.act());
        slopes.add(mask == null ? s : s.mul(mask));
      }
    }
    return new Mlp.Trace(linear(h, w, spec.layers()), h, slopes);
  }

  /** Forward pass without batch norm's mode or dropout: a training-mode pass of a plain stack. */
  public Mlp.Trace forward(Mlp.Weights w, NDArray x, boolean withSlopes) {
    return forward(w, x, Mlp.Mode.TRAIN, null, withSlopes);
  }

  /** Batch norm of {@code k x B x F} pre-activations per trial: one call over {@code B x (k·F)}. */
  private NDArray batchNorm(NDArray a, Mlp.Weights w, int l, Mlp.Mode mode) {
    Shape s = a.getShape();
    long batch = s.get(1);
    long features = s.get(2);
    NDArray wide = a.transpose(1, 0, 2).reshape(batch, k * features);
    // Views of the k x F running statistics: the call updates them in place, row i trial i's.
    NDArray mean = bnMean.get(l).reshape(-1);
    NDArray var = bnVar.get(l).reshape(-1);
    NDArray out = JniUtils.batchNorm((PtNDArray) wide, (PtNDArray) mean, (PtNDArray) var, (PtNDArray) w.gamma().get(l),
        (PtNDArray) w.beta().get(l), mode == Mlp.Mode.TRAIN, spec.bnMomentum(), Mlp.BN_EPS);
    return out.reshape(batch, k, features).transpose(1, 0, 2);
  }

  /** Row i's inverted-dropout mask from stream i, as {@link Tensors#dropoutMask} draws it alone; {@code k x B x F}. */
  private NDArray masks(Shape shape, NDManager manager, DataType dtype) {
    Shape row = shape.slice(1);
    NDList rows = new NDList(k);
    for (int i = 0; i < k; i++) {
      rows.add(Tensors.dropoutMask(row, spec.dropout(), dropoutStreams.get(i), manager, dtype));
    }
    return NDArrays.stack(rows, 0);
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
