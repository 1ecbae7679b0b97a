package io.gansweep.trial;

import java.util.Arrays;

/**
 * The 2-D points a generator produced from the trial's fixed evaluation z at one evaluation step
 * (the {@code samples} table keeps those of the last evaluation).
 *
 * @param step training round of the evaluation
 * @param xy the points, interleaved {@code x0, y0, x1, y1, …}
 */
public record SamplePoints(int step, float[] xy) implements java.io.Serializable {
  public SamplePoints {
    if (step < 0 || xy.length % 2 != 0) {
      throw new IllegalArgumentException("Cannot keep sample points: bad step or odd coordinate count (got step " + step
          + ", " + xy.length + " coordinates; allowed step >= 0 and x, y pairs)");
    }
    xy = xy.clone();
  }

  /** Number of points. */
  public int size() {
    return xy.length / 2;
  }

  @Override
  public float[] xy() {
    return xy.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SamplePoints p && p.step == step && Arrays.equals(p.xy, xy);
  }

  @Override
  public int hashCode() {
    return 31 * step + Arrays.hashCode(xy);
  }

  @Override
  public String toString() {
    return "SamplePoints[step=" + step + ", points=" + size() + "]";
  }
}
