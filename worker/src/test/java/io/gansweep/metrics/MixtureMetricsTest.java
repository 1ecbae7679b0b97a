package io.gansweep.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.data.Mixture;
import io.gansweep.data.SeededRandom;
import org.junit.jupiter.api.Test;

/** The reference values of SCIENCE.md for perfect, half-collapsed and collapsed samplers. */
class MixtureMetricsTest {

  static float[] sampleModes(Mixture m, int n, int modes, long seed) {
    SeededRandom rng = SeededRandom.stream(seed, "test");
    float[] out = new float[2 * n];
    for (int i = 0; i < n; i++) {
      double[] mu = m.means().get(rng.nextInt(modes));
      out[2 * i] = (float) (mu[0] + m.std() * rng.nextGaussian());
      out[2 * i + 1] = (float) (mu[1] + m.std() * rng.nextGaussian());
    }
    return out;
  }

  /**
   * A perfect sampler with N = 2,500: all modes, HQ = 1 - e^-4.5 = 98.89% (binomial sd 0.2%, so
   * ±1% is 5 sd), rKL about (K-1)/(2N) = 0.0014 for ring8 (below 0.01 with wide margin).
   */
  @Test
  void perfectSamplerMatchesTheReferenceValues() {
    for (Mixture m : new Mixture[] {Mixture.RING8, Mixture.GRID25}) {
      float[] x = m.sample(2500, SeededRandom.stream(1, "perfect"));
      MixtureQuality q = MixtureMetrics.evaluate(m, x, m.sample(2500, SeededRandom.stream(2, "ref")));
      assertEquals(m.modes(), q.modes(), m.name());
      assertEquals(1 - Math.exp(-4.5), q.hq(), 0.01, m.name());
      assertTrue(q.rkl() > 0 && q.rkl() < 0.01 * m.modes() / 8.0 + 0.01, m.name() + " rkl " + q.rkl());
    }
  }

  @Test
  void fullCollapseGivesOneModeAndRklExactlyLogK() {
    float[] x = sampleModes(Mixture.RING8, 2500, 1, 5);
    MixtureQuality q = MixtureMetrics.evaluate(Mixture.RING8, x, Mixture.RING8.sample(2500, SeededRandom.stream(2, "ref")));
    assertEquals(1, q.modes());
    assertEquals(Math.log(8), q.rkl(), 1e-12);
  }

  /** SCIENCE.md's orders of magnitude on ring8 with N = 1,000: ~0.01, ~0.9 and ~2.5. */
  @Test
  void energyDistanceOrdersOfMagnitude() {
    Mixture m = Mixture.RING8;
    float[] ref = m.sample(1000, SeededRandom.stream(2, "ref"));
    double perfect = MixtureMetrics.energyDistance(m.sample(1000, SeededRandom.stream(1, "x")), ref);
    double half = MixtureMetrics.energyDistance(sampleModes(m, 1000, 4, 3), ref);
    double one = MixtureMetrics.energyDistance(sampleModes(m, 1000, 1, 4), ref);
    assertTrue(perfect >= 0 && perfect < 0.05, "perfect " + perfect);
    assertTrue(half > 0.6 && half < 1.2, "4 of 8 modes " + half);
    assertTrue(one > 2.0 && one < 3.0, "1 of 8 modes " + one);
    assertEquals(0.0, MixtureMetrics.energyDistance(ref, ref), 1e-12);
  }

  @Test
  void strayPointsDoNotCountAsAMode() {
    Mixture m = Mixture.RING8;
    float[] x = sampleModes(m, 2500, 1, 7);
    // Move 5 points (below the 10%-of-uniform threshold of 31) onto a second mode.
    double[] mu = m.means().get(4);
    for (int i = 0; i < 5; i++) {
      x[2 * i] = (float) mu[0];
      x[2 * i + 1] = (float) mu[1];
    }
    MixtureQuality q = MixtureMetrics.evaluate(m, x, x);
    assertEquals(1, q.modes());
    assertTrue(q.rkl() < Math.log(8), "the stray points still enter the histogram");
  }
}
