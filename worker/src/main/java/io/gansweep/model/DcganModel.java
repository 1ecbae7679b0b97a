package io.gansweep.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.Datasets;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.ConvNet;
import io.gansweep.gan.Network;
import io.gansweep.gan.StackedConvNet;
import io.gansweep.gan.Tensors;
import io.gansweep.trial.DataRange;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.util.List;
import java.util.Set;

/**
 * The built-in DCGAN convnets of the image datasets ({@code gan.ConvNet}): {@code hidden} is D's
 * first channel count; the depth follows the image side ({@link ConvNet#blocks}: two blocks up to
 * 28×28, three at 32×32, four at 64×64), so {@code layers} does not apply; the channels are the
 * data's.
 */
public final class DcganModel implements GanModel {

  @Override
  public String name() {
    return "dcgan";
  }

  @Override
  public boolean accepts(String dataset) {
    return Datasets.isImages(dataset);
  }

  @Override
  public boolean defaultFor(String dataset) {
    return accepts(dataset);
  }

  @Override
  public Set<Hyperparameter<?>> architectureKeys() {
    return Set.of(Hyperparameter.HIDDEN, Hyperparameter.G_ACTIVATION, Hyperparameter.D_ACTIVATION,
        Hyperparameter.SPECTRAL_NORM, Hyperparameter.BATCH_NORM, Hyperparameter.BN_MOMENTUM, Hyperparameter.DROPOUT_D,
        Hyperparameter.FEATURE_MATCHING, Hyperparameter.INIT_STD);
  }

  @Override
  public Network generator(TrialConfig c, Shape sample, NDManager manager, DataType dtype, SeededRandom init) {
    return InRange.of(c.get(Hyperparameter.DATA_RANGE), new ConvNet(new ConvNet.Spec(ConvNet.Role.GENERATOR, c.get(Hyperparameter.LATENT_DIM), c.get(Hyperparameter.HIDDEN),
        side(sample), c.get(Hyperparameter.G_ACTIVATION), c.get(Hyperparameter.INIT), false, c.get(Hyperparameter.BATCH_NORM),
        c.get(Hyperparameter.BN_MOMENTUM), 0, channels(sample)), c.get(Hyperparameter.INIT_STD), manager, dtype, init));
  }

  @Override
  public Network discriminator(TrialConfig c, Shape sample, NDManager manager, DataType dtype, SeededRandom init) {
    return new ConvNet(new ConvNet.Spec(ConvNet.Role.DISCRIMINATOR, 0, c.get(Hyperparameter.HIDDEN), side(sample),
        c.get(Hyperparameter.D_ACTIVATION), c.get(Hyperparameter.INIT), c.get(Hyperparameter.SPECTRAL_NORM), false,
        c.get(Hyperparameter.BN_MOMENTUM), c.get(Hyperparameter.DROPOUT_D), channels(sample)), c.get(Hyperparameter.INIT_STD), manager,
        dtype, init);
  }

  @Override
  public Network stack(List<Network> nets, List<SeededRandom> dropout) {
    DataRange range = nets.get(0) instanceof InRange r ? r.range() : DataRange.MINUS_ONE_ONE; // shared in a pack
    return InRange.of(range, new StackedConvNet(nets.stream().map(n -> n instanceof InRange r ? r.net() : n).map(ConvNet.class::cast)
        .toList(), dropout));
  }

  /**
   * G whose tanh output is mapped into data_range ({@link DataRange#scale} x + {@link
   * DataRange#shift}): for [0, 1], {@code (tanh(a) + 1) / 2 = sigmoid(2a)}, a sigmoid output on the
   * same network and init, so the two ranges differ by the pixels' interval alone (a plain sigmoid
   * would also halve the output's slope at 0). [-1, 1] is the bare network.
   */
  private record InRange(DataRange range, Network net) implements Network {

    static Network of(DataRange range, Network net) {
      return range == DataRange.MINUS_ONE_ONE ? net : new InRange(range, net);
    }

    @Override
    public List<NDArray> parameters() {
      return net.parameters();
    }

    @Override
    public List<NDArray> state() {
      return net.state();
    }

    @Override
    public void powerIteration() {
      net.powerIteration();
    }

    @Override
    public Weights weights() {
      return net.weights();
    }

    @Override
    public Weights frozenWeights() {
      return net.frozenWeights();
    }

    @Override
    public Trace forward(Weights w, NDArray x, Mode mode, SeededRandom dropoutRng, boolean withInputGradient) {
      Trace t = net.forward(w, x, mode, dropoutRng, withInputGradient);
      NDArray out = Tensors.times(t.output(), range.scale()).add(range.shift()); // times: autograd-safe (Tensors#times)
      return new Trace() {
        @Override
        public NDArray output() {
          return out;
        }

        @Override
        public NDArray features() {
          return t.features();
        }
      };
    }

    @Override
    public NDArray inputGradient(Weights w, Trace trace) {
      throw new IllegalStateException("Cannot take the input gradient of G: penalties take D's (got the generator; allowed the discriminator)");
    }
  }

  /**
   * For images of side S = q·2ⁿ ({@link ConvNet#blocks} n, start map q × q), base channels C,
   * latent k, channels c, and w_i = C·2^(i−1) the channels i blocks from the image: G is linear k →
   * w_n·q² then 4×4 transposed convolutions w_n → … → w_1 → c (counted as the sub-pixel
   * convolutions they run as, 9 taps per output pixel and input channel), with batch norm's scale
   * and shift on its w_n … w_1 channels when asked; D is 4×4 stride-2 convolutions c → w_1 → … →
   * w_n, then linear → 1.
   */
  @Override
  public Size size(TrialConfig c, Shape sample) {
    int side = side(sample);
    int n = ConvNet.blocks(side);
    long q = side >> n;
    long base = c.get(Hyperparameter.HIDDEN);
    long k = c.get(Hyperparameter.LATENT_DIM);
    long im = channels(sample);
    long bottom = (base << (n - 1)) * q * q;
    long g = k * bottom + bottom;
    long d = bottom + 1;
    double gMacs = (double) k * bottom;
    double dMacs = bottom;
    for (int i = 1; i <= n; i++) { // block i: between the maps of side S/2^(i-1) (i = 1: the image) and S/2^i
      long near = i == 1 ? im : base << (i - 2); // channels on the image's side of block i
      long far = base << (i - 1);
      double outer = (double) side / (1 << (i - 1));
      double inner = outer / 2;
      g += near * far * 16 + near + (c.get(Hyperparameter.BATCH_NORM) ? 2 * far : 0);
      d += near * far * 16 + far;
      gMacs += outer * outer * far * near * 9;
      dMacs += inner * inner * near * far * 16;
    }
    return new Size(g + d, gMacs, dMacs);
  }

  /** The side of the square greyscale or RGB images the convnets take. */
  private static int side(Shape sample) {
    if (sample.dimension() != 3 || (sample.get(0) != 1 && sample.get(0) != 3) || sample.get(1) != sample.get(2)) {
      throw new IllegalArgumentException("Cannot build the dcgan model: it takes square greyscale or RGB images (got samples shaped "
          + sample + "; allowed (1, S, S) or (3, S, S))");
    }
    return (int) sample.get(1);
  }

  /** The images' channels: 1 (greyscale) or 3 (RGB). */
  private static int channels(Shape sample) {
    side(sample);
    return (int) sample.get(0);
  }
}
