package io.gansweep.train;

import io.gansweep.trial.Hyperparameter;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import io.gansweep.gan.Autograd;
import io.gansweep.gan.Mlp;
import io.gansweep.gan.Network;
import io.gansweep.gan.Tensors;
import io.gansweep.loss.AdversarialLoss;
import io.gansweep.loss.GradientPenalty;
import io.gansweep.metrics.Quality;
import io.gansweep.trial.MetricRow;
import io.gansweep.trial.PenaltyKind;
import io.gansweep.trial.SampleGrid;
import io.gansweep.trial.SamplePoints;
import io.gansweep.trial.TrialConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * The one training loop, for a trial alone or a pack ({@link TrialStack}: a stack of one or of k).
 * A step is one round: {@code d_steps} discriminator updates, each on a fresh real batch and fresh
 * z, then {@code g_steps} generator updates; the first generator update reuses the fake batch of
 * the last discriminator update (the same z, detached for D). Every tensor a round creates lives in
 * an {@link NDScope} closed at the end of the round, so native memory stays flat however long the
 * trial runs. Each trial of a pack keeps its own rows and its own divergence: a trial that diverges
 * ({@link Divergence}) gets its last row and stops being recorded, while its rows of the stack
 * (which no operation mixes with the others) go on harmlessly.
 */
public final class GanTrainer {

  private final TrialStack stack;
  private final TrialConfig shared;
  private final LongSupplier nanos;
  private final long startNanos;
  /** Checkpoints resumed from, one per trial; empty for a fresh start. */
  private final List<TrialCheckpoint> resumed;
  /** Rounds done before this trainer: 0, or the checkpoints' step. */
  private final int start;
  /** A trainer trains once; it goes on through its checkpoints, in a new trainer. */
  private boolean used;

  /**
   * What training ended with.
   *
   * @param trainSeconds wall time of {@link #train}: every round and evaluation (in a pack of k: the pack's / k)
   * @param points 2-D mixtures: the generated points of the last evaluation; null for images
   * @param checkpoint a healthy trial paused before its last round ({@link #trainAllTo}): where it
   *     resumes; null when it finished or diverged. {@code finalQuality} is then the latest
   *     evaluation's.
   */
  public record Outcome(List<MetricRow> rows, int stepsDone, Integer divergedStep, String divergence, Quality finalQuality,
      double trainSeconds, List<SampleGrid> samples, SamplePoints points, TrialCheckpoint checkpoint) {}

  /**
   * Told after each evaluation before a trial's last round, for every trial the evaluation kept
   * (healthy): the trial's index in the stack and its rows so far, from step 0 (a resumed trial's
   * rows before its checkpoint included), in step order. A running trial's quality can so be
   * committed while it trains ({@code TrialStore#publishProgress}); its last evaluation is told
   * by the outcome instead.
   */
  @FunctionalInterface
  public interface Evaluated {
    /** Nothing to tell. */
    Evaluated NONE = (trial, rows) -> {};

    void rows(int trial, List<MetricRow> rows);
  }

  /**
   * One trial: builds both networks and optimisers in {@code manager} (closed by the caller).
   * {@code dtype} is FLOAT32 for training; tests use FLOAT64 for finite differences. {@code
   * pinned}: see {@link io.gansweep.trial.TrialTask#pinned} (null: the local cache).
   */
  public GanTrainer(TrialConfig config, NDManager manager, DataType dtype, LongSupplier nanos, String pinned) {
    this(new SingleStack(config, manager, dtype, pinned), nanos, List.of());
  }

  /**
   * One trial resumed from {@code from} (a checkpoint of this very trial, written by an earlier
   * {@link #trainTo}): it trains on as if never paused. Float32 only.
   */
  public static GanTrainer resume(TrialConfig config, NDManager manager, LongSupplier nanos, String pinned, TrialCheckpoint from) {
    return new GanTrainer(new SingleStack(config, manager, DataType.FLOAT32, pinned, from), nanos, List.of(from));
  }

  /**
   * Trains {@code stack}, resumed from {@code from} (one checkpoint per trial, all after the same
   * round) or, when empty, from scratch.
   */
  GanTrainer(TrialStack stack, LongSupplier nanos, List<TrialCheckpoint> from) {
    this.stack = stack;
    this.shared = stack.configs().get(0);
    this.nanos = nanos;
    this.resumed = List.copyOf(from);
    if (!from.isEmpty()) {
      TrialCheckpoint first = from.get(0);
      for (TrialCheckpoint c : from) {
        if (from.size() != stack.size() || c.step() != first.step() || c.adamStepsG() != first.adamStepsG()
            || c.adamStepsD() != first.adamStepsD() || c.step() > shared.get(Hyperparameter.STEPS)) {
          throw new IllegalArgumentException("Cannot resume trials: one checkpoint per trial, all after the same round with the same "
              + "optimizer counts, at most the trial's steps (got " + from.size() + " for " + stack.size() + " trials, " + c.trialId()
              + " at round " + c.step() + "; allowed " + stack.size() + " at round " + first.step() + ")");
        }
      }
      for (int i = 0; i < from.size(); i++) {
        if (from.get(i).hasModules() && !(stack instanceof SingleStack)) {
          throw new IllegalArgumentException("Cannot resume " + from.get(i).trialId() + " in a pack: its checkpoint keeps whole "
              + "modules, which only a trial alone restores (got a pack of " + stack.size() + "; allowed 1)");
        }
        from.get(i).restoreInto(stack, i);
      }
      stack.model().adamG().resumeAt(first.adamStepsG());
      stack.model().adamD().resumeAt(first.adamStepsD());
    }
    this.start = from.isEmpty() ? 0 : from.get(0).step();
    this.startNanos = nanos.getAsLong();
  }

  /** Checksum of the pinned feature network the evaluations use, null for 2-D mixtures. */
  public String featureNet() {
    return stack.featureNet();
  }

  /** Trains the one trial of this trainer (see {@link #trainAll}). */
  public Outcome train() {
    return train(step -> {});
  }

  /** {@link #train()}, calling {@code afterRound} with the step number after each round that leaves a trial healthy. */
  public Outcome train(IntConsumer afterRound) {
    return trainTo(shared.get(Hyperparameter.STEPS), afterRound);
  }

  /** {@link #trainAllTo} for the one trial of this trainer. */
  public Outcome trainTo(int until, IntConsumer afterRound) {
    if (stack.size() != 1) {
      throw new IllegalStateException("Cannot train one trial: this trainer holds a pack (got " + stack.size()
          + " trials; allowed trainAllTo for packs)");
    }
    return trainAllTo(until, afterRound).get(0);
  }

  /**
   * Quality of the trial's evaluation samples now (bench section 7 times it); for one trial only.
   */
  public Quality evaluate(int step) {
    return stack.evaluate(step).quality()[0];
  }

  /** Runs every round left for every trial still healthy: {@link #trainTo} the trials' steps. */
  public List<Outcome> trainAll(IntConsumer afterRound) {
    return trainAllTo(shared.get(Hyperparameter.STEPS), afterRound);
  }

  /**
   * Runs the rounds after the start (0, or the checkpoints') up to {@code until} for every trial
   * still healthy; one outcome per trial, in order. A trial that is healthy at {@code until} below
   * its steps pauses with a {@link TrialCheckpoint}: logging and evaluation follow the trial's
   * steps, never the pause, so the rows of a paused and resumed trial are the rows of one run.
   *
   * <p>A trial stops at the first round that {@link Divergence} judges diverged: a loss NaN/Inf or
   * beyond its bound (one host sync per round reads them all), or on logged rounds a gradient norm.
   * A non-finite weight or gradient shows in the losses too: a non-finite gradient under a finite
   * loss makes Adam write NaN weights in that round, so the next round's losses are NaN and the
   * recorded step is at most one round late. Evaluations run only while some trial is healthy, and
   * their points are kept only for trials whose round was finite.
   */
  public List<Outcome> trainAllTo(int until, IntConsumer afterRound) {
    return trainAllTo(until, afterRound, Evaluated.NONE);
  }

  /** {@link #trainAllTo(int, IntConsumer)}, telling {@code evaluated} each trial's rows after each evaluation before its last round. */
  public List<Outcome> trainAllTo(int until, IntConsumer afterRound, Evaluated evaluated) {
    if (until < start || until > shared.get(Hyperparameter.STEPS)) {
      throw new IllegalArgumentException("Cannot train to round " + until + ": the trials are at round " + start + " of "
          + shared.get(Hyperparameter.STEPS) + " (got " + until + "; allowed " + start + ".." + shared.get(Hyperparameter.STEPS) + ")");
    }
    if (used) {
      throw new IllegalStateException("Cannot train: this trainer has trained already (got a second call; allowed one, then a new "
          + "trainer resumed from the outcome's checkpoints)");
    }
    used = true;
    long t0 = nanos.getAsLong();
    int k = stack.size();
    List<List<MetricRow>> rows = new ArrayList<>(k);
    List<List<SampleGrid>> grids = new ArrayList<>(k);
    Quality[] last = new Quality[k];
    SamplePoints[] lastPoints = new SamplePoints[k];
    Integer[] diverged = new Integer[k];
    String[] divergence = new String[k];
    TrialStack.Evaluation first = resumed.isEmpty() ? stack.evaluate(0) : null;
    for (int i = 0; i < k; i++) {
      if (first == null) {
        TrialCheckpoint c = resumed.get(i);
        grids.add(new ArrayList<>(c.grids()));
        rows.add(new ArrayList<>(c.rows()));
        last[i] = c.latest();
        lastPoints[i] = c.points();
      } else {
        grids.add(new ArrayList<>());
        keep(first, i, last, lastPoints, grids);
        rows.add(new ArrayList<>(List.of(row(0, seconds(i), null, null, null, null, null, null, last[i]))));
      }
    }
    int active = k;
    for (int step = start + 1; step <= until && active > 0; step++) {
      boolean log = step % shared.get(Hyperparameter.LOG_EVERY) == 0 || step == shared.get(Hyperparameter.STEPS);
      boolean eval = step % shared.get(Hyperparameter.EVAL_EVERY) == 0 || step == shared.get(Hyperparameter.STEPS);
      try (NDScope ignored = new NDScope()) {
        double[][] r = round(log);
        String[] why = new String[k];
        boolean healthy = false;
        for (int i = 0; i < k; i++) {
          if (diverged[i] == null) {
            why[i] = Divergence.check(step, r[0][i], r[1][i], log ? r[4][i] : null, log ? r[5][i] : null);
            healthy |= why[i] == null;
          }
        }
        TrialStack.Evaluation e = eval && healthy ? stack.evaluate(step) : null;
        for (int i = 0; i < k; i++) {
          if (diverged[i] != null || (why[i] == null && !log && !eval)) {
            continue;
          }
          Quality q = null;
          if (why[i] == null && e != null) {
            keep(e, i, last, lastPoints, grids);
            q = e.quality()[i];
          }
          rows.get(i).add(row(step, seconds(i), r[0][i], r[1][i], log ? r[2][i] : null, log ? r[3][i] : null,
              log ? r[4][i] : null, log ? r[5][i] : null, q));
          if (why[i] != null) {
            diverged[i] = step;
            divergence[i] = why[i];
            active--;
          } else if (q != null && step < shared.get(Hyperparameter.STEPS)) {
            evaluated.rows(i, List.copyOf(rows.get(i)));
          }
        }
      }
      if (active > 0) {
        afterRound.accept(step);
      }
    }
    double seconds = (nanos.getAsLong() - t0) / 1e9;
    List<Outcome> out = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      boolean healthy = diverged[i] == null;
      double trainSeconds = prior(i) + seconds / k;
      TrialCheckpoint paused = healthy && until < shared.get(Hyperparameter.STEPS)
          ? TrialCheckpoint.of(stack, i, until, trainSeconds, rows.get(i), grids.get(i), last[i], lastPoints[i]) : null;
      out.add(new Outcome(rows.get(i), healthy ? until : diverged[i], diverged[i], divergence[i], healthy ? last[i] : null,
          trainSeconds, List.copyOf(grids.get(i)), lastPoints[i], paused));
    }
    return out;
  }

  /** Takes trial {@code i}'s part of an evaluation as its latest: quality, points, grid. */
  private static void keep(TrialStack.Evaluation e, int i, Quality[] last, SamplePoints[] points, List<List<SampleGrid>> grids) {
    last[i] = e.quality()[i];
    if (e.points()[i] != null) {
      points[i] = e.points()[i];
    }
    if (e.grids()[i] != null) {
      grids.get(i).add(e.grids()[i]);
    }
  }

  /** Trial {@code i}'s wall time for its rows: the checkpoint's training time, then this trainer's. */
  private double seconds(int i) {
    return prior(i) + (nanos.getAsLong() - startNanos) / 1e9;
  }

  private double prior(int i) {
    return resumed.isEmpty() ? 0 : resumed.get(i).trainSeconds();
  }

  /** A metrics row: the round's signals (null where not taken) and the evaluation's quality (null when none ran). */
  static MetricRow row(int step, double seconds, Double dLoss, Double gLoss, Double dReal, Double dFake, Double gradNormD,
      Double gradNormG, Quality q) {
    return new MetricRow(step, seconds, dLoss, gLoss, dReal, dFake, gradNormD, gradNormG, q);
  }

  /**
   * One round for every trial of the stack. Returns per trial (index [row][trial]): D loss, G loss,
   * and on logged rounds mean D(x), mean D(G(z)) and the global gradient norms of D and G (rows 2
   * to 5).
   */
  private double[][] round(boolean log) {
    int b = shared.get(Hyperparameter.BATCH_SIZE);
    Network generator = stack.model().generator();
    Network discriminator = stack.model().discriminator();
    boolean r1 = shared.get(Hyperparameter.PENALTY) == PenaltyKind.R1;
    NDArray real = null;
    NDArray fakeForG = null;
    NDArray lossD = null;
    NDArray meanReal = null;
    NDArray meanFake = null;
    NDList normsD = null;
    boolean sameZ = switch (shared.get(Hyperparameter.G_STEP_NOISE)) {
      case SAME -> true;
      case FRESH -> false;
    };
    for (int step = 0; step < shared.get(Hyperparameter.D_STEPS); step++) {
      boolean lastD = step == shared.get(Hyperparameter.D_STEPS) - 1;
      real = stack.realBatch(b);
      NDArray z = stack.noise(b);
      NDArray fake;
      if (lastD && sameZ) { // G's first update reuses this forward
        try (Autograd ignored = Autograd.record()) {
          fakeForG = generator.forward(generator.weights(), z, Network.Mode.TRAIN, stack.dropout(), false).output();
        }
        fake = fakeForG.stopGradient();
      } else {
        try (Autograd ignored = Autograd.pause()) {
          fake = generator.forward(generator.weights(), z, Network.Mode.TRAIN, stack.dropout(), false).output();
        }
      }
      discriminator.powerIteration();
      NDArray totalD;
      try (Autograd ignored = Autograd.record()) {
        Network.Weights w = discriminator.weights();
        Network.Trace onReal = discriminator.forward(w, real, Network.Mode.TRAIN, stack.dropout(), r1);
        Network.Trace onFake = discriminator.forward(w, fake, Network.Mode.TRAIN, stack.dropout(), false);
        lossD = AdversarialLoss.discriminator(shared.get(Hyperparameter.LOSS), onReal.output(), onFake.output(), stack.mean());
        if (shared.get(Hyperparameter.PENALTY) != PenaltyKind.NONE) {
          Network.Trace at = r1 ? onReal
              : discriminator.forward(w, stack.interpolates(real, fake), Network.Mode.TRAIN, stack.dropout(), true);
          NDArray g = stack.perSample(discriminator.inputGradient(w, at));
          lossD = lossD.add(GradientPenalty.of(shared.get(Hyperparameter.PENALTY), g, shared.get(Hyperparameter.PENALTY_WEIGHT), stack.mean()));
        }
        totalD = stack.total(lossD);
        if (lastD && log) {
          try (Autograd paused = Autograd.pause()) { // reported only: no graph
            meanReal = AdversarialLoss.reportedMean(shared.get(Hyperparameter.LOSS), onReal.output(), stack.mean());
            meanFake = AdversarialLoss.reportedMean(shared.get(Hyperparameter.LOSS), onFake.output(), stack.mean());
          }
        }
      }
      Autograd.zeroGradients(discriminator.parameters());
      Autograd.backward(totalD);
      if (lastD && log) {
        normsD = stack.norms(stack.model().adamD().gradients());
      }
      stack.model().adamD().step();
    }
    NDArray lossG = null;
    NDList normsG = null;
    for (int j = 0; j < shared.get(Hyperparameter.G_STEPS); j++) {
      NDArray totalG;
      try (Autograd ignored = Autograd.record()) {
        NDArray fake = fakeForG;
        if (j > 0 || !sameZ) {
          fake = generator.forward(generator.weights(), stack.noise(b), Network.Mode.TRAIN, stack.dropout(), false).output();
        }
        Network.Weights w = discriminator.frozenWeights();
        Network.Trace onFake = discriminator.forward(w, fake, Network.Mode.TRAIN, stack.dropout(), false);
        lossG = AdversarialLoss.generator(shared.get(Hyperparameter.LOSS), onFake.output(), stack.mean());
        if (shared.get(Hyperparameter.FEATURE_MATCHING) > 0) { // trials alone only (Hyperparameter.FEATURE_MATCHING.packing())
          NDArray realFeatures;
          try (Autograd paused = Autograd.pause()) {
            realFeatures = discriminator.forward(w, real, Network.Mode.TRAIN, stack.dropout(), false).features().mean(new int[] {0});
          }
          NDArray gap = onFake.features().mean(new int[] {0}).sub(realFeatures).square().sum();
          lossG = lossG.add(Tensors.times(gap, shared.get(Hyperparameter.FEATURE_MATCHING)));
        }
        totalG = stack.total(lossG);
      }
      Autograd.zeroGradients(generator.parameters());
      Autograd.backward(totalG);
      if (j == shared.get(Hyperparameter.G_STEPS) - 1 && log) {
        normsG = stack.norms(stack.model().adamG().gradients());
      }
      stack.model().adamG().step();
    }
    // One host sync per round for all trials: the losses, and on logged rounds the means and the
    // gradient norm tensors (each with a value per trial), stacked into one transfer.
    NDList values = new NDList(lossD, lossG);
    if (log) {
      values.addAll(new NDList(meanReal, meanFake));
      values.addAll(normsD);
      values.addAll(normsG);
    }
    double[] v = NDArrays.stack(values).toType(DataType.FLOAT64, false).toDoubleArray();
    int k = stack.size();
    double[][] out = new double[6][k];
    for (int i = 0; i < k; i++) {
      out[0][i] = v[i];
      out[1][i] = v[k + i];
      if (log) {
        out[2][i] = v[2 * k + i];
        out[3][i] = v[3 * k + i];
        out[4][i] = globalNorm(v, 4, normsD.size(), k, i);
        out[5][i] = globalNorm(v, 4 + normsD.size(), normsG.size(), k, i);
      }
    }
    return out;
  }

  /**
   * sqrt(Σ n²) of trial {@code i} over norm rows {@code [from, from + count)} of a {@code rows x k}
   * read-back: the global gradient norm from per-parameter norms, in double (a single norm of one
   * parameter tensor is the root of its own square exactly).
   */
  static double globalNorm(double[] v, int from, int count, int k, int i) {
    double sum = 0;
    for (int row = from; row < from + count; row++) {
      double n = v[row * k + i];
      sum += n * n;
    }
    return Math.sqrt(sum);
  }
}
