package io.gansweep.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import io.gansweep.data.SeededRandom;
import io.gansweep.trial.ActivationKind;
import io.gansweep.trial.InitScheme;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConvNetTest {

  static NDArray gaussian(NDManager m, long seed, Shape shape) {
    return m.create(SeededRandom.stream(seed, "x").gaussians((int) shape.size()), shape).toType(DataType.FLOAT64, false);
  }

  /**
   * The transposed convolution is the adjoint of the strided convolution with the same weight:
   * ⟨conv(x), y⟩ = ⟨x, convᵀ(y)⟩ for every x and y (float64, to 1e-10).
   */
  @ParameterizedTest
  @ValueSource(ints = {28, 32})
  void transposedConvIsTheAdjointOfConv(int size) {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray w = gaussian(m, 1, new Shape(5, 3, 4, 4));
      NDArray x = gaussian(m, 2, new Shape(2, 3, size, size));
      NDArray y = gaussian(m, 3, new Shape(2, 5, size / 2, size / 2));
      NDArray cx = Conv2d.conv2d(x, w, null, ConvNet.STRIDE, ConvNet.PADDING).singletonOrThrow();
      NDArray ty = ConvNet.transposedConv(y, w, null, ConvNet.phaseSelection(m, DataType.FLOAT64));
      assertEquals(new Shape(2, 3, size, size), ty.getShape());
      assertEquals(cx.mul(y).sum().getDouble(), x.mul(ty).sum().getDouble(), 1e-10);
    }
  }

  /**
   * The grouped transposed convolution with a bias (as the stacked generator runs it) equals the
   * textbook sum, computed here in plain loops: output pixel (2i − 1 + ky, 2j − 1 + kx) of group g's
   * channel o gains x[g·Cin + c, i, j] · w[g, c, o, ky, kx] (float64, to 1e-12; odd sides and
   * several channels per group, so a phase, channel or group mixed up would show).
   */
  @org.junit.jupiter.api.Test
  void groupedTransposedConvWithBiasIsTheTextbookSum() {
    int groups = 2;
    int cin = 3;
    int cout = 2;
    int batch = 2;
    int h = 5;
    int wd = 3;
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray x = gaussian(m, 4, new Shape(batch, groups * cin, h, wd));
      NDArray w = gaussian(m, 5, new Shape(groups, cin, cout, 4, 4));
      NDArray bias = gaussian(m, 6, new Shape(groups * cout));
      NDArray y = ConvNet.transposedConv(x, w, bias, groups, ConvNet.phaseSelection(m, DataType.FLOAT64));
      assertEquals(new Shape(batch, groups * cout, 2 * h, 2 * wd), y.getShape());
      double[] xs = x.toDoubleArray();
      double[] ws = w.toDoubleArray();
      double[] bs = bias.toDoubleArray();
      int oh = 2 * h;
      int ow = 2 * wd;
      double[] expected = new double[batch * groups * cout * oh * ow];
      for (int n = 0; n < batch; n++) {
        for (int g = 0; g < groups; g++) {
          for (int o = 0; o < cout; o++) {
            int out = (n * groups + g) * cout + o;
            for (int p = 0; p < oh * ow; p++) {
              expected[out * oh * ow + p] = bs[g * cout + o];
            }
            for (int c = 0; c < cin; c++) {
              for (int i = 0; i < h; i++) {
                for (int j = 0; j < wd; j++) {
                  double xv = xs[(((n * groups + g) * cin + c) * h + i) * wd + j];
                  for (int ky = 0; ky < 4; ky++) {
                    for (int kx = 0; kx < 4; kx++) {
                      int r = 2 * i - 1 + ky;
                      int q = 2 * j - 1 + kx;
                      if (r >= 0 && r < oh && q >= 0 && q < ow) {
                        expected[(out * oh + r) * ow + q] += xv * ws[(((g * cin + c) * cout + o) * 4 + ky) * 4 + kx];
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
      assertArrayEquals(expected, y.toDoubleArray(), 1e-12);
    }
  }

  /** The closed-form input gradient of D equals what autograd computes for d(sum D(x))/dx. */
  @ParameterizedTest
  @CsvSource({"normal02,false,0.0,28", "equalized,true,0.0,32", "kaiming,false,0.3,28", "xavier,true,0.2,64", "normal02,false,0.0,16"})
  void inputGradientMatchesAutograd(String init, boolean sn, double dropout, int size) {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      ConvNet d = new ConvNet(new ConvNet.Spec(ConvNet.Role.DISCRIMINATOR, 0, 4, size, ActivationKind.LEAKY_RELU, InitScheme.valueOf(init.toUpperCase()), sn,
          false, 0.1, dropout), m, DataType.FLOAT64, SeededRandom.stream(1, "init"));
      d.powerIteration();
      NDArray x = gaussian(m, 2, new Shape(3, 1, size, size));
      NDArray closedForm = MlpTest.closedFormInputGradient(d, x);
      assertEquals(x.getShape(), closedForm.getShape());
      assertArrayEquals(x.getGradient().toDoubleArray(), closedForm.toDoubleArray(), 1e-10);
    }
  }

  /** G maps z to images of the dataset's side in [-1, 1] (tanh), with and without batch norm. */
  @ParameterizedTest
  @CsvSource({"28,false", "32,true", "16,true", "64,false"})
  void generatorMakesImagesInRange(int size, boolean bn) {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      ConvNet g = new ConvNet(new ConvNet.Spec(ConvNet.Role.GENERATOR, 8, 4, size, ActivationKind.RELU, InitScheme.NORMAL02, false, bn, 0.1, 0),
          m, DataType.FLOAT32, SeededRandom.stream(1, "init"));
      NDArray z = m.create(SeededRandom.stream(2, "z").gaussians(5 * 8), new Shape(5, 8));
      NDArray out = g.forward(g.weights(), z, Network.Mode.TRAIN, null, false).output();
      assertEquals(new Shape(5, 1, size, size), out.getShape());
      assertEquals(1.0, out.abs().max().getFloat(), 1.0, "tanh range");
    }
  }

  /**
   * The depth follows the side: two blocks up to 28 (the network gansweep always built, 2·base ×
   * side/4 × side/4 at the bottom), one more per halving of an even start map of 8 or more (32 and
   * 64 start at 4×4, 40 at 5×5; 36 keeps 9×9); a side it cannot build is one "Cannot" line naming
   * the sides it takes.
   */
  @org.junit.jupiter.api.Test
  void depthGrowsWithTheImageSide() {
    int[][] sideBlocksStart = {{8, 2, 2}, {12, 2, 3}, {16, 2, 4}, {28, 2, 7}, {32, 3, 4}, {36, 2, 9}, {40, 3, 5}, {48, 3, 6}, {64, 4, 4}};
    for (int[] c : sideBlocksStart) {
      assertEquals(c[1], ConvNet.blocks(c[0]), "blocks at side " + c[0]);
      ConvNet.Spec spec = new ConvNet.Spec(ConvNet.Role.DISCRIMINATOR, 0, 4, c[0], ActivationKind.LEAKY_RELU, InitScheme.NORMAL02, false,
          false, 0.1, 0, 3);
      assertEquals(c[2], spec.startSide(), "start map at side " + c[0]);
    }
    for (int bad : new int[] {30, 4, 0, 66}) {
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> new ConvNet.Spec(ConvNet.Role.GENERATOR, 8, 4, bad, ActivationKind.RELU, InitScheme.NORMAL02, false, false, 0.1, 0, 3));
      assertEquals("Cannot build DCGAN: the image side is not " + ConvNet.SIDES + " (got " + bad + "; allowed " + ConvNet.SIDES + ")",
          e.getMessage());
    }
  }

  /**
   * At 32×32 RGB, G and D have three blocks, the channels doubling away from the image as in DCGAN
   * (base 4: 3 → 4 → 8 → 16 in D, 16 → 8 → 4 → 3 in G) around a 4×4 map, and batch norm on each of
   * G's hidden maps.
   */
  @org.junit.jupiter.api.Test
  void a32PixelRgbNetworkHasThreeBlocksOfDoublingChannels() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      ConvNet d = new ConvNet(new ConvNet.Spec(ConvNet.Role.DISCRIMINATOR, 0, 4, 32, ActivationKind.LEAKY_RELU, InitScheme.NORMAL02, true,
          false, 0.1, 0, 3), m, DataType.FLOAT32, SeededRandom.stream(1, "init"));
      ConvNet g = new ConvNet(new ConvNet.Spec(ConvNet.Role.GENERATOR, 8, 4, 32, ActivationKind.RELU, InitScheme.NORMAL02, false,
          true, 0.1, 0, 3), m, DataType.FLOAT32, SeededRandom.stream(1, "init"));
      assertEquals(java.util.List.of(new Shape(4, 3, 4, 4), new Shape(8, 4, 4, 4), new Shape(16, 8, 4, 4), new Shape(1, 16 * 4 * 4)),
          d.weights().weights().stream().map(NDArray::getShape).toList());
      assertEquals(java.util.List.of(new Shape(16 * 4 * 4, 8), new Shape(16, 8, 4, 4), new Shape(8, 4, 4, 4), new Shape(4, 3, 4, 4)),
          g.weights().weights().stream().map(NDArray::getShape).toList());
      assertEquals(java.util.List.of(new Shape(16), new Shape(8), new Shape(4)),
          g.weights().gamma().stream().map(NDArray::getShape).toList(), "batch norm on G's hidden maps");
      assertEquals(4, d.state().size() - 1, "a spectral-norm u vector per D weight");
    }
  }
}
