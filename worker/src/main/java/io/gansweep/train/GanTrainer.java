package io.gansweep.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.Adam;
import io.gansweep.gan.Autograd;
import io.gansweep.gan.Mlp;
import io.gansweep.gan.Network;
import io.gansweep.gan.Tensors;
import io.gansweep.loss.AdversarialLoss;
import io.gansweep.loss.GradientPenalty;
import io.gansweep.metrics.Quality;
import io.gansweep.trial.MetricRow;
import io.gansweep.trial.SampleGrid;
import io.gansweep.trial.SamplePoints;
import io.gansweep.trial.PenaltyKind;
import io.gansweep.trial.TrialConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Trains one GAN, on a 2-D mixture or on images ({@link Problem}). A step is one round: {@code d_steps} discriminator updates,
 * each on a fresh real batch and fresh z, then {@code g_steps} generator updates; the first
 * generator update reuses the fake batch of the last discriminator update (the same z, detached
 * for D). Every tensor a round creates lives in an {@link NDScope} closed at the end of the round,
 * so native memory stays flat however long the trial runs.
 */
public final class GanTrainer {

  private final TrialConfig config;
  private final NDManager manager;
  private final Problem problem;
  private final Network generator;
  private final Network discriminator;
  private final Adam adamG;
  private final Adam adamD;
  private final SeededRandom data;
  private final SeededRandom noise;
  private final SeededRandom dropout;
  private final SeededRandom interpolation;
  private final NDArray evalZ;
  private final List<SampleGrid> samples = new ArrayList<>();
  private SamplePoints lastPoints;
  private final LongSupplier nanos;
  private final long startNanos;

  /**
   * What training ended with.
   *
   * @param trainSeconds wall time of {@link #train}: every round and evaluation
   * @param points 2-D mixtures: the generated points of the last evaluation; null for images
   */
  public record Outcome(List<MetricRow> rows, int stepsDone, Integer divergedStep, String divergence, Quality finalQuality,
      double trainSeconds, List<SampleGrid> samples, SamplePoints points) {
    /** An outcome without sample points. */
    public Outcome(List<MetricRow> rows, int stepsDone, Integer divergedStep, String divergence, Quality finalQuality,
        double trainSeconds, List<SampleGrid> samples) {
      this(rows, stepsDone, divergedStep, divergence, finalQuality, trainSeconds, samples, null);
    }
  }

  /**
   * Builds both networks and optimisers in {@code manager} (closed by the caller). {@code dtype}
   * is FLOAT32 for training; tests use FLOAT64 for finite differences. {@code featureNets}: see
   * {@link io.gansweep.trial.TrialTask#featureNets} (null for 2-D trials and the local cache).
   */
  public GanTrainer(TrialConfig config, NDManager manager, DataType dtype, LongSupplier nanos, String featureNets) {
    this.config = config;
    this.manager = manager;
    this.nanos = nanos;
    this.startNanos = nanos.getAsLong();
    SeededRandom init = SeededRandom.stream(config.seed(), "init");
    problem = Problem.of(config, manager, dtype, init, featureNets);
    generator = problem.generator();
    discriminator = problem.discriminator();
    adamG = new Adam(generator.parameters(), config.lrG(), config.adamBeta1(), config.adamBeta2());
    adamD = new Adam(discriminator.parameters(), config.lrD(), config.adamBeta1(), config.adamBeta2());
    data = SeededRandom.stream(config.seed(), "data");
    noise = SeededRandom.stream(config.seed(), "noise");
    dropout = SeededRandom.stream(config.seed(), "dropout");
    interpolation = SeededRandom.stream(config.seed(), "interpolation");
    SeededRandom evalNoise = SeededRandom.stream(config.seed(), "eval-z");
    evalZ = create(evalNoise.gaussians(config.evalSamples() * config.latentDim()), config.evalSamples(), config.latentDim(), dtype);
  }

  /** Checksum of the pinned feature network the evaluations use, null for 2-D mixtures. */
  public String featureNet() {
    return problem.featureNet();
  }

  /** G of a trial: latent → 2-D point, its g_activation, batch norm when the trial asks for it. */
  public static Mlp.Spec generatorSpec(TrialConfig config) {
    return new Mlp.Spec(config.latentDim(), config.hidden(), config.layers(), 2, config.gActivation(),
        config.init(), false, config.batchNorm(), config.bnMomentum(), 0);
  }

  /** D of a trial: 2-D point → one logit, its d_activation, spectral norm and dropout when asked. */
  public static Mlp.Spec discriminatorSpec(TrialConfig config) {
    return new Mlp.Spec(2, config.hidden(), config.layers(), 1, config.dActivation(),
        config.init(), config.spectralNorm(), false, config.bnMomentum(), config.dropoutD());
  }

  private NDArray create(float[] values, int rows, int cols, DataType dtype) {
    NDArray a = manager.create(values, new Shape(rows, cols));
    return dtype == DataType.FLOAT32 ? a : a.toType(dtype, false);
  }

  private NDArray batch(float[] values, int cols) {
    return create(values, values.length / cols, cols, evalZ.getDataType());
  }

  /** Runs every round, or stops at the first diverged one. */
  public Outcome train() {
    return train(step -> {});
  }

  /**
   * Runs every round, calling {@code afterRound} with the step number after each. Stops at the
   * first round that {@link Divergence} judges diverged: a loss NaN/Inf or beyond its bound (one
   * host sync per round reads both), or on logged rounds a gradient norm. A non-finite weight or
   * gradient shows in the losses too: a non-finite gradient under a finite loss makes Adam write
   * NaN weights in that round, so the next round's losses are NaN and the recorded step is at most
   * one round late.
   */
  public Outcome train(java.util.function.IntConsumer afterRound) {
    long t0 = nanos.getAsLong();
    List<MetricRow> rows = new ArrayList<>();
    samples.clear();
    lastPoints = null;
    Quality last = evaluate(0);
    rows.add(row(0, seconds(), null, null, null, null, null, null, last));
    for (int step = 1; step <= config.steps(); step++) {
      boolean log = step % config.logEvery() == 0 || step == config.steps();
      boolean eval = step % config.evalEvery() == 0 || step == config.steps();
      try (NDScope ignored = new NDScope()) {
        Round r = round(log);
        String diverged = Divergence.check(step, r.dLoss, r.gLoss, r.gradNormD, r.gradNormG);
        if (diverged != null) {
          rows.add(r.row(step, seconds(), null));
          return new Outcome(rows, step, step, diverged, null, (nanos.getAsLong() - t0) / 1e9, List.copyOf(samples),
              lastPoints);
        }
        if (log || eval) {
          Quality q = eval ? evaluate(step) : null;
          if (q != null) {
            last = q;
          }
          rows.add(r.row(step, seconds(), q));
        }
      }
      afterRound.accept(step);
    }
    return new Outcome(rows, config.steps(), null, null, last, (nanos.getAsLong() - t0) / 1e9, List.copyOf(samples),
        lastPoints);
  }

  private double seconds() {
    return (nanos.getAsLong() - startNanos) / 1e9;
  }

  /** Values of one round; gradient norms and means only when the round is logged. */
  private record Round(double dLoss, double gLoss, Double dReal, Double dFake, Double gradNormD, Double gradNormG) {
    MetricRow row(int step, double seconds, Quality q) {
      return GanTrainer.row(step, seconds, dLoss, gLoss, dReal, dFake, gradNormD, gradNormG, q);
    }
  }

  /** A metrics row: the round's signals (null where not taken) and the evaluation's quality (null when none ran). */
  static MetricRow row(int step, double seconds, Double dLoss, Double gLoss, Double dReal, Double dFake, Double gradNormD,
      Double gradNormG, Quality q) {
    return new MetricRow(step, seconds, dLoss, gLoss, dReal, dFake, gradNormD, gradNormG, q);
  }

  private Round round(boolean log) {
    int b = config.batchSize();
    NDArray real = null;
    NDArray fakeForG = null;
    NDArray lossD = null;
    NDArray meanReal = null;
    NDArray meanFake = null;
    NDList normsD = null;
    for (int k = 0; k < config.dSteps(); k++) {
      boolean lastD = k == config.dSteps() - 1;
      real = problem.realBatch(b, data, manager, evalZ.getDataType());
      NDArray z = batch(noise.gaussians(b * config.latentDim()), config.latentDim());
      NDArray fake;
      if (lastD) {
        try (Autograd ignored = Autograd.record()) {
          fakeForG = generator.forward(generator.weights(), z, Mlp.Mode.TRAIN, null, false).output();
        }
        fake = fakeForG.stopGradient();
      } else {
        try (Autograd ignored = Autograd.pause()) {
          fake = generator.forward(generator.weights(), z, Mlp.Mode.TRAIN, null, false).output();
        }
      }
      discriminator.powerIteration();
      try (Autograd ignored = Autograd.record()) {
        Mlp.Weights w = discriminator.weights();
        boolean r1 = config.penalty() == PenaltyKind.R1;
        Mlp.Trace onReal = discriminator.forward(w, real, Mlp.Mode.TRAIN, dropout, r1);
        Mlp.Trace onFake = discriminator.forward(w, fake, Mlp.Mode.TRAIN, dropout, false);
        lossD = AdversarialLoss.discriminator(config.loss(), onReal.output(), onFake.output());
        if (config.penalty() != PenaltyKind.NONE) {
          Mlp.Trace at = r1 ? onReal : discriminator.forward(w, interpolates(real, fake), Mlp.Mode.TRAIN, dropout, true);
          NDArray g = discriminator.inputGradient(w, at);
          g = g.reshape(g.getShape().get(0), -1);
          lossD = lossD.add(GradientPenalty.of(config.penalty(), g, config.penaltyWeight()));
        }
        if (lastD && log) {
          try (Autograd paused = Autograd.pause()) { // reported only: no graph
            meanReal = AdversarialLoss.reportedMean(config.loss(), onReal.output());
            meanFake = AdversarialLoss.reportedMean(config.loss(), onFake.output());
          }
        }
      }
      Autograd.zeroGradients(discriminator.parameters());
      Autograd.backward(lossD);
      if (lastD && log) {
        normsD = norms(adamD.gradients());
      }
      adamD.step();
    }
    NDArray lossG = null;
    NDList normsG = null;
    for (int j = 0; j < config.gSteps(); j++) {
      try (Autograd ignored = Autograd.record()) {
        NDArray fake = fakeForG;
        if (j > 0) {
          NDArray z = batch(noise.gaussians(b * config.latentDim()), config.latentDim());
          fake = generator.forward(generator.weights(), z, Mlp.Mode.TRAIN, null, false).output();
        }
        Mlp.Weights w = discriminator.frozenWeights();
        Mlp.Trace onFake = discriminator.forward(w, fake, Mlp.Mode.TRAIN, dropout, false);
        lossG = AdversarialLoss.generator(config.loss(), onFake.output());
        if (config.featureMatching() > 0) {
          NDArray realFeatures;
          try (Autograd paused = Autograd.pause()) {
            realFeatures = discriminator.forward(w, real, Mlp.Mode.TRAIN, dropout, false).features().mean(new int[] {0});
          }
          NDArray gap = onFake.features().mean(new int[] {0}).sub(realFeatures).square().sum();
          lossG = lossG.add(Tensors.times(gap, config.featureMatching()));
        }
      }
      Autograd.zeroGradients(generator.parameters());
      Autograd.backward(lossG);
      if (j == config.gSteps() - 1 && log) {
        normsG = norms(adamG.gradients());
      }
      adamG.step();
    }
    // One host sync per round: the losses, and on logged rounds the means and the gradient norm
    // of every parameter tensor (one per network, NetworkParameters), stacked into one transfer.
    NDList values = new NDList(lossD, lossG);
    if (!log) {
      double[] v = NDArrays.stack(values).toType(DataType.FLOAT64, false).toDoubleArray();
      return new Round(v[0], v[1], null, null, null, null);
    }
    values.addAll(new NDList(meanReal, meanFake));
    values.addAll(normsD);
    values.addAll(normsG);
    double[] v = NDArrays.stack(values).toType(DataType.FLOAT64, false).toDoubleArray();
    return new Round(v[0], v[1], v[2], v[3], globalNorm(v, 4, normsD.size()), globalNorm(v, 4 + normsD.size(), normsG.size()));
  }

  private NDArray interpolates(NDArray real, NDArray fake) {
    float[] alpha = interpolation.uniforms(config.batchSize());
    NDArray a = manager.create(alpha, problem.alphaShape(alpha.length));
    a = a.getDataType() == real.getDataType() ? a : a.toType(real.getDataType(), false);
    return real.mul(a).add(fake.mul(a.neg().add(1)));
  }

  /**
   * The L2 norm of each gradient, as scalar tensors (no host sync; one op per parameter). libtorch accumulates a float32 norm in double on CPU, so a single norm overflows
   * only beyond ~3.4e38; {@link #globalNorm} combines them in double. Taken right after the
   * backward that produced the gradients.
   */
  private static NDList norms(List<NDArray> gradients) {
    NDList norms = new NDList(gradients.size());
    for (NDArray g : gradients) {
      norms.add(g.norm());
    }
    return norms;
  }

  /** sqrt(Σ n²) over {@code v[from, from + count)}: the global gradient norm from per-parameter norms. */
  static double globalNorm(double[] v, int from, int count) {
    double sum = 0;
    for (int i = from; i < from + count; i++) {
      sum += v[i] * v[i];
    }
    return Math.sqrt(sum);
  }

  /**
   * Quality of {@code eval_samples} samples generated from the trial's fixed evaluation z; for
   * images, also keeps a sample grid for {@code step}, for 2-D mixtures the points (the last
   * evaluation's go to the {@code samples} table).
   */
  public Quality evaluate(int step) {
    try (NDScope ignored = new NDScope(); Autograd paused = Autograd.pause()) {
      NDArray generated = generator.forward(generator.weights(), evalZ, Mlp.Mode.EVAL, null, false).output();
      byte[] grid = problem.grid(generated);
      if (grid != null) {
        samples.add(new SampleGrid(step, grid));
      }
      if (problem instanceof Problem.Points) {
        lastPoints = new SamplePoints(step, generated.toType(DataType.FLOAT32, false).toFloatArray());
      }
      return problem.evaluate(generated);
    }
  }
}
