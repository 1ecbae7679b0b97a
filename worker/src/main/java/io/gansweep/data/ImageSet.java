package io.gansweep.data;

import java.util.Objects;

/**
 * Labelled images, greyscale or RGB, kept as bytes (0 = black, 255 = full intensity) and handed
 * to training in [-1, 1] ({@code v / 127.5 - 1}), the range of G's tanh output.
 *
 * @param name where it came from ({@code shapes} or {@code idx:<path>})
 * @param count images
 * @param rows height in pixels
 * @param cols width in pixels
 * @param pixels {@code count * channels * rows * cols} bytes, image after image, each channel after
 *     channel (the tensor's CHW order), row-major
 * @param labels class of each image, 0..classes-1
 * @param classes number of classes
 * @param channels 1 (greyscale) or 3 (RGB)
 */
public record ImageSet(String name, int count, int rows, int cols, byte[] pixels, int[] labels, int classes, int channels) {

  public ImageSet {
    Objects.requireNonNull(name, "name");
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("Cannot build image set " + name + ": channels must be 1 or 3 (got " + channels
          + "; allowed 1 (greyscale) or 3 (RGB))");
    }
    if (pixels.length != (long) count * channels * rows * cols || labels.length != count) {
      throw new IllegalArgumentException(String.format(
          "Cannot build image set %s: sizes disagree (got %d pixels and %d labels; allowed %d x %d x %d x %d pixels and %d labels)",
          name, pixels.length, labels.length, count, channels, rows, cols, count));
    }
  }

  /** Greyscale images. */
  public ImageSet(String name, int count, int rows, int cols, byte[] pixels, int[] labels, int classes) {
    this(name, count, rows, cols, pixels, labels, classes, 1);
  }

  /**
   * Whether the images have classes to tell apart (two or more): a folder without class
   * subfolders, or with one, is one class, unlabelled.
   */
  public boolean labelled() {
    return classes >= 2;
  }

  /** Bytes of one image: channels x rows x cols. */
  public int imageSize() {
    return channels * rows * cols;
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
