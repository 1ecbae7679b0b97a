package io.gansweep.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.gansweep.data.SeededRandom;

/** Small tensor helpers the networks, losses and trainer share. */
public final class Tensors {

  private Tensors() {}

  /**
   * {@code x · c}, safe under autograd. DJL 0.35's {@code PtNDArray.mul(Number)} (and {@code
   * div(Number)}) wraps {@code c} in a tensor over a Java direct buffer ({@code from_blob}, no
   * copy) and closes it as soon as the product is formed. libtorch's backward of a product keeps
   * that scalar, so once a garbage collection frees the buffer, backward reads whatever the memory
   * holds by then: the gradient is silently wrong, and a trial's result depends on GC timing
   * (found as one of eight cluster trials differing from the same trial run locally). Here the
   * scalar is made by libtorch ({@code torch::full}) in {@code x}'s type and lives as long as
   * {@code x}'s manager or scope. (mul(Number) also turned a 0-dim float32 loss into float64.)
   */
  public static NDArray times(NDArray x, double c) {
    NDArray scalar = JniUtils.full((PtNDManager) x.getManager(), new Shape(), c, x.getDataType(), x.getDevice(),
        SparseFormat.DENSE);
    return x.mul(scalar);
  }

  /** {@code a} in {@code dtype}; a converted input is closed. */
  static NDArray typed(NDArray a, DataType dtype) {
    if (a.getDataType() == dtype) {
      return a;
    }
    NDArray t = a.toType(dtype, false);
    a.close();
    return t;
  }

  /** An inverted-dropout mask: 0 with probability {@code rate}, else 1/(1 − rate), drawn from {@code rng}. */
  static NDArray dropoutMask(Shape shape, double rate, SeededRandom rng, NDManager manager, DataType dtype) {
    float keep = (float) (1 - rate);
    float[] u = rng.uniforms((int) shape.size());
    for (int i = 0; i < u.length; i++) {
      u[i] = u[i] < rate ? 0f : 1f / keep;
    }
    return typed(manager.create(u, shape), dtype);
  }
}
