package io.gansweep.train;

import io.gansweep.trial.Hyperparameter;
import io.gansweep.data.Datasets;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.ImageDatasets;
import io.gansweep.data.ImageSet;
import io.gansweep.data.Mixture;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.Network;
import io.gansweep.metrics.FeatureNet;
import io.gansweep.model.GanModel;
import io.gansweep.model.Models;
import io.gansweep.metrics.ImageMetrics;
import io.gansweep.metrics.MixtureMetrics;
import io.gansweep.metrics.Prdc;
import io.gansweep.metrics.Quality;
import io.gansweep.metrics.SampleGrids;
import io.gansweep.io.OutputLayout;
import io.gansweep.trial.TrialConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * What a trial learns and how its quality is measured: a 2-D mixture, or images with the pinned
 * feature network; G and D come from the dataset's model ({@link Models#forDataset}). The
 * trainer's loop is the same for all.
 */
sealed interface Problem permits Problem.Points, Problem.Images {

  /** Seed of the reference data sample every evaluation compares against (same for all trials). */
  long REFERENCE_SEED = 0x5EEDL;

  Network generator();

  Network discriminator();

  /** {@code n} real samples drawn from {@code rng}, one after the other in float32: what {@link #realBatch} holds. */
  float[] sample(int n, SeededRandom rng);

  /** Shape of {@code n} samples as D's input: {@code n x 2} or {@code n x 1 x side x side}. */
  Shape batchShape(int n);

  /** A real batch of {@code n} samples, shaped as D's input. */
  default NDArray realBatch(int n, SeededRandom rng, NDManager manager, DataType dtype) {
    NDArray a = manager.create(sample(n, rng), batchShape(n));
    return dtype == DataType.FLOAT32 ? a : a.toType(dtype, false);
  }

  /** Shape of per-sample interpolation weights that broadcast against a batch. */
  Shape alphaShape(int n);

  /** Quality of G's outputs for the evaluation z. */
  Quality evaluate(NDArray generated);

  /** A PNG grid of the first outputs for the evaluation z (images), null where there is none (2-D). */
  byte[] grid(NDArray generated);

  /** Checksum of the pinned feature network, null where none is used. */
  String featureNet();

  /**
   * The problem of {@code c}: networks initialised from {@code init}, data, and the evaluation
   * reference; trials load what the driver pinned under the output folder {@code pinned} (image
   * data's feature network, {@link
   * FeatureNet#loadPinned}) or, when null, from the local cache.
   */
  static Problem of(TrialConfig c, NDManager manager, DataType dtype, SeededRandom init, String pinned) {
    GanModel model = Models.of(c).pinnedIn(pinned);
    if (Datasets.isImages(c.get(Hyperparameter.DATASET))) {
      ImageSet images = ImageDatasets.load(c.get(Hyperparameter.DATASET));
      Network g = model.generator(c, sampleShape(images), manager, dtype, init);
      Network d = model.discriminator(c, sampleShape(images), manager, dtype, init);
      return imagesOf(g, d, c, images, manager, pinned);
    }
    Mixture mixture = Mixture.forName(c.get(Hyperparameter.DATASET));
    Network g = model.generator(c, POINT, manager, dtype, init);
    Network d = model.discriminator(c, POINT, manager, dtype, init);
    return new Points(g, d, mixture, mixtureReference(mixture, c.get(Hyperparameter.EVAL_SAMPLES)));
  }

  /**
   * The problem of a pack of {@code configs} (equal but for seed, lr_g and ttur; float32): each
   * trial's G and D initialised from its own init stream, exactly as {@link #of} draws them alone,
   * then stacked by their model as rows of one network each; D's row i draws its dropout masks
   * from {@code dropout}'s stream i. Evaluations take one trial's outputs.
   */
  static Problem packed(List<TrialConfig> configs, NDManager manager, List<SeededRandom> dropout, String pinned) {
    TrialConfig shared = configs.get(0);
    GanModel model = Models.of(shared).pinnedIn(pinned);
    ImageSet images = Datasets.isImages(shared.get(Hyperparameter.DATASET)) ? ImageDatasets.load(shared.get(Hyperparameter.DATASET)) : null;
    Shape sample = images == null ? POINT : sampleShape(images);
    List<Network> gs = new ArrayList<>();
    List<Network> ds = new ArrayList<>();
    for (TrialConfig c : configs) {
      SeededRandom init = Streams.init(c); // G first, then D, as of draws them
      gs.add(model.generator(c, sample, manager, DataType.FLOAT32, init));
      ds.add(model.discriminator(c, sample, manager, DataType.FLOAT32, init));
    }
    Network g = model.stack(gs, List.of());
    Network d = model.stack(ds, dropout);
    if (images != null) {
      return imagesOf(g, d, shared, images, manager, pinned);
    }
    Mixture mixture = Mixture.forName(shared.get(Hyperparameter.DATASET));
    return new Points(g, d, mixture, mixtureReference(mixture, shared.get(Hyperparameter.EVAL_SAMPLES)));
  }

  /** An image problem with networks {@code g} and {@code d}: the pinned feature network and the shared real reference. */
  private static Images imagesOf(Network g, Network d, TrialConfig c, ImageSet images, NDManager manager, String pinned) {
    FeatureNet net = pinned == null ? FeatureNet.pinned(images, manager) : FeatureNet.loadPinned(images, manager, OutputLayout.featureNets(pinned).toString());
    return new Images(g, d, images, net, ImageReference.of(images, net, c.get(Hyperparameter.EVAL_SAMPLES), manager));
  }

  /** One sample of a 2-D mixture: a point. */
  Shape POINT = new Shape(2);

  /** One sample of {@code images}: {@code 1 x side x side}. */
  static Shape sampleShape(ImageSet images) {
    return Models.sampleShape(images);
  }

  /** {@code n} samples of a mixture, {@code n x 2} in float32. */
  static NDArray pointBatch(Mixture mixture, int n, SeededRandom rng, NDManager manager) {
    return manager.create(rng.sample(mixture, n), new Shape(n, 2));
  }

  /** {@code n} images in [-1, 1], {@code n x 1 x side x side} in float32. */
  static NDArray imageBatch(ImageSet images, int n, SeededRandom rng, NDManager manager) {
    return manager.create(images.normalized(images.draw(n, rng)), new Shape(n, 1, images.rows(), images.cols()));
  }

  /**
   * The {@code n} real samples every evaluation of a 2-D trial compares against, with their k-NN
   * radii; the same for every trial of a mixture and sample count, so computed once per JVM.
   */
  static Prdc.Reference mixtureReference(Mixture mixture, int n) {
    return MIXTURE_REFERENCES.computeIfAbsent(mixture.name() + "|" + n,
        k -> Prdc.reference(SeededRandom.stream(REFERENCE_SEED, "eval-reference").sample(mixture, n), 2));
  }

  /** {@link #mixtureReference}s computed so far, by mixture and sample count. */
  java.util.concurrent.ConcurrentHashMap<String, Prdc.Reference> MIXTURE_REFERENCES = new java.util.concurrent.ConcurrentHashMap<>();

  /** A 2-D mixture: MLPs, samples {@code n x 2}, the mixture metrics. */
  record Points(Network generator, Network discriminator, Mixture mixture, Prdc.Reference reference) implements Problem {
    @Override
    public float[] sample(int n, SeededRandom rng) {
      return rng.sample(mixture, n);
    }

    @Override
    public Shape batchShape(int n) {
      return new Shape(n, 2);
    }

    @Override
    public Shape alphaShape(int n) {
      return new Shape(n, 1);
    }

    @Override
    public Quality evaluate(NDArray generated) {
      return MixtureMetrics.evaluate(mixture, generated.toType(DataType.FLOAT32, false).toFloatArray(), reference);
    }

    @Override
    public byte[] grid(NDArray generated) {
      return null;
    }

    @Override
    public String featureNet() {
      return null;
    }
  }

  /** Images: DCGAN convnets, samples {@code n x 1 x side x side} in [-1, 1], Fréchet distance and class coverage. */
  record Images(Network generator, Network discriminator, ImageSet images, FeatureNet net, ImageReference reference)
      implements Problem {
    @Override
    public float[] sample(int n, SeededRandom rng) {
      return images.normalized(images.draw(n, rng));
    }

    @Override
    public Shape batchShape(int n) {
      return new Shape(n, 1, images.rows(), images.cols());
    }

    @Override
    public Shape alphaShape(int n) {
      return new Shape(n, 1, 1, 1);
    }

    @Override
    public Quality evaluate(NDArray generated) {
      return ImageMetrics.evaluate(net.apply(generated), reference.real(), reference.stats(), images.classes(),
          reference.features());
    }

    @Override
    public byte[] grid(NDArray generated) {
      int n = Math.min((int) generated.getShape().get(0), SampleGrids.SIDE * SampleGrids.SIDE);
      float[] pixels = generated.get("0:" + n).toType(DataType.FLOAT32, false).toFloatArray();
      return SampleGrids.png(pixels, n, images.rows());
    }

    @Override
    public String featureNet() {
      return net.checksum();
    }
  }
}
