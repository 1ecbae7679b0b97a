package io.gansweep.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.ImageSet;
import io.gansweep.data.SeededRandom;
import io.gansweep.metrics.FeatureNet;
import io.gansweep.metrics.FrechetDistance;
import io.gansweep.metrics.Prdc;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real sample every image evaluation compares against: {@code n} images drawn with {@link
 * Problem#REFERENCE_SEED}, their feature-network outputs and fitted statistics. The same for
 * every trial of a dataset, feature network and sample count, so it is computed once per JVM.
 *
 * @param real feature-network outputs of the real sample
 * @param stats mean and covariance of its features
 * @param features its features with their k-NN radii (precision, recall, density, coverage)
 */
record ImageReference(FeatureNet.Output real, FrechetDistance.Stats stats, Prdc.Reference features) {

  private static final ConcurrentHashMap<String, ImageReference> COMPUTED = new ConcurrentHashMap<>();

  static ImageReference of(ImageSet images, FeatureNet net, int n, NDManager manager) {
    return COMPUTED.computeIfAbsent(images.name() + "|" + net.checksum() + "|" + n, k -> {
      NDArray x = manager.create(images.normalized(images.draw(n, SeededRandom.stream(Problem.REFERENCE_SEED, "eval-reference"))),
          new Shape(n, images.channels(), images.rows(), images.cols()));
      FeatureNet.Output out = net.apply(x);
      x.close();
      return new ImageReference(out, FrechetDistance.Stats.of(out.features(), n, FeatureNet.FEATURES),
          Prdc.reference(out.features(), FeatureNet.FEATURES));
    });
  }
}
