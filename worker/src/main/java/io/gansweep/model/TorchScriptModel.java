package io.gansweep.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.Autograd;
import io.gansweep.io.UserFileException;
import io.gansweep.gan.Network;
import io.gansweep.gan.TorchScriptNetwork;
import io.gansweep.io.OutputLayout;
import io.gansweep.io.PinnedFiles;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.InitScheme;
import io.gansweep.trial.TrialConfig;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.Path;

/**
 * A user's own G and D, saved by PyTorch as TorchScript ({@code model: {type: torchscript,
 * generator: g.pt, discriminator: d.pt}}). A trial names its files by checksum ({@code
 * generator_file}, {@code discriminator_file}: part of its id); the driver checks them once
 * ({@link #check}) and pins them under the output folder, where executors read them ({@link
 * OutputLayout#models}), checksum verified, once per JVM.
 *
 * <p>It reads no architecture key but its files (the architecture is the file's), takes any init
 * scheme but equalized (which needs a run-time scale) and {@code as_saved} (the file's own
 * weights), and trains each trial alone (its file keys are {@link
 * Hyperparameter.Packing#ALONE_UNLESS_DEFAULT}).
 */
public final class TorchScriptModel implements GanModel {

  /** The model's name in a spec. */
  public static final String NAME = "torchscript";

  /** Files by checksum: those the driver checked, and those an executor read once from the output folder. */
  private static final PinnedFiles FILES = new PinnedFiles("model file");
  /** Parameters of each file by checksum, counted when it was checked or first built. */
  private static final Map<String, Long> PARAMETERS = new ConcurrentHashMap<>();

  /** Output folder of the pinned files, null: only files known to this JVM. */
  private final String out;

  /** The service's instance ({@link java.util.ServiceLoader}). */
  public TorchScriptModel() {
    this(null);
  }

  private TorchScriptModel(String out) {
    this.out = out;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Any data: the driver's dry run ({@link #check}) finds whether the files fit its samples. */
  @Override
  public boolean accepts(String dataset) {
    return true;
  }

  @Override
  public Set<Hyperparameter<?>> architectureKeys() {
    return Set.of(Hyperparameter.GENERATOR_FILE, Hyperparameter.DISCRIMINATOR_FILE);
  }

  @Override
  public Set<InitScheme> initSchemes() {
    return EnumSet.complementOf(EnumSet.of(InitScheme.EQUALIZED));
  }

  @Override
  public GanModel pinnedIn(String folder) {
    return folder == null ? this : new TorchScriptModel(folder);
  }

  @Override
  public Network generator(TrialConfig c, Shape sample, NDManager manager, DataType dtype, SeededRandom init) {
    return network(c.get(Hyperparameter.GENERATOR_FILE), "generator", false, manager, dtype, c.get(Hyperparameter.INIT), init);
  }

  @Override
  public Network discriminator(TrialConfig c, Shape sample, NDManager manager, DataType dtype, SeededRandom init) {
    return network(c.get(Hyperparameter.DISCRIMINATOR_FILE), "discriminator", true, manager, dtype, c.get(Hyperparameter.INIT), init);
  }

  private Network network(String checksum, String role, boolean logits, NDManager manager, DataType dtype, InitScheme init,
      SeededRandom rng) {
    if (dtype != DataType.FLOAT32) {
      throw new IllegalArgumentException("Cannot build a TorchScript " + role + ": its files train in float32 (got " + dtype
          + "; allowed float32)");
    }
    TorchScriptNetwork n = new TorchScriptNetwork(bytes(checksum), role + " " + checksum, logits, manager, init, rng);
    PARAMETERS.computeIfAbsent(checksum, k -> count(n));
    return n;
  }

  /** TorchScript trials train alone: a module cannot be stacked into rows of one network. */
  @Override
  public Network stack(List<Network> nets, List<SeededRandom> dropout) {
    throw new IllegalStateException("Cannot pack TorchScript networks: each trial trains alone (got a pack of " + nets.size()
        + "; allowed 1, which generator_file and discriminator_file ask of the packer)");
  }

  /**
   * The files' parameters as counted when they were checked; each network's multiply-adds per
   * sample taken as its parameter count (exact for linear layers, a lower bound for convolutions,
   * whose weights are reused across positions): the dispatcher's order and the size check need a
   * rank, not a cost.
   */
  @Override
  public Size size(TrialConfig c, Shape sample) {
    long g = PARAMETERS.getOrDefault(c.get(Hyperparameter.GENERATOR_FILE), 0L);
    long d = PARAMETERS.getOrDefault(c.get(Hyperparameter.DISCRIMINATOR_FILE), 0L);
    return new Size(g + d, g, d);
  }

  /** {@code sha256:} and the hex SHA-256 of {@code bytes}: a file's value of generator_file or discriminator_file. */
  public static String checksum(byte[] bytes) {
    return PinnedFiles.checksum(bytes);
  }

  /**
   * The driver's side: publishes the file of {@code checksum} (checked in this JVM by {@link #check})
   * as {@code OUT/models/<hex>.pt} unless it is there already; returns whether it wrote it.
   */
  public static boolean pin(String checksum, String out) throws IOException {
    return FILES.pin(checksum, OutputLayout.model(OutputLayout.models(out).toString(), checksum));
  }

  /** Forgets every file this JVM knows, as a fresh executor would (tests of the pinned path). */
  static void forgetFiles() {
    FILES.forget();
  }

  /** The bytes of a file by checksum: known to this JVM, or read from the pinned folder and verified. */
  private byte[] bytes(String checksum) {
    byte[] known = FILES.kept(checksum);
    if (known != null) {
      return known;
    }
    if (out == null) {
      throw new IllegalStateException("Cannot find model file " + checksum + ": this JVM has not checked it and no output folder "
          + "was given (got no pinned folder; allowed a trial dispatched by run, which pins the files under OUT/"
          + OutputLayout.MODELS + ")");
    }
    return FILES.readPinned(checksum, OutputLayout.model(OutputLayout.models(out).toString(), checksum));
  }

  /** The whole of a model file at {@code file} (local or any Hadoop URI): the spec's files, the pinned copies. */
  public static byte[] read(Path file) throws IOException {
    return PinnedFiles.read(file);
  }

  /**
   * The driver's check of a pair, before anything is dispatched: both files load as TorchScript,
   * G maps two latent vectors {@code [2, latent]} to two samples shaped {@code [2, sample...]},
   * and D maps those to two logits ({@code [2]} or {@code [2, 1]}), all finite. Returns the pair's
   * checksums (G's, D's), now known to this JVM. Every failure is one line naming the file, what
   * it gave and what was expected.
   *
   * @param generator the generator file's bytes, named {@code gName} in messages
   * @param dataset the data the sweep trains on, named in messages
   */
  public static List<String> check(byte[] generator, String gName, byte[] discriminator, String dName, int latent, Shape sample,
      String dataset) {
    try (NDManager manager = NDManager.newBaseManager("PyTorch"); Autograd ignored = Autograd.pause()) {
      TorchScriptNetwork g = new TorchScriptNetwork(generator, gName, false, manager, InitScheme.AS_SAVED, null);
      TorchScriptNetwork d = new TorchScriptNetwork(discriminator, dName, true, manager, InitScheme.AS_SAVED, null);
      Shape zShape = new Shape(2, latent);
      NDArray z = manager.create(SeededRandom.stream(0, "model-check").gaussians(2 * latent), zShape);
      Shape want = new Shape(2).addAll(sample);
      NDArray x = run(g, z, "generator " + gName, "z " + zShape + " (latent_dim " + latent + ")", "samples " + want + " of " + dataset);
      if (!x.getShape().equals(want)) {
        throw new UserFileException("use generator " + gName, "its output has the wrong shape for " + dataset,
            x.getShape() + " from z " + zShape, want.toString(), null);
      }
      finite(x, "generator " + gName);
      NDArray logits = run(d, x, "discriminator " + dName, "samples " + want, "logits (2) or (2, 1)");
      if (!logits.getShape().equals(new Shape(2, 1))) {
        throw new UserFileException("use discriminator " + dName, "its output is not one logit per sample",
            logits.getShape() + " from samples " + want, "(2) or (2, 1)", null);
      }
      finite(logits, "discriminator " + dName);
      String gSum = FILES.keep(generator);
      String dSum = FILES.keep(discriminator);
      PARAMETERS.put(gSum, count(g));
      PARAMETERS.put(dSum, count(d));
      return List.of(gSum, dSum);
    }
  }

  private static NDArray run(TorchScriptNetwork net, NDArray in, String name, String input, String expected) {
    try {
      return net.forward(net.weights(), in, Network.Mode.TRAIN, null, false).output();
    } catch (RuntimeException e) {
      throw new UserFileException("use " + name, "it fails on " + input, UserFileException.firstLine(e),
          "a module taking that to " + expected, e);
    }
  }

  private static void finite(NDArray a, String name) {
    if (a.isNaN().any().getBoolean() || a.isInfinite().any().getBoolean()) {
      throw new UserFileException("use " + name, "its outputs are not finite", "NaN or Inf in " + a.getShape(), "finite values", null);
    }
  }

  private static long count(TorchScriptNetwork n) {
    return n.parameters().stream().mapToLong(p -> p.getShape().size()).sum();
  }
}
