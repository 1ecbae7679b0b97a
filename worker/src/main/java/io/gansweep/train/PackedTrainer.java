package io.gansweep.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.ImageDatasets;
import io.gansweep.data.Mixture;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.Adam;
import io.gansweep.gan.Autograd;
import io.gansweep.gan.Mlp;
import io.gansweep.gan.StackedMlp;
import io.gansweep.loss.AdversarialLoss;
import io.gansweep.loss.GradientPenalty;
import io.gansweep.metrics.MixtureMetrics;
import io.gansweep.metrics.Prdc;
import io.gansweep.metrics.Quality;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.MetricRow;
import io.gansweep.trial.PenaltyKind;
import io.gansweep.trial.SamplePoints;
import io.gansweep.trial.TrialConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * Trains {@code k} compatible 2-D trials as one stacked model ({@code resources.pack}): G and D of
 * every trial are rows of one {@link StackedMlp} each, so a round costs one batched matmul per
 * layer for all of them instead of {@code k} small ones. Small GANs are bound by per-op dispatch,
 * not arithmetic, so this shares the fixed cost (bench section 8).
 *
 * <p>Each trial keeps what makes it itself: its seed (initialisation, data, noise, interpolation and
 * evaluation streams, drawn in the same order as {@link GanTrainer}), its lr_g and ttur (Adam per
 * row), its metrics rows, and its divergence: a trial that diverges ({@link Divergence}) gets its last row
 * and stops being recorded, while its rows of the stack (which no operation mixes with the others)
 * go on harmlessly. Everything else must be equal within a pack ({@link #packKey}); what cannot be
 * stacked is not packable ({@link #packable}).
 */
public final class PackedTrainer {

  /** Per-trial mean over every axis but the leading trial axis. */
  private final UnaryOperator<NDArray> perTrialMean = x -> x.reshape(x.getShape().get(0), -1).mean(new int[] {1});

  private final List<TrialConfig> configs;
  private final TrialConfig shared;
  private final int k;
  private final NDManager manager;
  private final Mixture mixture;
  private final Prdc.Reference reference;
  private final StackedMlp generator;
  private final StackedMlp discriminator;
  private final Adam adamG;
  private final Adam adamD;
  private final List<SeededRandom> data = new ArrayList<>();
  private final List<SeededRandom> noise = new ArrayList<>();
  private final List<SeededRandom> interpolation = new ArrayList<>();
  private final NDArray evalZ;
  private final LongSupplier nanos;
  private final long startNanos;
  private final SamplePoints[] lastPoints;
  private final SamplePoints[] evalPoints;

  /** How the packed path treats a hyperparameter: the one place that says what a stack supports. */
  public enum Packing {
    /** Each trial of a pack keeps its own value (Adam per row of the stack). */
    PER_TRIAL,
    /** Applied by the packed path exactly as a trial alone applies it; equal within a pack. */
    SHARED,
    /** Not applied by the packed path: a trial with a value other than the default trains alone. */
    ALONE_UNLESS_DEFAULT
  }

  /**
   * What the packed path does with {@code h}. A switch without a default: a hyperparameter added
   * to the catalog does not compile until it is classified here, so none is ever silently ignored
   * in packs.
   */
  public static Packing packing(Hyperparameter h) {
    return switch (h) {
      case LR_G, TTUR -> Packing.PER_TRIAL;
      // BN_MOMENTUM is read only with batch_norm, which packs refuse: shared through the key, inert.
      case DATASET, STEPS, BATCH_SIZE, LATENT_DIM, HIDDEN, LAYERS, D_STEPS, G_STEPS, INIT, LOSS, PENALTY, PENALTY_WEIGHT,
          ADAM_BETA1, ADAM_BETA2, BN_MOMENTUM, LOG_EVERY, EVAL_EVERY, EVAL_SAMPLES, G_ACTIVATION, D_ACTIVATION -> Packing.SHARED;
      // Per-network state or statistics that StackedMlp does not stack (u vectors, running
      // statistics, masks, D's features of G's batch).
      case SPECTRAL_NORM, BATCH_NORM, DROPOUT_D, FEATURE_MATCHING -> Packing.ALONE_UNLESS_DEFAULT;
    };
  }

  /**
   * Whether a trial can train in a pack: a 2-D mixture (image trials have their own networks), and
   * every {@link Packing#ALONE_UNLESS_DEFAULT} hyperparameter at its default.
   */
  public static boolean packable(TrialConfig c) {
    if (ImageDatasets.isImages(c.dataset())) {
      return false;
    }
    for (Hyperparameter h : Hyperparameter.values()) {
      if (packing(h) == Packing.ALONE_UNLESS_DEFAULT && !c.get(h).equals(h.defaultValue())) {
        return false;
      }
    }
    return true;
  }

  /** What the trials of one pack share: every hyperparameter but the {@link Packing#PER_TRIAL} ones (and the seed). */
  public static Map<Hyperparameter, Object> packKey(TrialConfig c) {
    Map<Hyperparameter, Object> key = new EnumMap<>(Hyperparameter.class);
    for (Hyperparameter h : Hyperparameter.values()) {
      if (packing(h) != Packing.PER_TRIAL) {
        key.put(h, c.get(h));
      }
    }
    return key;
  }

  /** Builds the stacked networks and optimisers in {@code manager} (closed by the caller). */
  public PackedTrainer(List<TrialConfig> configs, NDManager manager, LongSupplier nanos) {
    this.configs = List.copyOf(configs);
    this.shared = configs.get(0);
    Map<Hyperparameter, Object> key = packKey(shared);
    for (TrialConfig c : configs) {
      if (!packable(c) || !packKey(c).equals(key)) {
        throw new IllegalArgumentException("Cannot pack trials: " + c.trialId() + " is not packable with " + shared.trialId()
            + " (got " + c + "; allowed plain-MLP 2-D trials equal but for seed, lr_g and ttur)");
      }
    }
    this.k = configs.size();
    this.lastPoints = new SamplePoints[k];
    this.evalPoints = new SamplePoints[k];
    this.manager = manager;
    this.nanos = nanos;
    this.startNanos = nanos.getAsLong();
    mixture = Mixture.forName(shared.dataset());
    reference = Problem.mixtureReference(mixture, shared.evalSamples());
    List<Mlp> gs = new ArrayList<>();
    List<Mlp> ds = new ArrayList<>();
    for (TrialConfig c : configs) {
      SeededRandom init = SeededRandom.stream(c.seed(), "init"); // G first, then D, as Problem.of draws them
      gs.add(new Mlp(GanTrainer.generatorSpec(c), manager, DataType.FLOAT32, init));
      ds.add(new Mlp(GanTrainer.discriminatorSpec(c), manager, DataType.FLOAT32, init));
    }
    generator = new StackedMlp(gs);
    discriminator = new StackedMlp(ds);
    adamG = Adam.byRow(generator.parameters().get(0), configs.stream().mapToDouble(TrialConfig::lrG).toArray(),
        shared.adamBeta1(), shared.adamBeta2());
    adamD = Adam.byRow(discriminator.parameters().get(0), configs.stream().mapToDouble(TrialConfig::lrD).toArray(),
        shared.adamBeta1(), shared.adamBeta2());
    float[] z = new float[k * shared.evalSamples() * shared.latentDim()];
    for (int i = 0; i < k; i++) {
      TrialConfig c = configs.get(i);
      data.add(SeededRandom.stream(c.seed(), "data"));
      noise.add(SeededRandom.stream(c.seed(), "noise"));
      interpolation.add(SeededRandom.stream(c.seed(), "interpolation"));
      float[] zi = SeededRandom.stream(c.seed(), "eval-z").gaussians(shared.evalSamples() * shared.latentDim());
      System.arraycopy(zi, 0, z, i * zi.length, zi.length);
    }
    evalZ = manager.create(z, new Shape(k, shared.evalSamples(), shared.latentDim()));
  }

  /** Runs every round for every trial still finite; one outcome per trial, in the order given. */
  public List<GanTrainer.Outcome> train() {
    long t0 = nanos.getAsLong();
    List<List<MetricRow>> rows = new ArrayList<>();
    Quality[] last = evaluate(0);
    System.arraycopy(evalPoints, 0, lastPoints, 0, k);
    Integer[] diverged = new Integer[k];
    String[] divergence = new String[k];
    int active = k;
    for (int i = 0; i < k; i++) {
      rows.add(new ArrayList<>(List.of(GanTrainer.row(0, seconds(), null, null, null, null, null, null, last[i]))));
    }
    for (int step = 1; step <= shared.steps() && active > 0; step++) {
      boolean log = step % shared.logEvery() == 0 || step == shared.steps();
      boolean eval = step % shared.evalEvery() == 0 || step == shared.steps();
      try (NDScope ignored = new NDScope()) {
        double[][] r = round(log);
        Quality[] q = eval ? evaluate(step) : null;
        for (int i = 0; i < k; i++) {
          if (diverged[i] != null) {
            continue;
          }
          double dLoss = r[0][i];
          double gLoss = r[1][i];
          String why = Divergence.check(step, dLoss, gLoss, log ? r[4][i] : null, log ? r[5][i] : null);
          if (why == null && !log && !eval) {
            continue;
          }
          Quality qi = why == null && q != null ? q[i] : null;
          if (qi != null) {
            last[i] = qi;
            lastPoints[i] = evalPoints[i];
          }
          rows.get(i).add(GanTrainer.row(step, seconds(), dLoss, gLoss, log ? r[2][i] : null, log ? r[3][i] : null,
              log ? r[4][i] : null, log ? r[5][i] : null, qi));
          if (why != null) {
            diverged[i] = step;
            divergence[i] = why;
            active--;
          }
        }
      }
    }
    double seconds = (nanos.getAsLong() - t0) / 1e9;
    List<GanTrainer.Outcome> out = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      boolean done = diverged[i] == null;
      out.add(new GanTrainer.Outcome(rows.get(i), done ? shared.steps() : diverged[i], diverged[i], divergence[i],
          done ? last[i] : null, seconds / k, List.of(), lastPoints[i]));
    }
    return out;
  }

  private double seconds() {
    return (nanos.getAsLong() - startNanos) / 1e9;
  }

  /**
   * One round for every trial, as {@link GanTrainer} does it for one. Returns per trial: D loss, G
   * loss, and on logged rounds the reported means and gradient norms (rows 2 to 5).
   */
  private double[][] round(boolean log) {
    int b = shared.batchSize();
    NDArray real = null;
    NDArray fakeForG = null;
    NDArray lossD = null;
    NDArray totalD;
    NDArray meanReal = null;
    NDArray meanFake = null;
    NDArray normD = null;
    boolean r1 = shared.penalty() == PenaltyKind.R1;
    for (int step = 0; step < shared.dSteps(); step++) {
      boolean lastD = step == shared.dSteps() - 1;
      real = stack(i -> mixture.sample(b, data.get(i)), b, 2);
      NDArray z = stack(i -> noise.get(i).gaussians(b * shared.latentDim()), b, shared.latentDim());
      NDArray fake;
      try (Autograd ignored = lastD ? Autograd.record() : Autograd.pause()) {
        fake = generator.forward(generator.weights(), z, false).output();
      }
      if (lastD) {
        fakeForG = fake;
        fake = fake.stopGradient();
      }
      try (Autograd ignored = Autograd.record()) {
        Mlp.Weights w = discriminator.weights();
        Mlp.Trace onReal = discriminator.forward(w, real, r1);
        Mlp.Trace onFake = discriminator.forward(w, fake, false);
        lossD = AdversarialLoss.discriminator(shared.loss(), onReal.output(), onFake.output(), perTrialMean);
        if (shared.penalty() != PenaltyKind.NONE) {
          Mlp.Trace at = r1 ? onReal : discriminator.forward(w, interpolates(real, fake), true);
          NDArray g = discriminator.inputGradient(w, at);
          lossD = lossD.add(GradientPenalty.of(shared.penalty(), g, shared.penaltyWeight(), perTrialMean));
        }
        totalD = lossD.sum(); // rows never mix, so each trial's gradient is that of its own loss
        if (lastD && log) {
          try (Autograd paused = Autograd.pause()) {
            meanReal = AdversarialLoss.reportedMean(shared.loss(), onReal.output(), perTrialMean);
            meanFake = AdversarialLoss.reportedMean(shared.loss(), onFake.output(), perTrialMean);
          }
        }
      }
      Autograd.zeroGradients(discriminator.parameters());
      Autograd.backward(totalD);
      if (lastD && log) {
        normD = adamD.gradients().get(0).norm(new int[] {1});
      }
      adamD.step();
    }
    NDArray lossG = null;
    NDArray normG = null;
    for (int j = 0; j < shared.gSteps(); j++) {
      NDArray totalG;
      try (Autograd ignored = Autograd.record()) {
        NDArray fake = fakeForG;
        if (j > 0) {
          NDArray z = stack(i -> noise.get(i).gaussians(b * shared.latentDim()), b, shared.latentDim());
          fake = generator.forward(generator.weights(), z, false).output();
        }
        lossG = AdversarialLoss.generator(shared.loss(), discriminator.forward(discriminator.frozenWeights(), fake, false).output(),
            perTrialMean);
        totalG = lossG.sum();
      }
      Autograd.zeroGradients(generator.parameters());
      Autograd.backward(totalG);
      if (j == shared.gSteps() - 1 && log) {
        normG = adamG.gradients().get(0).norm(new int[] {1});
      }
      adamG.step();
    }
    // One host sync per round for all trials: a (values x k) matrix.
    NDList values = log ? new NDList(lossD, lossG, meanReal, meanFake, normD, normG) : new NDList(lossD, lossG);
    double[] v = NDArrays.stack(values).toType(DataType.FLOAT64, false).toDoubleArray();
    double[][] out = new double[values.size()][];
    for (int row = 0; row < out.length; row++) {
      out[row] = Arrays.copyOfRange(v, row * k, (row + 1) * k);
    }
    return out;
  }

  private NDArray interpolates(NDArray real, NDArray fake) {
    NDArray a = stack(i -> interpolation.get(i).uniforms(shared.batchSize()), shared.batchSize(), 1);
    return real.mul(a).add(fake.mul(a.neg().add(1)));
  }

  /** {@code k x rows x cols} from one array per trial. */
  private NDArray stack(java.util.function.IntFunction<float[]> perTrial, int rows, int cols) {
    float[] all = new float[k * rows * cols];
    for (int i = 0; i < k; i++) {
      System.arraycopy(perTrial.apply(i), 0, all, i * rows * cols, rows * cols);
    }
    return manager.create(all, new Shape(k, rows, cols));
  }

  /**
   * Quality of every trial's {@code eval_samples} samples from its own evaluation z; the points
   * wait in {@code evalPoints} until the round turns out finite.
   */
  private Quality[] evaluate(int step) {
    try (NDScope ignored = new NDScope(); Autograd paused = Autograd.pause()) {
      float[] all = generator.forward(generator.weights(), evalZ, false).output().toFloatArray();
      int n = all.length / k;
      Quality[] q = new Quality[k];
      for (int i = 0; i < k; i++) {
        float[] points = Arrays.copyOfRange(all, i * n, (i + 1) * n);
        q[i] = MixtureMetrics.evaluate(mixture, points, reference);
        evalPoints[i] = new SamplePoints(step, points);
      }
      return q;
    }
  }
}
