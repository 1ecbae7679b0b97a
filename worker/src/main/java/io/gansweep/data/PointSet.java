package io.gansweep.data;

import java.util.List;

/**
 * Points read from a file ({@code points:<file>}): {@code rows} points of {@code dim} coordinates,
 * row-major in float32, and optionally a class per row.
 *
 * @param name where it came from, for messages
 * @param columns the coordinate columns' names, in file order ({@code dim} of them)
 * @param values {@code rows * dim} coordinates, row after row, all finite
 * @param labels each row's class, an index into {@code labelNames}; null without a label column
 * @param labelNames the distinct labels in order of first appearance; empty without a label column
 */
public record PointSet(String name, List<String> columns, float[] values, int[] labels, List<String> labelNames) {

  public PointSet {
    columns = List.copyOf(columns);
    labelNames = List.copyOf(labelNames);
    if (columns.isEmpty() || values.length % columns.size() != 0) {
      throw new IllegalArgumentException("Cannot build points " + name + ": values do not fill whole rows (got " + values.length
          + " values for " + columns.size() + " columns; allowed a positive multiple of the column count)");
    }
    if (labels != null && (labels.length != values.length / columns.size() || labelNames.isEmpty())) {
      throw new IllegalArgumentException("Cannot build points " + name + ": one label per row (got " + labels.length + " labels for "
          + values.length / columns.size() + " rows; allowed as many labels as rows, with their names)");
    }
  }

  /** Coordinates per point. */
  public int dim() {
    return columns.size();
  }

  public int rows() {
    return values.length / dim();
  }

  /** Whether the file has a label column. */
  public boolean labelled() {
    return labels != null;
  }

  /** The coordinates of rows {@code ix}, one after the other. */
  public float[] rows(int[] ix) {
    int d = dim();
    float[] out = new float[ix.length * d];
    for (int i = 0; i < ix.length; i++) {
      System.arraycopy(values, ix[i] * d, out, i * d, d);
    }
    return out;
  }

  /** {@code n} row indices drawn uniformly with replacement from {@code rng}. */
  public int[] draw(int n, SeededRandom rng) {
    int[] ix = new int[n];
    for (int i = 0; i < n; i++) {
      ix[i] = rng.nextInt(rows());
    }
    return ix;
  }
}
