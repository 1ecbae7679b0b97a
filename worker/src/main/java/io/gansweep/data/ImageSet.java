package io.gansweep.data;

import java.util.Objects;

/**
 * Labelled greyscale images, kept as bytes (0 = black, 255 = white) and handed to training in
 * [-1, 1] ({@code v / 127.5 - 1}), the range of G's tanh output.
 *
 * @param name where it came from ({@code shapes} or {@code idx:<path>})
 * @param count images
 * @param rows height in pixels
 * @param cols width in pixels
 * @param pixels {@code count * rows * cols} bytes, image after image, row-major
 * @param labels class of each image, 0..classes-1
 * @param classes number of classes
 */
public record ImageSet(String name, int count, int rows, int cols, byte[] pixels, int[] labels, int classes) {

  public ImageSet {
    Objects.requireNonNull(name, "name");
    if (pixels.length != (long) count * rows * cols || labels.length != count) {
      throw new IllegalArgumentException(String.format(
          "Cannot build image set %s: sizes disagree (got %d pixels and %d labels; allowed %d x %d x %d pixels and %d labels)",
          name, pixels.length, labels.length, count, rows, cols, count));
    }
  }

  /** Pixels of one image. */
  public int imageSize() {
    return rows * cols;
  }

  /** The images at {@code indices}, in [-1, 1], one after the other. */
  public float[] normalized(int[] indices) {
    int size = imageSize();
    float[] out = new float[indices.length * size];
    for (int i = 0; i < indices.length; i++) {
      int from = indices[i] * size;
      for (int p = 0; p < size; p++) {
        out[i * size + p] = (pixels[from + p] & 0xFF) / 127.5f - 1f;
      }
    }
    return out;
  }

  /** {@code n} image indices drawn uniformly with replacement from {@code rng}. */
  public int[] draw(int n, SeededRandom rng) {
    int[] ix = new int[n];
    for (int i = 0; i < n; i++) {
      ix[i] = rng.nextInt(count);
    }
    return ix;
  }
}
