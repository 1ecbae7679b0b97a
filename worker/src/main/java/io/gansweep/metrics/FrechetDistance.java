package io.gansweep.metrics;

/**
 * Fréchet distance between two Gaussians fitted to feature sets (Heusel et al. 2017, the "FID"
 * formula): ‖μ₁ − μ₂‖² + Tr(C₁ + C₂ − 2 (C₁C₂)^{1/2}). The trace of the matrix square root is
 * Σ √λᵢ over the eigenvalues of the symmetric PSD matrix √C₁ C₂ √C₁, which has the same spectrum
 * as C₁C₂; eigenvalues come from the cyclic Jacobi method in double precision. Biased by sample
 * size (roughly ∝ 1/N), so compare only distances taken with the same N (SCIENCE.md).
 */
public final class FrechetDistance {

  private FrechetDistance() {}

  /**
   * Mean and covariance of a feature set.
   *
   * @param mean per-feature mean
   * @param cov covariance with the N−1 denominator
   */
  public record Stats(double[] mean, double[][] cov) {
    /** Statistics of {@code n} feature vectors of width {@code d}, row after row in {@code x}. */
    public static Stats of(float[] x, int n, int d) {
      if (n < 2 || x.length != n * d) {
        throw new IllegalArgumentException("Cannot fit feature statistics: need at least 2 rows of width " + d
            + " (got " + x.length + " values for " + n + " rows; allowed n >= 2 and n * d values)");
      }
      double[] mean = new double[d];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          mean[j] += x[i * d + j];
        }
      }
      for (int j = 0; j < d; j++) {
        mean[j] /= n;
      }
      double[][] cov = new double[d][d];
      double[] row = new double[d];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          row[j] = x[i * d + j] - mean[j];
        }
        for (int a = 0; a < d; a++) {
          double ra = row[a];
          for (int b = a; b < d; b++) {
            cov[a][b] += ra * row[b];
          }
        }
      }
      for (int a = 0; a < d; a++) {
        for (int b = a; b < d; b++) {
          cov[a][b] /= n - 1;
          cov[b][a] = cov[a][b];
        }
      }
      return new Stats(mean, cov);
    }
  }

  /** The Fréchet distance between two fitted Gaussians. */
  public static double between(Stats p, Stats q) {
    int d = p.mean().length;
    double meanTerm = 0;
    for (int j = 0; j < d; j++) {
      double diff = p.mean()[j] - q.mean()[j];
      meanTerm += diff * diff;
    }
    double trace = 0;
    for (int j = 0; j < d; j++) {
      trace += p.cov()[j][j] + q.cov()[j][j];
    }
    double[][] root = sqrtPsd(p.cov());
    double[][] m = multiply(multiply(root, q.cov()), root);
    double traceSqrt = 0;
    for (double lambda : eigenvalues(m)) {
      traceSqrt += Math.sqrt(Math.max(lambda, 0));
    }
    return Math.max(0, meanTerm + trace - 2 * traceSqrt);
  }

  /** The symmetric square root of a symmetric PSD matrix (negative eigenvalues from rounding count as 0). */
  static double[][] sqrtPsd(double[][] a) {
    int d = a.length;
    double[][] v = new double[d][d];
    double[] lambda = jacobi(copy(a), v);
    double[][] r = new double[d][d];
    for (int k = 0; k < d; k++) {
      double s = Math.sqrt(Math.max(lambda[k], 0));
      for (int i = 0; i < d; i++) {
        double vik = v[i][k] * s;
        for (int j = 0; j < d; j++) {
          r[i][j] += vik * v[j][k];
        }
      }
    }
    return r;
  }

  static double[] eigenvalues(double[][] a) {
    return jacobi(copy(a), new double[a.length][a.length]);
  }

  /**
   * Cyclic Jacobi eigenvalue method for a symmetric matrix: rotates {@code a} (destroyed) to
   * diagonal; returns the eigenvalues and leaves the eigenvectors in the columns of {@code v}.
   */
  private static double[] jacobi(double[][] a, double[][] v) {
    int d = a.length;
    for (int i = 0; i < d; i++) {
      v[i][i] = 1;
    }
    for (int sweep = 0; sweep < 100; sweep++) {
      double off = 0;
      double scale = 0;
      for (int i = 0; i < d; i++) {
        scale += a[i][i] * a[i][i];
        for (int j = i + 1; j < d; j++) {
          off += a[i][j] * a[i][j];
        }
      }
      if (off <= 1e-30 * Math.max(scale, 1e-300)) {
        break;
      }
      for (int p = 0; p < d; p++) {
        for (int q = p + 1; q < d; q++) {
          if (a[p][q] == 0) {
            continue;
          }
          double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int k = 0; k < d; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
          }
          for (int k = 0; k < d; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
          }
          for (int k = 0; k < d; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
          }
        }
      }
    }
    double[] lambda = new double[d];
    for (int i = 0; i < d; i++) {
      lambda[i] = a[i][i];
    }
    return lambda;
  }

  private static double[][] multiply(double[][] x, double[][] y) {
    int d = x.length;
    double[][] r = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int k = 0; k < d; k++) {
        double xik = x[i][k];
        if (xik == 0) {
          continue;
        }
        for (int j = 0; j < d; j++) {
          r[i][j] += xik * y[k][j];
        }
      }
    }
    return r;
  }

  private static double[][] copy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }
}
