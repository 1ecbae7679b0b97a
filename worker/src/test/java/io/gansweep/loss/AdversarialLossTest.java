package io.gansweep.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gansweep.trial.LossKind;
import org.junit.jupiter.api.Test;

/** Equilibrium values of SCIENCE.md's table: D cannot tell real from fake. */
class AdversarialLossTest {

  static double d(LossKind k, double r, double f) {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray real = m.full(new Shape(8, 1), (float) r);
      NDArray fake = m.full(new Shape(8, 1), (float) f);
      return AdversarialLoss.discriminator(k, real, fake).toType(DataType.FLOAT64, false).getDouble();
    }
  }

  static double g(LossKind k, double f) {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      return AdversarialLoss.generator(k, m.full(new Shape(8, 1), (float) f)).toType(DataType.FLOAT64, false).getDouble();
    }
  }

  @Test
  void equilibriumValues() {
    assertEquals(2 * Math.log(2), d(LossKind.NSGAN, 0, 0), 1e-6, "D(x) = D(G(z)) = 1/2");
    assertEquals(Math.log(2), g(LossKind.NSGAN, 0), 1e-6);
    assertEquals(2 * Math.log(2), d(LossKind.MINIMAX, 0, 0), 1e-6);
    assertEquals(-Math.log(2), g(LossKind.MINIMAX, 0), 1e-6);
    assertEquals(2.0, d(LossKind.HINGE, 0, 0), 1e-6);
    assertEquals(0.25, d(LossKind.LSGAN, 0.5, 0.5), 1e-6);
    assertEquals(0.0, d(LossKind.WGAN, 0.7, 0.7), 1e-6);
  }

  @Test
  void aWinningDiscriminatorDrivesItsLossBelowEquilibrium() {
    assertEquals(0.0, d(LossKind.NSGAN, 20, -20), 1e-6);
    assertEquals(0.0, d(LossKind.HINGE, 1, -1), 1e-6);
    assertEquals(0.0, d(LossKind.LSGAN, 1, 0), 1e-6);
    assertEquals(-2.0, d(LossKind.WGAN, 1, -1), 1e-6);
    // The saturating G loss goes flat (near zero) exactly where nsgan's stays steep.
    assertEquals(0.0, g(LossKind.MINIMAX, -20), 1e-6);
    assertEquals(20.0, g(LossKind.NSGAN, -20), 1e-4);
  }
}
