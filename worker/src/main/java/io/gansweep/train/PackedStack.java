package io.gansweep.train;

import io.gansweep.trial.Hyperparameter;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.Adam;
import io.gansweep.gan.Autograd;
import io.gansweep.gan.Mlp;
import io.gansweep.gan.Network;
import io.gansweep.gan.StackedConvNet;
import io.gansweep.gan.StackedMlp;
import io.gansweep.metrics.Quality;
import io.gansweep.trial.SampleGrid;
import io.gansweep.trial.SamplePoints;
import io.gansweep.trial.TrialConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * {@code k} compatible trials as one stacked model: G and D of every trial are rows of one {@link
 * StackedMlp} each (2-D mixtures) or one {@link StackedConvNet} each (images: grouped
 * convolutions, HFTA's fusion), so a round costs one batched kernel per layer for all of them.
 * Each trial keeps its seed (its streams, drawn in the same order as {@link SingleStack} draws
 * them), its lr_g and ttur (Adam per row), its spectral-norm vectors, batch-norm statistics and
 * dropout masks; no operation mixes the rows. Every tensor between the networks and the losses
 * has a leading trial axis ({@code k x B x ...}); evaluations judge each trial's slice with the
 * trial's {@link Problem} (mixture metrics, or the Fréchet distance under the pinned feature
 * network and a sample grid).
 */
final class PackedStack implements TrialStack {

  private final List<TrialConfig> configs;
  private final TrialConfig shared;
  private final int k;
  private final NDManager manager;
  private final Problem problem;
  private final Model model;
  private final List<Streams> streams = new ArrayList<>();
  private final NDArray evalZ;

  /** Per-trial mean over every axis but the leading trial axis. */
  private final UnaryOperator<NDArray> perTrialMean = x -> x.reshape(x.getShape().get(0), -1).mean(new int[] {1});

  /**
   * Builds the stacked networks and optimisers in {@code manager}; the configs are checked by
   * {@link PackedTrainer}. {@code pinned}: where image trials load the pinned feature
   * network (see {@link Problem#of}); null for 2-D trials and the local cache.
   */
  PackedStack(List<TrialConfig> configs, NDManager manager, String pinned) {
    this.configs = List.copyOf(configs);
    this.shared = configs.get(0);
    this.k = configs.size();
    this.manager = manager;
    for (TrialConfig c : configs) {
      streams.add(Streams.of(c));
    }
    // D's dropout masks: row i's from trial i's own dropout stream (G has no dropout).
    problem = Problem.packed(configs, manager, streams.stream().map(Streams::dropout).toList(), pinned);
    Network generator = problem.generator();
    Network discriminator = problem.discriminator();
    model = new Model(generator, discriminator,
        Adam.generatorRows(generator.parameters().get(0), configs),
        Adam.discriminatorRows(discriminator.parameters().get(0), configs));
    evalZ = stack(i -> Streams.evalZ(configs.get(i)).gaussians(shared.get(Hyperparameter.EVAL_SAMPLES) * shared.get(Hyperparameter.LATENT_DIM)),
        new Shape(shared.get(Hyperparameter.EVAL_SAMPLES), shared.get(Hyperparameter.LATENT_DIM)));
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
    return stack(i -> problem.sample(b, streams.get(i).data()), problem.batchShape(b));
  }

  @Override
  public NDArray noise(int b) {
    return stack(i -> streams.get(i).noise().gaussians(b * shared.get(Hyperparameter.LATENT_DIM)), new Shape(b, shared.get(Hyperparameter.LATENT_DIM)));
  }

  @Override
  public NDArray interpolates(NDArray real, NDArray fake) {
    int b = shared.get(Hyperparameter.BATCH_SIZE);
    NDArray a = stack(i -> streams.get(i).interpolation().uniforms(b), problem.alphaShape(b));
    return real.mul(a).add(fake.mul(a.neg().add(1)));
  }

  /** {@code k x B x d}: a 2-D pack's as it is, an image pack's {@code k x B x 1 x side x side} flattened per sample. */
  @Override
  public NDArray perSample(NDArray g) {
    Shape s = g.getShape();
    return s.dimension() == 3 ? g : g.reshape(s.get(0), s.get(1), -1);
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

  /** G's outputs for every trial's evaluation z in one pass, each trial's slice judged as {@link SingleStack#evaluate} judges it alone. */
  @Override
  public Evaluation evaluate(int step) {
    try (NDScope ignored = new NDScope(); Autograd paused = Autograd.pause()) {
      NDArray all = model.generator().forward(model.generator().weights(), evalZ, Network.Mode.EVAL, null, false).output();
      Quality[] q = new Quality[k];
      SamplePoints[] points = new SamplePoints[k];
      SampleGrid[] grids = new SampleGrid[k];
      for (int i = 0; i < k; i++) {
        NDArray generated = all.get(i);
        q[i] = problem.evaluate(generated);
        if (problem.scatter()) {
          points[i] = new SamplePoints(step, generated.toFloatArray());
        }
        byte[] grid = problem.grid(generated);
        grids[i] = grid == null ? null : new SampleGrid(step, grid);
      }
      return new Evaluation(q, points, grids);
    }
  }

  @Override
  public String featureNet() {
    return problem.featureNet();
  }

  /** {@code k x shape} from one array of {@code shape}'s size per trial. */
  private NDArray stack(IntFunction<float[]> perTrial, Shape shape) {
    int size = (int) shape.size();
    float[] all = new float[k * size];
    for (int i = 0; i < k; i++) {
      System.arraycopy(perTrial.apply(i), 0, all, i * size, size);
    }
    long[] dims = new long[shape.dimension() + 1];
    dims[0] = k;
    System.arraycopy(shape.getShape(), 0, dims, 1, shape.dimension());
    return manager.create(all, new Shape(dims));
  }
}
