package io.gansweep.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.gansweep.data.Mixture;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.Adam;
import io.gansweep.gan.Autograd;
import io.gansweep.loss.AdversarialLoss;
import io.gansweep.trial.LossKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What packing would buy: {@code k} ring8 nsgan GANs of one shape trained as one stacked model
 * (every weight {@code k x out x in}, every batch {@code k x B x in}, batched matmuls over the
 * trial axis), against the same GAN trained alone. A measurement of the lever, not a trainer:
 * sweeps do not pack trials (see the README).
 */
public final class PackingBench {

  private PackingBench() {}

  /**
   * Median round time in ms of {@code k} stacked GANs (k = 1 is one trial alone), each with
   * {@code layers} hidden layers of {@code hidden} units, batch {@code batch}, latent 16.
   */
  public static double roundMillis(NDManager m, int k, int hidden, int layers, int batch, int warmup, int rounds) {
    SeededRandom rng = SeededRandom.stream(k, "packing");
    List<NDArray> g = stack(m, rng, k, 16, hidden, layers, 2);
    List<NDArray> d = stack(m, rng, k, 2, hidden, layers, 1);
    Adam adamG = new Adam(g, 1e-4, 0.5, 0.999);
    Adam adamD = new Adam(d, 1e-4, 0.5, 0.999);
    SeededRandom data = SeededRandom.stream(k, "packing-data");
    double[] ms = new double[rounds];
    for (int r = 0; r < warmup + rounds; r++) {
      long t0 = System.nanoTime();
      try (NDScope ignored = new NDScope()) {
        NDArray real = m.create(Mixture.RING8.sample(k * batch, data), new Shape(k, batch, 2));
        NDArray z = m.create(data.gaussians(k * batch * 16), new Shape(k, batch, 16));
        NDArray fake;
        NDArray lossD;
        try (Autograd rec = Autograd.record()) {
          fake = forward(g, z, layers, false);
          lossD = AdversarialLoss.discriminator(LossKind.NSGAN, forward(d, real, layers, true), forward(d, fake.stopGradient(), layers, true));
        }
        Autograd.zeroGradients(d);
        Autograd.backward(lossD);
        adamD.step();
        NDArray lossG;
        try (Autograd rec = Autograd.record()) {
          List<NDArray> frozen = d.stream().map(NDArray::stopGradient).toList();
          lossG = AdversarialLoss.generator(LossKind.NSGAN, forward(frozen, fake, layers, true));
        }
        Autograd.zeroGradients(g);
        Autograd.backward(lossG);
        adamG.step();
        lossD.add(lossG).getFloat(); // the one host sync per round a trial makes
      }
      if (r >= warmup) {
        ms[r - warmup] = (System.nanoTime() - t0) / 1e6;
      }
    }
    Arrays.sort(ms);
    return ms[rounds / 2];
  }

  /** Weights {@code k x out x in} then biases {@code k x 1 x out}, layer after layer. */
  private static List<NDArray> stack(NDManager m, SeededRandom rng, int k, int in, int hidden, int layers, int out) {
    List<NDArray> p = new ArrayList<>();
    int fanIn = in;
    for (int l = 0; l <= layers; l++) {
      int fanOut = l == layers ? out : hidden;
      float[] w = rng.gaussians(k * fanOut * fanIn);
      float scale = (float) Math.sqrt(1.0 / fanIn);
      for (int i = 0; i < w.length; i++) {
        w[i] *= scale;
      }
      NDArray weight = m.create(w, new Shape(k, fanIn, fanOut));
      NDArray bias = m.zeros(new Shape(k, 1, fanOut));
      weight.setRequiresGradient(true);
      bias.setRequiresGradient(true);
      p.add(weight);
      p.add(bias);
      fanIn = fanOut;
    }
    return p;
  }

  private static NDArray forward(List<NDArray> p, NDArray x, int layers, boolean leaky) {
    NDArray h = x;
    for (int l = 0; l <= layers; l++) {
      h = h.batchMatMul(p.get(2 * l)).add(p.get(2 * l + 1));
      if (l < layers) {
        h = leaky ? Activation.leakyRelu(h, 0.2f) : Activation.relu(h);
      }
    }
    return h;
  }
}
