package io.gansweep.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
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
public final class StackedMlp extends StackedNetwork {

  private final Mlp.Spec spec;
  private final int k;
  private final StackedParameters params;
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
    // Weights k x out x in and biases k x 1 x out for batched matmuls; scales and shifts k·F for batch norm.
    List<Shape> views = new ArrayList<>();
    int tensors = spec.layers() + 1;
    for (int l = 0; l < tensors; l++) {
      views.add(new Shape(k, p.shapes().get(l).get(0), p.shapes().get(l).get(1)));
    }
    for (int l = 0; l < tensors; l++) {
      views.add(new Shape(k, 1, p.shapes().get(tensors + l).get(0)));
    }
    for (int i = 2 * tensors; i < p.shapes().size(); i++) {
      views.add(new Shape(k * p.shapes().get(i).size()));
    }
    params = new StackedParameters(nets, p, views);
  }

  /**
   * The stacked parameters: weights {@code k x out x in} and biases {@code k x 1 x out}; the state is {@link Mlp#state}'s
   * order with a leading trial axis: the parameters, the u vectors ({@code k x out x 1}), the
   * running means and variances ({@code k x F}), row i of each network i's tensor as it has it alone.
   */
  @Override
  StackedParameters stacked() {
    return params;
  }

  public Mlp.Spec spec() {
    return spec;
  }

  /**
   * Forward pass of every network on its own batch: {@code x} is {@code k x B x in}. The masks
   * come from the streams given at construction, so {@code dropoutRng} is not read.
   */
  @Override
  public Mlp.Trace forward(Network.Weights weights, NDArray x, Mode mode, SeededRandom dropoutRng, boolean withSlopes) {
    Mlp.Weights w = (Mlp.Weights) weights;
    List<NDArray> slopes = withSlopes ? new ArrayList<>() : List.of();
    NDArray h = x;
    for (int l = 0; l < spec.layers(); l++) {
      NDArray a = linear(h, w, l);
      if (spec.batchNorm()) {
        a = batchNorm(a, w, l, mode);
      }
      h = Mlp.activate(a, spec.act());
      NDArray mask = null;
      if (spec.dropout() > 0 && mode == Network.Mode.TRAIN) {
        mask = masks(h.getShape().slice(1), spec.dropout(), dropoutStreams, 0, h.getManager(), h.getDataType());
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
    return forward(w, x, Network.Mode.TRAIN, null, withSlopes);
  }

  /** Batch norm of {@code k x B x F} pre-activations per trial: one call over {@code B x (k·F)}. */
  private NDArray batchNorm(NDArray a, Mlp.Weights w, int l, Network.Mode mode) {
    Shape s = a.getShape();
    long batch = s.get(1);
    long features = s.get(2);
    NDArray wide = a.transpose(1, 0, 2).reshape(batch, k * features);
    // Views of the k x F running statistics: the call updates them in place, row i trial i's.
    NDArray mean = params.runningMean(l);
    NDArray var = params.runningVar(l);
    NDArray out = JniUtils.batchNorm((PtNDArray) wide, (PtNDArray) mean, (PtNDArray) var, (PtNDArray) w.gamma().get(l),
        (PtNDArray) w.beta().get(l), mode == Network.Mode.TRAIN, spec.bnMomentum(), Mlp.BN_EPS);
    return out.reshape(batch, k, features).transpose(1, 0, 2);
  }

  private static NDArray linear(NDArray h, Mlp.Weights w, int l) {
    return h.batchMatMul(w.weights().get(l).transpose(0, 2, 1)).add(w.biases().get(l));
  }

  /**
   * d(output)/d(input) per network and sample, {@code k x B x in}, in the closed form of {@link
   * Mlp#inputGradient}: δ = W_out, then δ = (δ ⊙ slope) · W layer by layer from the top.
   */
  @Override
  public NDArray inputGradient(Network.Weights weights, Network.Trace traced) {
    Mlp.Weights w = (Mlp.Weights) weights;
    Mlp.Trace trace = (Mlp.Trace) traced;
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
