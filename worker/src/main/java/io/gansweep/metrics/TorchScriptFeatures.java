package io.gansweep.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.Autograd;
import io.gansweep.io.UserFileException;
import io.gansweep.gan.Network;
import io.gansweep.gan.TorchScriptNetwork;
import io.gansweep.io.OutputLayout;
import io.gansweep.io.PinnedFiles;
import io.gansweep.trial.InitScheme;
import java.io.IOException;
import org.apache.hadoop.fs.Path;

/**
 * A user's feature network, a TorchScript file named by the spec's {@code feature_net} ({@link
 * FeatureFile}): pinned by checksum like a TorchScript model's files (the driver checks it once,
 * {@link #check}, and pins it as {@code OUT/feature-nets/<hex>.pt}; executors read that copy,
 * checksum verified, once per JVM).
 *
 * <p>Images reach it one documented way, in this order: G's outputs are clipped to [-1, 1] and
 * quantised to 8 bits ({@code round((x + 1) * 127.5)}, as a PNG of them would hold; real images
 * are bytes already); 0..255 is mapped linearly onto {@code range} ({@code low + v / 255 * (high
 * - low)}); a greyscale image is repeated into 3 channels when the network takes 3 (as PIL's
 * {@code convert("RGB")}); then the image is resized to {@code input_size} × {@code input_size}
 * by bilinear interpolation without antialiasing ({@code torch.nn.functional.interpolate(mode=
 * "bilinear", align_corners=False)}, what pytorch-fid's InceptionV3 does to its input). The
 * module runs in eval mode without gradients, in chunks of {@link #CHUNK} images, and must return
 * {@code [N, D]}.
 */
public final class TorchScriptFeatures implements Features {

  /** The {@code feature_net} column's prefix for such a network. */
  public static final String KIND = "torchscript:";
  /** Images per forward pass (an Inception-v3 at 299 × 299 takes about 1 GB for 100). */
  static final int CHUNK = 100;
  /** DJL's interpolate mode number of bilinear (0 nearest, 1 linear, 2 bilinear, 3 bicubic). */
  private static final int BILINEAR = 2;

  private static final PinnedFiles FILES = new PinnedFiles("feature network file");

  private final FeatureFile file;
  private final TorchScriptNetwork module;
  private final int dim;

  private TorchScriptFeatures(FeatureFile file, TorchScriptNetwork module, int dim) {
    this.file = file;
    this.module = module;
    this.dim = dim;
  }

  @Override
  public String id() {
    return file.id();
  }

  @Override
  public int dim() {
    return dim;
  }

  /**
   * The network of {@code file} in {@code manager}: its bytes known to this JVM (the driver
   * checked them) or read from the copy the driver pinned under {@code out} (null: only files
   * known to this JVM). Its width comes from one pass over two grey images.
   */
  public static TorchScriptFeatures load(FeatureFile file, NDManager manager, String out) {
    byte[] bytes = FILES.kept(file.checksum());
    if (bytes == null) {
      if (out == null) {
        throw new IllegalStateException("Cannot find feature network file " + file.checksum() + ": this JVM has not checked it and no "
            + "output folder was given (got no pinned folder; allowed a trial dispatched by run, which pins it under OUT/"
            + OutputLayout.FEATURE_NETS + ")");
      }
      bytes = FILES.readPinned(file.checksum(), pinnedFile(out, file));
    }
    TorchScriptNetwork module = new TorchScriptNetwork(bytes, "feature network " + file.checksum(), false, manager, InitScheme.AS_SAVED, null);
    TorchScriptFeatures f = new TorchScriptFeatures(file, module, 0);
    int dim = (int) f.forward(manager.zeros(new Shape(2, file.channels(), file.inputSize(), file.inputSize())), "two grey images").getShape().get(1);
    return new TorchScriptFeatures(file, module, dim);
  }

  /** {@code OUT/feature-nets/<hex>.pt}: the pinned copy of {@code file}. */
  static Path pinnedFile(String out, FeatureFile file) {
    return new Path(OutputLayout.featureNets(out), file.hex() + ".pt");
  }

  /** The driver's side: publishes the checked file of {@code file} under {@code out} unless it is there; returns whether it wrote it. */
  public static boolean pin(FeatureFile file, String out) throws IOException {
    return FILES.pin(file.checksum(), pinnedFile(out, file));
  }

  /** Forgets every file this JVM knows, as a fresh executor would (tests of the pinned path). */
  static void forgetFiles() {
    FILES.forget();
  }

  /**
   * The driver's check, before anything is dispatched: {@code bytes} load as TorchScript and map two
   * images of {@code dataChannels} × {@code input_size}² in {@code range} to {@code [2, D]} finite
   * features. Returns the file's checksum, now known to this JVM. Every failure is a {@link
   * UserFileException} naming {@code name} and what is allowed.
   */
  public static String check(byte[] bytes, String name, int inputSize, double low, double high, int channels) {
    String sum = PinnedFiles.checksum(bytes);
    FeatureFile file = new FeatureFile(sum, inputSize, low, high, channels);
    try (NDManager manager = NDManager.newBaseManager("PyTorch"); Autograd ignored = Autograd.pause()) {
      TorchScriptNetwork module = new TorchScriptNetwork(bytes, name, false, manager, InitScheme.AS_SAVED, null);
      TorchScriptFeatures f = new TorchScriptFeatures(file, module, 0);
      float[] u = SeededRandom.stream(0, "feature-net-check").uniforms(2 * channels * inputSize * inputSize);
      for (int i = 0; i < u.length; i++) {
        u[i] = (float) (low + u[i] * (high - low));
      }
      NDArray x = manager.create(u, new Shape(2, channels, inputSize, inputSize));
      String input = "images [2, " + channels + ", " + inputSize + ", " + inputSize + "] in [" + low + ", " + high + "]";
      NDArray out;
      try {
        out = f.forward(x, input);
      } catch (UserFileException e) {
        throw new UserFileException("use feature network " + name, e.reason(), e.got(), e.allowed(), e);
      }
      if (out.isNaN().any().getBoolean() || out.isInfinite().any().getBoolean()) {
        throw new UserFileException("use feature network " + name, "its features are not finite", "NaN or Inf in " + out.getShape() + " from "
            + input, "finite features", null);
      }
    }
    FILES.keep(bytes);
    return sum;
  }

  /**
   * One pass of the module over images already prepared ({@code n x channels x input_size²} in
   * range): its output, which must be {@code [n, D]}.
   */
  private NDArray forward(NDArray x, String input) {
    NDArray out;
    try {
      out = module.forward(module.weights(), x, Network.Mode.EVAL, null, false).output();
    } catch (RuntimeException e) {
      throw new UserFileException("use " + module.name(), "it fails on " + input, UserFileException.firstLine(e),
          "a module taking " + input + " to features [N, D]", e);
    }
    Shape s = out.getShape();
    if (s.dimension() != 2 || s.get(0) != x.getShape().get(0) || s.get(1) < 1) {
      throw new UserFileException("use " + module.name(), "its output is not one feature vector per image", s + " from " + input,
          "[N, D] with D >= 1 (flatten a pooled [N, D, 1, 1] in the module)", null);
    }
    return out;
  }

  @Override
  public float[] extract(NDArray images) {
    int n = (int) images.getShape().get(0);
    float[] f = new float[n * dim];
    double scale = (file.high() - file.low()) / 255.0;
    try (Autograd paused = Autograd.pause()) {
      for (int from = 0; from < n; from += CHUNK) {
        int to = Math.min(n, from + CHUNK);
        try (NDScope ignored = new NDScope()) {
          NDArray x = images.get(from + ":" + to).toType(DataType.FLOAT32, false);
          // 8 bits, as a saved PNG; then 0..255 onto the network's range.
          x = x.clip(-1f, 1f).add(1f).mul(127.5f).round().mul((float) scale).add((float) file.low());
          x = prepare(x);
          float[] part = forward(x, "images " + x.getShape()).toType(DataType.FLOAT32, false).toFloatArray();
          System.arraycopy(part, 0, f, from * dim, part.length);
        }
      }
    }
    return f;
  }

  /** Channels repeated (1 to 3) and the side resized to {@code input_size}, bilinearly. */
  private NDArray prepare(NDArray x) {
    long c = x.getShape().get(1);
    if (c != file.channels()) {
      if (c == 1 && file.channels() == 3) {
        x = x.repeat(1, 3);
      } else {
        throw new IllegalArgumentException("Cannot take features with " + module.name() + ": the images have " + c
            + " channels (got " + c + "; allowed " + file.channels() + ", or 1 for a network of 3)");
      }
    }
    if (x.getShape().get(2) != file.inputSize() || x.getShape().get(3) != file.inputSize()) {
      x = JniUtils.interpolate((PtNDArray) x, new long[] {file.inputSize(), file.inputSize()}, BILINEAR, false);
    }
    return x;
  }
}
