package io.gansweep.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.data.Mixture;
import io.gansweep.data.PointSet;
import io.gansweep.data.PointsFixtures;
import io.gansweep.data.SeededRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PointMetricsTest {

  /** A labelled ring8 point set of {@code n} rows (label: the mode drawn from). */
  private static PointSet ring8(int n, boolean labels) {
    List<Object[]> rows = PointsFixtures.ring8(n, 5, labels);
    float[] v = new float[2 * n];
    int[] l = labels ? new int[n] : null;
    for (int i = 0; i < n; i++) {
      v[2 * i] = ((Double) rows.get(i)[0]).floatValue();
      v[2 * i + 1] = ((Double) rows.get(i)[1]).floatValue();
      if (labels) {
        l[i] = ((Long) rows.get(i)[2]).intValue();
      }
    }
    List<String> names = new ArrayList<>();
    IntStream.range(0, labels ? 8 : 0).forEach(k -> names.add(Integer.toString(k)));
    return new PointSet("ring8", List.of("x", "y"), v, l, names);
  }

  private static PointMetrics.Reference reference(PointSet p) {
    return PointMetrics.reference(p, IntStream.range(0, p.rows()).toArray());
  }

  @Test
  void energyDistanceInAnyDimension() {
    float[] x = SeededRandom.stream(1, "x").gaussians(300);
    float[] y = SeededRandom.stream(2, "y").gaussians(300);
    assertEquals(MixtureMetrics.energyDistance(x, y), MixtureMetrics.energyDistance(x, y, 2), 1e-12);
    assertEquals(0, MixtureMetrics.energyDistance(x, x, 3), 1e-12);
    float[] shifted = y.clone();
    for (int i = 0; i < shifted.length; i += 3) {
      shifted[i] += 3;
    }
    assertTrue(MixtureMetrics.energyDistance(x, shifted, 3) > 10 * MixtureMetrics.energyDistance(x, y, 3));
  }

  /**
   * A sampler of the data itself finds every label; one collapsed onto label 0 finds one, with rKL
   * log(1 / p0), p0 label 0's share of the reference (log 8 on equal shares, as on ring8).
   */
  @Test
  void labelsCountAsModes() {
    PointSet data = ring8(1000, true);
    PointMetrics.Reference ref = reference(data);
    Quality perfect = PointMetrics.evaluate(ref, SeededRandom.stream(9, "gen").sample(Mixture.RING8, 1000));
    assertEquals(8, perfect.modes());
    assertEquals(8, perfect.modesCovered());
    assertTrue(perfect.rkl() < 0.02, "rkl " + perfect.rkl());
    assertTrue(perfect.precision() > 0.8 && perfect.recall() > 0.8, perfect.toString());
    assertTrue(perfect.distance() < 0.02, "energy " + perfect.distance());
    assertNull(perfect.hq(), "HQ needs a mixture's std");

    float[] one = new float[2000];
    for (int i = 0; i < 1000; i++) {
      one[2 * i] = 2 + 0.01f * (i % 7);
      one[2 * i + 1] = 0.01f * (i % 5);
    }
    Quality collapsed = PointMetrics.evaluate(ref, one);
    assertEquals(1, collapsed.modes());
    assertEquals(1, collapsed.modesCovered());
    double p0 = IntStream.of(data.labels()).filter(l -> l == 0).count() / 1000.0;
    assertEquals(-Math.log(p0), collapsed.rkl(), 1e-9);
    assertTrue(collapsed.recall() < 0.2, collapsed.toString());
  }

  @Test
  void withoutLabelsModesAreUndefined() {
    Quality q = PointMetrics.evaluate(reference(ring8(500, false)), SeededRandom.stream(9, "gen").sample(Mixture.RING8, 500));
    assertNull(q.modes());
    assertNull(q.modesCovered());
    assertNull(q.rkl());
    assertTrue(q.precision() > 0.8 && q.distance() < 0.05, q.toString());
  }
}
