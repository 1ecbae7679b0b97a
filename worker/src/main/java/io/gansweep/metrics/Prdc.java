package io.gansweep.metrics;

/**
 * The outlier-robust pair of fidelity and coverage measures against a fixed real sample, on any
 * points (2-D samples) or features (images), with k nearest neighbours (SCIENCE.md):
 *
 * <ul>
 *   <li>improved precision and recall (Kynkäänniemi et al. 2019): precision is the share of
 *       generated points inside the k-NN ball of some real point; recall is the share of real
 *       points inside the k-NN ball (among the generated) of some generated point;
 *   <li>density and coverage (Naeem et al. 2020): density = (1/(k·m)) Σ_j Σ_i 1[‖y_j − x_i‖ &lt;
 *       NN_k(x_i)] (can exceed 1), coverage = share of real points whose k-NN ball holds a
 *       generated point.
 * </ul>
 *
 * Brute force, O(n·m·dim) per evaluation plus O(m²·dim) for the generated balls; the real balls
 * are computed once per reference ({@link #reference}). Balls are open: a point at exactly the
 * radius is outside, as in the papers' strict inequality.
 */
public final class Prdc {

  /** Neighbours that define a ball, as in both papers' official code. */
  public static final int K = 3;

  private Prdc() {}

  /**
   * A real sample with the squared k-NN radius of every point among the others.
   *
   * @param points row-major, {@code n x dim}
   * @param dim coordinates per point
   * @param radii2 squared distance from each point to its k-th nearest other point
   */
  public record Reference(float[] points, int dim, double[] radii2) {
    public int size() {
      return radii2.length;
    }
  }

  /**
   * The measures of one evaluation.
   *
   * @param precision share of generated points inside some real ball, in [0, 1]
   * @param recall share of real points inside some generated ball, in [0, 1]
   * @param density mean count of real balls holding a generated point, divided by k (≈ 1 for matching samples)
   * @param coverage share of real balls holding at least one generated point, in [0, 1]
   */
  public record Measures(double precision, double recall, double density, double coverage) {}

  /** The reference of {@code points} ({@code n x dim}, n &gt; k). */
  public static Reference reference(float[] points, int dim) {
    return new Reference(points, dim, kthNeighbourRadii2(points, dim));
  }

  /** The four measures of {@code generated} ({@code m x dim}, m &gt; k) against {@code real}. */
  public static Measures evaluate(Reference real, float[] generated) {
    int dim = real.dim();
    int n = real.size();
    int m = generated.length / dim;
    double[] fakeRadii2 = kthNeighbourRadii2(generated, dim);
    boolean[] realCovered = new boolean[n]; // coverage: some generated point in real ball i
    boolean[] realRecalled = new boolean[n]; // recall: real i in some generated ball
    int precise = 0;
    long inBalls = 0;
    for (int j = 0; j < m; j++) {
      boolean inside = false;
      for (int i = 0; i < n; i++) {
        double d2 = squaredDistance(generated, j, real.points(), i, dim);
        if (d2 < real.radii2()[i]) {
          inside = true;
          realCovered[i] = true;
          inBalls++;
        }
        if (d2 < fakeRadii2[j]) {
          realRecalled[i] = true;
        }
      }
      if (inside) {
        precise++;
      }
    }
    return new Measures((double) precise / m, (double) count(realRecalled) / n, (double) inBalls / ((double) K * m),
        (double) count(realCovered) / n);
  }

  private static int count(boolean[] flags) {
    int c = 0;
    for (boolean f : flags) {
      if (f) {
        c++;
      }
    }
    return c;
  }

  /** For each point, the squared distance to its k-th nearest other point (self excluded by index). */
  static double[] kthNeighbourRadii2(float[] points, int dim) {
    int n = points.length / dim;
    if (n <= K) {
      throw new IllegalArgumentException(
          "Cannot compute precision/recall: too few points (got " + n + "; allowed more than " + K + ")");
    }
    double[] radii = new double[n];
    double[] nearest = new double[K]; // ascending, the k smallest so far
    for (int a = 0; a < n; a++) {
      java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
      for (int b = 0; b < n; b++) {
        if (b == a) {
          continue;
        }
        double d2 = squaredDistance(points, a, points, b, dim);
        if (d2 < nearest[K - 1]) {
          int p = K - 1;
          while (p > 0 && nearest[p - 1] > d2) {
            nearest[p] = nearest[p - 1];
            p--;
          }
          nearest[p] = d2;
        }
      }
      radii[a] = nearest[K - 1];
    }
    return radii;
  }

  private static double squaredDistance(float[] x, int i, float[] y, int j, int dim) {
    double s = 0;
    int xi = i * dim;
    int yj = j * dim;
    for (int c = 0; c < dim; c++) {
      double d = x[xi + c] - y[yj + c];
      s += d * d;
    }
    return s;
  }
}
