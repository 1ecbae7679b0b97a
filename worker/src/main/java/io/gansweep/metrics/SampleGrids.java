package io.gansweep.metrics;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Encodes generated greyscale images as one PNG grid (a 1-pixel grey gap between tiles). */
public final class SampleGrids {

  /** Images per grid side: an 8 x 8 grid of the first 64 evaluation samples. */
  public static final int SIDE = 8;

  private SampleGrids() {}

  /**
   * The first {@code SIDE²} images of {@code pixels} ({@code n} greyscale images of {@code size x
   * size} in [-1, 1], one after the other) as a PNG.
   */
  public static byte[] png(float[] pixels, int n, int size) {
    return png(pixels, n, size, 1);
  }

  /**
   * The first {@code SIDE²} images of {@code pixels} ({@code n} images of {@code channels x size x
   * size} in [-1, 1], channel after channel, one after the other) as a PNG: greyscale for one
   * channel, RGB for three.
   */
  public static byte[] png(float[] pixels, int n, int size, int channels) {
    int tiles = Math.min(n, SIDE * SIDE);
    int width = SIDE * size + SIDE + 1;
    BufferedImage img = new BufferedImage(width, width, channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
    var raster = img.getRaster(); // bands in R, G, B order for TYPE_3BYTE_BGR
    for (int y = 0; y < width; y++) {
      for (int x = 0; x < width; x++) {
        for (int ch = 0; ch < channels; ch++) {
          raster.setSample(x, y, ch, 128);
        }
      }
    }
    int plane = size * size;
    for (int t = 0; t < tiles; t++) {
      int ox = 1 + (t % SIDE) * (size + 1);
      int oy = 1 + (t / SIDE) * (size + 1);
      for (int ch = 0; ch < channels; ch++) {
        for (int y = 0; y < size; y++) {
          for (int x = 0; x < size; x++) {
            float v = pixels[(t * channels + ch) * plane + y * size + x];
            raster.setSample(ox + x, oy + y, ch, Math.round(Math.max(0, Math.min(255, (v + 1) * 127.5f))));
          }
        }
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
