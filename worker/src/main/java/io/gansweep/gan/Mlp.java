package io.gansweep.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.gansweep.data.SeededRandom;
import io.gansweep.trial.ActivationKind;
import io.gansweep.trial.InitScheme;
import java.util.ArrayList;
import java.util.List;

/**
 * A multilayer perceptron with explicit parameter tensors: {@code layers} hidden layers of
 * {@code hidden} units and a linear output. Hidden units use ReLU or LeakyReLU 0.2 (by default
 * ReLU in the generator, LeakyReLU in the discriminator, as in DCGAN). Options: batch norm before the activation, dropout after it
 * (masks drawn from the trial's seeded stream), spectral normalisation of every weight by one
 * power iteration per update (Miyato et al. 2018), the equalized learning rate (with its per-layer
 * multiplier), instance norm before the activation, and the minibatch standard deviation feature
 * before the output layer (Karras et al. 2018).
 */
public final class Mlp implements Network {

  /** Negative slope of the discriminator's LeakyReLU. */
  public static final float LEAKY_SLOPE = 0.2f;

  static final float BN_EPS = 1e-5f;

  /**
   * Shape and options of a network.
   *
   * @param in input width
   * @param hidden units per hidden layer
   * @param layers hidden layers
   * @param out output width
   * @param act hidden activation
   * @param init weight initialisation
   * @param spectralNorm normalise every weight by its largest singular value
   * @param batchNorm batch-normalise every hidden layer
   * @param bnMomentum running-statistics momentum (PyTorch convention: new = (1−m)·old + m·batch)
   * @param dropout dropout rate after every hidden activation
   * @param initStd std of init normal's weights (init_std)
   * @param minibatchStddev append the minibatch standard deviation feature to the last hidden
   *     layer (Karras et al. 2018): the mean over features of each feature's std over the batch,
   *     sqrt(var + 1e-8) with the biased variance, one more input of the output layer
   * @param lrMultiplier equalized's per-layer learning-rate multiplier (lr_multiplier)
   * @param instanceNorm normalise each sample's hidden pre-activations over its units (mean 0,
   *     variance 1, ε 1e-5, no scale or shift: PyTorch's InstanceNorm1d default, per sample)
   */
  public record Spec(int in, int hidden, int layers, int out, ActivationKind act, InitScheme init,
      boolean spectralNorm, boolean batchNorm, double bnMomentum, double dropout, double initStd, boolean minibatchStddev,
      double lrMultiplier, boolean instanceNorm) {

    /** A spec whose init normal draws N(0, 0.02), normal02's std, without the minibatch std feature. */
    public Spec(int in, int hidden, int layers, int out, ActivationKind act, InitScheme init, boolean spectralNorm,
        boolean batchNorm, double bnMomentum, double dropout) {
      this(in, hidden, layers, out, act, init, spectralNorm, batchNorm, bnMomentum, dropout, Init.NORMAL_STD, false, 1.0, false);
    }
  }

  /**
   * The weights as one forward pass uses them: scaled (equalized) and normalised (spectral norm),
   * with their graph back to the parameters. Build one per loss; a backward frees its graph.
   *
   * @param weights one per layer
   * @param biases one per layer
   * @param gamma batch-norm scale per normalised layer (empty without batch norm)
   * @param beta batch-norm shift per normalised layer
   */
  public record Weights(List<NDArray> weights, List<NDArray> biases, List<NDArray> gamma, List<NDArray> beta) implements Network.Weights {}

  /**
   * What a forward pass leaves for the loss and the penalties.
   *
   * @param output network output, {@code B x out}
   * @param features last hidden activation (after dropout), for feature matching
   * @param slopes per hidden layer, d(activation)/d(pre-activation) times the dropout mask; only
   *     when asked for, to compute the input gradient
   */
  public record Trace(NDArray output, NDArray features, List<NDArray> slopes) implements Network.Trace {}

  private final Spec spec;
  private final DataType dtype;
  private final NetworkParameters params;
  private final List<NDArray> bnMean = new ArrayList<>();
  private final List<NDArray> bnVar = new ArrayList<>();

  /** Creates the parameters in {@code manager}, initialised from {@code rng}. */
  public Mlp(Spec spec, NDManager manager, DataType dtype, SeededRandom rng) {
    if (spec.batchNorm() && spec.dropout() > 0) {
      throw new IllegalArgumentException(
          "Cannot build MLP: batch norm and dropout in one network (got both; allowed either)");
    }
    if (spec.batchNorm() && spec.instanceNorm()) {
      throw new IllegalArgumentException(
          "Cannot build MLP: batch norm and instance norm in one network (got both; allowed either)");
    }
    this.spec = spec;
    this.dtype = dtype;
    double hiddenGain = Init.gain(spec.act());
    double[] scales = new double[spec.layers() + 1];
    List<NDArray> weights = new ArrayList<>();
    List<NDArray> biases = new ArrayList<>();
    List<NDArray> snU = new ArrayList<>();
    List<NDArray> bnGamma = new ArrayList<>();
    List<NDArray> bnBeta = new ArrayList<>();
    int fanIn = spec.in();
    try (Autograd ignored = Autograd.pause()) {
      for (int l = 0; l <= spec.layers(); l++) {
        boolean output = l == spec.layers();
        int fanOut = output ? spec.out() : spec.hidden();
        fanIn += output && spec.minibatchStddev() ? 1 : 0; // the minibatch std feature
        double gain = output ? 1.0 : hiddenGain;
        float[] w = Init.weights(spec.init(), fanOut, fanIn, gain, spec.initStd(), spec.lrMultiplier(), rng);
        scales[l] = Init.runtimeScale(spec.init(), fanIn, gain, spec.lrMultiplier());
        weights.add(Tensors.typed(manager.create(w, new Shape(fanOut, fanIn)), dtype));
        biases.add(Tensors.typed(manager.create(Init.biases(spec.init(), fanOut, fanIn, rng), new Shape(fanOut)), dtype));
        if (spec.spectralNorm()) {
          NDArray u = Tensors.typed(manager.create(rng.gaussians(fanOut), new Shape(fanOut, 1)), dtype);
          snU.add(u.div(u.norm()));
          u.close();
        }
        if (spec.batchNorm() && !output) {
          bnGamma.add(Tensors.typed(manager.ones(new Shape(fanOut), DataType.FLOAT32), dtype));
          bnBeta.add(Tensors.typed(manager.zeros(new Shape(fanOut), DataType.FLOAT32), dtype));
          bnMean.add(Tensors.typed(manager.zeros(new Shape(fanOut), DataType.FLOAT32), dtype));
          bnVar.add(Tensors.typed(manager.ones(new Shape(fanOut), DataType.FLOAT32), dtype));
        }
        fanIn = fanOut;
      }
    }
    params = new NetworkParameters(weights, biases, bnGamma, bnBeta, scales, snU);
  }



  /** The parameters and their layout, for {@link StackedMlp}. */
  NetworkParameters parameterSet() {
    return params;
  }

  public Spec spec() {
    return spec;
  }

  /** Running mean of a batch-norm layer (tests pin the momentum convention with it). */
  NDArray runningMean(int layer) {
    return bnMean.get(layer);
  }

  /** Running variance of a batch-norm layer. */
  NDArray runningVar(int layer) {
    return bnVar.get(layer);
  }

  /** Every trainable tensor (weights, biases, batch-norm scales and shifts) as one flat tensor. */
  @Override
  public List<NDArray> parameters() {
    return params.parameters();
  }

  @Override
  public List<NDArray> state() {
    return params.state(bnMean, bnVar);
  }

  /**
   * One power iteration per weight (no gradient): v = Wᵀu/‖Wᵀu‖, u = Wv/‖Wv‖. Call once per
   * update of this network; a no-op without spectral norm.
   */
  @Override
  public void powerIteration() {
    params.powerIteration();
  }

  /** The weights for one pass: W·scale, divided by σ = uᵀWv under spectral norm. */
  @Override
  public Weights weights() {
    return params.weights();
  }

  /**
   * The weights as constants: the same values as {@link #weights()}, with no graph back to the
   * parameters. The generator's update differentiates through D with these, so backward computes
   * only the input gradients it needs and none of D's parameter gradients (which G's update would
   * throw away).
   */
  @Override
  public Weights frozenWeights() {
    return params.frozenWeights();
  }

  /**
   * Forward pass. {@code dropoutRng} draws the dropout masks (may be null without dropout);
   * {@code withSlopes} keeps what {@link #inputGradient} needs.
   */
  @Override
  public Trace forward(Network.Weights weights, NDArray x, Mode mode, SeededRandom dropoutRng, boolean withSlopes) {
    Weights w = (Weights) weights;
    List<NDArray> slopes = withSlopes ? new ArrayList<>() : List.of();
    NDArray h = x;
    for (int l = 0; l < spec.layers(); l++) {
      NDArray a = Linear.linear(h, w.weights().get(l), w.biases().get(l)).singletonOrThrow();
      if (spec.batchNorm()) {
        a = JniUtils.batchNorm((PtNDArray) a, (PtNDArray) bnMean.get(l), (PtNDArray) bnVar.get(l),
            (PtNDArray) w.gamma().get(l), (PtNDArray) w.beta().get(l), mode == Mode.TRAIN,
            spec.bnMomentum(), BN_EPS);
      }
      if (spec.instanceNorm()) {
        if (withSlopes) {
          throw new IllegalStateException(
              "Cannot take the input gradient: instance norm's Jacobian is not in the closed form (got instance_norm in D; allowed D without it)");
        }
        a = instanceNorm(a);
      }
      h = activate(a, spec.act());
      NDArray mask = null;
      if (spec.dropout() > 0 && mode == Mode.TRAIN) {
        mask = Tensors.dropoutMask(h.getShape(), spec.dropout(), dropoutRng, h.getManager(), dtype);
        h = h.mul(mask);
      }
      if (withSlopes) {
        if (spec.batchNorm()) {
          throw new IllegalStateException(
              "Cannot take the input gradient: batch norm couples the samples (got batch_norm; allowed D without it)");
        }
        NDArray s = slope(a, spec.act());
        slopes.add(mask == null ? s : s.mul(mask));
      }
    }
    NDArray last = h;
    if (spec.minibatchStddev()) {
      if (withSlopes) {
        throw new IllegalStateException(
            "Cannot take the input gradient: the minibatch std feature couples the samples (got minibatch_stddev; allowed D without it)");
      }
      last = h.concat(minibatchStddev(h), 1);
    }
    NDArray out = Linear.linear(last, w.weights().get(spec.layers()), w.biases().get(spec.layers())).singletonOrThrow();
    return new Trace(out, h, slopes);
  }

  /** Each row of {@code a} ({@code B x H}) to mean 0 and variance 1 over its H units: (a − mean) / sqrt(var + 1e-5), biased var. */
  static NDArray instanceNorm(NDArray a) {
    NDArray centred = a.sub(a.mean(new int[] {1}, true));
    NDArray var = centred.square().mean(new int[] {1}, true);
    return centred.div(var.add(Tensors.times(var.onesLike(), BN_EPS)).sqrt());
  }

  /**
   * The minibatch standard deviation feature of hidden activations {@code h} ({@code B x H}), as a
   * {@code B x 1} column: mean over the H features of sqrt(var + 1e-8), var each feature's biased
   * variance over the batch (Karras et al. 2018, one group of the whole batch).
   */
  static NDArray minibatchStddev(NDArray h) {
    NDArray centred = h.sub(h.mean(new int[] {0}, true));
    NDArray var = centred.square().mean(new int[] {0});
    NDArray std = var.add(Tensors.times(var.onesLike(), 1e-8)).sqrt().mean();
    return std.broadcast(new Shape(h.getShape().get(0), 1));
  }


  /** The hidden activation {@code act} of pre-activations {@code a}. */
  static NDArray activate(NDArray a, ActivationKind act) {
    return switch (act) {
      case RELU -> Activation.relu(a);
      case LEAKY_RELU -> Activation.leakyRelu(a, LEAKY_SLOPE);
    };
  }

  /** d(act(a))/da elementwise, without a graph: 1 where a > 0, else 0 (ReLU) or the leak slope. */
  static NDArray slope(NDArray a, ActivationKind act) {
    try (Autograd ignored = Autograd.pause()) {
      // The same slope, as a double, that the forward's LeakyReLU applied.
      double leak = switch (act) {
        case RELU -> 0.0;
        case LEAKY_RELU -> (double) LEAKY_SLOPE;
      };
      return Tensors.times(a.gt(0).toType(a.getDataType(), false), 1.0 - leak).add(leak);
    }
  }

  /**
   * d(output)/d(input) for every sample, {@code B x in}, for a network with one output, computed
   * in closed form through the layers as differentiable operations: δ = W_out; for each hidden
   * layer from the top, δ = (δ ⊙ slope) · W. This is the graph a double backward through autograd
   * would build (the activations' second derivatives are zero almost everywhere), so a penalty on
   * it trains D exactly as WGAN-GP and R1 prescribe, with one ordinary backward. It avoids
   * backward(create_graph=true), which leaves graph-carrying gradients on every parameter of D:
   * the reference cycle PyTorch warns about, which DJL 0.35 cannot clear (its zeroGrad zeroes the
   * gradient but keeps its history).
   */
  @Override
  public NDArray inputGradient(Network.Weights weights, Network.Trace traced) {
    Weights w = (Weights) weights;
    Trace trace = (Trace) traced;
    if (spec.out() != 1 || trace.slopes().size() != spec.layers()) {
      throw new IllegalStateException(
          "Cannot take the input gradient: needs one output and a trace with slopes (got out="
              + spec.out() + ", slopes=" + trace.slopes().size() + "; allowed out=1 with forward(..., withSlopes=true))");
    }
    NDArray delta = w.weights().get(spec.layers());
    for (int l = spec.layers() - 1; l >= 0; l--) {
      delta = trace.slopes().get(l).mul(delta).matMul(w.weights().get(l));
    }
    return delta;
  }
}
