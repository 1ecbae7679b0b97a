package io.gansweep.gan;

import io.gansweep.io.UserFileException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import io.gansweep.data.SeededRandom;
import io.gansweep.trial.InitScheme;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A generator or discriminator saved by PyTorch as TorchScript ({@code torch.jit.save} of a scripted
 * or traced module), trained in place through libtorch (DJL's PyTorch engine), facts from
 * {@code shared/notes/torchscript-djl.md}:
 *
 * <ul>
 *   <li>The module is loaded with trainable parameters and put in training mode itself (a loaded
 *       module starts in eval mode while DJL believes it trains); evaluation switches it to eval
 *       mode with grad mode off, and the next training pass switches it back. Forward passes always
 *       run outside libtorch's inference mode (tensors made there cannot be saved for backward).
 *   <li>D's input gradient for gp and r1 comes from autograd with {@code create_graph}, through a
 *       parameter-free scripted helper ({@code input_gradient.pt}: {@code torch.autograd.grad} of
 *       the output's sum with respect to the input). Calling backward with {@code create_graph}
 *       from Java instead leaks: libtorch's parameter/gradient reference cycle, which DJL cannot
 *       break.
 *   <li>The parameters are the module's own tensors (in its order, with its names): the optimiser
 *       updates them in place. Buffers (batch norm's running statistics) stay inside the module and
 *       are not part of {@link #state()}.
 * </ul>
 *
 * <p>Every pass uses the module's own parameters. {@link #frozenWeights()} (G's update through D)
 * turns their {@code requires_grad} off, so that backward computes only what G needs, as the
 * built-ins' constant weights do; {@link #weights()} turns it on again for D's own update (bench
 * section 13 measured D's gradients in G's backward as the largest share of the TorchScript
 * pair's extra time). Their {@code .grad} tensors stay, and D's update zeroes them before its
 * backward (the trainer's order).
 */
public final class TorchScriptNetwork implements Network {

  /** Pass marker: a TorchScript module's weights are its parameters. */
  private static final Network.Weights AS_IS = new Network.Weights() {};

  private final String name;
  private final boolean logits;
  private PtSymbolBlock module;
  private List<NDArray> parameters;
  private PtSymbolBlock inputGradient;
  private boolean training;
  /** Whether the parameters' requires_grad is off ({@link #frozenWeights}). */
  private boolean frozen;

  /**
   * A network from {@code bytes}, a TorchScript file (named {@code name} in messages), loaded into
   * {@code manager} (closed with it) in training mode; unless {@code init} is {@code as_saved}, every
   * parameter is drawn again from {@code rng} by its name and shape ({@link #initialise}). {@code
   * logits}: a discriminator, whose outputs are read as one logit per sample.
   */
  public TorchScriptNetwork(byte[] bytes, String name, boolean logits, NDManager manager, InitScheme init, SeededRandom rng) {
    this.name = name;
    this.logits = logits;
    this.module = load(new ByteArrayInputStream(bytes), name, manager);
    JniUtils.enableTrainingMode(module);
    training = true;
    NDList params = JniUtils.moduleGetParams(module, (PtNDManager) manager);
    for (NDArray p : params) {
      NDScope.unregister(p); // the module's own tensors, for the network's life
    }
    parameters = List.copyOf(params);
    if (init != InitScheme.AS_SAVED) {
      initialise(parameters, init, rng, name);
    }
  }

  /** The module as a TorchScript file: its parameters and buffers now (what a checkpoint keeps of it). */
  @Override
  public byte[] savedModule() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    JniUtils.writeModule(module, out, false);
    return out.toByteArray();
  }

  /**
   * Replaces the module by {@code saved} (from {@link #savedModule} of this network's file): its
   * parameters and buffers. The parameters are new tensors, so an optimiser must be built after.
   */
  @Override
  public void restoreModule(byte[] saved) {
    PtSymbolBlock restored = load(new ByteArrayInputStream(saved), name + " (checkpoint)", parameters.get(0).getManager());
    JniUtils.enableTrainingMode(restored);
    NDList params = JniUtils.moduleGetParams(restored, (PtNDManager) parameters.get(0).getManager());
    for (NDArray p : params) {
      NDScope.unregister(p);
    }
    boolean same = params.size() == parameters.size();
    for (int i = 0; same && i < params.size(); i++) {
      same = params.get(i).getShape().equals(parameters.get(i).getShape())
          && java.util.Objects.equals(params.get(i).getName(), parameters.get(i).getName());
    }
    if (!same) {
      restored.close();
      throw new IllegalArgumentException("Cannot restore " + name + ": the checkpoint's module has other parameters (got "
          + params.size() + " parameters; allowed " + parameters.size() + ", those of " + name + ")");
    }
    module.close();
    module = restored;
    parameters = List.copyOf(params);
    training = true;
    frozen = false;
    for (NDArray p : parameters) {
      p.setRequiresGradient(true); // a module saved while frozen (after G's update) trains again
    }
  }

  /** The module of a TorchScript file, or one line naming the file and what is wrong with it. */
  static PtSymbolBlock load(InputStream in, String name, NDManager manager) {
    try {
      return JniUtils.loadModule((PtNDManager) manager, in, true, false);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + name + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new UserFileException("load " + name, "it is not a TorchScript file this libtorch reads", UserFileException.firstLine(e),
          "a file written by torch.jit.save of a scripted or traced module, by torch 1.13 to 2.7 or a newer torch that emits no "
              + "newer operators", e);
    }
  }

  /** The file's name as messages give it. */
  public String name() {
    return name;
  }

  @Override
  public List<NDArray> parameters() {
    return parameters;
  }

  /** The parameters: a module's buffers (batch norm's running statistics) are not reachable from here. */
  @Override
  public List<NDArray> state() {
    return parameters;
  }

  /** Spectral norm is the module's own business (torch.nn.utils.spectral_norm inside it). */
  @Override
  public void powerIteration() {}

  @Override
  public Network.Weights weights() {
    requireGradients(true);
    return AS_IS;
  }

  @Override
  public Network.Weights frozenWeights() {
    requireGradients(false);
    return AS_IS;
  }

  /** Sets {@code requires_grad} of every parameter (a no-op when it already is {@code on}). */
  private void requireGradients(boolean on) {
    if (frozen == !on) {
      return;
    }
    for (NDArray p : parameters) {
      p.setRequiresGradient(on);
    }
    frozen = !on;
  }

  /**
   * The module's output for {@code x}: G's samples as the module shapes them, D's logits as
   * {@code B x 1} (a module may return {@code [B]} or {@code [B, 1]}). Dropout inside the module
   * draws from libtorch's own generator, not from the trial's streams.
   */
  @Override
  public Trace forward(Network.Weights w, NDArray x, Mode mode, SeededRandom dropoutRng, boolean withInputGradient) {
    setTraining(mode == Mode.TRAIN);
    NDArray in = x;
    if (withInputGradient) {
      in = x.stopGradient();
      in.setRequiresGradient(true);
    }
    plainExecutor();
    NDArray out = IValueUtils.forward(module, new NDList(in), true).singletonOrThrow();
    return new TorchTrace(logits ? logits(out) : out, in);
  }

  /** d(sum of outputs)/d(input) through autograd with its graph kept ({@code create_graph}), shaped like the input. */
  @Override
  public NDArray inputGradient(Network.Weights w, Network.Trace trace) {
    TorchTrace t = (TorchTrace) trace;
    if (!t.input().hasGradient()) {
      throw new IllegalStateException("Cannot take the input gradient of " + name + ": the pass did not keep it (got forward without "
          + "withInputGradient; allowed forward(..., true))");
    }
    if (inputGradient == null) {
      inputGradient = helper(t.input().getManager());
    }
    plainExecutor();
    return IValueUtils.forward(inputGradient, new NDList(t.output(), t.input()), true).singletonOrThrow();
  }

  /**
   * Runs the calling thread's TorchScript graphs without the graph executor's optimisation
   * (libtorch's setGraphExecutorOptimize(false), a per-thread switch that DJL also sets before each
   * forward): the graph's ops then run one by one under ordinary autograd, as eager PyTorch runs
   * them. The optimising executor would profile the first runs and then wrap the graph in
   * differentiable subgraphs, whose backward costs more than it saves for GAN-sized networks on
   * CPU: bench section 13 measured a round 1.29x (nsgan) and 1.36x (nsgan + r1) the built-in twin's
   * with it, and 1.07x and 1.01x without it, in one quiet run (docs/benchmarks/2026-12-07-section13-torchscript.md).
   */
  private static void plainExecutor() {
    JniUtils.setGraphExecutorOptimize(false);
  }

  /** D's logits as {@code B x 1}, whatever of {@code [B]} or {@code [B, 1]} the module returns. */
  public static NDArray logits(NDArray out) {
    return out.getShape().dimension() == 1 ? out.reshape(out.getShape().get(0), 1) : out;
  }

  private void setTraining(boolean train) {
    if (train != training) {
      if (train) {
        JniUtils.enableTrainingMode(module);
      } else {
        JniUtils.enableInferenceMode(module);
      }
      training = train;
    }
  }

  private static PtSymbolBlock helper(NDManager manager) {
    try (InputStream in = TorchScriptNetwork.class.getResourceAsStream("input_gradient.pt")) {
      if (in == null) {
        throw new IllegalStateException("Cannot take input gradients: input_gradient.pt is missing from gansweep's jar (got no resource; "
            + "allowed a complete build)");
      }
      return load(in, "input_gradient.pt", manager);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Draws every parameter again from {@code rng}, in the module's order, as PyTorch's layers and
   * gansweep's schemes do, judged by name and shape (there is no other way to see a module's
   * layers from outside):
   *
   * <ul>
   *   <li>a weight of two or more axes ({@code [out, in, k...]}: linear, convolution, transposed
   *       convolution) with PyTorch's fans, fan_in = in·k…, fan_out = out·k…: torch_default
   *       U(±1/sqrt(fan_in)); normal02 N(0, 0.02); xavier N(0, sqrt(2/(fan_in + fan_out))); kaiming
   *       N(0, sqrt(2/fan_in)); orthogonal an orthonormal {@code out x in·k…} matrix. No activation
   *       is known for a module, so the gains are torch.nn.init's defaults (1; sqrt(2) for kaiming);
   *   <li>its bias (the next parameter, same prefix): U(±1/sqrt(fan_in)) under torch_default, else 0;
   *   <li>a weight of one axis (batch, layer or group norm's scale): 1, and its bias 0.
   * </ul>
   *
   * Anything else (a parameter not named {@code *weight} or {@code *bias}) is refused: as_saved
   * keeps such a module's weights. Equalized learning rate needs a run-time scale a module cannot
   * take, and is refused too.
   */
  static void initialise(List<NDArray> parameters, InitScheme scheme, SeededRandom rng, String file) {
    List<float[]> values = new ArrayList<>(parameters.size());
    long fanIn = -1;
    String weightPrefix = null;
    for (NDArray p : parameters) {
      String pname = p.getName() == null ? "?" : p.getName();
      Shape shape = p.getShape();
      int n = Math.toIntExact(shape.size());
      if (pname.endsWith("weight") && shape.dimension() >= 2) {
        long receptive = shape.size() / (shape.get(0) * shape.get(1));
        fanIn = shape.get(1) * receptive;
        long fanOut = shape.get(0) * receptive;
        int rows = (int) shape.get(0);
        int cols = (int) (shape.size() / rows);
        values.add(switch (scheme) {
          case NORMAL02, NORMAL, TORCH_DEFAULT -> Init.weights(scheme, rows, cols, 1.0, rng);
          case ORTHOGONAL -> Init.weights(scheme, rows, cols, 1.0, rng);
          case KAIMING -> Init.weights(scheme, rows, cols, Math.sqrt(2), rng);
          // kaiming's N(0, g/sqrt(cols)) with cols = fan_in is xavier's N(0, sqrt(2/(fan_in + fan_out))) at g below
          case XAVIER -> Init.weights(InitScheme.KAIMING, rows, cols, Math.sqrt(2.0 * fanIn / (fanIn + fanOut)), rng);
          case EQUALIZED, AS_SAVED -> throw refused(file, pname, shape, scheme);
        });
        weightPrefix = pname.substring(0, pname.length() - "weight".length());
      } else if (pname.endsWith("weight") && shape.dimension() == 1) {
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 1f);
        values.add(ones);
        fanIn = 0;
        weightPrefix = pname.substring(0, pname.length() - "weight".length());
      } else if (pname.endsWith("bias") && weightPrefix != null && pname.equals(weightPrefix + "bias")) {
        values.add(fanIn == 0 ? new float[n] : Init.biases(scheme, n, (int) fanIn, rng));
        weightPrefix = null;
      } else {
        throw refused(file, pname, shape, scheme);
      }
    }
    try (Autograd ignored = Autograd.pause()) {
      for (int i = 0; i < parameters.size(); i++) {
        NDArray p = parameters.get(i);
        try (NDArray v = p.getManager().create(values.get(i), p.getShape())) {
          p.set(new NDIndex("..."), v);
        }
      }
    }
  }

  private static IllegalArgumentException refused(String file, String pname, Shape shape, InitScheme scheme) {
    return new IllegalArgumentException("Cannot initialise " + file + " with init " + scheme.wireName() + ": parameter " + pname
        + " " + shape + " is not a weight of a linear, convolution or norm layer or the bias after it (got " + pname
        + "; allowed init as_saved for such modules, or parameters named *weight and *bias; equalized needs a built-in network)");
  }

  /** A pass: D's output (as the module returns it) and the input it was taken at, for the input gradient. */
  private record TorchTrace(NDArray output, NDArray input) implements Network.Trace {

    @Override
    public NDArray features() {
      return null;
    }
  }
}
