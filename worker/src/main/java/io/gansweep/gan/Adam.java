package io.gansweep.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Kingma and Ba 2015) over a fixed list of parameters, one fused native update per parameter
 * through DJL's {@code adamUpdate}. Its state lives in the parameters' manager and is updated in
 * place, so memory stays flat. The update is the paper's "efficient" form: the bias corrections
 * fold into the step size, lr·sqrt(1−β2^t)/(1−β1^t), and ε = 1e-8 is added to sqrt(v) (PyTorch
 * adds it to sqrt(v̂); the two differ only while v is tiny).
 *
 * <p>The gradient tensors are looked up once, at the first step, and kept: libtorch accumulates
 * every later backward into the same tensor in place (DJL's zeroGrad zeroes it in place too), so
 * the kept handles always hold the current gradients, without a JNI lookup per parameter and step.
 * Every parameter must have a gradient when {@link #step} first runs.
 */
public final class Adam {

  static final float EPS = 1e-8f;

  private final List<NDArray> parameters;
  private final List<NDArray> mean = new ArrayList<>();
  private final List<NDArray> variance = new ArrayList<>();
  private List<NDArray> gradients;
  private final double lr;
  private final double beta1;
  private final double beta2;
  private int t;

  public Adam(List<NDArray> parameters, double lr, double beta1, double beta2) {
    this.parameters = List.copyOf(parameters);
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    for (NDArray p : parameters) {
      mean.add(p.zerosLike());
      variance.add(p.zerosLike());
    }
  }

  /** One update from the gradients accumulated in the parameters. */
  public void step() {
    t++;
    float stepSize = (float) (lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
    List<NDArray> g = gradients();
    for (int i = 0; i < parameters.size(); i++) {
      JniUtils.adamUpdate((PtNDArray) parameters.get(i), (PtNDArray) g.get(i), (PtNDArray) mean.get(i), (PtNDArray) variance.get(i),
          (float) lr, stepSize, 0f, 1f, -1f, (float) beta1, (float) beta2, EPS, false);
    }
  }

  /**
   * The parameters' gradient tensors, in parameter order, live (see the class comment); looked up
   * on the first call, which must come after a backward that reached every parameter.
   */
  public List<NDArray> gradients() {
    if (gradients == null) {
      List<NDArray> g = new ArrayList<>(parameters.size());
      for (NDArray p : parameters) {
        NDArray grad = p.getGradient();
        NDScope.unregister(grad); // kept for the optimizer's life; the parameter's manager closes it
        g.add(grad);
      }
      gradients = List.copyOf(g);
    }
    return gradients;
  }
}
