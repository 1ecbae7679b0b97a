package io.gansweep.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;

/**
 * Gradient recording for one thread. DJL's {@code PtGradientCollector} keeps a JVM-wide static
 * flag that allows one collector at a time, but Spark runs several trials as threads of one
 * executor JVM. libtorch's grad mode is thread-local, so this scope switches it for the calling
 * thread only and restores the previous mode on close; {@link #backward} calls the same native
 * backward the collector uses.
 */
public final class Autograd implements AutoCloseable {

  private final boolean previous;

  private Autograd(boolean enabled) {
    previous = JniUtils.isGradMode();
    JniUtils.setGradMode(enabled);
  }

  /** Records operations for backward until closed. */
  public static Autograd record() {
    return new Autograd(true);
  }

  /** Records nothing until closed (evaluation, power iteration, data preparation). */
  public static Autograd pause() {
    return new Autograd(false);
  }

  /** Accumulates d(loss)/d(leaf) into every leaf that requires a gradient. */
  public static void backward(NDArray loss) {
    try (NDArray ones = loss.onesLike()) {
      JniUtils.backward((PtNDArray) loss, (PtNDArray) ones, false, false);
    }
  }

  /** Zeroes the accumulated gradients of these parameters. */
  public static void zeroGradients(List<NDArray> parameters) {
    for (NDArray p : parameters) {
      JniUtils.zeroGrad((PtNDArray) p);
    }
  }

  @Override
  public void close() {
    JniUtils.setGradMode(previous);
  }
}
