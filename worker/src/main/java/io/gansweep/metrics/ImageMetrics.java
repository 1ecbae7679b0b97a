package io.gansweep.metrics;

/**
 * Quality of generated images through the pinned {@link FeatureNet}: the Fréchet distance of its
 * features to those of a fixed real sample, the classes captured (a class counts when at least
 * {@link MixtureMetrics#MODE_MIN_SHARE_OF_UNIFORM} of its uniform share of the samples is predicted
 * as it, the same rule as 2-D modes), and KL(generated class histogram ‖ real class histogram).
 */
public final class ImageMetrics {

  private ImageMetrics() {}

  /**
   * Quality of generated images, from their network outputs and those of the real reference sample
   * ({@code realFeatures}: the same sample's features with their k-NN radii, for {@link Prdc}).
   */
  public static Quality evaluate(FeatureNet.Output generated, FeatureNet.Output real, FrechetDistance.Stats realStats, int classes,
      Prdc.Reference realFeatures) {
    int n = generated.classes().length;
    FrechetDistance.Stats g = FrechetDistance.Stats.of(generated.features(), n, FeatureNet.FEATURES);
    double fd = FrechetDistance.between(g, realStats);
    double[] q = histogram(generated.classes(), classes);
    double[] p = histogram(real.classes(), classes);
    int captured = 0;
    double minShare = MixtureMetrics.MODE_MIN_SHARE_OF_UNIFORM / classes;
    double kl = 0;
    for (int k = 0; k < classes; k++) {
      if (q[k] >= minShare) {
        captured++;
      }
      if (q[k] > 0) {
        // A class the real sample never shows is floored at half a count, so the KL stays finite.
        kl += q[k] * Math.log(q[k] / Math.max(p[k], 0.5 / real.classes().length));
      }
    }
    Prdc.Measures prdc = Prdc.evaluate(realFeatures, generated.features());
    return new Quality(captured, captured, null, kl, null, fd, prdc.precision(), prdc.recall(), prdc.density(), prdc.coverage());
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
