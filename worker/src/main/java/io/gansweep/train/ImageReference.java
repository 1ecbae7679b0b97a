package io.gansweep.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.ImageSet;
import io.gansweep.data.SeededRandom;
import io.gansweep.metrics.FeatureNet;
import io.gansweep.metrics.Features;
import io.gansweep.metrics.FrechetDistance;
import io.gansweep.metrics.Prdc;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real sample every image evaluation compares against: {@code n} images drawn with {@link
 * Problem#REFERENCE_SEED}, their features and fitted statistics, and the classifier's predicted
 * classes for labelled data. The same for every trial of a dataset, feature network and sample
 * count, so it is computed once per JVM.
 *
 * @param classes the classifier's predicted class of each real image, null without a classifier
 * @param stats mean and covariance of its features
 * @param features its features with their k-NN radii (precision, recall, density, coverage)
 */
record ImageReference(int[] classes, FrechetDistance.Stats stats, Prdc.Reference features) {

  private static final ConcurrentHashMap<String, ImageReference> COMPUTED = new ConcurrentHashMap<>();

  /** The reference of {@code images} under {@code features}, with {@code classifier}'s classes (null: none). */
  static ImageReference of(ImageSet images, Features features, FeatureNet classifier, int n, NDManager manager) {
    String key = images.name() + "|" + features.id() + "|" + (classifier == null ? "-" : classifier.id()) + "|" + n;
    return COMPUTED.computeIfAbsent(key, k -> {
      NDArray x = manager.create(images.normalized(images.draw(n, SeededRandom.stream(Problem.REFERENCE_SEED, "eval-reference"))),
          Problem.sampleBatchShape(images, n));
      FeatureNet.Output out = classifier == null ? null : classifier.apply(x);
      float[] f = features == classifier ? out.features() : features.extract(x);
      x.close();
      return new ImageReference(out == null ? null : out.classes(), FrechetDistance.Stats.of(f, n, features.dim()),
          Prdc.reference(f, features.dim()));
    });
  }
}
