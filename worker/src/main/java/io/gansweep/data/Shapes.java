package io.gansweep.data;

/**
 * {@code shapes}: a synthetic 10-class 28x28 image dataset drawn in code, so tests and laptops need
 * no download. Classes: 0 filled circle, 1 outlined circle, 2 filled square, 3 outlined square, 4
 * filled triangle, 5 outlined triangle, 6 horizontal bar, 7 vertical bar, 8 plus, 9 cross (x).
 * Each image has its own centre (9..19 px), size (radius 5..8 px) and brightness (0.7..1), and is
 * anti-aliased through the signed distance of each pixel centre to the shape's outline.
 */
public final class Shapes {

  /** Name in specs. */
  public static final String NAME = Datasets.SHAPES;

  /** Image side in pixels. */
  public static final int SIZE = 28;

  /** Number of classes. */
  public static final int CLASSES = Datasets.SHAPES_CLASSES;

  /** Images in the training set every trial samples from. */
  public static final int TRAIN_COUNT = 12_000;

  /** Seed of the training set: the data are the same for every trial and every seed. */
  public static final long DATA_SEED = 28;

  private Shapes() {}

  /** The training set (always the same images). */
  public static ImageSet train() {
    return generate(TRAIN_COUNT, DATA_SEED);
  }

  /** {@code n} images with classes cycling 0..9, drawn from {@code seed}. */
  public static ImageSet generate(int n, long seed) {
    SeededRandom rng = SeededRandom.stream(seed, "shapes");
    byte[] pixels = new byte[n * SIZE * SIZE];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int c = i % CLASSES;
      labels[i] = c;
      double cx = 9 + 10 * rng.nextDouble();
      double cy = 9 + 10 * rng.nextDouble();
      double r = 5 + 3 * rng.nextDouble();
      double brightness = 0.7 + 0.3 * rng.nextDouble();
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          double v = brightness * intensity(c, x + 0.5 - cx, y + 0.5 - cy, r);
          pixels[i * SIZE * SIZE + y * SIZE + x] = (byte) Math.round(255 * Math.max(0, Math.min(1, v)));
        }
      }
    }
    return new ImageSet(NAME, n, SIZE, SIZE, pixels, labels, CLASSES);
  }

  /** Coverage of a pixel at offset (dx, dy) from the centre: 1 inside, 0 outside, a ramp across the edge. */
  static double intensity(int c, double dx, double dy, double r) {
    return switch (c) {
      case 0 -> filled(Math.hypot(dx, dy) - r);
      case 1 -> outlined(Math.hypot(dx, dy) - r);
      case 2 -> filled(box(dx, dy, 0.8 * r, 0.8 * r));
      case 3 -> outlined(box(dx, dy, 0.8 * r, 0.8 * r));
      case 4 -> filled(triangle(dx, dy, r));
      case 5 -> outlined(triangle(dx, dy, r));
      case 6 -> filled(box(dx, dy, r, r / 3));
      case 7 -> filled(box(dx, dy, r / 3, r));
      case 8 -> filled(Math.min(box(dx, dy, r, r / 4), box(dx, dy, r / 4, r)));
      case 9 -> {
        double u = (dx + dy) / Math.sqrt(2);
        double w = (dx - dy) / Math.sqrt(2);
        yield filled(Math.min(box(u, w, r, r / 4), box(u, w, r / 4, r)));
      }
      default -> throw new IllegalArgumentException("Cannot draw shape: unknown class (got " + c + "; allowed 0..9)");
    };
  }

  private static double filled(double d) {
    return 0.5 - d;
  }

  private static double outlined(double d) {
    return 1.0 - Math.abs(d);
  }

  /** Distance-like value for an axis-aligned box of half-sizes (hx, hy): negative inside. */
  private static double box(double dx, double dy, double hx, double hy) {
    return Math.max(Math.abs(dx) - hx, Math.abs(dy) - hy);
  }

  /** Distance-like value for an upright equilateral triangle of circumradius r: negative inside. */
  private static double triangle(double dx, double dy, double r) {
    double d = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < 3; k++) {
      double a = Math.PI / 2 + 2 * Math.PI * k / 3; // outward normals; image y points down
      d = Math.max(d, dx * Math.cos(a) + dy * Math.sin(a) - r / 2);
    }
    return d;
  }
}
