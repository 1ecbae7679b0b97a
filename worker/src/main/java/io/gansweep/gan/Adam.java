package io.gansweep.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.LrSchedule;
import io.gansweep.trial.OptimizerKind;
import io.gansweep.trial.TrialConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Adam (Kingma and Ba 2015) over a fixed list of parameters, one fused native update per parameter
 * through DJL's {@code adamUpdate}. Its state lives in the parameters' manager and is updated in
 * place, so memory stays flat. The update is the paper's "efficient" form: the bias corrections
 * fold into the step size, lr·sqrt(1−β2^t)/(1−β1^t), and ε = 1e-8 is added to sqrt(v) (PyTorch
 * adds it to sqrt(v̂); the two differ only while v is tiny).
 *
 * <p>The gradient tensors are looked up once, at the first step, and kept: libtorch accumulates
 * every later backward into the same tensor in place (DJL's zeroGrad zeroes it in place too), so
 * the kept handles always hold the current gradients, without a JNI lookup per parameter and step.
 * Every parameter must have a gradient when {@link #step} first runs.
 *
 * <p>With {@code grad_clip} above 0 each step first scales the gradients so that their global L2
 * norm (over all of one network's parameters; per row for a stack) is at most that value, as
 * PyTorch's {@code clip_grad_norm_} does: coefficient min(1, clip / (norm + 1e-6)).
 *
 * <p>{@code optimizer} sgd or rmsprop replaces the Adam update by that rule ({@link OptimizerKind},
 * PyTorch's {@code torch.optim.SGD} and {@code RMSprop} with {@code momentum}), on the same state:
 * the first-moment tensors hold the momentum buffer, the second-moment ones RMSprop's running mean
 * of g² (so checkpoints keep them as they keep Adam's). Clipping and the schedule apply alike.
 */
public final class Adam {

  static final float EPS = 1e-8f;

  private final List<NDArray> parameters;
  private final List<NDArray> mean = new ArrayList<>();
  private final List<NDArray> variance = new ArrayList<>();
  private final double[] lrs;
  private final boolean byRow;
  private final double[] clips;
  private List<NDArray> gradients;
  private List<NDArray[]> targets;
  private final double beta1;
  private final double beta2;
  private final LrSchedule schedule;
  private final OptimizerKind rule;
  private final double momentum;
  /** The updates the schedule decays over (the optimiser's whole training); 0 with a constant rate. */
  private final long totalUpdates;
  private int t;

  public Adam(List<NDArray> parameters, double lr, double beta1, double beta2) {
    this(parameters, fill(parameters.size(), lr), false, beta1, beta2, new double[] {0}, LrSchedule.CONSTANT, 0,
        OptimizerKind.ADAM, 0);
  }

  /** G's optimiser of trial {@code c}: lr_g, the Adam betas, grad_clip, lr_schedule over steps x g_steps. */
  public static Adam generator(List<NDArray> parameters, TrialConfig c) {
    return of(parameters, c, c.get(Hyperparameter.LR_G), c.get(Hyperparameter.G_STEPS));
  }

  /** D's optimiser of trial {@code c}: lr_d (ttur * lr_g), the Adam betas, grad_clip, lr_schedule over steps x d_steps. */
  public static Adam discriminator(List<NDArray> parameters, TrialConfig c) {
    return of(parameters, c, c.lrD(), c.get(Hyperparameter.D_STEPS));
  }

  private static Adam of(List<NDArray> parameters, TrialConfig c, double lr, int perRound) {
    return new Adam(parameters, fill(parameters.size(), lr), false, c.get(Hyperparameter.ADAM_BETA1),
        c.get(Hyperparameter.ADAM_BETA2), new double[] {c.get(Hyperparameter.GRAD_CLIP)}, c.get(Hyperparameter.LR_SCHEDULE),
        (long) c.get(Hyperparameter.STEPS) * perRound, c.get(Hyperparameter.OPTIMIZER), c.get(Hyperparameter.MOMENTUM));
  }

  /** G's optimiser of a pack: row i of {@code stacked} is trial {@code configs.get(i)}'s G (see {@link #generator}). */
  public static Adam generatorRows(NDArray stacked, List<TrialConfig> configs) {
    return byRow(stacked, configs, c -> c.get(Hyperparameter.LR_G), configs.get(0).get(Hyperparameter.G_STEPS));
  }

  /** D's optimiser of a pack: row i of {@code stacked} is trial {@code configs.get(i)}'s D (see {@link #discriminator}). */
  public static Adam discriminatorRows(NDArray stacked, List<TrialConfig> configs) {
    return byRow(stacked, configs, TrialConfig::lrD, configs.get(0).get(Hyperparameter.D_STEPS));
  }

  private static Adam byRow(NDArray stacked, List<TrialConfig> configs, ToDoubleFunction<TrialConfig> lr, int perRound) {
    TrialConfig shared = configs.get(0); // a pack shares its rule, betas, steps and schedule (Hyperparameter.Packing.SHARED)
    return byRow(stacked, configs.stream().mapToDouble(lr).toArray(), shared.get(Hyperparameter.ADAM_BETA1),
        shared.get(Hyperparameter.ADAM_BETA2), configs.stream().mapToDouble(c -> c.get(Hyperparameter.GRAD_CLIP)).toArray(),
        shared.get(Hyperparameter.LR_SCHEDULE), (long) shared.get(Hyperparameter.STEPS) * perRound,
        shared.get(Hyperparameter.OPTIMIZER), shared.get(Hyperparameter.MOMENTUM));
  }

  /**
   * Adam over the rows of one stacked parameter tensor ({@link StackedMlp}), row {@code i} with
   * learning rate {@code lrs[i]}: each row gets the same fused update, on views of the parameter,
   * gradient and moment tensors, that a network alone gets on its flat tensor.
   */
  public static Adam byRow(NDArray stacked, double[] lrs, double beta1, double beta2, double[] clips) {
    return byRow(stacked, lrs, beta1, beta2, clips, LrSchedule.CONSTANT, 0, OptimizerKind.ADAM, 0);
  }

  private static Adam byRow(NDArray stacked, double[] lrs, double beta1, double beta2, double[] clips, LrSchedule schedule,
      long totalUpdates, OptimizerKind rule, double momentum) {
    if (stacked.getShape().get(0) != lrs.length || clips.length != lrs.length) {
      throw new IllegalArgumentException("Cannot build Adam: one learning rate and one clip per row (got " + lrs.length
          + " and " + clips.length + " for " + stacked.getShape() + "; allowed " + stacked.getShape().get(0) + ")");
    }
    return new Adam(List.of(stacked), lrs.clone(), true, beta1, beta2, clips.clone(), schedule, totalUpdates, rule, momentum);
  }

  /** An optimiser following {@code rule} (sgd and rmsprop with {@code momentum}) for tests of the rules alone. */
  static Adam of(List<NDArray> parameters, double lr, OptimizerKind rule, double momentum) {
    return new Adam(parameters, fill(parameters.size(), lr), false, 0.5, 0.999, new double[] {0}, LrSchedule.CONSTANT, 0, rule,
        momentum);
  }

  private Adam(List<NDArray> parameters, double[] lrs, boolean byRow, double beta1, double beta2, double[] clips,
      LrSchedule schedule, long totalUpdates, OptimizerKind rule, double momentum) {
    this.rule = rule;
    this.momentum = momentum;
    this.schedule = schedule;
    this.totalUpdates = totalUpdates;
    this.parameters = List.copyOf(parameters);
    this.lrs = lrs;
    this.byRow = byRow;
    this.clips = clips;
    this.beta1 = beta1;
    this.beta2 = beta2;
    for (NDArray p : parameters) {
      mean.add(p.zerosLike());
      variance.add(p.zerosLike());
    }
  }

  private static double[] fill(int n, double lr) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, lr);
    return a;
  }

  /** The first moments, then the second moments, one per parameter (whole tensors: k x P by row). */
  public List<NDArray> moments() {
    List<NDArray> all = new ArrayList<>(mean);
    all.addAll(variance);
    return all;
  }

  /** Updates made so far: the t of the bias corrections. */
  public int steps() {
    return t;
  }

  /** Continues the bias corrections after {@code steps} updates (a checkpoint's, with its moments). */
  public void resumeAt(int steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("Cannot resume Adam: updates made must be >= 0 (got " + steps + "; allowed >= 0)");
    }
    t = steps;
  }

  /** One update from the gradients accumulated in the parameters (clipped first where grad_clip is on). */
  public void step() {
    clip();
    double decay = schedule.factor(t, totalUpdates); // update t (0-based) of the schedule's totalUpdates
    t++;
    List<NDArray[]> u = targets();
    for (int i = 0; i < u.size(); i++) {
      NDArray[] x = u.get(i);
      double lr = lrs[byRow ? i % lrs.length : i] * decay;
      if (rule != OptimizerKind.ADAM) {
        update(x, lr);
        continue;
      }
      JniUtils.adamUpdate((PtNDArray) x[0], (PtNDArray) x[1], (PtNDArray) x[2], (PtNDArray) x[3],
          (float) lr, (float) (lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t))), 0f, 1f, -1f, (float) beta1, (float) beta2, EPS, false);
    }
  }

  /**
   * One sgd or rmsprop update of parameter {@code x[0]} from gradient {@code x[1]}, in place, with
   * the momentum buffer in {@code x[2]} and RMSprop's mean square in {@code x[3]} ({@link OptimizerKind}).
   */
  private void update(NDArray[] x, double lr) {
    try (NDScope ignored = new NDScope(); Autograd paused = Autograd.pause()) {
      NDArray g = x[1];
      NDArray u = g;
      if (rule == OptimizerKind.RMSPROP) {
        double alpha = OptimizerKind.RMSPROP_ALPHA;
        x[3].muli(scalar(x[3], alpha)).addi(g.square().mul(scalar(g, 1 - alpha)));
        u = g.div(x[3].sqrt().add(scalar(g, EPS)));
      }
      if (momentum > 0) {
        x[2].muli(scalar(x[2], momentum)).addi(u);
        u = x[2];
      }
      x[0].subi(u.mul(scalar(u, lr)));
    }
  }

  /** {@code c} as a 0-dim tensor of {@code like}'s type and device, made by libtorch (see {@link Tensors#times}). */
  private static NDArray scalar(NDArray like, double c) {
    return JniUtils.full((PtNDManager) like.getManager(), new Shape(), c, like.getDataType(), like.getDevice(), SparseFormat.DENSE);
  }

  /**
   * Scales the gradients in place so that each network's (each row's) global L2 norm is at most its
   * clip: coefficient min(1, clip / (norm + 1e-6)), PyTorch's {@code clip_grad_norm_}. No host sync.
   */
  void clip() {
    if (Arrays.stream(clips).allMatch(c -> c == 0)) {
      return;
    }
    List<NDArray> g = gradients();
    try (NDScope ignored = new NDScope(); Autograd paused = Autograd.pause()) {
      if (byRow) {
        NDArray rows = g.get(0);
        long k = rows.getShape().get(0);
        NDArray norms = rows.reshape(k, -1).square().sum(new int[] {1}, true).sqrt();
        double[] bound = Arrays.stream(clips).map(c -> c == 0 ? Double.POSITIVE_INFINITY : c).toArray();
        NDArray limit = rows.getManager().create(bound, new Shape(k, 1)).toType(rows.getDataType(), false);
        NDArray coefficient = limit.div(norms.add(1e-6)).minimum(1);
        long[] shape = new long[rows.getShape().dimension()];
        Arrays.fill(shape, 1);
        shape[0] = k;
        rows.muli(coefficient.reshape(new Shape(shape)));
        return;
      }
      NDArray squares = null;
      for (NDArray x : g) {
        NDArray s = x.square().sum();
        squares = squares == null ? s : squares.add(s);
      }
      NDArray coefficient = squares.sqrt().add(1e-6).pow(-1).mul(clips[0]).minimum(1);
      for (NDArray x : g) {
        x.muli(coefficient);
      }
    }
  }

  /** Parameter, gradient, first and second moment of each update: whole tensors, or one row each. */
  private List<NDArray[]> targets() {
    if (targets == null) {
      List<NDArray> g = gradients();
      List<NDArray[]> u = new ArrayList<>();
      for (int i = 0; i < parameters.size(); i++) {
        NDArray[] whole = {parameters.get(i), g.get(i), mean.get(i), variance.get(i)};
        if (!byRow) {
          u.add(whole);
          continue;
        }
        try (Autograd ignored = Autograd.pause()) {
          for (int r = 0; r < lrs.length; r++) {
            NDArray[] row = new NDArray[4];
            for (int j = 0; j < 4; j++) {
              row[j] = whole[j].get(r);
              NDScope.unregister(row[j]); // views kept for the optimizer's life, like the gradients
            }
            u.add(row);
          }
        }
      }
      targets = List.copyOf(u);
    }
    return targets;
  }

  /**
   * The parameters' gradient tensors, in parameter order, live (see the class comment); looked up
   * on the first call, which must come after a backward that reached every parameter.
   */
  public List<NDArray> gradients() {
    if (gradients == null) {
      List<NDArray> g = new ArrayList<>(parameters.size());
      for (NDArray p : parameters) {
        NDArray grad = p.getGradient();
        NDScope.unregister(grad); // kept for the optimizer's life; the parameter's manager closes it
        g.add(grad);
      }
      gradients = List.copyOf(g);
    }
    return gradients;
  }
}
