package io.gansweep.train;

import io.gansweep.trial.Hyperparameter;
import io.gansweep.data.Datasets;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.ImageDatasets;
import io.gansweep.data.ImageSet;
import io.gansweep.data.Mixture;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.Adam;
import io.gansweep.gan.Autograd;
import io.gansweep.gan.Mlp;
import io.gansweep.gan.Network;
import io.gansweep.model.GanModel;
import io.gansweep.model.Models;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.TrialTask;

/**
 * The G-only screen's fit: the generator of a trial alone, as the trial builds it (its seed's
 * initialisation stream, its architecture, init and Adam with its lr_g and betas), trained by
 * mean squared error to map one fixed batch of z to one fixed batch of real samples. No
 * discriminator takes part, so what fails here is the generator's optimisation itself: a learning
 * rate at which even a regression diverges, or one too small to move it. The batch is the trial's
 * batch size, at most {@value #MAX_BATCH}: a batch the generator can memorise (with a 2-D latent,
 * 256 random pairs of z and x are beyond a 3 x 64 MLP in 300 updates at any learning rate; 64 are
 * not), so that what the fit measures is the learning rate, not the size of the task.
 */
public final class GeneratorFit {

  public static final int MAX_BATCH = 64;

  /** A fit has diverged when its MSE is not finite, or above this multiple of its MSE before training. */
  public static final double BLOW_UP = 100;

  private GeneratorFit() {}

  /**
   * What a fit measured.
   *
   * @param firstMse MSE before any update (NaN when the fit failed before)
   * @param lastMse MSE after the last update, or at the update it diverged after
   * @param divergedStep that update (1-based; 0 when G's outputs are not finite before any), null
   *     when it did not diverge
   * @param error the failure of the fit itself (an engine error), null when none
   * @param seconds wall time
   */
  public record Result(double firstMse, double lastMse, Integer divergedStep, String error, double seconds) {}

  /**
   * Fits the generator of {@code task}'s config for {@code steps} updates, on the task's device and
   * threads, with the model's files read from what the driver pinned under {@code task.pinned()}
   * (an executor that never saw a TorchScript file reads it there). Never throws.
   */
  public static Result run(TrialTask task, int steps) {
    long t0 = System.nanoTime();
    try {
      try (NDManager manager = TrialRunner.manager(task.threads(), task.device())) {
        return fit(task.config(), steps, manager, t0, task.pinned());
      }
    } catch (RuntimeException | OutOfMemoryError | UnsatisfiedLinkError e) {
      return new Result(Double.NaN, Double.NaN, null, TrialRunner.describe(e), (System.nanoTime() - t0) / 1e9);
    }
  }

  private static Result fit(TrialConfig c, int steps, NDManager manager, long t0, String pinned) {
    int n = Math.min(MAX_BATCH, c.get(Hyperparameter.BATCH_SIZE));
    SeededRandom init = Streams.init(c);
    GanModel model = Models.of(c).pinnedIn(pinned);
    SeededRandom data = SeededRandom.stream(c.seed(), "screen-data");
    NDArray target;
    Network g;
    if (Datasets.isImages(c.get(Hyperparameter.DATASET))) {
      ImageSet images = ImageDatasets.load(c, pinned);
      g = model.generator(c, Problem.sampleShape(images), manager, DataType.FLOAT32, init);
      target = Problem.imageBatch(images, c.get(Hyperparameter.DATA_RANGE), n, data, manager);
    } else if (Datasets.isPoints(c.get(Hyperparameter.DATASET))) {
      io.gansweep.data.PointSet points = io.gansweep.data.PointsDatasets.load(c, pinned);
      g = model.generator(c, Problem.pointShape(points), manager, DataType.FLOAT32, init);
      target = manager.create(points.rows(points.draw(n, data)), new Shape(n, points.dim()));
    } else {
      g = model.generator(c, Problem.POINT, manager, DataType.FLOAT32, init);
      target = Problem.pointBatch(Mixture.forName(c.get(Hyperparameter.DATASET)), n, data, manager);
    }
    NDArray z = manager.create(SeededRandom.stream(c.seed(), "screen-z").gaussians(n * c.get(Hyperparameter.LATENT_DIM)), new Shape(n, c.get(Hyperparameter.LATENT_DIM)));
    Adam adam = Adam.generator(g.parameters(), c);
    SeededRandom dropout = SeededRandom.stream(c.seed(), "screen-dropout"); // dropout_g's masks
    double first = Double.NaN;
    double last = Double.NaN;
    for (int step = 0; step <= steps; step++) {
      try (NDScope ignoredScope = new NDScope()) { // one step's temporaries freed at its end, as the trainer frees a round's
        NDArray loss;
        try (Autograd ignored = Autograd.record()) {
          NDArray out = g.forward(g.weights(), z, Network.Mode.TRAIN, dropout, false).output();
          loss = out.sub(target).square().mean();
        }
        last = loss.getFloat();
        if (step == 0) {
          first = last;
        }
        if (!Double.isFinite(last) || step > 0 && last > BLOW_UP * first) { // step 0: G's outputs are not finite at all
          return new Result(first, last, step, null, (System.nanoTime() - t0) / 1e9);
        }
        if (step == steps) {
          break;
        }
        Autograd.zeroGradients(g.parameters());
        Autograd.backward(loss);
        adam.step();
      }
    }
    return new Result(first, last, null, null, (System.nanoTime() - t0) / 1e9);
  }
}
