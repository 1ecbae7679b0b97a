package io.gansweep.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.gansweep.data.SeededRandom;
import io.gansweep.trial.ActivationKind;
import io.gansweep.trial.InitScheme;
import java.util.ArrayList;
import java.util.List;

/**
 * DCGAN-style convnets (Radford et al. 2016) for square greyscale images of side {@code size}
 * (28 or 32; any multiple of 4), with {@code base} channels in the first conv layer:
 *
 * <ul>
 *   <li>generator: z → linear → 2·base × size/4 × size/4 → [BN] ReLU → transposed conv 4×4/2 →
 *       base × size/2 × size/2 → [BN] ReLU → transposed conv 4×4/2 → 1 × size × size → tanh;
 *   <li>discriminator: image → conv 4×4/2 → base × size/2 × size/2 → LeakyReLU 0.2 [dropout] →
 *       conv 4×4/2 → 2·base × size/4 × size/4 → LeakyReLU 0.2 [dropout] → linear → one logit.
 * </ul>
 *
 * The same options as {@link Mlp}: init schemes (conv fan-in = in·k·k; a transposed conv's
 * fan-in follows PyTorch, out·k·k), equalized learning rate, batch norm in G, spectral norm of
 * every D weight (as a matrix out × in·k·k, one power iteration per update), dropout in D, and the
 * closed-form input gradient for the penalties: through a conv layer it is the transposed
 * convolution with the same weights, so gp and r1 need no double backward here either. The
 * generator's "transposed conv" layers are {@link #transposedConv}.
 */
public final class ConvNet implements Network {

  static final int KERNEL = 4;
  static final Shape STRIDE = new Shape(2, 2);
  static final Shape PADDING = new Shape(1, 1);

  /** Which of the two networks. */
  public enum Role {
    GENERATOR,
    DISCRIMINATOR
  }

  /**
   * Shape and options.
   *
   * @param role generator or discriminator
   * @param latent dimension of z (generator only)
   * @param base channels of the conv layer at half resolution
   * @param size image side in pixels, a multiple of 4
   * @param act hidden activation (the final tanh of G stays)
   * @param init weight initialisation
   * @param spectralNorm normalise every weight by its largest singular value (discriminator)
   * @param batchNorm batch-normalise the hidden layers (generator)
   * @param bnMomentum running-statistics momentum (PyTorch convention)
   * @param dropout dropout rate after each hidden activation (discriminator)
   */
  public record Spec(Role role, int latent, int base, int size, ActivationKind act, InitScheme init, boolean spectralNorm,
      boolean batchNorm,
      double bnMomentum, double dropout) {
    public Spec {
      if (size % 4 != 0 || size < 8) {
        throw new IllegalArgumentException("Cannot build DCGAN: image side not a multiple of 4 (got " + size + "; allowed 28, 32, any multiple of 4 from 8)");
      }
      if (batchNorm && dropout > 0) {
        throw new IllegalArgumentException("Cannot build DCGAN: batch norm and dropout in one network (got both; allowed either)");
      }
    }

    boolean generator() {
      return role == Role.GENERATOR;
    }
  }

  private final Spec spec;
  private final DataType dtype;
  private final NetworkParameters params;
  private final List<NDArray> bnMean = new ArrayList<>();
  private final List<NDArray> bnVar = new ArrayList<>();

  public ConvNet(Spec spec, NDManager manager, DataType dtype, SeededRandom rng) {
    this.spec = spec;
    this.dtype = dtype;
    int c = spec.base();
    int s = spec.size() / 4;
    int k2 = KERNEL * KERNEL;
    double hiddenGain = Init.gain(spec.act());
    // Per layer: weight shape, and the (rows, fan-in) the init scheme sees.
    long[][] shapes;
    int[][] fans;
    if (spec.generator()) {
      shapes = new long[][] {{2L * c * s * s, spec.latent()}, {2L * c, c, KERNEL, KERNEL}, {c, 1, KERNEL, KERNEL}};
      fans = new int[][] {{2 * c * s * s, spec.latent()}, {2 * c, c * k2}, {c, k2}};
    } else {
      shapes = new long[][] {{c, 1, KERNEL, KERNEL}, {2L * c, c, KERNEL, KERNEL}, {1, 2L * c * s * s}};
      fans = new int[][] {{c, k2}, {2 * c, c * k2}, {1, 2 * c * s * s}};
    }
    long[] biasSizes = spec.generator() ? new long[] {2L * c * s * s, c, 1} : new long[] {c, 2L * c, 1};
    double[] scales = new double[3];
    List<NDArray> weights = new ArrayList<>();
    List<NDArray> biases = new ArrayList<>();
    List<NDArray> snU = new ArrayList<>();
    List<NDArray> bnGamma = new ArrayList<>();
    List<NDArray> bnBeta = new ArrayList<>();
    try (Autograd ignored = Autograd.pause()) {
      for (int l = 0; l < 3; l++) {
        double gain = l == 2 ? 1.0 : hiddenGain;
        float[] w = Init.weights(spec.init(), fans[l][0], fans[l][1], gain, rng);
        scales[l] = Init.runtimeScale(spec.init(), fans[l][1], gain);
        weights.add(Tensors.typed(manager.create(w, new Shape(shapes[l])), dtype));
        biases.add(Tensors.typed(manager.create(Init.biases(spec.init(), (int) biasSizes[l], fans[l][1], rng),
            new Shape(biasSizes[l])), dtype));
        if (spec.spectralNorm()) {
          int rows = (int) shapes[l][0];
          NDArray u = Tensors.typed(manager.create(rng.gaussians(rows), new Shape(rows, 1)), dtype);
          snU.add(u.div(u.norm()));
          u.close();
        }
        if (spec.batchNorm() && l < 2) {
          long channels = l == 0 ? 2L * c : c;
          bnGamma.add(Tensors.typed(manager.ones(new Shape(channels), DataType.FLOAT32), dtype));
          bnBeta.add(Tensors.typed(manager.zeros(new Shape(channels), DataType.FLOAT32), dtype));
          bnMean.add(Tensors.typed(manager.zeros(new Shape(channels), DataType.FLOAT32), dtype));
          bnVar.add(Tensors.typed(manager.ones(new Shape(channels), DataType.FLOAT32), dtype));
        }
      }
    }
    params = new NetworkParameters(weights, biases, bnGamma, bnBeta, scales, snU);
  }

  /** The parameters and their layout, for {@link StackedConvNet}. */
  NetworkParameters parameterSet() {
    return params;
  }

  public Spec spec() {
    return spec;
  }

  @Override
  public List<NDArray> parameters() {
    return params.parameters();
  }

  @Override
  public List<NDArray> state() {
    return params.state(bnMean, bnVar);
  }

  @Override
  public void powerIteration() {
    params.powerIteration();
  }

  @Override
  public Mlp.Weights weights() {
    return params.weights();
  }

  @Override
  public Mlp.Weights frozenWeights() {
    return params.frozenWeights();
  }

  @Override
  public Mlp.Trace forward(Mlp.Weights w, NDArray x, Mlp.Mode mode, SeededRandom dropoutRng, boolean withSlopes) {
    return spec.generator() ? generate(w, x, mode) : discriminate(w, x, mode, dropoutRng, withSlopes);
  }

  private NDArray batchNorm(NDArray a, Mlp.Weights w, int l, Mlp.Mode mode) {
    if (!spec.batchNorm()) {
      return a;
    }
    return JniUtils.batchNorm((PtNDArray) a, (PtNDArray) bnMean.get(l), (PtNDArray) bnVar.get(l),
        (PtNDArray) w.gamma().get(l), (PtNDArray) w.beta().get(l), mode == Mlp.Mode.TRAIN, spec.bnMomentum(), Mlp.BN_EPS);
  }

  private Mlp.Trace generate(Mlp.Weights w, NDArray z, Mlp.Mode mode) {
    int s = spec.size() / 4;
    long b = z.getShape().get(0);
    NDArray a = Linear.linear(z, w.weights().get(0), w.biases().get(0)).singletonOrThrow().reshape(b, 2L * spec.base(), s, s);
    NDArray h = Mlp.activate(batchNorm(a, w, 0, mode), spec.act());
    a = transposedConv(h, w.weights().get(1), w.biases().get(1));
    h = Mlp.activate(batchNorm(a, w, 1, mode), spec.act());
    NDArray out = Activation.tanh(transposedConv(h, w.weights().get(2), w.biases().get(2)));
    return new Mlp.Trace(out, h, List.of());
  }

  private Mlp.Trace discriminate(Mlp.Weights w, NDArray x, Mlp.Mode mode, SeededRandom dropoutRng, boolean withSlopes) {
    List<NDArray> slopes = withSlopes ? new ArrayList<>() : List.of();
    NDArray h = x;
    for (int l = 0; l < 2; l++) {
      NDArray a = Conv2d.conv2d(h, w.weights().get(l), w.biases().get(l), STRIDE, PADDING).singletonOrThrow();
      h = Mlp.activate(a, spec.act());
      NDArray mask = null;
      if (spec.dropout() > 0 && mode == Mlp.Mode.TRAIN) {
        mask = Tensors.dropoutMask(h.getShape(), spec.dropout(), dropoutRng, h.getManager(), dtype);
        h = h.mul(mask);
      }
      if (withSlopes) {
        NDArray s = Mlp.slope(a, spec.act());
        slopes.add(mask == null ? s : s.mul(mask));
      }
    }
    NDArray features = h.reshape(h.getShape().get(0), -1);
    NDArray out = Linear.linear(features, w.weights().get(2), w.biases().get(2)).singletonOrThrow();
    return new Mlp.Trace(out, features, slopes);
  }

  /**
   * The transposed convolution 4×4, stride 2, padding 1 of {@code x} ({@code B x Cin x H x W}) with
   * weight {@code w} ({@code Cin x Cout x 4 x 4}, PyTorch's layout): {@code B x Cout x 2H x 2W}.
   * DJL's PyTorch engine does not implement deconvolution, so it is built from differentiable ops
   * as the textbook equivalent (Dumoulin and Visin 2016, "A guide to convolution arithmetic"):
   * insert a zero after every row and column of x (size 2H−1), then a stride-1 convolution with
   * padding k−1−p = 2 and the kernel flipped in space with its channel axes swapped.
   */
  static NDArray transposedConv(NDArray x, NDArray w, NDArray bias) {
    return dilatedConv(x, w.transpose(1, 0, 2, 3).flip(2, 3), bias, 1);
  }

  /**
   * {@code groups} transposed convolutions at once, as one grouped convolution (Wang et al. 2021,
   * HFTA): {@code x} is {@code B x (g·Cin) x H x W}, group-major, and {@code w} holds each group's
   * weight in PyTorch's layout, {@code g x Cin x Cout x 4 x 4}; the result is {@code B x (g·Cout)
   * x 2H x 2W}, group i's channels the transposed convolution of group i's input with weight i.
   */
  static NDArray transposedConv(NDArray x, NDArray w, NDArray bias, int groups) {
    Shape s = w.getShape();
    NDArray kernel = w.transpose(0, 2, 1, 3, 4).reshape(s.get(0) * s.get(2), s.get(1), s.get(3), s.get(4)).flip(2, 3);
    return dilatedConv(x, kernel, bias, groups);
  }

  /** The zero-dilated {@code x} (a zero after every row and column) convolved with {@code kernel}, stride 1, padding k−1−p. */
  private static NDArray dilatedConv(NDArray x, NDArray kernel, NDArray bias, int groups) {
    long b = x.getShape().get(0);
    long c = x.getShape().get(1);
    long h = x.getShape().get(2);
    long wd = x.getShape().get(3);
    NDArray zeros = x.zerosLike();
    NDArray cols = NDArrays.stack(new NDList(x, zeros), 4).reshape(b, c, h, 2 * wd);
    NDArray rows = NDArrays.stack(new NDList(cols, cols.zerosLike()), 3).reshape(b, c, 2 * h, 2 * wd);
    NDArray dilated = rows.get(new NDIndex(":, :, :{}, :{}", 2 * h - 1, 2 * wd - 1));
    Shape pad = new Shape(KERNEL - 1 - PADDING.get(0), KERNEL - 1 - PADDING.get(1));
    if (groups == 1) {
      return (bias == null ? Conv2d.conv2d(dilated, kernel, null, new Shape(1, 1), pad)
          : Conv2d.conv2d(dilated, kernel, bias, new Shape(1, 1), pad)).singletonOrThrow();
    }
    if (kernel.getShape().get(0) == groups) {
      // One output channel per group (G's image layer, the input gradient's last step): on this
      // project's 2-core CPU, PyTorch 2.7.1's grouped convolution took about twice the time of the
      // groups' own convolutions (batch 64, 32 -> 1 channels, 27x27, forward and backward: 200 vs
      // 110 ms; grouped training is a known slow path, pytorch/pytorch#70954), so each group
      // convolves alone and the outputs are laid side by side. Bench section 8's DCGAN rows
      // measure the pack with this path.
      NDList xs = dilated.split(groups, 1);
      NDList ks = kernel.split(groups, 0);
      NDList bs = bias == null ? null : bias.split(groups, 0);
      NDList out = new NDList(groups);
      for (int g = 0; g < groups; g++) {
        out.add((bs == null ? Conv2d.conv2d(xs.get(g), ks.get(g), null, new Shape(1, 1), pad)
            : Conv2d.conv2d(xs.get(g), ks.get(g), bs.get(g), new Shape(1, 1), pad)).singletonOrThrow());
      }
      return NDArrays.concat(out, 1);
    }
    return Conv2d.conv2d(dilated, kernel, bias, new Shape(1, 1), pad, new Shape(1, 1), groups).singletonOrThrow();
  }

  /**
   * d(logit)/d(image) per sample, {@code B x 1 x size x size}: the output weights reshaped to the
   * last feature map, then back through each conv layer as the transposed convolution with the
   * same weights, times the activation slopes (and dropout masks) of the trace.
   */
  @Override
  public NDArray inputGradient(Mlp.Weights w, Mlp.Trace trace) {
    if (spec.generator() || trace.slopes().size() != 2) {
      throw new IllegalStateException("Cannot take the input gradient: needs the discriminator and a trace with slopes (got "
          + spec.role() + " with " + trace.slopes().size() + " slopes; allowed DISCRIMINATOR with forward(..., withSlopes=true))");
    }
    int s = spec.size() / 4;
    NDArray delta = w.weights().get(2).reshape(1, 2L * spec.base(), s, s);
    for (int l = 1; l >= 0; l--) {
      delta = transposedConv(trace.slopes().get(l).mul(delta), w.weights().get(l), null);
    }
    return delta;
  }
}
