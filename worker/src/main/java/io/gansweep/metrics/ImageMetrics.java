package io.gansweep.metrics;

/**
 * Quality of generated images: the Fréchet distance, precision/recall and density/coverage on the
 * features of the sweep's {@link Features} network against a fixed real sample; and, where the data
 * has labels, the classes captured by the pinned classifier's predictions (a class counts when at
 * least {@link MixtureMetrics#MODE_MIN_SHARE_OF_UNIFORM} of its uniform share of the samples is
 * predicted as it, the same rule as 2-D modes) and KL(generated class histogram ‖ real class
 * histogram).
 */
public final class ImageMetrics {

  private ImageMetrics() {}

  /**
   * Quality of generated images from their features ({@code n x dim}) and, for labelled data, their
   * predicted classes (null: no class columns), against the real reference sample's.
   *
   * @param realClasses the real sample's predicted classes, null where {@code generatedClasses} is
   * @param realStats mean and covariance of the real sample's features
   * @param realFeatures the same features with their k-NN radii, for {@link Prdc}
   */
  public static Quality evaluate(float[] generatedFeatures, int dim, int[] generatedClasses, int[] realClasses, int classes,
      FrechetDistance.Stats realStats, Prdc.Reference realFeatures) {
    int n = generatedFeatures.length / dim;
    FrechetDistance.Stats g = FrechetDistance.Stats.of(generatedFeatures, n, dim);
    double fd = FrechetDistance.between(g, realStats);
    Prdc.Measures prdc = Prdc.evaluate(realFeatures, generatedFeatures);
    if (generatedClasses == null) {
      return new Quality(null, null, null, null, null, fd, prdc.precision(), prdc.recall(), prdc.density(), prdc.coverage());
    }
    double[] q = histogram(generatedClasses, classes);
    double[] p = histogram(realClasses, classes);
    int captured = 0;
    double minShare = MixtureMetrics.MODE_MIN_SHARE_OF_UNIFORM / classes;
    double kl = 0;
    for (int k = 0; k < classes; k++) {
      if (q[k] >= minShare) {
        captured++;
      }
      if (q[k] > 0) {
        // A class the real sample never shows is floored at half a count, so the KL stays finite.
        kl += q[k] * Math.log(q[k] / Math.max(p[k], 0.5 / realClasses.length));
      }
    }
    return new Quality(captured, captured, null, kl, null, fd, prdc.precision(), prdc.recall(), prdc.density(), prdc.coverage());
  }

  /** {@link #evaluate} with the classifier's outputs as both the features and the classes (the built-in network). */
  public static Quality evaluate(FeatureNet.Output generated, FeatureNet.Output real, FrechetDistance.Stats realStats, int classes,
      Prdc.Reference realFeatures) {
    return evaluate(generated.features(), FeatureNet.FEATURES, generated.classes(), real.classes(), classes, realStats, realFeatures);
  }

  static double[] histogram(int[] classes, int k) {
    double[] h = new double[k];
    for (int c : classes) {
      if (c >= 0 && c < k) {
        h[c] += 1.0 / classes.length;
      }
    }
    return h;
  }
}
