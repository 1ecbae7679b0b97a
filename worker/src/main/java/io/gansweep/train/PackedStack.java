package io.gansweep.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.Mixture;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.Adam;
import io.gansweep.gan.Autograd;
import io.gansweep.gan.Mlp;
import io.gansweep.gan.StackedMlp;
import io.gansweep.metrics.MixtureMetrics;
import io.gansweep.metrics.Prdc;
import io.gansweep.metrics.Quality;
import io.gansweep.trial.SampleGrid;
import io.gansweep.trial.SamplePoints;
import io.gansweep.trial.TrialConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * {@code k} compatible 2-D trials as one stacked model: G and D of every trial are rows of one
 * {@link StackedMlp} each, so a round costs one batched matmul per layer for all of them. Each
 * trial keeps its seed (its streams, drawn in the same order as {@link SingleStack} draws them),
 * its lr_g and ttur (Adam per row), its spectral-norm vectors, batch-norm statistics and dropout
 * masks ({@link StackedMlp}); no operation mixes the rows.
 */
final class PackedStack implements TrialStack {

  private final List<TrialConfig> configs;
  private final TrialConfig shared;
  private final int k;
  private final NDManager manager;
  private final Mixture mixture;
  private final Prdc.Reference reference;
  private final Model model;
  private final List<Streams> streams = new ArrayList<>();
  private final NDArray evalZ;

  /** Per-trial mean over every axis but the leading trial axis. */
  private final UnaryOperator<NDArray> perTrialMean = x -> x.reshape(x.getShape().get(0), -1).mean(new int[] {1});

  /** Builds the stacked networks and optimisers in {@code manager}; the configs are checked by {@link PackedTrainer}. */
  PackedStack(List<TrialConfig> configs, NDManager manager) {
    this.configs = List.copyOf(configs);
    this.shared = configs.get(0);
    this.k = configs.size();
    this.manager = manager;
    mixture = Mixture.forName(shared.dataset());
    reference = Problem.mixtureReference(mixture, shared.evalSamples());
    List<Mlp> gs = new ArrayList<>();
    List<Mlp> ds = new ArrayList<>();
    for (TrialConfig c : configs) {
      SeededRandom init = SeededRandom.stream(c.seed(), "init"); // G first, then D, as Problem.of draws them
      gs.add(new Mlp(GanTrainer.generatorSpec(c), manager, DataType.FLOAT32, init));
      ds.add(new Mlp(GanTrainer.discriminatorSpec(c), manager, DataType.FLOAT32, init));
      streams.add(Streams.of(c.seed()));
    }
    StackedMlp generator = new StackedMlp(gs);
    // D's dropout masks: row i's from trial i's own dropout stream (G has no dropout).
    StackedMlp discriminator = new StackedMlp(ds, streams.stream().map(Streams::dropout).toList());
    model = new Model(generator, discriminator,
        Adam.byRow(generator.parameters().get(0), configs.stream().mapToDouble(TrialConfig::lrG).toArray(),
            shared.adamBeta1(), shared.adamBeta2()),
        Adam.byRow(discriminator.parameters().get(0), configs.stream().mapToDouble(TrialConfig::lrD).toArray(),
            shared.adamBeta1(), shared.adamBeta2()));
    float[] z = new float[k * shared.evalSamples() * shared.latentDim()];
    for (int i = 0; i < k; i++) {
      TrialConfig c = configs.get(i);
      float[] zi = SeededRandom.stream(c.seed(), "eval-z").gaussians(shared.evalSamples() * shared.latentDim());
      System.arraycopy(zi, 0, z, i * zi.length, zi.length);
    }
    evalZ = manager.create(z, new Shape(k, shared.evalSamples(), shared.latentDim()));
  }

  @Override
  public List<TrialConfig> configs() {
    return configs;
  }

  @Override
  public Model model() {
    return model;
  }

  @Override
  public UnaryOperator<NDArray> mean() {
    return perTrialMean;
  }

  /** Rows never mix, so each trial's gradient of the sum is that of its own loss. */
  @Override
  public NDArray total(NDArray loss) {
    return loss.sum();
  }

  @Override
  public NDArray realBatch(int b) {
    return stack(i -> mixture.sample(b, streams.get(i).data()), b, 2);
  }

  @Override
  public NDArray noise(int b) {
    return stack(i -> streams.get(i).noise().gaussians(b * shared.latentDim()), b, shared.latentDim());
  }

  @Override
  public NDArray interpolates(NDArray real, NDArray fake) {
    NDArray a = stack(i -> streams.get(i).interpolation().uniforms(shared.batchSize()), shared.batchSize(), 1);
    return real.mul(a).add(fake.mul(a.neg().add(1)));
  }

  /** Already {@code k x B x 2}. */
  @Override
  public NDArray perSample(NDArray g) {
    return g;
  }

  /** Not read: the stacked D draws each row's masks from that trial's own stream ({@link #streams}). */
  @Override
  public SeededRandom dropout() {
    return null;
  }

  @Override
  public Streams streams(int i) {
    return streams.get(i);
  }

  /** Row {@code i} of a stacked tensor: trial i's values, in the layout a trial alone has (NetworkParameters' flat order). */
  @Override
  public NDArray part(NDArray state, int i) {
    return state.get(i);
  }

  @Override
  public void write(NDArray state, int i, float[] values) {
    try (Autograd ignored = Autograd.pause()) {
      state.set(new NDIndex(i), manager.create(values, state.getShape().slice(1)));
    }
  }

  /** One norm per row of the one stacked gradient: a k-vector. */
  @Override
  public NDList norms(List<NDArray> gradients) {
    return new NDList(gradients.get(0).norm(new int[] {1}));
  }

  @Override
  public Evaluation evaluate(int step) {
    try (NDScope ignored = new NDScope(); Autograd paused = Autograd.pause()) {
      float[] all = model.generator().forward(model.generator().weights(), evalZ, Mlp.Mode.EVAL, null, false).output().toFloatArray();
      int n = all.length / k;
      Quality[] q = new Quality[k];
      SamplePoints[] points = new SamplePoints[k];
      for (int i = 0; i < k; i++) {
        float[] xy = Arrays.copyOfRange(all, i * n, (i + 1) * n);
        q[i] = MixtureMetrics.evaluate(mixture, xy, reference);
        points[i] = new SamplePoints(step, xy);
      }
      return new Evaluation(q, points, new SampleGrid[k]);
    }
  }

  @Override
  public String featureNet() {
    return null;
  }

  /** {@code k x rows x cols} from one array per trial. */
  private NDArray stack(IntFunction<float[]> perTrial, int rows, int cols) {
    float[] all = new float[k * rows * cols];
    for (int i = 0; i < k; i++) {
      System.arraycopy(perTrial.apply(i), 0, all, i * rows * cols, rows * cols);
    }
    return manager.create(all, new Shape(k, rows, cols));
  }
}
