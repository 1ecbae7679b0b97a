package io.gansweep.train;

import io.gansweep.trial.Hyperparameter;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.Adam;
import io.gansweep.gan.Autograd;
import io.gansweep.gan.Mlp;
import io.gansweep.gan.Network;
import io.gansweep.metrics.Quality;
import io.gansweep.trial.SampleGrid;
import io.gansweep.trial.SamplePoints;
import io.gansweep.trial.TrialConfig;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One trial as a stack of one: its {@link Problem} (a 2-D mixture's MLPs or the image convnets,
 * with every recipe: spectral norm, batch norm, dropout, feature matching), unbatched tensors, and
 * its seeded streams (initialisation, data, noise, dropout, interpolation, evaluation z).
 */
final class SingleStack implements TrialStack {

  private final TrialConfig config;
  private final NDManager manager;
  private final Problem problem;
  private final Model model;
  private final Streams streams;
  private final NDArray evalZ;

  SingleStack(TrialConfig config, NDManager manager, DataType dtype, String pinned) {
    this(config, manager, dtype, pinned, null);
  }

  /**
   * A trial alone; {@code from} (null: a fresh start) gives its networks their saved modules
   * ({@link io.gansweep.gan.Network#restoreModule}) before the optimisers are built on their
   * parameters; its tensors and streams are the trainer's to restore.
   */
  SingleStack(TrialConfig config, NDManager manager, DataType dtype, String pinned, TrialCheckpoint from) {
    this.config = config;
    this.manager = manager;
    SeededRandom init = Streams.init(config);
    problem = Problem.of(config, manager, dtype, init, pinned);
    if (from != null && from.hasModules()) {
      if (from.modules().get(0) != null) {
        problem.generator().restoreModule(from.modules().get(0));
      }
      if (from.modules().get(1) != null) {
        problem.discriminator().restoreModule(from.modules().get(1));
      }
    }
    model = new Model(problem.generator(), problem.discriminator(),
        Adam.generator(problem.generator().parameters(), config), Adam.discriminator(problem.discriminator().parameters(), config));
    streams = Streams.of(config);
    SeededRandom evalNoise = Streams.evalZ(config);
    evalZ = create(evalNoise.gaussians(config.get(Hyperparameter.EVAL_SAMPLES) * config.get(Hyperparameter.LATENT_DIM)), config.get(Hyperparameter.EVAL_SAMPLES), config.get(Hyperparameter.LATENT_DIM), dtype);
  }

  private NDArray create(float[] values, int rows, int cols, DataType dtype) {
    NDArray a = manager.create(values, new Shape(rows, cols));
    return dtype == DataType.FLOAT32 ? a : a.toType(dtype, false);
  }

  @Override
  public List<TrialConfig> configs() {
    return List.of(config);
  }

  @Override
  public Model model() {
    return model;
  }

  @Override
  public UnaryOperator<NDArray> mean() {
    return NDArray::mean;
  }

  @Override
  public NDArray total(NDArray loss) {
    return loss;
  }

  @Override
  public NDArray realBatch(int b) {
    return problem.realBatch(b, streams.data(), manager, evalZ.getDataType());
  }

  @Override
  public NDArray noise(int b) {
    return create(streams.noise().gaussians(b * config.get(Hyperparameter.LATENT_DIM)), b, config.get(Hyperparameter.LATENT_DIM), evalZ.getDataType());
  }

  @Override
  public NDArray interpolates(NDArray real, NDArray fake) {
    float[] alpha = streams.interpolation().uniforms(config.get(Hyperparameter.BATCH_SIZE));
    NDArray a = manager.create(alpha, problem.alphaShape(alpha.length));
    a = a.getDataType() == real.getDataType() ? a : a.toType(real.getDataType(), false);
    return real.mul(a).add(fake.mul(a.neg().add(1)));
  }

  @Override
  public NDArray perSample(NDArray g) {
    return g.reshape(g.getShape().get(0), -1);
  }

  @Override
  public SeededRandom dropout() {
    return streams.dropout();
  }

  @Override
  public Streams streams(int i) {
    return streams;
  }

  /** The tensor itself: a trial alone owns all of it. */
  @Override
  public NDArray part(NDArray state, int i) {
    return state;
  }

  @Override
  public void write(NDArray state, int i, float[] values) {
    try (Autograd ignored = Autograd.pause()) {
      state.set(new NDIndex("..."), manager.create(values, state.getShape()));
    }
  }

  /**
   * The L2 norm of each gradient, as scalar tensors (no host sync; one op per parameter).
   * libtorch accumulates a float32 norm in double on CPU, so a single norm overflows only beyond
   * ~3.4e38; the loop combines them in double.
   */
  @Override
  public NDList norms(List<NDArray> gradients) {
    NDList norms = new NDList(gradients.size());
    for (NDArray g : gradients) {
      norms.add(g.norm());
    }
    return norms;
  }

  /** Also keeps a sample grid for images, the points for 2-D mixtures (the last evaluation's go to the samples table). */
  @Override
  public Evaluation evaluate(int step) {
    try (NDScope ignored = new NDScope(); Autograd paused = Autograd.pause()) {
      NDArray generated = model.generator().forward(model.generator().weights(), evalZ, Network.Mode.EVAL, null, false).output();
      byte[] grid = problem.grid(generated);
      SamplePoints points = problem.scatter()
          ? new SamplePoints(step, generated.toType(DataType.FLOAT32, false).toFloatArray()) : null;
      return new Evaluation(new Quality[] {problem.evaluate(generated)}, new SamplePoints[] {points},
          new SampleGrid[] {grid == null ? null : new SampleGrid(step, grid)});
    }
  }

  @Override
  public String featureNet() {
    return problem.featureNet();
  }
}
