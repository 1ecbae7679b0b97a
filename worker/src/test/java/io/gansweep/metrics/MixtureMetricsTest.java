package io.gansweep.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
      float[] x = SeededRandom.stream(1, "perfect").sample(m, 2500);
      Quality q = MixtureMetrics.evaluate(m, x, Prdc.reference(SeededRandom.stream(2, "ref").sample(m, 2500), 2));
      assertEquals(m.modes(), q.modes(), m.name());
      assertEquals(1 - Math.exp(-4.5), q.hq(), 0.01, m.name());
      assertTrue(q.rkl() > 0 && q.rkl() < 0.01 * m.modes() / 8.0 + 0.01, m.name() + " rkl " + q.rkl());
      assertEquals(m.modes(), q.modesCovered(), m.name());
      // Two samples of one distribution: precision and recall near 1 - (1/2)^k... about 0.9 and
      // above; density near 1; coverage near 1 - 2^-k = 0.875 (Naeem et al. 2020, eq. for P = Q).
      assertTrue(q.precision() > 0.8 && q.recall() > 0.8, m.name() + " precision " + q.precision() + " recall " + q.recall());
      assertEquals(1.0, q.density(), 0.15, m.name() + " density");
      assertEquals(0.875, q.coverage(), 0.05, m.name() + " coverage");
    }
  }

  /**
   * The two axes apart, on ring8 with N = 2,500. A sampler collapsed onto one mode is sharp (HQ,
   * precision high) but covers 1 of 8 modes (recall, coverage about 1/8). A blurred ring (every
   * mode, each with std 0.2 = 10x the data's) covers all 8 modes, recall high, yet few samples are
   * sharp: HQ about 1 - e^-0.045 = 4.4%, precision low.
   */
  @Test
  void collapseAndBlurSitOnDifferentAxes() {
    Mixture m = Mixture.RING8;
    Prdc.Reference ref = Prdc.reference(SeededRandom.stream(2, "ref").sample(m, 2500), 2);
    Quality collapsed = MixtureMetrics.evaluate(m, sampleModes(m, 2500, 1, 5), ref);
    assertEquals(1, collapsed.modesCovered());
    assertTrue(collapsed.hq() > 0.95 && collapsed.precision() > 0.8, "sharp: " + collapsed);
    assertEquals(0.125, collapsed.recall(), 0.05, "recall " + collapsed);
    assertEquals(0.125, collapsed.coverage(), 0.05, "coverage " + collapsed);

    Mixture blurred = new Mixture("ring8-blurred", m.means(), 0.2);
    Quality blur = MixtureMetrics.evaluate(m, SeededRandom.stream(3, "blur").sample(blurred, 2500), ref);
    assertEquals(8, blur.modesCovered(), "every mode has samples within a quarter of the spacing: " + blur);
    assertTrue(blur.hq() < 0.1 && blur.precision() < 0.3, "not sharp: " + blur);
    assertTrue(blur.recall() > 0.8, "recall " + blur);
  }

  /** Without one high-quality sample the HQ histogram is empty: its reverse KL is undefined (null), not 0. */
  @Test
  void reverseKlIsUndefinedWithoutHighQualitySamples() {
    Mixture m = Mixture.RING8;
    float[] origin = new float[2 * 100]; // every sample at (0, 0), 2 away from every mode
    Quality q = MixtureMetrics.evaluate(m, origin, Prdc.reference(SeededRandom.stream(2, "ref").sample(m, 100), 2));
    assertEquals(0.0, q.hq());
    assertNull(q.rkl());
    assertEquals(0, q.modesCovered());
  }

  /** The coverage radius is a quarter of the spacing of neighbouring modes: 0.383 on ring8, 0.5 on grid25. */
  @Test
  void coverageRadiusFollowsTheGeometry() {
    assertEquals(4 * Math.sin(Math.PI / 8), Mixture.RING8.spacing(), 1e-12);
    assertEquals(2.0, Mixture.GRID25.spacing(), 1e-12);
    Mixture m = Mixture.RING8;
    double r = MixtureMetrics.COVERAGE_RADIUS_SHARE * m.spacing();
    Prdc.Reference ref = Prdc.reference(SeededRandom.stream(2, "ref").sample(m, 200), 2);
    // 200 points at 0.95 r (resp. 1.05 r) outward from mode 0: covered, then not.
    for (double f : new double[] {0.95, 1.05}) {
      float[] x = new float[400];
      for (int i = 0; i < 200; i++) {
        x[2 * i] = (float) (m.means().get(0)[0] + f * r);
        x[2 * i + 1] = (float) m.means().get(0)[1];
      }
      assertEquals(f < 1 ? 1 : 0, MixtureMetrics.evaluate(m, x, ref).modesCovered(), "at " + f + " of the radius");
    }
  }

  @Test
  void fullCollapseGivesOneModeAndRklExactlyLogK() {
    float[] x = sampleModes(Mixture.RING8, 2500, 1, 5);
    Quality q = MixtureMetrics.evaluate(Mixture.RING8, x, Prdc.reference(SeededRandom.stream(2, "ref").sample(Mixture.RING8, 2500), 2));
    assertEquals(1, q.modes());
    assertEquals(Math.log(8), q.rkl(), 1e-12);
  }

  /** SCIENCE.md's orders of magnitude on ring8 with N = 1,000: ~0.01, ~0.9 and ~2.5. */
  @Test
  void energyDistanceOrdersOfMagnitude() {
    Mixture m = Mixture.RING8;
    float[] ref = SeededRandom.stream(2, "ref").sample(m, 1000);
    double perfect = MixtureMetrics.energyDistance(SeededRandom.stream(1, "x").sample(m, 1000), ref);
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
    Quality q = MixtureMetrics.evaluate(m, x, Prdc.reference(x, 2));
    assertEquals(1, q.modes());
    assertTrue(q.rkl() < Math.log(8), "the stray points still enter the histogram");
  }
}
