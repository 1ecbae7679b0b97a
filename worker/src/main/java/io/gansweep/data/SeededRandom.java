package io.gansweep.data;

import io.gansweep.trial.Values;
import java.io.Serializable;

/**
 * The only source of randomness in a trial. Every draw (initial weights, data, z, dropout masks,
 * interpolation weights, evaluation samples) comes from a stream derived from the trial seed and
 * a named purpose, never from libtorch's process-wide generator, so trials running on several
 * threads of one JVM draw exactly what they would draw alone.
 *
 * <p>The generator is SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014) with the golden-ratio increment: the algorithm of {@code
 * java.util.SplittableRandom(long)}, whose draws it reproduces exactly (SeededRandomTest compares
 * them), kept here because a checkpoint needs the stream's {@link Position} and the JDK's class
 * does not expose it. It and the Box-Muller transform below are fully specified, so draws are
 * identical on every JVM.
 */
public final class SeededRandom {

  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private long state;
  private double spareGaussian;
  private boolean hasSpare;

  private SeededRandom(long seed) {
    this.state = seed;
  }

  /**
   * Where a stream is: the generator's state and the Box-Muller value not yet returned. A stream
   * moved to a position draws exactly what the stream it was read from draws next.
   */
  public record Position(long state, double spareGaussian, boolean hasSpare) implements Serializable {}

  public Position position() {
    return new Position(state, spareGaussian, hasSpare);
  }

  /** Continues from {@code p} (a checkpoint's position of this stream). */
  public void moveTo(Position p) {
    state = p.state();
    spareGaussian = p.spareGaussian();
    hasSpare = p.hasSpare();
  }

  private long nextSeed() {
    return state += GOLDEN_GAMMA;
  }

  private long nextLong() {
    long z = nextSeed();
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private int nextInt() {
    long z = nextSeed();
    z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
    return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
  }

  /** The stream for one purpose of one trial seed ("init", "data", "noise", …). */
  public static SeededRandom stream(long seed, String purpose) {
    long salt = Long.parseUnsignedLong(Values.sha256Hex(purpose, 16), 16);
    return new SeededRandom(seed * 0x9E3779B97F4A7C15L ^ salt);
  }

  /** Uniform on [0, 1): the top 53 bits of a draw. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform on [0, bound), rejecting the over-represented draws (no modulo bias). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("Cannot draw an int: the bound must be positive (got " + bound + "; allowed >= 1)");
    }
    int r = nextInt();
    int m = bound - 1;
    if ((bound & m) == 0) {
      return r & m;
    }
    for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = nextInt() >>> 1) {
      // rejected: u lies in the last, incomplete block of bound values
    }
    return r;
  }

  /** A standard normal draw (Box-Muller, both values used). */
  public double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spareGaussian;
    }
    double u1;
    do {
      u1 = nextDouble();
    } while (u1 == 0.0);
    double u2 = nextDouble();
    double r = Math.sqrt(-2.0 * Math.log(u1));
    spareGaussian = r * Math.sin(2 * Math.PI * u2);
    hasSpare = true;
    return r * Math.cos(2 * Math.PI * u2);
  }

  /** {@code n} standard normal draws as floats. */
  public float[] gaussians(int n) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) nextGaussian();
    }
    return out;
  }

  /** {@code n} uniform draws on [0, 1) as floats. */
  public float[] uniforms(int n) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) nextDouble();
    }
    return out;
  }

  /** {@code n} samples of {@code mixture}, row-major {x0, y0, x1, y1, …}: a uniform mode, then Gaussian noise. */
  public float[] sample(Mixture mixture, int n) {
    float[] out = new float[2 * n];
    for (int i = 0; i < n; i++) {
      double[] m = mixture.means().get(nextInt(mixture.modes()));
      out[2 * i] = (float) (m[0] + mixture.std() * nextGaussian());
      out[2 * i + 1] = (float) (m[1] + mixture.std() * nextGaussian());
    }
    return out;
  }
}
