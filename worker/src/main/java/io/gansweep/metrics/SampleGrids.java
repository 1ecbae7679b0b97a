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
   * The first {@code SIDE²} images of {@code pixels} ({@code n} images of {@code size x size} in
   * [-1, 1], one after the other) as a PNG.
   */
  public static byte[] png(float[] pixels, int n, int size) {
    int tiles = Math.min(n, SIDE * SIDE);
    int width = SIDE * size + SIDE + 1;
    BufferedImage img = new BufferedImage(width, width, BufferedImage.TYPE_BYTE_GRAY);
    var raster = img.getRaster();
    for (int y = 0; y < width; y++) {
      for (int x = 0; x < width; x++) {
        raster.setSample(x, y, 0, 128);
      }
    }
    for (int t = 0; t < tiles; t++) {
      int ox = 1 + (t % SIDE) * (size + 1);
      int oy = 1 + (t / SIDE) * (size + 1);
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          float v = pixels[t * size * size + y * size + x];
          raster.setSample(ox + x, oy + y, 0, Math.round(Math.max(0, Math.min(255, (v + 1) * 127.5f))));
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
