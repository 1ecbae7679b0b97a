package io.gansweep.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gansweep.data.SeededRandom;
import org.junit.jupiter.api.Test;

/** Precision, recall, density and coverage against hand-computed cases and their published properties. */
class PrdcTest {

  /** Points on a line at 0, 1, 2, 3, 4: the 3rd nearest other point is 3, 2, 2, 2, 3 away. */
  @Test
  void kthNeighbourRadiiExcludeThePointItself() {
    float[] line = {0, 0, 1, 0, 2, 0, 3, 0, 4, 0};
    assertArrayEquals(new double[] {9, 4, 4, 4, 9}, Prdc.kthNeighbourRadii2(line, 2), 1e-12);
  }

  /**
   * Real: 0..4 on a line (balls of radius 3, 2, 2, 2, 3). Generated: 1.5 (inside the balls of real
   * 0..4 but 4: |4 - 1.5| = 2.5 < 3, so all five), 10 (in none), 11, 12 and 13. Precision = 1/5;
   * density = 5 / (3·5); coverage: every real ball holds 1.5, so 1. Generated balls: 1.5's 3rd
   * neighbour is 12 (10.5 away), so every real point is within it: recall 1.
   */
  @Test
  void handComputedCase() {
    float[] real = {0, 0, 1, 0, 2, 0, 3, 0, 4, 0};
    float[] fake = {1.5f, 0, 10, 0, 11, 0, 12, 0, 13, 0};
    Prdc.Measures m = Prdc.evaluate(Prdc.reference(real, 2), fake);
    assertEquals(0.2, m.precision(), 1e-12);
    assertEquals(1.0, m.recall(), 1e-12);
    assertEquals(5.0 / 15, m.density(), 1e-12);
    assertEquals(1.0, m.coverage(), 1e-12);
  }

  /**
   * Naeem et al. 2020: one far outlier among generated points gives it a huge ball, which recall
   * counts (every real point inside it) while coverage does not move.
   */
  @Test
  void anOutlierInflatesRecallButNotCoverage() {
    SeededRandom rng = SeededRandom.stream(1, "prdc");
    float[] real = new float[2 * 400];
    for (int i = 0; i < real.length; i++) {
      real[i] = (float) rng.nextGaussian();
    }
    float[] fake = new float[2 * 400]; // collapsed near (3, 3), far from most real points
    for (int i = 0; i < fake.length; i++) {
      fake[i] = (float) (3 + 0.05 * rng.nextGaussian());
    }
    Prdc.Reference ref = Prdc.reference(real, 2);
    Prdc.Measures before = Prdc.evaluate(ref, fake);
    fake[0] = -40;
    fake[1] = -40; // one outlier: its 3rd neighbour is the cluster, ~60 away
    Prdc.Measures after = Prdc.evaluate(ref, fake);
    assertEquals(1.0, after.recall(), 1e-12);
    assertEquals(before.coverage(), after.coverage(), 1e-12);
  }

  @Test
  void tooFewPointsAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Prdc.reference(new float[] {0, 0, 1, 1}, 2));
    assertEquals("Cannot compute precision/recall: too few points (got 2; allowed more than 3)", e.getMessage());
  }
}
