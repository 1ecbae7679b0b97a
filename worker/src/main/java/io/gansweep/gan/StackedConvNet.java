package io.gansweep.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.gansweep.data.SeededRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code k} {@link ConvNet}s of one spec trained as one model (packing), fused the way HFTA fuses
 * them (Wang et al., "Horizontally Fused Training Array", MLSys 2021): inside a pass the feature
 * maps of all k networks are one {@code B x (k·C) x H x W} tensor, channels trial-major (channel
 * {@code i·C + c} is network i's channel c), so
 *
 * <ul>
 *   <li>a convolution of every network is one grouped convolution, groups = k, with the k weights
 *       as one {@code (k·Cout) x Cin x 4 x 4} kernel;
 *   <li>a transposed convolution is one grouped transposed convolution ({@link
 *       ConvNet#transposedConv(NDArray, NDArray, NDArray, int, NDArray)});
 *   <li>a linear layer (G's first, D's last) is one batched matmul over a leading trial axis, as
 *       in {@link StackedMlp};
 *   <li>batch norm (G) is one call over the k·C channels: a channel belongs to one trial, so its
 *       statistics are that trial's over its own batch, and the running statistics of the k·C
 *       channels are stored as {@code k x C}, row i trial i's;
 *   <li>spectral norm (D) keeps a u vector per row and divides each row's weight by its own σ
 *       ({@link StackedParameters});
 *   <li>dropout (D) multiplies by per-trial masks, each drawn from its own trial's dropout stream in
 *       the shape and order that trial draws it alone ({@code B x C x H x W}), then laid side by
 *       side on the channel axis.
 * </ul>
 *
 * <p>Between the networks (G's output, D's input, the input gradient) tensors carry the trial axis
 * first, {@code k x B x channels x size x size}, as a pack's losses and penalties read them. The rows start
 * as copies of k separately initialised ConvNets, so a stack starts exactly where each would start
 * alone, and nothing in a forward or backward mixes rows. A ConvNet ignores batch norm in D and
 * dropout in G; so does its stack.
 */
public final class StackedConvNet extends StackedNetwork {

  private final ConvNet.Spec spec;
  private final int k;
  private final StackedParameters params;
  private final List<SeededRandom> dropoutStreams;
  private final NDArray phaseSelection;

  /**
   * Stacks the parameters and per-network state of {@code nets} (same spec); their own tensors
   * are closed. {@code dropoutStreams} holds each network's dropout stream, in order (empty
   * without dropout): the stack draws row i's masks from stream i.
   */
  public StackedConvNet(List<ConvNet> nets, List<SeededRandom> dropoutStreams) {
    ConvNet first = nets.get(0);
    spec = first.spec();
    for (ConvNet n : nets) {
      if (!n.spec().equals(spec)) {
        throw new IllegalArgumentException("Cannot stack convnets: their shapes differ (got " + n.spec() + " and " + spec
            + "; allowed one spec)");
      }
    }
    k = nets.size();
    if (dropsOut() && dropoutStreams.size() != k) {
      throw new IllegalArgumentException("Cannot stack convnets: dropout needs one stream per network (got " + dropoutStreams.size()
          + " streams for " + k + " networks; allowed " + k + ")");
    }
    this.dropoutStreams = List.copyOf(dropoutStreams);
    NetworkParameters p = first.parameterSet();
    params = new StackedParameters(nets, p, views(p.shapes()));
    phaseSelection = first.phaseSelection(); // one constant, the same for every row
  }

  private boolean dropsOut() {
    return !spec.generator() && spec.dropout() > 0;
  }

  /**
   * How a pass reads each tensor of the flat layout (weights, biases, then batch norm's scales
   * and shifts): a linear weight {@code k x out x in} and its bias {@code k x 1 x out} (batched
   * matmul); a conv weight {@code (k·out) x in x 4 x 4} (grouped convolution); a transposed conv
   * weight {@code k x in x out x 4 x 4}, rearranged by the grouped transposed convolution; conv
   * biases, scales and shifts as one {@code k·C} vector.
   */
  private List<Shape> views(List<Shape> shapes) {
    int layers = spec.blocks() + 1;
    List<Shape> views = new ArrayList<>(shapes.size());
    int linear = spec.generator() ? 0 : layers - 1;
    for (int l = 0; l < layers; l++) {
      Shape s = shapes.get(l);
      if (l == linear) {
        views.add(new Shape(k, s.get(0), s.get(1)));
      } else if (spec.generator()) {
        views.add(new Shape(k, s.get(0), s.get(1), s.get(2), s.get(3)));
      } else {
        views.add(new Shape(k * s.get(0), s.get(1), s.get(2), s.get(3)));
      }
    }
    for (int i = layers; i < shapes.size(); i++) {
      long n = shapes.get(i).size();
      views.add(i == layers + linear ? new Shape(k, 1, n) : new Shape(k * n));
    }
    return views;
  }

  /** The stacked parameters; the state is {@link ConvNet#state}'s order with a leading trial axis on every tensor. */
  @Override
  StackedParameters stacked() {
    return params;
  }

  public ConvNet.Spec spec() {
    return spec;
  }

  /**
   * Forward pass of every network on its own batch: {@code x} is {@code k x B x latent} for G and
   * {@code k x B x channels x size x size} for D; G's output is {@code k x B x channels x size x size}, D's
   * {@code k x B x 1}. The masks come from the streams given at construction, so {@code
   * dropoutRng} is not read.
   */
  @Override
  public Mlp.Trace forward(Network.Weights weights, NDArray x, Mode mode, SeededRandom dropoutRng, boolean withSlopes) {
    Mlp.Weights w = (Mlp.Weights) weights;
    return spec.generator() ? generate(w, x, mode) : discriminate(w, x, mode, withSlopes);
  }

  private Mlp.Trace generate(Mlp.Weights w, NDArray z, Network.Mode mode) {
    int n = spec.blocks();
    int q = spec.startSide();
    long b = z.getShape().get(1);
    NDArray a = z.batchMatMul(w.weights().get(0).transpose(0, 2, 1)).add(w.biases().get(0)); // k x B x width·q·q
    a = a.transpose(1, 0, 2).reshape(b, k * spec.width(n), q, q);
    NDArray h = Mlp.activate(batchNorm(a, w, 0, mode), spec.act());
    for (int l = 1; l < n; l++) {
      a = ConvNet.transposedConv(h, w.weights().get(l), w.biases().get(l), k, phaseSelection);
      h = Mlp.activate(batchNorm(a, w, l, mode), spec.act());
    }
    NDArray out = Activation.tanh(ConvNet.transposedConv(h, w.weights().get(n), w.biases().get(n), k, phaseSelection));
    return new Mlp.Trace(trialFirst(out), h, List.of());
  }

  /** Batch norm of {@code B x (k·C) x H x W} over every channel: each trial's statistics over its own batch. */
  private NDArray batchNorm(NDArray a, Mlp.Weights w, int l, Network.Mode mode) {
    if (!spec.batchNorm()) {
      return a;
    }
    return JniUtils.batchNorm((PtNDArray) a, (PtNDArray) params.runningMean(l), (PtNDArray) params.runningVar(l),
        (PtNDArray) w.gamma().get(l), (PtNDArray) w.beta().get(l), mode == Network.Mode.TRAIN, spec.bnMomentum(), Mlp.BN_EPS);
  }

  private Mlp.Trace discriminate(Mlp.Weights w, NDArray x, Network.Mode mode, boolean withSlopes) {
    int n = spec.blocks();
    List<NDArray> slopes = withSlopes ? new ArrayList<>() : List.of();
    long b = x.getShape().get(1);
    NDArray h = x.transpose(1, 0, 2, 3, 4).reshape(b, k * (long) spec.channels(), spec.size(), spec.size());
    for (int l = 0; l < n; l++) {
      NDArray a = Conv2d.conv2d(h, w.weights().get(l), w.biases().get(l), ConvNet.STRIDE, ConvNet.PADDING, new Shape(1, 1), k)
          .singletonOrThrow();
      h = Mlp.activate(a, spec.act());
      NDArray mask = null;
      if (dropsOut() && mode == Network.Mode.TRAIN) {
        Shape shape = h.getShape(); // B x (k·C) x H x W: row i's masks B x C x H x W side by side
        mask = masks(new Shape(shape.get(0), shape.get(1) / k, shape.get(2), shape.get(3)), spec.dropout(), dropoutStreams, 1,
            h.getManager(), h.getDataType()).reshape(shape);
        h = h.mul(mask);
      }
      if (withSlopes) {
        NDArray s = Mlp.slope(a, spec.act());
        slopes.add(mask == null ? s : s.mul(mask));
      }
    }
    NDArray features = h.reshape(b, k, -1).transpose(1, 0, 2); // k x B x width·q·q
    NDArray out = features.batchMatMul(w.weights().get(n).transpose(0, 2, 1)).add(w.biases().get(n));
    return new Mlp.Trace(out, features, slopes);
  }

  /** {@code B x (k·C) x H x W} as {@code k x B x C x H x W}. */
  private NDArray trialFirst(NDArray a) {
    Shape s = a.getShape();
    return a.reshape(s.get(0), k, s.get(1) / k, s.get(2), s.get(3)).transpose(1, 0, 2, 3, 4);
  }

  /**
   * d(logit)/d(image) per network and sample, {@code k x B x channels x size x size}, in the closed form
   * of {@link ConvNet#inputGradient}: the output weights as the last feature map of every trial,
   * then back through each conv layer as the grouped transposed convolution with the same weights,
   * times the slopes (and masks) of the trace.
   */
  @Override
  public NDArray inputGradient(Network.Weights weights, Network.Trace traced) {
    Mlp.Weights w = (Mlp.Weights) weights;
    Mlp.Trace trace = (Mlp.Trace) traced;
    int n = spec.blocks();
    if (spec.generator() || trace.slopes().size() != n) {
      throw new IllegalStateException("Cannot take the input gradient: needs the discriminator and a trace with slopes (got "
          + spec.role() + " with " + trace.slopes().size() + " slopes; allowed DISCRIMINATOR with forward(..., withSlopes=true))");
    }
    int q = spec.startSide();
    NDArray delta = w.weights().get(n).reshape(1, k * spec.width(n), q, q);
    for (int l = n - 1; l >= 0; l--) {
      Shape ws = w.weights().get(l).getShape(); // (k·out) x in x 4 x 4: the transposed conv's k x in' x out' x 4 x 4
      NDArray asTransposed = w.weights().get(l).reshape(k, ws.get(0) / k, ws.get(1), ws.get(2), ws.get(3));
      delta = ConvNet.transposedConv(trace.slopes().get(l).mul(delta), asTransposed, null, k, phaseSelection);
    }
    return trialFirst(delta);
  }
}
