package io.gansweep.data;

import java.util.List;

/**
 * An equal-weight mixture of isotropic 2-D Gaussians: the fast laboratory of GAN stability
 * studies (SCIENCE.md).
 *
 * <ul>
 *   <li>{@code ring8}: 8 modes at (2 cos 2πk/8, 2 sin 2πk/8), k = 0..7, std 0.02 (the WGAN-GP toy
 *       and Unrolled GAN convention, radius 2). The angles are 2πk/8 for k &lt; 8, not
 *       linspace(0, 2π, 8), which would repeat the first mode and give 7.
 *   <li>{@code grid25}: 25 modes at {-4, -2, 0, 2, 4}², std 0.05 (PacGAN / VEEGAN).
 * </ul>
 *
 * @param name dataset name as in specs
 * @param means mode centres, {x, y} each
 * @param std per-axis standard deviation of every mode
 */
public record Mixture(String name, List<double[]> means, double std) {

  public static final Mixture RING8 = ring(8, 2.0, 0.02);
  public static final Mixture GRID25 = grid(5, 2.0, 0.05);

  public Mixture {
    means = List.copyOf(means);
  }

  /** The mixture with this spec name. */
  public static Mixture forName(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException(
        "Cannot load dataset: unknown name (got " + name + "; allowed ring8, grid25)"));
  }

  /** The mixture with this spec name, or empty where the dataset is not a 2-D mixture (images). */
  public static java.util.Optional<Mixture> find(String name) {
    return switch (name) {
      case "ring8" -> java.util.Optional.of(RING8);
      case "grid25" -> java.util.Optional.of(GRID25);
      default -> java.util.Optional.empty();
    };
  }

  static Mixture ring(int modes, double radius, double std) {
    double[][] m = new double[modes][];
    for (int k = 0; k < modes; k++) {
      double a = 2 * Math.PI * k / modes;
      m[k] = new double[] {radius * Math.cos(a), radius * Math.sin(a)};
    }
    return new Mixture("ring" + modes, List.of(m), std);
  }

  static Mixture grid(int side, double spacing, double std) {
    double[][] m = new double[side * side][];
    double offset = (side - 1) / 2.0 * spacing;
    for (int i = 0; i < side; i++) {
      for (int j = 0; j < side; j++) {
        m[i * side + j] = new double[] {i * spacing - offset, j * spacing - offset};
      }
    }
    return new Mixture("grid" + side * side, List.of(m), std);
  }

  public int modes() {
    return means.size();
  }

  /** The distance between neighbouring modes: the smallest distance between two means. */
  public double spacing() {
    double min = Double.POSITIVE_INFINITY;
    for (int a = 0; a < means.size(); a++) {
      for (int b = a + 1; b < means.size(); b++) {
        min = Math.min(min, Math.hypot(means.get(a)[0] - means.get(b)[0], means.get(a)[1] - means.get(b)[1]));
      }
    }
    return min;
  }
}
