package io.gansweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MixtureTest {

  @Test
  void ring8HasEightDistinctModesOnRadiusTwo() {
    Mixture m = Mixture.forName("ring8");
    assertEquals(8, m.modes());
    assertEquals(0.02, m.std());
    Set<String> distinct = new HashSet<>();
    for (double[] mu : m.means()) {
      assertEquals(2.0, Math.hypot(mu[0], mu[1]), 1e-12);
      distinct.add(Math.round(mu[0] * 1e6) + "," + Math.round(mu[1] * 1e6));
    }
    assertEquals(8, distinct.size(), "linspace(0, 2pi, 8) would repeat the first angle");
    assertArrayEquals(new double[] {2, 0}, m.means().get(0), 1e-12);
    assertArrayEquals(new double[] {0, 2}, m.means().get(2), 1e-12);
  }

  @Test
  void grid25IsFiveByFiveSpacedTwo() {
    Mixture m = Mixture.forName("grid25");
    assertEquals(25, m.modes());
    assertEquals(0.05, m.std());
    Set<String> distinct = new HashSet<>();
    for (double[] mu : m.means()) {
      for (double c : mu) {
        assertTrue(c == -4 || c == -2 || c == 0 || c == 2 || c == 4, "coordinate " + c);
      }
      distinct.add(mu[0] + "," + mu[1]);
    }
    assertEquals(25, distinct.size());
  }

  @Test
  void knownModesComeFromTheNameAlone() {
    assertEquals(8, Datasets.knownModes("ring8"));
    assertEquals(25, Datasets.knownModes("grid25"));
    assertEquals(10, Datasets.knownModes("shapes"));
    assertEquals(null, Datasets.knownModes("idx:/data/train-images-idx3-ubyte"));
    assertTrue(Datasets.isImages("shapes") && Datasets.isImages("idx:x") && !Datasets.isImages("ring8"));
  }

  @Test
  void unknownDatasetIsAClearError() {
    var e = assertThrows(IllegalArgumentException.class, () -> Mixture.forName("ring9"));
    assertTrue(e.getMessage().contains("got ring9; allowed ring8, grid25"), e.getMessage());
  }
}
