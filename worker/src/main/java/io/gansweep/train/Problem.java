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
import io.gansweep.data.PointSet;
import io.gansweep.data.PointsDatasets;
import io.gansweep.metrics.PointMetrics;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.Network;
import io.gansweep.metrics.FeatureFile;
import io.gansweep.metrics.FeatureNet;
import io.gansweep.metrics.Features;
import io.gansweep.metrics.RandomConvFeatures;
import io.gansweep.metrics.TorchScriptFeatures;
import io.gansweep.model.Conflicts;
import io.gansweep.model.GanModel;
import io.gansweep.model.Models;
import io.gansweep.metrics.ImageMetrics;
import io.gansweep.metrics.MixtureMetrics;
import io.gansweep.metrics.Prdc;
import io.gansweep.metrics.Quality;
import io.gansweep.metrics.SampleGrids;
import io.gansweep.io.OutputLayout;
import io.gansweep.trial.DataRange;
import io.gansweep.trial.TrialConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * What a trial learns and how its quality is measured: a 2-D mixture, points from a file, or images
 * with the pinned feature network; G and D come from the dataset's model ({@link Models#forDataset}). The
 * trainer's loop is the same for all.
 */
sealed interface Problem permits Problem.Points, Problem.FilePoints, Problem.Images {

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

  /** Which network the quality columns' features come from ({@link Features#id}), null where none is used. */
  String featureNet();

  /** Whether an evaluation keeps its generated points for the report's scatter plot: 2-D points. */
  default boolean scatter() {
    return false;
  }

  /**
   * The problem of {@code c}: networks initialised from {@code init}, data, and the evaluation
   * reference; trials load what the driver pinned under the output folder {@code pinned} (image
   * data's feature network, {@link
   * FeatureNet#loadPinned}) or, when null, from the local cache.
   */
  static Problem of(TrialConfig c, NDManager manager, DataType dtype, SeededRandom init, String pinned) {
    GanModel model = Models.of(c).pinnedIn(pinned);
    Conflicts.check(model, c); // the spec parser's refusals, as the trial-start guard
    if (Datasets.isImages(c.get(Hyperparameter.DATASET))) {
      ImageSet images = ImageDatasets.load(c, pinned);
      Network g = model.generator(c, sampleShape(images), manager, dtype, init);
      Network d = model.discriminator(c, sampleShape(images), manager, dtype, init);
      return imagesOf(g, d, c, images, manager, pinned);
    }
    if (Datasets.isPoints(c.get(Hyperparameter.DATASET))) {
      PointSet points = PointsDatasets.load(c, pinned);
      Network g = model.generator(c, pointShape(points), manager, dtype, init);
      Network d = model.discriminator(c, pointShape(points), manager, dtype, init);
      return filePointsOf(g, d, c, points);
    }
    Mixture mixture = Mixture.forName(c.get(Hyperparameter.DATASET));
    Network g = model.generator(c, POINT, manager, dtype, init);
    Network d = model.discriminator(c, POINT, manager, dtype, init);
    return new Points(g, d, mixture, mixtureReference(mixture, c.get(Hyperparameter.EVAL_SAMPLES)));
  }

  /**
   * The problem of a pack of {@code configs} (equal but for {@link PackedTrainer#perTrialNames}; float32): each
   * trial's G and D initialised from its own init stream, exactly as {@link #of} draws them alone,
   * then stacked by their model as rows of one network each; D's row i draws its dropout masks
   * from {@code dropout}'s stream i. Evaluations take one trial's outputs.
   */
  static Problem packed(List<TrialConfig> configs, NDManager manager, List<SeededRandom> dropout, String pinned) {
    TrialConfig shared = configs.get(0);
    GanModel model = Models.of(shared).pinnedIn(pinned);
    ImageSet images = Datasets.isImages(shared.get(Hyperparameter.DATASET)) ? ImageDatasets.load(shared, pinned) : null;
    PointSet points = Datasets.isPoints(shared.get(Hyperparameter.DATASET)) ? PointsDatasets.load(shared, pinned) : null;
    Shape sample = images != null ? sampleShape(images) : points != null ? pointShape(points) : POINT;
    List<Network> gs = new ArrayList<>();
    List<Network> ds = new ArrayList<>();
    for (TrialConfig c : configs) {
      Conflicts.check(model, c);
      SeededRandom init = Streams.init(c); // G first, then D, as of draws them
      gs.add(model.generator(c, sample, manager, DataType.FLOAT32, init));
      ds.add(model.discriminator(c, sample, manager, DataType.FLOAT32, init));
    }
    Network g = model.stack(gs, List.of());
    Network d = model.stack(ds, dropout);
    if (images != null) {
      return imagesOf(g, d, shared, images, manager, pinned);
    }
    if (points != null) {
      return filePointsOf(g, d, shared, points);
    }
    Mixture mixture = Mixture.forName(shared.get(Hyperparameter.DATASET));
    return new Points(g, d, mixture, mixtureReference(mixture, shared.get(Hyperparameter.EVAL_SAMPLES)));
  }

  /** An image problem with networks {@code g} and {@code d}: the pinned feature network and the shared real reference. */
  private static Images imagesOf(Network g, Network d, TrialConfig c, ImageSet images, NDManager manager, String pinned) {
    FeatureNet classifier = !FeatureNet.labelled(images) ? null
        : pinned == null ? FeatureNet.pinned(images, manager) : FeatureNet.loadPinned(images, manager, OutputLayout.featureNets(pinned).toString());
    Features features = features(c, images, classifier, manager, pinned);
    return new Images(g, d, images, classifier, features,
        ImageReference.of(images, features, classifier, c.get(Hyperparameter.EVAL_SAMPLES), manager), c.get(Hyperparameter.DATA_RANGE));
  }

  /**
   * The network of an image trial's quality columns, one rule (docs/concepts/metrics.md): the
   * spec's feature_net where it names one; else the pinned classifier of labelled data; else the
   * fixed random convnet.
   */
  static Features features(TrialConfig c, ImageSet images, FeatureNet classifier, NDManager manager, String pinned) {
    FeatureFile file = FeatureFile.of(c.get(Hyperparameter.FEATURE_FILE));
    if (file != null) {
      return TorchScriptFeatures.load(file, manager, pinned);
    }
    if (classifier != null) {
      return classifier;
    }
    Shape sample = sampleShape(images);
    return RandomConvFeatures.of((int) sample.get(0), (int) sample.get(1), manager);
  }

  /** Shape of {@code n} images of {@code images} as D and the feature networks take them: {@code n x channels x side x side}. */
  static Shape sampleBatchShape(ImageSet images, int n) {
    return new Shape(n).addAll(sampleShape(images));
  }

  /** A points-file problem with networks {@code g} and {@code d} and the file's shared evaluation reference. */
  private static FilePoints filePointsOf(Network g, Network d, TrialConfig c, PointSet points) {
    return new FilePoints(g, d, points, fileReference(points, c.get(Hyperparameter.DATA_FILE), c.get(Hyperparameter.EVAL_SAMPLES)));
  }

  /** One sample of a points file: a point of its dimension. */
  static Shape pointShape(PointSet points) {
    return new Shape(points.dim());
  }

  /**
   * The rows every evaluation of a points-file trial compares against: the first min(n, rows) of a
   * permutation of the file's rows drawn from {@link #REFERENCE_SEED} (distinct rows, so no point
   * is its own neighbour twice), with their k-NN radii; computed once per JVM per file and n.
   */
  static PointMetrics.Reference fileReference(PointSet points, String checksum, int n) {
    return FILE_REFERENCES.computeIfAbsent(checksum + "|" + n, k -> {
      int[] order = new int[points.rows()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      SeededRandom rng = SeededRandom.stream(REFERENCE_SEED, "eval-reference");
      int take = Math.min(n, order.length);
      for (int i = 0; i < take; i++) { // a partial Fisher-Yates shuffle
        int j = i + rng.nextInt(order.length - i);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      return PointMetrics.reference(points, java.util.Arrays.copyOf(order, take));
    });
  }

  /** {@link #fileReference}s computed so far, by file checksum and sample count. */
  java.util.concurrent.ConcurrentHashMap<String, PointMetrics.Reference> FILE_REFERENCES = new java.util.concurrent.ConcurrentHashMap<>();

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

  /** {@code n} images in {@code range}, {@code n x channels x side x side} in float32. */
  static NDArray imageBatch(ImageSet images, DataRange range, int n, SeededRandom rng, NDManager manager) {
    return manager.create(range.fromMinusOneOne(images.normalized(images.draw(n, rng))),
        new Shape(n, images.channels(), images.rows(), images.cols()));
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

    @Override
    public boolean scatter() {
      return true;
    }
  }

  /**
   * Points from a file ({@code points:<file>}): MLPs whose output has the file's dimension, batches
   * of rows drawn uniformly with replacement, and {@link PointMetrics} against the file's reference.
   */
  record FilePoints(Network generator, Network discriminator, PointSet points, PointMetrics.Reference reference)
      implements Problem {
    @Override
    public float[] sample(int n, SeededRandom rng) {
      return points.rows(points.draw(n, rng));
    }

    @Override
    public Shape batchShape(int n) {
      return new Shape(n, points.dim());
    }

    @Override
    public Shape alphaShape(int n) {
      return new Shape(n, 1);
    }

    @Override
    public Quality evaluate(NDArray generated) {
      return PointMetrics.evaluate(reference, generated.toType(DataType.FLOAT32, false).toFloatArray());
    }

    @Override
    public byte[] grid(NDArray generated) {
      return null;
    }

    @Override
    public String featureNet() {
      return null;
    }

    /** 2-D files get the report's scatter plot; other dimensions have no plane to draw. */
    @Override
    public boolean scatter() {
      return points.dim() == 2;
    }
  }

  /**
   * Images: DCGAN convnets, samples {@code n x channels x side x side} in {@code range} (data_range);
   * the Fréchet distance, precision/recall and density/coverage on {@code features}, class coverage
   * from {@code classifier} (null for label-free data: no class columns). Those and the grids take
   * G's outputs mapped back to [-1, 1], as the reference's real images are: the same pixels
   * whichever range trained.
   */
  record Images(Network generator, Network discriminator, ImageSet images, FeatureNet classifier, Features features,
      ImageReference reference, DataRange range)
      implements Problem {
    @Override
    public float[] sample(int n, SeededRandom rng) {
      return range.fromMinusOneOne(images.normalized(images.draw(n, rng)));
    }

    /** G's outputs in [-1, 1], the feature networks' and the grids' range: {@code (x - shift) / scale}. */
    private NDArray inMinusOneOne(NDArray generated) {
      return range == DataRange.MINUS_ONE_ONE ? generated : generated.sub(range.shift()).div(range.scale());
    }

    @Override
    public Shape batchShape(int n) {
      return new Shape(n, images.channels(), images.rows(), images.cols());
    }

    @Override
    public Shape alphaShape(int n) {
      return new Shape(n, 1, 1, 1);
    }

    @Override
    public Quality evaluate(NDArray out) {
      NDArray generated = inMinusOneOne(out);
      FeatureNet.Output classes = classifier == null ? null : classifier.apply(generated);
      float[] f = features == classifier ? classes.features() : features.extract(generated);
      return ImageMetrics.evaluate(f, features.dim(), classes == null ? null : classes.classes(), reference.classes(),
          images.classes(), reference.stats(), reference.features());
    }

    @Override
    public byte[] grid(NDArray generated) {
      int n = Math.min((int) generated.getShape().get(0), SampleGrids.SIDE * SampleGrids.SIDE);
      float[] pixels = inMinusOneOne(generated.get("0:" + n)).toType(DataType.FLOAT32, false).toFloatArray();
      return SampleGrids.png(pixels, n, images.rows(), images.channels());
    }

    @Override
    public String featureNet() {
      return features.id();
    }
  }
}
