package io.gansweep.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.SeededRandom;

/** Small tensor helpers the networks share. */
final class Tensors {

  private Tensors() {}

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
