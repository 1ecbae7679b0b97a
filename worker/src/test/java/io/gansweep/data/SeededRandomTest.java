package io.gansweep.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeededRandomTest {

  /**
   * The streams are SplitMix64 written out so that a checkpoint can read their position; every
   * draw must still be the JDK's SplittableRandom draw from the same seed, or every trial trained
   * before the rewrite would change. Bounds cover powers of two (masked) and bounds near 2^31,
   * where rejection happens about half the time.
   */
  @Test
  void drawsAreSplittableRandomsDraws() {
    int[] bounds = {1, 2, 3, 7, 8, 10, 1000, 1 << 20, (1 << 30) + 1, Integer.MAX_VALUE};
    for (long seed : new long[] {0, 1, -1, 42, 0x5EEDL, Long.MIN_VALUE}) {
      SeededRandom ours = SeededRandom.stream(seed, "data");
      SplittableRandom jdk = new SplittableRandom(seed * 0x9E3779B97F4A7C15L
          ^ Long.parseUnsignedLong(io.gansweep.trial.Values.sha256Hex("data", 16), 16));
      for (int i = 0; i < 20_000; i++) {
        assertEquals(jdk.nextDouble(), ours.nextDouble(), "double draw " + i + " of seed " + seed);
        int bound = bounds[i % bounds.length];
        assertEquals(jdk.nextInt(bound), ours.nextInt(bound), "int draw " + i + " below " + bound + " of seed " + seed);
      }
    }
  }

  /** A stream moved to a position read mid-way (with a Box-Muller value pending) draws what the original draws next. */
  @Test
  void aStreamMovedToAPositionDrawsWhatTheOriginalDrawsNext() {
    SeededRandom a = SeededRandom.stream(7, "noise");
    a.gaussians(101); // odd: one spare value pending
    SeededRandom.Position p = a.position();
    SeededRandom b = SeededRandom.stream(99, "other");
    b.moveTo(p);
    for (int i = 0; i < 1000; i++) {
      assertEquals(a.nextGaussian(), b.nextGaussian(), "gaussian " + i);
      assertEquals(a.nextInt(10), b.nextInt(10), "int " + i);
    }
    assertEquals(a.position(), b.position());
  }

  @Test
  void aBoundBelowOneIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeededRandom.stream(1, "x").nextInt(0));
    assertEquals("Cannot draw an int: the bound must be positive (got 0; allowed >= 1)", e.getMessage());
  }

  @Test
  void mixtureSamplesAreDeterministicPerSeedAndHaveTheStatedSpread() {
    float[] a = SeededRandom.stream(3, "data").sample(Mixture.RING8, 20_000);
    assertArrayEquals(a, SeededRandom.stream(3, "data").sample(Mixture.RING8, 20_000));
    float[] b = SeededRandom.stream(4, "data").sample(Mixture.RING8, 20_000);
    assertTrue(a[0] != b[0] || a[1] != b[1]);
    // Radial deviation from radius 2 has std 0.02 (to first order); 20,000 draws pin it to ~1%.
    double ss = 0;
    for (int i = 0; i < a.length / 2; i++) {
      double r = Math.hypot(a[2 * i], a[2 * i + 1]) - 2;
      ss += r * r;
    }
    assertEquals(0.02, Math.sqrt(ss / (a.length / 2)), 0.001);
  }
}
