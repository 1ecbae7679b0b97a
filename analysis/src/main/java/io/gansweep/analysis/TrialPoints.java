package io.gansweep.analysis;

/**
 * A trial's generated 2-D points at its last evaluation, as read from the {@code samples} table.
 *
 * @param step training round of the evaluation
 * @param xy the points, interleaved {@code x0, y0, x1, y1, …}
 */
public record TrialPoints(int step, double[] xy) {
  public TrialPoints {
    if (xy.length % 2 != 0) {
      throw new IllegalArgumentException("Cannot plot points: odd coordinate count (got " + xy.length + "; allowed x, y pairs)");
    }
    xy = xy.clone();
  }

  @Override
  public double[] xy() {
    return xy.clone();
  }

  public int size() {
    return xy.length / 2;
  }
}
