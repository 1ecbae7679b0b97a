package io.gansweep.metrics;

/**
 * Fréchet distance between two Gaussians fitted to feature sets (Heusel et al. 2017, the "FID"
 * formula): ‖μ₁ − μ₂‖² + Tr(C₁ + C₂ − 2 (C₁C₂)^{1/2}). The trace of the matrix square root is
 * Σ √λᵢ over the eigenvalues of the symmetric PSD matrix √C₁ C₂ √C₁, which has the same spectrum
 * as C₁C₂; eigenvalues come from the cyclic Jacobi method in double precision, or for features of
 * {@link #WIDE} and more from libtorch's eigh in float64. Biased by sample
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
    double traceSqrt = d >= WIDE ? traceSqrtTorch(p.cov(), q.cov()) : traceSqrtJava(p.cov(), q.cov());
    return Math.max(0, meanTerm + trace - 2 * traceSqrt);
  }

  /**
   * Width from which the trace of (C₁C₂)^½ comes from libtorch's float64 {@code eigh} (LAPACK)
   * through the scripted helper {@code fd_trace_sqrt.pt} (examples/feature_net/make_fd_helper.py)
   * rather than the Java Jacobi solver: the same quantity, but Jacobi took 6 s at D = 256 and grows
   * as D³ (an Inception's 2048 would take most of an hour). Below it, the Java solver (the
   * classifier's 64 features keep their numbers to the last bit).
   */
  static final int WIDE = 128;

  /** Tr((C₁C₂)^½) = Σ √λᵢ over the eigenvalues of √C₁ C₂ √C₁, by cyclic Jacobi in Java. */
  static double traceSqrtJava(double[][] c1, double[][] c2) {
    double[][] root = sqrtPsd(c1);
    double[][] m = multiply(multiply(root, c2), root);
    double traceSqrt = 0;
    for (double lambda : eigenvalues(m)) {
      traceSqrt += Math.sqrt(Math.max(lambda, 0));
    }
    return traceSqrt;
  }

  private static ai.djl.pytorch.engine.PtSymbolBlock helper;
  private static ai.djl.ndarray.NDManager helperManager;

  /** {@link #traceSqrtJava}'s quantity from libtorch (float64 eigh), one call at a time per JVM. */
  static synchronized double traceSqrtTorch(double[][] c1, double[][] c2) {
    if (helper == null) {
      helperManager = ai.djl.ndarray.NDManager.newBaseManager("PyTorch");
      try (java.io.InputStream in = FrechetDistance.class.getResourceAsStream("fd_trace_sqrt.pt")) {
        if (in == null) {
          throw new IllegalStateException("Cannot take a Fréchet distance of wide features: fd_trace_sqrt.pt is missing from gansweep's"
              + " jar (got no resource; allowed a complete build)");
        }
        helper = ai.djl.pytorch.jni.JniUtils.loadModule((ai.djl.pytorch.engine.PtNDManager) helperManager, in, false, false);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    try (ai.djl.ndarray.NDManager m = helperManager.newSubManager()) {
      ai.djl.ndarray.NDArray a = m.create(flat(c1), new ai.djl.ndarray.types.Shape(c1.length, c1.length));
      ai.djl.ndarray.NDArray b = m.create(flat(c2), new ai.djl.ndarray.types.Shape(c2.length, c2.length));
      return ai.djl.pytorch.jni.IValueUtils.forward(helper, new ai.djl.ndarray.NDList(a, b), false).singletonOrThrow()
          .toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
    }
  }

  private static double[] flat(double[][] a) {
    double[] out = new double[a.length * a.length];
    for (int i = 0; i < a.length; i++) {
      System.arraycopy(a[i], 0, out, i * a.length, a.length);
    }
    return out;
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
