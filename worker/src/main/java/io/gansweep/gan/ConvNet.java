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
 * DCGAN-style convnets (Radford et al. 2016) for square images of side {@code size} and {@code channels} channels,
 * with {@code base} channels in the first conv layer. The depth grows with the side ({@link #blocks}): one
 * stride-2 block per doubling of a start map of side {@code q} (4 for 16, 32, 64; 7 for 28),
 * {@code n} blocks, the channels doubling per block away from the image, as in DCGAN:
 *
 * <ul>
 *   <li>generator: z → linear → 2ⁿ⁻¹·base × q × q → [BN] ReLU → (transposed conv 4×4/2 → half the
 *       channels, twice the side → [BN] ReLU) n − 1 times → transposed conv 4×4/2 → channels × size × size → tanh;
 *   <li>discriminator: image → (conv 4×4/2 → twice the channels (base at first), half the side →
 *       LeakyReLU 0.2 [dropout]) n times → 2ⁿ⁻¹·base × q × q → linear → one logit.
 * </ul>
 *
 * With n = 2 (every side up to 28) this is the network gansweep always built: 2·base × size/4 ×
 * size/4 at the bottom, the same tensors drawn in the same order, so those trials keep their rows.
 *
 * <p>The same options as {@link Mlp}: init schemes (conv fan-in = in·k·k; a transposed conv's
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

  /** The least image side: 8, two blocks from a 2×2 map. */
  public static final int MIN_SIDE = 8;

  /** The image sides the convnets take, for the "allowed" part of a message. */
  public static final String SIDES = "a multiple of 4 from " + MIN_SIDE + ", such as 16, 28, 32 or 64";

  /** A start map this wide or wider and even is halved once more: one block more. */
  private static final int DEEPEN_FROM = 8;

  /** Whether the convnets take images of side {@code size} ({@link #SIDES}). */
  public static boolean takesSide(int size) {
    return size % 4 == 0 && size >= MIN_SIDE;
  }

  /**
   * The stride-2 blocks of G and D for images of side {@code size}: two (a start map of size/4, as
   * gansweep always built: 7×7 for 28, 4×4 for 16), plus one per halving of a start map that is
   * even and at least 8: 3 for 32 (4×4), 4 for 64 (4×4), 3 for 40 (5×5); sides such as 36
   * (start 9×9) keep two.
   */
  public static int blocks(int size) {
    if (!takesSide(size)) {
      throw new IllegalArgumentException("Cannot build DCGAN: the image side is not " + SIDES + " (got " + size + "; allowed " + SIDES + ")");
    }
    int n = 2;
    for (int q = size / 4; q % 2 == 0 && q >= DEEPEN_FROM; q /= 2) {
      n++;
    }
    return n;
  }

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
   * @param size image side in pixels ({@link #SIDES}); it sets the depth ({@link #blocks})
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
      ConvNet.blocks(size); // refuses a side it cannot build
      if (batchNorm && dropout > 0) {
        throw new IllegalArgumentException("Cannot build DCGAN: batch norm and dropout in one network (got both; allowed either)");
      }
    }

    boolean generator() {
      return role == Role.GENERATOR;
    }

    /** Stride-2 blocks ({@link ConvNet#blocks}). */
    public int blocks() {
      return ConvNet.blocks(size);
    }

    /** Side of the smallest feature map, G's first and D's last: size / 2^blocks. */
    public int startSide() {
      return size >> blocks();
    }

    /** Channels of the hidden map {@code i} blocks from the image side (1 ≤ i ≤ blocks): base·2^(i−1). */
    public long width(int i) {
      return (long) base << (i - 1);
    }

    /** The linear layer's size on the conv side: the smallest map's channels × q × q. */
    long bottom() {
      long q = startSide();
      return width(blocks()) * q * q;
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
    int n = spec.blocks();
    int layers = n + 1;
    int k2 = KERNEL * KERNEL;
    double hiddenGain = Init.gain(spec.act());
    // Per layer: weight shape, and the (rows, fan-in) the init scheme sees; layer 0 is the image side's for D and the
    // linear layer for G, so G's layers run from the smallest map up and D's from the image down.
    long[][] shapes = new long[layers][];
    long[] biasSizes = new long[layers];
    int ch = spec.channels();
    long bottom = spec.bottom();
    for (int l = 0; l < layers; l++) {
      if (spec.generator()) {
        if (l == 0) {
          shapes[l] = new long[] {bottom, spec.latent()};
          biasSizes[l] = bottom;
        } else {
          long in = spec.width(n - l + 1);
          long out = l == n ? ch : spec.width(n - l);
          shapes[l] = new long[] {in, out, KERNEL, KERNEL};
          biasSizes[l] = out;
        }
      } else {
        if (l == n) {
          shapes[l] = new long[] {1, bottom};
          biasSizes[l] = 1;
        } else {
          long in = l == 0 ? ch : spec.width(l);
          long out = spec.width(l + 1);
          shapes[l] = new long[] {out, in, KERNEL, KERNEL};
          biasSizes[l] = out;
        }
      }
    }
    double[] scales = new double[layers];
    List<NDArray> weights = new ArrayList<>();
    List<NDArray> biases = new ArrayList<>();
    List<NDArray> snU = new ArrayList<>();
    List<NDArray> bnGamma = new ArrayList<>();
    List<NDArray> bnBeta = new ArrayList<>();
    try (Autograd ignored = Autograd.pause()) {
      for (int l = 0; l < layers; l++) {
        long[] shape = shapes[l];
        int rows = (int) shape[0];
        // linear: in; conv (out x in x k x k): in·k·k; transposed conv (in x out x k x k): out·k·k, as PyTorch counts it
        int fanIn = (int) (shape.length == 2 ? shape[1] : shape[1] * k2);
        double gain = l == layers - 1 ? 1.0 : hiddenGain;
        float[] w = Init.weights(spec.init(), rows, fanIn, gain, normalStd, rng);
        scales[l] = Init.runtimeScale(spec.init(), fanIn, gain);
        weights.add(Tensors.typed(manager.create(w, new Shape(shape)), dtype));
        biases.add(Tensors.typed(manager.create(Init.biases(spec.init(), (int) biasSizes[l], fanIn, rng),
            new Shape(biasSizes[l])), dtype));
        if (spec.spectralNorm()) {
          NDArray u = Tensors.typed(manager.create(rng.gaussians(rows), new Shape(rows, 1)), dtype);
          snU.add(u.div(u.norm()));
          u.close();
        }
        if (spec.batchNorm() && l < layers - 1) {
          long channels = spec.width(n - l);
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
    int n = spec.blocks();
    int q = spec.startSide();
    long b = z.getShape().get(0);
    NDArray a = Linear.linear(z, w.weights().get(0), w.biases().get(0)).singletonOrThrow().reshape(b, spec.width(n), q, q);
    NDArray h = Mlp.activate(batchNorm(a, w, 0, mode), spec.act());
    for (int l = 1; l < n; l++) {
      a = transposedConv(h, w.weights().get(l), w.biases().get(l), phaseSelection);
      h = Mlp.activate(batchNorm(a, w, l, mode), spec.act());
    }
    NDArray out = Activation.tanh(transposedConv(h, w.weights().get(n), w.biases().get(n), phaseSelection));
    return new Mlp.Trace(out, h, List.of());
  }

  private Mlp.Trace discriminate(Mlp.Weights w, NDArray x, Network.Mode mode, SeededRandom dropoutRng, boolean withSlopes) {
    int n = spec.blocks();
    List<NDArray> slopes = withSlopes ? new ArrayList<>() : List.of();
    NDArray h = x;
    for (int l = 0; l < n; l++) {
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
    NDArray out = Linear.linear(features, w.weights().get(n), w.biases().get(n)).singletonOrThrow();
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
   * d(logit)/d(image) per sample, {@code B x channels x size x size}: the output weights reshaped to the
   * last feature map, then back through each conv layer as the transposed convolution with the
   * same weights, times the activation slopes (and dropout masks) of the trace.
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
    NDArray delta = w.weights().get(n).reshape(1, spec.width(n), q, q);
    for (int l = n - 1; l >= 0; l--) {
      delta = transposedConv(trace.slopes().get(l).mul(delta), w.weights().get(l), null, phaseSelection);
    }
    return delta;
  }
}
