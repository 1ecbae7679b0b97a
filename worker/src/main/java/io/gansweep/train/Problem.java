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
import io.gansweep.gan.ConvNet;
import io.gansweep.gan.Mlp;
import io.gansweep.gan.Network;
import io.gansweep.gan.StackedConvNet;
import io.gansweep.gan.StackedMlp;
import io.gansweep.metrics.FeatureNet;
import io.gansweep.metrics.ImageMetrics;
import io.gansweep.metrics.MixtureMetrics;
import io.gansweep.metrics.Prdc;
import io.gansweep.metrics.Quality;
import io.gansweep.metrics.SampleGrids;
import io.gansweep.trial.TrialConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * What a trial learns and how its quality is measured: a 2-D mixture with MLPs, or images with
 * DCGAN convnets and the pinned feature network. The trainer's loop is the same for both.
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
   * reference; image trials load the feature network from {@code featureNets} ({@link
   * FeatureNet#loadPinned}) or, when null, from the local cache.
   */
  static Problem of(TrialConfig c, NDManager manager, DataType dtype, SeededRandom init, String featureNets) {
    if (Datasets.isImages(c.get(Hyperparameter.DATASET))) {
      ImageSet images = ImageDatasets.load(c.get(Hyperparameter.DATASET));
      Network g = generator(c, images, manager, dtype, init);
      Network d = discriminator(c, images, manager, dtype, init);
      return imagesOf(g, d, c, images, manager, featureNets);
    }
    Mixture mixture = Mixture.forName(c.get(Hyperparameter.DATASET));
    Network g = generator(c, null, manager, dtype, init);
    Network d = discriminator(c, null, manager, dtype, init);
    return new Points(g, d, mixture, mixtureReference(mixture, c.get(Hyperparameter.EVAL_SAMPLES)));
  }

  /**
   * The problem of a pack of {@code configs} (equal but for seed, lr_g and ttur; float32): each
   * trial's G and D initialised from its own init stream, exactly as {@link #of} draws them alone,
   * then stacked as rows of one {@link StackedMlp} or {@link StackedConvNet} each; D's row i draws
   * its dropout masks from {@code dropout}'s stream i. Evaluations take one trial's outputs.
   */
  static Problem packed(List<TrialConfig> configs, NDManager manager, List<SeededRandom> dropout, String featureNets) {
    TrialConfig shared = configs.get(0);
    ImageSet images = Datasets.isImages(shared.get(Hyperparameter.DATASET)) ? ImageDatasets.load(shared.get(Hyperparameter.DATASET)) : null;
    List<Network> gs = new ArrayList<>();
    List<Network> ds = new ArrayList<>();
    for (TrialConfig c : configs) {
      SeededRandom init = SeededRandom.stream(c.seed(), "init"); // G first, then D, as of draws them
      gs.add(generator(c, images, manager, DataType.FLOAT32, init));
      ds.add(discriminator(c, images, manager, DataType.FLOAT32, init));
    }
    if (images != null) {
      Network g = new StackedConvNet(gs.stream().map(ConvNet.class::cast).toList(), List.of());
      Network d = new StackedConvNet(ds.stream().map(ConvNet.class::cast).toList(), dropout);
      return imagesOf(g, d, shared, images, manager, featureNets);
    }
    Mixture mixture = Mixture.forName(shared.get(Hyperparameter.DATASET));
    Network g = new StackedMlp(gs.stream().map(Mlp.class::cast).toList());
    Network d = new StackedMlp(ds.stream().map(Mlp.class::cast).toList(), dropout);
    return new Points(g, d, mixture, mixtureReference(mixture, shared.get(Hyperparameter.EVAL_SAMPLES)));
  }

  /** An image problem with networks {@code g} and {@code d}: the pinned feature network and the shared real reference. */
  private static Images imagesOf(Network g, Network d, TrialConfig c, ImageSet images, NDManager manager, String featureNets) {
    FeatureNet net = featureNets == null ? FeatureNet.pinned(images, manager) : FeatureNet.loadPinned(images, manager, featureNets);
    return new Images(g, d, images, net, ImageReference.of(images, net, c.get(Hyperparameter.EVAL_SAMPLES), manager));
  }

  /**
   * The generator of {@code c}, the first network drawn from {@code init}: the DCGAN convnet for
   * {@code images}, the MLP for a 2-D mixture ({@code images} null).
   */
  static Network generator(TrialConfig c, ImageSet images, NDManager manager, DataType dtype, SeededRandom init) {
    if (images != null) {
      return new ConvNet(new ConvNet.Spec(ConvNet.Role.GENERATOR, c.get(Hyperparameter.LATENT_DIM), c.get(Hyperparameter.HIDDEN), images.rows(), c.get(Hyperparameter.G_ACTIVATION), c.get(Hyperparameter.INIT),
          false, c.get(Hyperparameter.BATCH_NORM), c.get(Hyperparameter.BN_MOMENTUM), 0), manager, dtype, init);
    }
    return new Mlp(GanTrainer.generatorSpec(c), manager, dtype, init);
  }

  /** The discriminator of {@code c}, drawn from {@code init} after the generator: convnet for {@code images}, else MLP. */
  static Network discriminator(TrialConfig c, ImageSet images, NDManager manager, DataType dtype, SeededRandom init) {
    if (images != null) {
      return new ConvNet(new ConvNet.Spec(ConvNet.Role.DISCRIMINATOR, 0, c.get(Hyperparameter.HIDDEN), images.rows(), c.get(Hyperparameter.D_ACTIVATION), c.get(Hyperparameter.INIT),
          c.get(Hyperparameter.SPECTRAL_NORM), false, c.get(Hyperparameter.BN_MOMENTUM), c.get(Hyperparameter.DROPOUT_D)), manager, dtype, init);
    }
    return new Mlp(GanTrainer.discriminatorSpec(c), manager, dtype, init);
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
