package io.gansweep.data;

import io.gansweep.trial.Values;
import java.util.SplittableRandom;

/**
 * The only source of randomness in a trial. Every draw (initial weights, data, z, dropout masks,
 * interpolation weights, evaluation samples) comes from a stream derived from the trial seed and
 * a named purpose, never from libtorch's process-wide generator, so trials running on several
 * threads of one JVM draw exactly what they would draw alone. {@link SplittableRandom} and the
 * Box-Muller transform below are fully specified, so draws are identical on every JVM.
 */
public final class SeededRandom {

  private final SplittableRandom random;
  private double spareGaussian;
  private boolean hasSpare;

  private SeededRandom(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** The stream for one purpose of one trial seed ("init", "data", "noise", …). */
  public static SeededRandom stream(long seed, String purpose) {
    long salt = Long.parseUnsignedLong(Values.sha256Hex(purpose, 16), 16);
    return new SeededRandom(seed * 0x9E3779B97F4A7C15L ^ salt);
  }

  public double nextDouble() {
    return random.nextDouble();
  }

  public int nextInt(int bound) {
    return random.nextInt(bound);
  }

  /** A standard normal draw (Box-Muller, both values used). */
  public double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spareGaussian;
    }
    double u1;
    do {
      u1 = random.nextDouble();
    } while (u1 == 0.0);
    double u2 = random.nextDouble();
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
      out[i] = (float) random.nextDouble();
    }
    return out;
  }
}
