package io.gansweep.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The worker's divergence rules, each from a value just across its bound and one just inside. */
class DivergenceTest {

  @Test
  void healthyRoundsPass() {
    assertNull(Divergence.check(5, 1.386, 0.69, 1.5, 0.3));
    assertNull(Divergence.check(5, -Divergence.LOSS_BOUND, Divergence.LOSS_BOUND, Divergence.GRAD_NORM_BOUND, null),
        "the bounds themselves are still healthy");
    assertNull(Divergence.check(5, 1.0, 1.0, null, null), "unlogged rounds have no norms to judge");
  }

  @Test
  void nonFiniteValuesDivergeFirstLossThenNorms() {
    assertEquals("non-finite d_loss=NaN at step 7", Divergence.check(7, Double.NaN, 0.7, 1.0, 1.0));
    assertEquals("non-finite g_loss=Infinity at step 7", Divergence.check(7, 1.0, Double.POSITIVE_INFINITY, 1.0, 1.0));
    assertEquals("non-finite grad_norm_d=Infinity at step 10", Divergence.check(10, 1.0, 1.0, Double.POSITIVE_INFINITY, 1.0));
    assertEquals("non-finite grad_norm_g=NaN at step 10", Divergence.check(10, 1.0, 1.0, 1.0, Double.NaN));
  }

  @Test
  void explosionsBeyondTheBoundsDiverge() {
    assertEquals("d_loss=-1e6 beyond the explosion bound 1e6 at step 3", Divergence.check(3, -1.000001e6, 0.7, null, null));
    assertEquals("g_loss=4.5e35 beyond the explosion bound 1e6 at step 3", Divergence.check(3, 1.0, 4.5e35, null, null));
    assertEquals("grad_norm_d=2e6 beyond the explosion bound 1e6 at step 4", Divergence.check(4, 1.0, 1.0, 2e6, 1.0));
  }
}
