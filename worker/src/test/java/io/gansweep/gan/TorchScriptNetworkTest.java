package io.gansweep.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.SeededRandom;
import io.gansweep.loss.GradientPenalty;
import io.gansweep.trial.ActivationKind;
import io.gansweep.trial.InitScheme;
import io.gansweep.trial.PenaltyKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * A TorchScript network against the built-in one it twins: the ring8 discriminator of {@code
 * examples/torchscript} (PyTorch's Linear and LeakyReLU(0.2), 2 → 3 x 128 → 1) with the weights of
 * a built-in {@link Mlp} copied in.
 */
class TorchScriptNetworkTest {

  /** The example files (make_models.py writes them; the repository keeps them). */
  static final Path EXAMPLES = Path.of("..", "examples", "torchscript");

  static byte[] file(String name) throws IOException {
    return Files.readAllBytes(EXAMPLES.resolve(name));
  }

  /** A built-in D of the twin's architecture, drawn from seed 7 (torch_default, so the biases are not zero). */
  private static Mlp builtIn(NDManager m) {
    return new Mlp(new Mlp.Spec(2, 128, 3, 1, ActivationKind.LEAKY_RELU, InitScheme.TORCH_DEFAULT, false, false, 0.1, 0), m,
        DataType.FLOAT32, SeededRandom.stream(7, "init"));
  }

  /** The twin with {@code mlp}'s weights and biases (PyTorch's Linear holds its weight as out x in, as Mlp does). */
  private static TorchScriptNetwork twin(NDManager m, Mlp mlp) throws IOException {
    TorchScriptNetwork d = new TorchScriptNetwork(file("ring8_d.pt"), "ring8_d.pt", true, m, InitScheme.AS_SAVED, null);
    Mlp.Weights w = mlp.frozenWeights();
    try (Autograd ignored = Autograd.pause()) {
      for (int l = 0; l < w.weights().size(); l++) {
        d.parameters().get(2 * l).set(new NDIndex("..."), w.weights().get(l));
        d.parameters().get(2 * l + 1).set(new NDIndex("..."), w.biases().get(l));
      }
    }
    return d;
  }

  /**
   * Through autograd (double backward, the scripted helper) the penalty, its input gradients and
   * its gradient with respect to D's first weight equal the closed form of {@link Mlp#inputGradient}
   * on the same network to 1e-5 (float32; both sum the same products in another order, ~1e-7
   * apart at these magnitudes).
   */
  @ParameterizedTest
  @EnumSource(value = PenaltyKind.class, names = {"GP", "R1"})
  void penaltyEqualsTheBuiltInClosedFormOnTheSameNetwork(PenaltyKind kind) throws IOException {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      Mlp mlp = builtIn(m);
      TorchScriptNetwork ts = twin(m, mlp);
      NDArray x = m.create(SeededRandom.stream(3, "x").gaussians(64 * 2), new Shape(64, 2));
      float[][] builtIn = penaltyAndGradient(mlp, x, kind, mlp.parameters(), 0);
      float[][] script = penaltyAndGradient(ts, x, kind, ts.parameters(), 0);
      assertTrue(builtIn[0][0] > 1e-3, "a penalty worth comparing: " + builtIn[0][0]);
      assertEquals(builtIn[0][0], script[0][0], 1e-5 * Math.max(1, Math.abs(builtIn[0][0])), "penalty");
      assertClose(builtIn[1], script[1], 1e-5, "input gradients");
      assertClose(builtIn[2], script[2], 1e-5, "d penalty / d first weight");
    }
  }

  /**
   * The penalty of {@code d} at {@code x}, its per-sample input gradients, and its gradient with
   * respect to the first weight; for the built-in the first parameter is the flat tensor of all
   * its weights, whose first 128 x 2 entries are the first layer's.
   */
  private static float[][] penaltyAndGradient(Network d, NDArray x, PenaltyKind kind, List<NDArray> params, int unused) {
    NDArray in = x.duplicate();
    Autograd.zeroGradients(params);
    NDArray penalty;
    NDArray g;
    try (Autograd ignored = Autograd.record()) {
      Network.Weights w = d.weights();
      Network.Trace t = d.forward(w, in, Network.Mode.TRAIN, null, true);
      g = d.inputGradient(w, t).reshape(64, -1);
      penalty = GradientPenalty.of(kind, g, 10);
    }
    Autograd.backward(penalty);
    float[] first = params.get(0).getGradient().toFloatArray();
    float[] firstLayer = java.util.Arrays.copyOf(first, 128 * 2);
    return new float[][] {{penalty.getFloat()}, g.toFloatArray(), firstLayer};
  }

  private static void assertClose(float[] want, float[] got, double tol, String what) {
    assertEquals(want.length, got.length, what);
    double scale = 0;
    double worst = 0;
    for (int i = 0; i < want.length; i++) {
      scale = Math.max(scale, Math.abs(want[i]));
      worst = Math.max(worst, Math.abs(want[i] - got[i]));
    }
    assertTrue(worst <= tol * Math.max(1, scale), what + ": worst difference " + worst + " at scale " + scale);
  }

  /**
   * torch_default draws every weight from U(±1/sqrt(fan_in)) and its bias after it (a tensor of 100
   * or more draws reaches 0.9 of the bound with probability above 1 - 0.9^100); a seed gives the
   * same weights again.
   */
  @Test
  void torchDefaultRedrawsByNameAndShapeFromTheSeed() throws IOException {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      TorchScriptNetwork a = new TorchScriptNetwork(file("ring8_d.pt"), "d", true, m, InitScheme.TORCH_DEFAULT, SeededRandom.stream(1, "init"));
      TorchScriptNetwork b = new TorchScriptNetwork(file("ring8_d.pt"), "d", true, m, InitScheme.TORCH_DEFAULT, SeededRandom.stream(1, "init"));
      TorchScriptNetwork saved = new TorchScriptNetwork(file("ring8_d.pt"), "d", true, m, InitScheme.AS_SAVED, null);
      for (int i = 0; i < a.parameters().size(); i++) {
        NDArray p = a.parameters().get(i);
        long fanIn = i % 2 == 0 ? p.getShape().get(1) : a.parameters().get(i - 1).getShape().get(1);
        double bound = 1 / Math.sqrt(fanIn);
        float[] v = p.toFloatArray();
        double max = 0;
        for (float f : v) {
          max = Math.max(max, Math.abs(f));
        }
        assertTrue(max <= bound && (v.length < 100 || max > 0.9 * bound), p.getName() + ": |w| up to " + max + " for bound " + bound);
        assertEquals(p.getName(), saved.parameters().get(i).getName());
        assertTrue(java.util.Arrays.equals(v, b.parameters().get(i).toFloatArray()), "same seed, same " + p.getName());
      }
      // as_saved keeps the file's xavier weights, biases zero (make_models.py)
      assertEquals(0f, saved.parameters().get(1).abs().max().getFloat());
    }
  }

  @Test
  void aFileThatIsNotTorchScriptGetsOneLineNamingIt() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TorchScriptNetwork(
          "not a model".getBytes(java.nio.charset.StandardCharsets.UTF_8), "nets/g.pt", false, m, InitScheme.AS_SAVED, null));
      assertTrue(e.getMessage().startsWith("Cannot load nets/g.pt: it is not a TorchScript file"), e.getMessage());
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
  }
}
