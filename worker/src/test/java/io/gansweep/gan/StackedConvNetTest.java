package io.gansweep.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.SeededRandom;
import io.gansweep.trial.ActivationKind;
import io.gansweep.trial.InitScheme;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A {@link StackedConvNet} of k = 3 convnets computes what the 3 {@link ConvNet}s compute alone:
 * forward outputs, the closed-form input gradient, every parameter gradient of a loss that goes
 * through both (as a gp or r1 loss does), and the state a round leaves (spectral norm's u vectors
 * after power iterations, batch norm's running statistics). Float64, so a mixed-up row, channel or
 * mask shows far above the 1e-10 tolerance; the networks differ by seed.
 */
class StackedConvNetTest {

  static final int K = 3;
  static final int BATCH = 4;

  static ConvNet.Spec spec(ConvNet.Role role, int size, String init, boolean sn, boolean bn, double dropout) {
    return spec(role, size, init, sn, bn, dropout, 1);
  }

  /** As above, for images of {@code channels} channels (1 or 3). */
  static ConvNet.Spec spec(ConvNet.Role role, int size, String init, boolean sn, boolean bn, double dropout, int channels) {
    ActivationKind act = role == ConvNet.Role.GENERATOR ? ActivationKind.RELU : ActivationKind.LEAKY_RELU;
    return new ConvNet.Spec(role, 6, 3, size, act, InitScheme.valueOf(init.toUpperCase()), sn, bn, 0.3, dropout, channels);
  }

  /** The K networks of {@code spec}, network i initialised from seed 10 + i. */
  static List<ConvNet> nets(ConvNet.Spec spec, NDManager m) {
    List<ConvNet> nets = new ArrayList<>();
    for (int i = 0; i < K; i++) {
      nets.add(new ConvNet(spec, m, DataType.FLOAT64, SeededRandom.stream(10 + i, "init")));
    }
    return nets;
  }

  /** Dropout stream i, fresh: the alone networks and the stack each get their own copies. */
  static List<SeededRandom> streams() {
    List<SeededRandom> s = new ArrayList<>();
    for (int i = 0; i < K; i++) {
      s.add(SeededRandom.stream(20 + i, "dropout"));
    }
    return s;
  }

  static NDArray gaussian(NDManager m, long seed, Shape shape) {
    NDArray x = m.create(SeededRandom.stream(seed, "x").gaussians((int) shape.size()), shape).toType(DataType.FLOAT64, false);
    x.setRequiresGradient(true);
    return x;
  }

  static void assertRowsEqual(NDArray stacked, int i, NDArray alone, String what) {
    assertEquals(alone.getShape(), stacked.get(i).getShape(), what);
    assertArrayEquals(alone.toDoubleArray(), stacked.get(i).toDoubleArray(), 1e-10, what + " of network " + i);
  }

  /**
   * One D step's worth of computation, alone and stacked: a power iteration, D on the batch with
   * slopes, the input gradient, and backward of sum(D) + sum(g²) (the shape of a penalised loss).
   * Then a second power iteration, so the u vectors compared are two updates on.
   */
  @ParameterizedTest
  @CsvSource({"12,normal02,false,0.0,1", "12,equalized,true,0.0,1", "16,kaiming,false,0.3,1", "28,xavier,true,0.25,1",
      "16,normal02,true,0.2,3", "32,equalized,true,0.2,3", "64,kaiming,false,0.0,1"})
  void discriminatorEqualsKSeparateOnes(int size, String init, boolean sn, double dropout, int channels) {
    ConvNet.Spec spec = spec(ConvNet.Role.DISCRIMINATOR, size, init, sn, false, dropout, channels);
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      List<ConvNet> alone = nets(spec, m);
      StackedConvNet stacked = new StackedConvNet(nets(spec, m), streams());
      List<SeededRandom> aloneStreams = streams();
      NDArray x = gaussian(m, 1, new Shape(K, BATCH, channels, size, size));
      NDArray xs = x.duplicate();
      xs.setRequiresGradient(true);
      List<NDArray> outputs = new ArrayList<>();
      List<NDArray> inputGradients = new ArrayList<>();
      for (int i = 0; i < K; i++) {
        ConvNet d = alone.get(i);
        d.powerIteration();
        NDArray xi = x.get(i).duplicate();
        xi.setRequiresGradient(true);
        try (Autograd ignored = Autograd.record()) {
          Mlp.Weights w = d.weights();
          Mlp.Trace t = d.forward(w, xi, Network.Mode.TRAIN, aloneStreams.get(i), true);
          NDArray g = d.inputGradient(w, t);
          outputs.add(t.output());
          inputGradients.add(g);
          Autograd.backward(t.output().sum().add(g.square().sum()));
        }
        d.powerIteration();
        inputGradients.add(xi.getGradient());
      }
      stacked.powerIteration();
      NDArray out;
      NDArray g;
      try (Autograd ignored = Autograd.record()) {
        Mlp.Weights w = stacked.weights();
        Mlp.Trace t = stacked.forward(w, xs, Network.Mode.TRAIN, null, true);
        out = t.output();
        g = stacked.inputGradient(w, t);
        Autograd.backward(out.sum().add(g.square().sum()));
      }
      stacked.powerIteration();
      assertEquals(new Shape(K, BATCH, 1), out.getShape());
      assertEquals(new Shape(K, BATCH, channels, size, size), g.getShape());
      for (int i = 0; i < K; i++) {
        assertRowsEqual(out, i, outputs.get(i), "D(x)");
        assertRowsEqual(g, i, inputGradients.get(2 * i), "input gradient");
        assertRowsEqual(xs.getGradient(), i, inputGradients.get(2 * i + 1), "d loss / dx");
        assertRowsEqual(stacked.parameters().get(0).getGradient(), i, alone.get(i).parameters().get(0).getGradient(), "parameter gradient");
        assertSameState(stacked, i, alone.get(i));
      }
      assertDiffer(out, "the three networks");
    }
  }

  /**
   * G twice in training mode (batch statistics, running statistics updated in place) and once in
   * evaluation mode (running statistics read), then backward of sum(G(z)²) from the training pass.
   */
  @ParameterizedTest
  @CsvSource({"12,normal02,false,1", "16,equalized,true,1", "28,orthogonal,true,1", "16,normal02,true,3", "32,equalized,true,3",
      "64,normal02,false,1"})
  void generatorEqualsKSeparateOnes(int size, String init, boolean bn, int channels) {
    ConvNet.Spec spec = spec(ConvNet.Role.GENERATOR, size, init, false, bn, 0, channels);
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      List<ConvNet> alone = nets(spec, m);
      StackedConvNet stacked = new StackedConvNet(nets(spec, m), List.of());
      NDArray z = gaussian(m, 2, new Shape(K, BATCH, 6));
      Function<Network, NDArray[]> passes = net -> {
        NDArray zi = net == stacked ? z : z.get(alone.indexOf(net));
        NDArray trained;
        NDArray evaluated;
        try (Autograd paused = Autograd.pause()) {
          net.forward(net.weights(), zi, Network.Mode.TRAIN, null, false);
        }
        try (Autograd ignored = Autograd.record()) {
          trained = net.forward(net.weights(), zi, Network.Mode.TRAIN, null, false).output();
          Autograd.backward(trained.square().sum());
        }
        try (Autograd paused = Autograd.pause()) {
          evaluated = net.forward(net.weights(), zi, Network.Mode.EVAL, null, false).output();
        }
        return new NDArray[] {trained, evaluated};
      };
      NDArray[] packed = passes.apply(stacked);
      assertEquals(new Shape(K, BATCH, channels, size, size), packed[0].getShape());
      for (int i = 0; i < K; i++) {
        NDArray[] one = passes.apply(alone.get(i));
        assertRowsEqual(packed[0], i, one[0], "G(z) in training");
        assertRowsEqual(packed[1], i, one[1], "G(z) in evaluation");
        assertRowsEqual(stacked.parameters().get(0).getGradient(), i, alone.get(i).parameters().get(0).getGradient(), "parameter gradient");
        assertSameState(stacked, i, alone.get(i));
      }
      assertDiffer(packed[0], "the three generators");
    }
  }

  /** Row i of every state tensor (parameters, u vectors, running statistics) is network i's tensor. */
  static void assertSameState(StackedConvNet stacked, int i, ConvNet alone) {
    List<NDArray> s = stacked.state();
    List<NDArray> a = alone.state();
    assertEquals(a.size(), s.size(), "state tensors");
    for (int t = 0; t < a.size(); t++) {
      assertRowsEqual(s.get(t), i, a.get(t), "state tensor " + t);
    }
  }

  static void assertDiffer(NDArray stacked, String what) {
    assertTrue(stacked.get(0).sub(stacked.get(1)).abs().max().getDouble() > 1e-6, what + " differ");
  }

  @ParameterizedTest
  @CsvSource({"true", "false"})
  void mixedSpecsOrMissingStreamsAreRefused(boolean differentSpecs) {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      ConvNet.Spec spec = spec(ConvNet.Role.DISCRIMINATOR, 12, "normal02", false, false, differentSpecs ? 0 : 0.2);
      List<ConvNet> nets = nets(spec, m);
      if (differentSpecs) {
        nets.set(1, new ConvNet(spec(ConvNet.Role.DISCRIMINATOR, 16, "normal02", false, false, 0), m, DataType.FLOAT64,
            SeededRandom.stream(1, "init")));
      }
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StackedConvNet(nets, List.of()));
      assertTrue(e.getMessage().startsWith(differentSpecs ? "Cannot stack convnets: their shapes differ"
          : "Cannot stack convnets: dropout needs one stream per network"), e.getMessage());
    }
  }
}
