package io.gansweep.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import io.gansweep.data.ImageSet;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.Adam;
import io.gansweep.gan.Autograd;
import io.gansweep.io.Checksummed;
import io.gansweep.io.HadoopConf;
import io.gansweep.io.OutputLayout;
import io.gansweep.io.Publisher;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;

/**
 * The pinned feature network of an image dataset: a small classifier the project trains itself on
 * the real images (no download, no network), whose 64-wide penultimate layer gives the features of
 * the Fréchet distance and whose predictions give class coverage. Architecture: conv 4×4/2 (16) →
 * LeakyReLU → conv 4×4/2 (32) → LeakyReLU → linear 64 → ReLU (the features) → linear → classes.
 *
 * <p>Pinned: the weights are saved once per dataset (keyed by a hash of its pixels and labels and
 * of this recipe) in one file that starts with their SHA-256 and is published whole; a reader
 * refuses a file whose checksum does not match. The driver keeps a copy in the local cache ({@link
 * #pinned}: a missing file, or one that fails its checksum and is moved to {@code
 * <cache>/quarantine/}, is retrained, from a fixed seed, so it comes out the same on the same
 * machine and thread count; only a verified entry is ever pinned into an output directory) and pins the sweep's under its output directory ({@link #pinUnder},
 * {@code OUT/feature-nets/}); executors load that one ({@link #loadPinned}) and never train, so a
 * cluster needs no shared cache and every trial of a sweep uses the same weights. Trials record
 * {@code classifier:<checksum>} ({@code feature_net} column, {@link Features#id}), so a sweep can
 * show that all its trials used one network.
 */
public final class FeatureNet implements Features {

  /** Width of the feature vector. */
  public static final int FEATURES = 64;

  /** Training recipe; part of the cache key, so changing it retrains. */
  static final String RECIPE = "gsfn-v1 conv16-conv32-fc64 adam1e-3 b64 steps1500 seed7";
  static final int TRAIN_STEPS = 1500;
  static final int TRAIN_BATCH = 64;
  static final long TRAIN_SEED = 7;

  /** Folder of pinned networks: {@code -Dgansweep.cache}, else {@code $GANSWEEP_CACHE}, else ~/.cache/gansweep. */
  public static Path cacheDir() {
    String p = System.getProperty("gansweep.cache");
    if (p == null) {
      p = System.getenv("GANSWEEP_CACHE");
    }
    return p != null ? Path.of(p) : Path.of(System.getProperty("user.home"), ".cache", "gansweep");
  }

  private static final ConcurrentHashMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

  /**
   * Cache key of each image set this JVM has pinned a network for, held weakly (a record's
   * equality compares its arrays by reference, so each loaded set is its own entry).
   */
  private static final Map<ImageSet, String> KEYS = Collections.synchronizedMap(new WeakHashMap<>());

  private final List<NDArray> params;
  private final int size;
  private final int classes;
  private final String checksum;

  private FeatureNet(List<NDArray> params, int size, int classes, String checksum) {
    this.params = params;
    this.size = size;
    this.classes = classes;
    this.checksum = checksum;
  }

  /** SHA-256 (hex) of the pinned weights file. */
  public String checksum() {
    return checksum;
  }

  public int classes() {
    return classes;
  }

  /** {@code classifier:} and the weights file's checksum. */
  @Override
  public String id() {
    return CLASSIFIER + checksum;
  }

  @Override
  public int dim() {
    return FEATURES;
  }

  @Override
  public float[] extract(NDArray images) {
    return apply(images).features();
  }

  /**
   * Whether {@code data} has labels to train the classifier on: two classes or more. A folder
   * without class subfolders is one class, label-free: its features come from {@link
   * RandomConvFeatures} unless the spec names a feature_net.
   */
  public static boolean labelled(ImageSet data) {
    return data.labelled();
  }

  /** First bytes of a pinned file: the format, then the SHA-256 (hex) of the weights that follow, then a newline. */
  static final String MAGIC = "gansweep-feature-net-v2\n";

  /** The pinned file of {@code data}: {@code feature-net-<key>.gsfn} in {@link #cacheDir()}. */
  static Path file(ImageSet data) {
    return cacheDir().resolve(fileName(data));
  }

  /** {@code feature-net-<key>.gsfn}, the name of {@code data}'s pinned file in any folder. */
  static String fileName(ImageSet data) {
    // Hashing the dataset (tens of MB for MNIST) once per loaded set, not once per trial.
    return "feature-net-" + KEYS.computeIfAbsent(data, FeatureNet::key) + ".gsfn";
  }

  /**
   * The driver's side: pins {@code data}'s network in {@code dir} (a Hadoop URI folder, {@link
   * OutputLayout#featureNets}) unless it is there already, from the local cache (trained there
   * when missing), and returns the network as executors will load it. A sweep resumed into the same
   * output keeps the network it started with.
   */
  public static FeatureNet pinUnder(ImageSet data, NDManager manager, String dir) {
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(dir, fileName(data));
    try {
      FileSystem fs = target.getFileSystem(HadoopConf.create());
      if (!fs.exists(target)) {
        new Publisher().publish(target, Publisher.IfPresent.KEEP, cached(data, manager));
      }
      return loadPinned(data, manager, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The executor's side: the network {@link #pinUnder} pinned in {@code dir}, checksum checked;
   * never trains (a missing file is an error: the driver pins before it dispatches).
   */
  public static FeatureNet loadPinned(ImageSet data, NDManager manager, String dir) {
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir, fileName(data));
    try {
      FileSystem fs = file.getFileSystem(HadoopConf.create());
      if (!fs.exists(file)) {
        throw new IOException("Cannot load feature network " + file + ": missing (got no file; allowed the file run pins under "
            + OutputLayout.FEATURE_NETS + "/ before it dispatches trials)");
      }
      try (FSDataInputStream in = fs.open(file)) {
        return load(in.readAllBytes(), file.toString(), manager);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The pinned network of {@code data} in {@code manager}: loaded from the cache, or trained and
   * pinned. The weights and their checksum are one file, published whole ({@link Publisher}; the
   * first to pin wins), so a reader can never pair one writer's weights with another's checksum.
   */
  public static FeatureNet pinned(ImageSet data, NDManager manager) {
    try {
      return load(cached(data, manager), file(data).toString(), manager);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The bytes of {@code data}'s pinned file in the local cache, checksum verified, trained there
   * (on {@code manager}'s device, in a scratch manager) and published first when missing. A cache
   * entry that fails its checksum (a flipped byte, a truncated copy) is never returned, so never
   * pinned into an output directory: it is moved to {@code <cache>/quarantine/}, one line on
   * stderr says where, and the network is trained again (from its fixed seed: the same weights on
   * the same machine and thread count).
   */
  private static byte[] cached(ImageSet data, NDManager manager) throws IOException {
    Path file = file(data);
    synchronized (LOCKS.computeIfAbsent(file, f -> new Object())) {
      if (Files.exists(file)) {
        byte[] bytes = Files.readAllBytes(file);
        try {
          Checksummed.unwrap(MAGIC, bytes);
          return bytes;
        } catch (Checksummed.Corrupt e) {
          Path aside = quarantine(file);
          System.err.printf("gansweep: feature network cache entry %s: %s; moved it to %s, training it again%n", file, e.reason(), aside);
        }
      }
      byte[] trained;
      try (NDManager scratch = NDManager.newBaseManager(manager.getDevice(), manager.getEngine().getEngineName())) {
        trained = serialize(train(data, scratch), data.rows(), data.classes());
      }
      Files.createDirectories(file.getParent());
      new Publisher().publish(new org.apache.hadoop.fs.Path(file.toUri()), Publisher.IfPresent.KEEP, pinnedBytes(trained));
      byte[] bytes = Files.readAllBytes(file); // another JVM may have pinned first: its file wins, verified all the same
      try {
        Checksummed.unwrap(MAGIC, bytes);
      } catch (Checksummed.Corrupt e) {
        throw new IOException("Cannot pin feature network " + file + ": " + e.reason() + " right after it was written. Check the disk of "
            + cacheDir(), e);
      }
      return bytes;
    }
  }

  /** Moves a cache entry that failed its checksum to {@code <cache>/quarantine/} (a later one of the same name gets a time suffix); returns where. */
  private static Path quarantine(Path file) throws IOException {
    Path dir = file.resolveSibling(QUARANTINE);
    Files.createDirectories(dir);
    Path to = dir.resolve(file.getFileName());
    if (Files.exists(to)) {
      to = dir.resolve(file.getFileName() + "." + System.currentTimeMillis());
    }
    return Files.move(file, to, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The folder of the cache where entries that failed their checksum are moved aside. */
  static final String QUARANTINE = "quarantine";

  /** A pinned file's bytes: {@link #MAGIC}'s format line, the weights' SHA-256 and a newline, then the weights ({@link Checksummed}). */
  static byte[] pinnedBytes(byte[] weights) {
    return Checksummed.wrap(MAGIC, weights);
  }

  /** Loads a pinned file after checking the SHA-256 of its weights against the one it carries. */
  static FeatureNet load(Path file, NDManager manager) throws IOException {
    return load(Files.readAllBytes(file), file.toString(), manager);
  }

  /** Loads the bytes of a pinned file named {@code file} after checking its checksum. */
  private static FeatureNet load(byte[] all, String file, NDManager manager) throws IOException {
    byte[] bytes;
    try {
      bytes = Checksummed.unwrap(MAGIC, all);
    } catch (Checksummed.Corrupt e) {
      throw new IOException("Cannot load feature network " + file + ": " + e.reason() + ". Delete it to retrain.", e);
    }
    String got = Checksummed.recorded(MAGIC, all);
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
    int size = in.readInt();
    int classes = in.readInt();
    int count = in.readInt();
    List<NDArray> params = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long[] dims = new long[in.readInt()];
      long n = 1;
      for (int d = 0; d < dims.length; d++) {
        dims[d] = in.readInt();
        n *= dims[d];
      }
      float[] v = new float[(int) n];
      for (int k = 0; k < v.length; k++) {
        v[k] = in.readFloat();
      }
      params.add(manager.create(v, new Shape(dims)));
    }
    return new FeatureNet(params, size, classes, got);
  }

  private static byte[] serialize(List<NDArray> params, int size, int classes) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(size);
    out.writeInt(classes);
    out.writeInt(params.size());
    for (NDArray p : params) {
      long[] dims = p.getShape().getShape();
      out.writeInt(dims.length);
      for (long d : dims) {
        out.writeInt((int) d);
      }
      for (float f : p.toFloatArray()) {
        out.writeFloat(f);
      }
    }
    out.flush();
    return bytes.toByteArray();
  }

  /** Trains the classifier on {@code data} with a fixed seed; the parameters live in {@code manager}. */
  static List<NDArray> train(ImageSet data, NDManager manager) {
    SeededRandom init = SeededRandom.stream(TRAIN_SEED, "feature-net-init");
    int s = data.rows() / 4;
    List<NDArray> params = new ArrayList<>();
    params.add(he(manager, init, new Shape(16, data.channels(), 4, 4), 16 * data.channels()));
    params.add(manager.zeros(new Shape(16)));
    params.add(he(manager, init, new Shape(32, 16, 4, 4), 16 * 16));
    params.add(manager.zeros(new Shape(32)));
    params.add(he(manager, init, new Shape(FEATURES, 32L * s * s), 32 * s * s));
    params.add(manager.zeros(new Shape(FEATURES)));
    params.add(he(manager, init, new Shape(data.classes(), FEATURES), FEATURES));
    params.add(manager.zeros(new Shape(data.classes())));
    for (NDArray p : params) {
      p.setRequiresGradient(true);
    }
    Adam adam = new Adam(params, 1e-3, 0.9, 0.999);
    SeededRandom order = SeededRandom.stream(TRAIN_SEED, "feature-net-data");
    FeatureNet net = new FeatureNet(params, data.rows(), data.classes(), "");
    for (int step = 0; step < TRAIN_STEPS; step++) {
      try (NDScope ignored = new NDScope()) {
        int[] ix = data.draw(TRAIN_BATCH, order);
        NDArray x = manager.create(data.normalized(ix), new Shape(TRAIN_BATCH, data.channels(), data.rows(), data.cols()));
        float[] oneHot = new float[TRAIN_BATCH * data.classes()];
        for (int i = 0; i < ix.length; i++) {
          oneHot[i * data.classes() + data.labels()[ix[i]]] = 1f;
        }
        NDArray y = manager.create(oneHot, new Shape(TRAIN_BATCH, data.classes()));
        Autograd.zeroGradients(params);
        try (Autograd recording = Autograd.record()) {
          NDArray logits = net.logits(net.features(x));
          NDArray loss = logits.logSoftmax(1).mul(y).sum(new int[] {1}).mean().neg();
          Autograd.backward(loss);
        }
        adam.step();
      }
    }
    return params;
  }

  private static NDArray he(NDManager m, SeededRandom rng, Shape shape, int fanIn) {
    float[] w = rng.gaussians((int) shape.size());
    float std = (float) Math.sqrt(2.0 / fanIn);
    for (int i = 0; i < w.length; i++) {
      w[i] *= std;
    }
    return m.create(w, shape);
  }

  /** Penultimate features of images {@code B x 1 x size x size} in [-1, 1]: {@code B x 64}. */
  public NDArray features(NDArray x) {
    if (x.getShape().get(2) != size) {
      throw new IllegalArgumentException("Cannot take features: image side differs from the network's (got "
          + x.getShape().get(2) + "; allowed " + size + ")");
    }
    NDArray h = Activation.leakyRelu(Conv2d.conv2d(x, params.get(0), params.get(1), new Shape(2, 2), new Shape(1, 1)).singletonOrThrow(), 0.2f);
    h = Activation.leakyRelu(Conv2d.conv2d(h, params.get(2), params.get(3), new Shape(2, 2), new Shape(1, 1)).singletonOrThrow(), 0.2f);
    h = h.reshape(h.getShape().get(0), -1);
    return Activation.relu(Linear.linear(h, params.get(4), params.get(5)).singletonOrThrow());
  }

  /** Class logits from features. */
  public NDArray logits(NDArray features) {
    return Linear.linear(features, params.get(6), params.get(7)).singletonOrThrow();
  }

  /**
   * Features and predicted classes of {@code images} (float32, {@code n x 1 x size x size}), in
   * chunks of 500 to bound memory.
   *
   * @param features {@code n x 64}, row after row
   * @param classes predicted class of each image
   */
  public record Output(float[] features, int[] classes) {}

  public Output apply(NDArray images) {
    int n = (int) images.getShape().get(0);
    float[] f = new float[n * FEATURES];
    int[] c = new int[n];
    try (Autograd paused = Autograd.pause()) {
      for (int from = 0; from < n; from += 500) {
        int to = Math.min(n, from + 500);
        try (NDScope ignored = new NDScope()) {
          NDArray feats = features(images.get(from + ":" + to).toType(DataType.FLOAT32, false));
          float[] part = feats.toFloatArray();
          System.arraycopy(part, 0, f, from * FEATURES, part.length);
          long[] pred = logits(feats).argMax(1).toLongArray();
          for (int i = 0; i < pred.length; i++) {
            c[from + i] = (int) pred[i];
          }
        }
      }
    }
    return new Output(f, c);
  }

  /** Cache key of a dataset's network: SHA-256 of the recipe, shape, pixels and labels (16 hex digits). */
  static String key(ImageSet data) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(RECIPE.getBytes(StandardCharsets.UTF_8));
      md.update(ByteBuffer.allocate(16).putInt(data.count()).putInt(data.rows()).putInt(data.cols()).putInt(data.classes()).array());
      if (data.channels() != 1) { // greyscale keys stay as they were
        md.update(ByteBuffer.allocate(4).putInt(data.channels()).array());
      }
      md.update(data.pixels());
      ByteBuffer labels = ByteBuffer.allocate(4 * data.labels().length);
      for (int l : data.labels()) {
        labels.putInt(l);
      }
      md.update(labels.array());
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}
