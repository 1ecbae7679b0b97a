package io.gansweep.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
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
 * DCGAN-style convnets (Radford et al. 2016) for square images of side {@code size} and {@code channels} channels
 * (28 or 32; any multiple of 4), with {@code base} channels in the first conv layer:
 *
 * <ul>
 *   <li>generator: z → linear → 2·base × size/4 × size/4 → [BN] ReLU → transposed conv 4×4/2 →
 *       base × size/2 × size/2 → [BN] ReLU → transposed conv 4×4/2 → channels × size × size → tanh;
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
   * @param channels image channels: 1 (greyscale) or 3 (RGB)
   */
  public record Spec(Role role, int latent, int base, int size, ActivationKind act, InitScheme init, boolean spectralNorm,
      boolean batchNorm,
      double bnMomentum, double dropout, int channels) {
    /** Greyscale images. */
    public Spec(Role role, int latent, int base, int size, ActivationKind act, InitScheme init, boolean spectralNorm,
        boolean batchNorm, double bnMomentum, double dropout) {
      this(role, latent, base, size, act, init, spectralNorm, batchNorm, bnMomentum, dropout, 1);
    }

    public Spec {
      if (channels != 1 && channels != 3) {
        throw new IllegalArgumentException("Cannot build DCGAN: images have 1 or 3 channels (got " + channels + "; allowed 1, 3)");
      }
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
  private final NDArray phaseSelection;

  public ConvNet(Spec spec, NDManager manager, DataType dtype, SeededRandom rng) {
    this(spec, Init.NORMAL_STD, manager, dtype, rng);
  }

  /** As {@link #ConvNet(Spec, NDManager, DataType, SeededRandom)}, init normal drawing N(0, {@code normalStd}) (init_std). */
  public ConvNet(Spec spec, double normalStd, NDManager manager, DataType dtype, SeededRandom rng) {
    this.spec = spec;
    this.dtype = dtype;
    int c = spec.base();
    int s = spec.size() / 4;
    int k2 = KERNEL * KERNEL;
    double hiddenGain = Init.gain(spec.act());
    // Per layer: weight shape, and the (rows, fan-in) the init scheme sees.
    long[][] shapes;
    int[][] fans;
    int ch = spec.channels();
    if (spec.generator()) {
      shapes = new long[][] {{2L * c * s * s, spec.latent()}, {2L * c, c, KERNEL, KERNEL}, {c, ch, KERNEL, KERNEL}};
      fans = new int[][] {{2 * c * s * s, spec.latent()}, {2 * c, c * k2}, {c, ch * k2}};
    } else {
      shapes = new long[][] {{c, ch, KERNEL, KERNEL}, {2L * c, c, KERNEL, KERNEL}, {1, 2L * c * s * s}};
      fans = new int[][] {{c, ch * k2}, {2 * c, c * k2}, {1, 2 * c * s * s}};
    }
    long[] biasSizes = spec.generator() ? new long[] {2L * c * s * s, c, ch} : new long[] {c, 2L * c, 1};
    double[] scales = new double[3];
    List<NDArray> weights = new ArrayList<>();
    List<NDArray> biases = new ArrayList<>();
    List<NDArray> snU = new ArrayList<>();
    List<NDArray> bnGamma = new ArrayList<>();
    List<NDArray> bnBeta = new ArrayList<>();
    try (Autograd ignored = Autograd.pause()) {
      for (int l = 0; l < 3; l++) {
        double gain = l == 2 ? 1.0 : hiddenGain;
        float[] w = Init.weights(spec.init(), fans[l][0], fans[l][1], gain, normalStd, rng);
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
    phaseSelection = phaseSelection(manager, dtype);
  }

  /** {@link #phaseSelection(NDManager, DataType)}'s matrix as this network made it, for {@link StackedConvNet}. */
  NDArray phaseSelection() {
    return phaseSelection;
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
  public Mlp.Trace forward(Network.Weights weights, NDArray x, Mode mode, SeededRandom dropoutRng, boolean withSlopes) {
    Mlp.Weights w = (Mlp.Weights) weights;
    return spec.generator() ? generate(w, x, mode) : discriminate(w, x, mode, dropoutRng, withSlopes);
  }

  private NDArray batchNorm(NDArray a, Mlp.Weights w, int l, Network.Mode mode) {
    if (!spec.batchNorm()) {
      return a;
    }
    return JniUtils.batchNorm((PtNDArray) a, (PtNDArray) bnMean.get(l), (PtNDArray) bnVar.get(l),
        (PtNDArray) w.gamma().get(l), (PtNDArray) w.beta().get(l), mode == Network.Mode.TRAIN, spec.bnMomentum(), Mlp.BN_EPS);
  }

  private Mlp.Trace generate(Mlp.Weights w, NDArray z, Network.Mode mode) {
    int s = spec.size() / 4;
    long b = z.getShape().get(0);
    NDArray a = Linear.linear(z, w.weights().get(0), w.biases().get(0)).singletonOrThrow().reshape(b, 2L * spec.base(), s, s);
    NDArray h = Mlp.activate(batchNorm(a, w, 0, mode), spec.act());
    a = transposedConv(h, w.weights().get(1), w.biases().get(1), phaseSelection);
    h = Mlp.activate(batchNorm(a, w, 1, mode), spec.act());
    NDArray out = Activation.tanh(transposedConv(h, w.weights().get(2), w.biases().get(2), phaseSelection));
    return new Mlp.Trace(out, h, List.of());
  }

  private Mlp.Trace discriminate(Mlp.Weights w, NDArray x, Network.Mode mode, SeededRandom dropoutRng, boolean withSlopes) {
    List<NDArray> slopes = withSlopes ? new ArrayList<>() : List.of();
    NDArray h = x;
    for (int l = 0; l < 2; l++) {
      NDArray a = Conv2d.conv2d(h, w.weights().get(l), w.biases().get(l), STRIDE, PADDING).singletonOrThrow();
      h = Mlp.activate(a, spec.act());
      NDArray mask = null;
      if (spec.dropout() > 0 && mode == Network.Mode.TRAIN) {
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
   * DJL's PyTorch engine does not implement deconvolution, so it is built from differentiable ops;
   * see {@link #transposedConv(NDArray, NDArray, NDArray, int, NDArray)}; {@code selection} is
   * {@link #phaseSelection}'s matrix.
   */
  static NDArray transposedConv(NDArray x, NDArray w, NDArray bias, NDArray selection) {
    Shape s = w.getShape();
    return transposedConv(x, w.reshape(1, s.get(0), s.get(1), s.get(2), s.get(3)), bias, 1, selection);
  }

  /**
   * For output phase a (row or column 2m + a) and tap t of a 3×3 window over input rows m − 1, m,
   * m + 1: the tap of the 4×4 kernel that reaches it, or −1 (none). With stride 2 and padding 1,
   * output row 2m takes input rows m − 1 and m through kernel rows 3 and 1; row 2m + 1 takes rows
   * m and m + 1 through kernel rows 2 and 0.
   */
  private static final int[][] PHASE_TAP = {{3, 1, -1}, {-1, 2, 0}};

  /**
   * {@code groups} transposed convolutions at once, as one grouped convolution (Wang et al. 2021,
   * HFTA): {@code x} is {@code B x (g·Cin) x H x W}, group-major, and {@code w} holds each group's
   * weight in PyTorch's layout, {@code g x Cin x Cout x 4 x 4}; the result is {@code B x (g·Cout)
   * x 2H x 2W}, group i's channels the transposed convolution of group i's input with weight i.
   *
   * <p>Computed sub-pixel (Shi et al. 2016, "Real-time single image and video super-resolution
   * using an efficient sub-pixel convolutional neural network", whose equivalence to a stride-2
   * transposed convolution is their section 2.2): each of the four output phases (even or odd row,
   * even or odd column) is a stride-1 convolution of {@code x} itself with a 3×3 kernel holding
   * that phase's 2×2 taps of the 4×4 kernel ({@link #PHASE_TAP}); one convolution makes all four as
   * {@code 4·Cout} channels, which are then interleaved into the {@code 2H x 2W} image. Against the
   * textbook form (a zero after every input row and column, then a 4×4 convolution: Dumoulin and
   * Visin 2016) it multiplies 9 taps per output pixel instead of 16 and never builds the input of
   * four times the size.
   */
  static NDArray transposedConv(NDArray x, NDArray w, NDArray bias, int groups, NDArray selection) {
    Shape s = w.getShape();
    long g = s.get(0);
    long cin = s.get(1);
    long cout = s.get(2);
    NDArray taps = w.reshape(g * cin * cout, KERNEL * KERNEL).dot(selection);
    NDArray kernel = taps.reshape(g, cin, cout, 2, 2, 3, 3).transpose(0, 2, 3, 4, 1, 5, 6).reshape(g * cout * 4, cin, 3, 3);
    NDArray phaseBias = bias == null ? null : bias.repeat(0, 4);
    Shape one = new Shape(1, 1);
    NDArray phases = Conv2d.conv2d(x, kernel, phaseBias, one, one, one, groups).singletonOrThrow(); // B x (g·Cout·4) x H x W
    long b = x.getShape().get(0);
    long h = x.getShape().get(2);
    long wd = x.getShape().get(3);
    return phases.reshape(b, g * cout, 2, 2, h, wd).transpose(0, 1, 4, 2, 5, 3).reshape(b, g * cout, 2 * h, 2 * wd);
  }

  /**
   * The 16 x 36 matrix that takes a 4×4 kernel's taps to the four phases' 3×3 kernels
   * (phase-major, then row, column), on {@code manager}'s device: made once per network, since a
   * host array copied to a GPU at every call would wait for the work queued before it.
   */
  static NDArray phaseSelection(NDManager manager, DataType dtype) {
    float[] m = new float[KERNEL * KERNEL * 36];
    for (int a = 0; a < 2; a++) {
      for (int c = 0; c < 2; c++) {
        for (int t = 0; t < 3; t++) {
          for (int u = 0; u < 3; u++) {
            if (PHASE_TAP[a][t] >= 0 && PHASE_TAP[c][u] >= 0) {
              m[(PHASE_TAP[a][t] * KERNEL + PHASE_TAP[c][u]) * 36 + ((a * 2 + c) * 3 + t) * 3 + u] = 1;
            }
          }
        }
      }
    }
    NDArray selection = manager.create(m, new Shape(KERNEL * KERNEL, 36));
    NDArray typed = dtype == DataType.FLOAT32 ? selection : selection.toType(dtype, false);
    NDScope.unregister(typed); // lives as long as the network's manager, whatever scope builds it
    return typed;
  }

  /**
   * d(logit)/d(image) per sample, {@code B x 1 x size x size}: the output weights reshaped to the
   * last feature map, then back through each conv layer as the transposed convolution with the
   * same weights, times the activation slopes (and dropout masks) of the trace.
   */
  @Override
  public NDArray inputGradient(Network.Weights weights, Network.Trace traced) {
    Mlp.Weights w = (Mlp.Weights) weights;
    Mlp.Trace trace = (Mlp.Trace) traced;
    if (spec.generator() || trace.slopes().size() != 2) {
      throw new IllegalStateException("Cannot take the input gradient: needs the discriminator and a trace with slopes (got "
          + spec.role() + " with " + trace.slopes().size() + " slopes; allowed DISCRIMINATOR with forward(..., withSlopes=true))");
    }
    int s = spec.size() / 4;
    NDArray delta = w.weights().get(2).reshape(1, 2L * spec.base(), s, s);
    for (int l = 1; l >= 0; l--) {
      delta = transposedConv(trace.slopes().get(l).mul(delta), w.weights().get(l), null, phaseSelection);
    }
    return delta;
  }
}
