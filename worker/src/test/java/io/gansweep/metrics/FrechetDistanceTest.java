package io.gansweep.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gansweep.data.SeededRandom;
import org.junit.jupiter.api.Test;

class FrechetDistanceTest {

  /**
   * For diagonal covariances the distance has a closed form: |μ₁−μ₂|² + Σ (√a − √b)². A rotated
   * (non-diagonal) pair must give the same value, since the distance is rotation invariant.
   */
  @Test
  void matchesTheClosedFormForDiagonalAndRotatedCovariances() {
    double[] a = {1, 4, 0.25};
    double[] b = {9, 1, 0.25};
    double[] m1 = {0, 1, 2};
    double[] m2 = {1, 1, 0};
    double expected = 1 + 0 + 4 + Math.pow(1 - 3, 2) + Math.pow(2 - 1, 2) + 0;
    FrechetDistance.Stats p = new FrechetDistance.Stats(m1, diag(a));
    FrechetDistance.Stats q = new FrechetDistance.Stats(m2, diag(b));
    assertEquals(expected, FrechetDistance.between(p, q), 1e-9);
    double[][] r = rotation(0.7);
    FrechetDistance.Stats pr = new FrechetDistance.Stats(rotate(r, m1), conjugate(r, diag(a)));
    FrechetDistance.Stats qr = new FrechetDistance.Stats(rotate(r, m2), conjugate(r, diag(b)));
    assertEquals(expected, FrechetDistance.between(pr, qr), 1e-9);
  }

  /** Two large samples of one Gaussian are close (bias ~ d/N); a shifted one is |shift|² away. */
  @Test
  void samplesOfOneGaussianAreCloseAndAShiftShows() {
    int n = 20_000;
    int d = 4;
    float[] x = SeededRandom.stream(1, "x").gaussians(n * d);
    float[] y = SeededRandom.stream(2, "y").gaussians(n * d);
    FrechetDistance.Stats sx = FrechetDistance.Stats.of(x, n, d);
    double same = FrechetDistance.between(sx, FrechetDistance.Stats.of(y, n, d));
    for (int i = 0; i < y.length; i += d) {
      y[i] += 2;
    }
    double shifted = FrechetDistance.between(sx, FrechetDistance.Stats.of(y, n, d));
    assertEquals(0, same, 0.01);
    assertEquals(4, shifted, 0.1);
  }

  static double[][] diag(double[] v) {
    double[][] m = new double[v.length][v.length];
    for (int i = 0; i < v.length; i++) {
      m[i][i] = v[i];
    }
    return m;
  }

  static double[][] rotation(double t) {
    double c = Math.cos(t);
    double s = Math.sin(t);
    return new double[][] {{c, -s, 0}, {s * c, c * c, -s}, {s * s, s * c, c}};
  }

  static double[] rotate(double[][] r, double[] v) {
    double[] o = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      for (int j = 0; j < v.length; j++) {
        o[i] += r[i][j] * v[j];
      }
    }
    return o;
  }

  static double[][] conjugate(double[][] r, double[][] m) {
    int d = m.length;
    double[][] o = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        for (int k = 0; k < d; k++) {
          for (int l = 0; l < d; l++) {
            o[i][j] += r[i][k] * m[k][l] * r[j][l];
          }
        }
      }
    }
    return o;
  }

  /**
   * Wide features take the trace of (C₁C₂)^½ from libtorch's float64 eigh: the same quantity as the
   * Java solver, to 1e-9 relative, on two non-diagonal covariances of width WIDE + 32; and width
   * 1024 takes seconds (2048, an Inception's, took 22 s on 2 busy cores; Jacobi took 6 s at 256).
   */
  @Test
  void wideFeaturesGiveTheJavaSolversTraceFromLibtorch() {
    int d = FrechetDistance.WIDE + 32;
    int n = 3 * d;
    float[] x = SeededRandom.stream(1, "wide-a").gaussians(n * d);
    float[] y = SeededRandom.stream(1, "wide-b").gaussians(n * d);
    for (int i = 0; i < y.length; i++) {
      y[i] = y[i] * 1.3f + 0.5f * x[i - i % d]; // correlated columns: a non-diagonal covariance
    }
    double[][] c1 = FrechetDistance.Stats.of(x, n, d).cov();
    double[][] c2 = FrechetDistance.Stats.of(y, n, d).cov();
    double java = FrechetDistance.traceSqrtJava(c1, c2);
    double torch = FrechetDistance.traceSqrtTorch(c1, c2);
    assertEquals(java, torch, 1e-9 * java);
    int wide = 1024;
    double[][] eye = new double[wide][wide];
    for (int i = 0; i < wide; i++) {
      eye[i][i] = 4;
    }
    long t0 = System.nanoTime();
    assertEquals(4.0 * wide, FrechetDistance.traceSqrtTorch(eye, eye), 1e-9 * wide, "Tr((4I · 4I)^½) = 4D");
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("fd trace at D = 1024 from libtorch: %.2f s%n", seconds);
    org.junit.jupiter.api.Assertions.assertTrue(seconds < 120, "seconds at D = 1024: " + seconds);
  }
}
