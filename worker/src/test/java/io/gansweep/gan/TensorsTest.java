package io.gansweep.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class TensorsTest {

  static final int ROUNDS = 20;

  /** Keeps freshly freed 4-byte direct buffers busy with NaN, so a read of freed memory shows. */
  static final ByteBuffer[] JUNK = new ByteBuffer[64];

  /**
   * Rounds of y = sum(x · 3) under autograd with a garbage collection and reuse of direct memory
   * between forward and backward; returns how many rounds got a gradient other than 3.
   */
  static int wrongGradients(BiFunction<NDArray, Double, NDArray> times) throws InterruptedException {
    int wrong = 0;
    try (NDManager m = NDManager.newBaseManager()) {
      for (int round = 0; round < ROUNDS; round++) {
        NDArray x = m.create(new float[] {1, 2, 3, 4});
        x.setRequiresGradient(true);
        NDArray y;
        try (Autograd ignored = Autograd.record()) {
          y = times.apply(x, 3.0).sum();
        }
        System.gc();
        Thread.sleep(20); // the Cleaner thread frees unreachable direct buffers after the collection
        for (int i = 0; i < 200; i++) {
          JUNK[i % JUNK.length] = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putFloat(0, Float.NaN);
        }
        Autograd.backward(y);
        float[] g = x.getGradient().toFloatArray();
        if (g[0] != 3f || g[3] != 3f) {
          wrong++;
        }
      }
    }
    return wrong;
  }

  @Test
  void timesKeepsItsScalarForBackwardThroughGarbageCollection() throws InterruptedException {
    assertEquals(0, wrongGradients(Tensors::times), "rounds of " + ROUNDS + " with a wrong gradient");
  }

  /**
   * The reason {@link Tensors#times} exists, and the proof that the test above can fail: the same
   * protocol breaks DJL 0.35's own mul(Number) (20 of 20 rounds here). If this starts failing after
   * a DJL upgrade, DJL keeps its scalars alive now and times() can become plain mul again.
   */
  @Test
  void djlMulByNumberLosesItsScalarToGarbageCollection() throws InterruptedException {
    int wrong = wrongGradients((x, c) -> x.mul(c));
    assertTrue(wrong > 0, "DJL's mul(Number) gave the right gradient in all " + ROUNDS + " rounds");
  }

  @Test
  void timesMultipliesInTheTensorsOwnType() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray f = Tensors.times(m.create(new float[] {1, -2}), 0.1);
      assertEquals(DataType.FLOAT32, f.getDataType());
      assertArrayEquals(new float[] {0.1f, -0.2f}, f.toFloatArray());
      NDArray d = Tensors.times(m.create(new double[] {1, -2}), 0.1);
      assertEquals(DataType.FLOAT64, d.getDataType());
      assertArrayEquals(new double[] {0.1, -0.2}, d.toDoubleArray());
      NDArray zeroDim = Tensors.times(m.create(2f), 0.5);
      assertEquals(DataType.FLOAT32, zeroDim.getDataType(), "a 0-dim float tensor stays float (mul(Number) made it double)");
    }
  }
}
