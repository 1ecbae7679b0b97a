package io.gansweep.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.Datasets;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.ConvNet;
import io.gansweep.gan.Network;
import io.gansweep.gan.StackedConvNet;
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
        Hyperparameter.FEATURE_MATCHING);
  }

  @Override
  public Network generator(TrialConfig c, Shape sample, NDManager manager, DataType dtype, SeededRandom init) {
    return new ConvNet(new ConvNet.Spec(ConvNet.Role.GENERATOR, c.get(Hyperparameter.LATENT_DIM), c.get(Hyperparameter.HIDDEN),
        side(sample), c.get(Hyperparameter.G_ACTIVATION), c.get(Hyperparameter.INIT), false, c.get(Hyperparameter.BATCH_NORM),
        c.get(Hyperparameter.BN_MOMENTUM), 0, channels(sample)), manager, dtype, init);
  }

  @Override
  public Network discriminator(TrialConfig c, Shape sample, NDManager manager, DataType dtype, SeededRandom init) {
    return new ConvNet(new ConvNet.Spec(ConvNet.Role.DISCRIMINATOR, 0, c.get(Hyperparameter.HIDDEN), side(sample),
        c.get(Hyperparameter.D_ACTIVATION), c.get(Hyperparameter.INIT), c.get(Hyperparameter.SPECTRAL_NORM), false,
        c.get(Hyperparameter.BN_MOMENTUM), c.get(Hyperparameter.DROPOUT_D), channels(sample)), manager, dtype, init);
  }

  @Override
  public Network stack(List<Network> nets, List<SeededRandom> dropout) {
    return new StackedConvNet(nets.stream().map(ConvNet.class::cast).toList(), dropout);
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
