package io.gansweep.analysis;

import java.util.List;

/**
 * The real mode centres of the 2-D datasets, drawn under the generated points in the report.
 * Analysis does not depend on the worker (DESIGN.md), so this repeats the worker's {@code
 * io.gansweep.data.Mixture} definitions: {@code ring8}, 8 modes at (2 cos 2πk/8, 2 sin 2πk/8),
 * std 0.02; {@code grid25}, 25 modes at {-4, -2, 0, 2, 4}², std 0.05. A sweep-driver test checks
 * that both agree.
 *
 * @param dataset dataset name as in specs
 * @param centres mode centres, {x, y} each
 * @param std per-axis standard deviation of every mode
 */
public record MixtureModes(String dataset, List<double[]> centres, double std) {

  public MixtureModes {
    centres = List.copyOf(centres);
  }

  /** The modes of a 2-D dataset, or null where the dataset is not a 2-D mixture (images). */
  public static MixtureModes of(String dataset) {
    if ("ring8".equals(dataset)) {
      double[][] m = new double[8][];
      for (int k = 0; k < 8; k++) {
        double a = 2 * Math.PI * k / 8;
        m[k] = new double[] {2 * Math.cos(a), 2 * Math.sin(a)};
      }
      return new MixtureModes(dataset, List.of(m), 0.02);
    }
    if ("grid25".equals(dataset)) {
      double[][] m = new double[25][];
      for (int i = 0; i < 5; i++) {
        for (int j = 0; j < 5; j++) {
          m[i * 5 + j] = new double[] {2.0 * i - 4, 2.0 * j - 4};
        }
      }
      return new MixtureModes(dataset, List.of(m), 0.05);
    }
    return null;
  }
}
