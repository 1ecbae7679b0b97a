package io.gansweep.bench;

import ai.djl.ndarray.NDManager;
import io.gansweep.data.DataFiles;
import io.gansweep.data.DataForm;
import io.gansweep.data.ImageFolders;
import io.gansweep.data.ImageSet;
import io.gansweep.data.SeededRandom;
import io.gansweep.data.Shapes;
import io.gansweep.io.OutputLayout;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Bench section 15: what an image folder ({@code folder:<path>}) costs against data already in
 * memory, and what it holds per executor.
 *
 * <ul>
 *   <li><b>Rounds, side by side.</b> The images of {@code shapes} (generated in code and held in
 *       memory: the same tensors a folder would give) are written once as a PNG folder; then the same DCGAN trial (section 7's recipe: 28×28, base 32, batch
 *       64) runs on {@code shapes} and on {@code folder:<that folder>}, alternating, {@link #REPS}
 *       times each. A figure is the mean of the trials' median round times; the ratio is folder ÷
 *       memory, goal ≤ {@value #GOAL}. The folder is decoded once by the driver's check and shared
 *       by the JVM's trials, so the rounds should read the same bytes the same way.
 *   <li><b>Memory per executor.</b> A folder of {@value #MEMORY_IMAGES} 32×32 RGB PNGs in 10 class
 *       subfolders (deterministic patterns, written here): the driver's decode ({@link
 *       DataFiles#check}), its pin under {@code OUT/data}, then the executor's parse of the pinned
 *       bytes as {@link DataFiles#load} does it, timed, and the heap the parsed images hold (used
 *       heap after a full GC, holding them, minus before), against the pixels' own size, count ×
 *       3 × 32 × 32 bytes.
 * </ul>
 */
public final class FolderBench {

  /** Goal for a folder round ÷ an in-memory round. */
  public static final double GOAL = 1.10;

  /** Trials per variant, alternating. */
  public static final int REPS = 2;

  /** Images of the memory folder. */
  public static final int MEMORY_IMAGES = 10_000;

  /** Side of the memory folder's images. */
  public static final int MEMORY_SIDE = 32;

  private final Path dir;

  public FolderBench(Path dir) {
    this.dir = dir;
  }

  /**
   * The figures.
   *
   * @param memoryRoundMs mean median round on {@code shapes}
   * @param folderRoundMs mean median round on the same images as a PNG folder
   * @param decodeSeconds the driver's decode of the 10,000-image folder
   * @param parseMs an executor's parse of its pinned bytes
   * @param pinnedMiB the pinned file's size
   * @param heldMiB the heap the parsed images hold in an executor
   * @param pixelMiB count × channels × side² bytes
   */
  public record Result(double memoryRoundMs, double folderRoundMs, double decodeSeconds, double parseMs, double pinnedMiB,
      double heldMiB, double pixelMiB) {
    /** Folder round ÷ in-memory round. */
    public double ratio() {
      return folderRoundMs / memoryRoundMs;
    }
  }

  /** Runs both parts with {@code warmup} + {@code rounds} rounds per trial. */
  public Result run(NDManager manager, int warmup, int rounds) throws IOException {
    Workspace.clear(dir);
    Files.createDirectories(dir);
    ImageSet shapes = Shapes.train();
    Path shapesFolder = write(shapes, dir.resolve("shapes-folder"));
    String folder = "folder:" + shapesFolder;
    DataFiles.Kept kept = DataFiles.check(folder, new org.apache.hadoop.fs.Path(shapesFolder.toUri()), new DataForm.Options(64, 0, 1));
    double memory = 0;
    double onFolder = 0;
    for (int r = 0; r < REPS; r++) {
      memory += roundMs(dcgan(Shapes.NAME, null, warmup + rounds), manager, warmup) / REPS;
      onFolder += roundMs(dcgan(folder, kept, warmup + rounds), manager, warmup) / REPS;
    }

    Path rgb = generate(dir.resolve("rgb10k"), MEMORY_IMAGES, MEMORY_SIDE);
    String dataset = "folder:" + rgb;
    long t0 = System.nanoTime();
    DataFiles.Kept big = DataFiles.check(dataset, new org.apache.hadoop.fs.Path(rgb.toUri()), new DataForm.Options(64, 0, 0));
    double decode = (System.nanoTime() - t0) / 1e9;
    Path out = dir.resolve("out");
    DataFiles.pin(big.checksum(), out.toString());
    Path pinned = Path.of(OutputLayout.dataFile(OutputLayout.data(out.toString()).toString(), big.checksum(), "images").toUri().getPath());
    long before = usedHeapAfterGc(); // before the pinned bytes are read: an executor holds nothing of them yet
    byte[] bytes = Files.readAllBytes(pinned);
    double pinnedMiB = bytes.length / (1024.0 * 1024);
    long p0 = System.nanoTime();
    Object parsed = new ImageFolders().parse(bytes, dataset);
    double parse = (System.nanoTime() - p0) / 1e6;
    bytes = null; // an executor releases the pinned bytes once parsed (DataFiles.load)
    long held = usedHeapAfterGc() - before;
    ImageSet set = (ImageSet) parsed;
    double pixels = (double) set.count() * set.channels() * set.rows() * set.cols() / (1024.0 * 1024);
    return new Result(memory, onFolder, decode, parse, pinnedMiB, held / (1024.0 * 1024), pixels);
  }

  /** Section 7's DCGAN trial on {@code dataset}, {@code steps} rounds, evaluated only at the ends, on 200 samples. */
  private static TrialConfig dcgan(String dataset, DataFiles.Kept kept, int steps) {
    Map<Hyperparameter<?>, Object> m = new LinkedHashMap<>(Map.of(Hyperparameter.DATASET, dataset, Hyperparameter.BATCH_SIZE, 64,
        Hyperparameter.LATENT_DIM, 32, Hyperparameter.HIDDEN, 32, Hyperparameter.INIT, "normal02", Hyperparameter.STEPS, steps,
        Hyperparameter.LOG_EVERY, 20, Hyperparameter.EVAL_EVERY, 10_000_000, Hyperparameter.EVAL_SAMPLES, 200));
    if (kept != null) {
      m.put(Hyperparameter.DATA_FILE, kept.checksum());
      m.put(Hyperparameter.DATA_CLASSES, kept.checked().classes());
      m.put(Hyperparameter.CHANNELS, 1);
    }
    return TrialConfig.of(m, 0);
  }

  private static double roundMs(TrialConfig c, NDManager manager, int warmup) {
    double[] ms = TrainingBench.roundMillis(c, manager);
    return TrainingBench.median(ms, warmup, ms.length - 1); // the last round holds the final evaluation
  }

  /**
   * {@code set} as greyscale PNGs in one flat folder, in set order: unlabelled, so its features
   * are the fixed random network's and no classifier is trained for it (labels do not change what
   * a round reads).
   */
  static Path write(ImageSet set, Path folder) throws IOException {
    for (int i = 0; i < set.count(); i++) {
      BufferedImage img = new BufferedImage(set.cols(), set.rows(), BufferedImage.TYPE_BYTE_GRAY);
      int from = i * set.imageSize();
      for (int y = 0; y < set.rows(); y++) {
        for (int x = 0; x < set.cols(); x++) {
          img.getRaster().setSample(x, y, 0, set.pixels()[from + y * set.cols() + x] & 0xFF);
        }
      }
      Path file = folder.resolve(String.format("%06d.png", i));
      Files.createDirectories(folder);
      ImageIO.write(img, "png", file.toFile());
    }
    return folder;
  }

  /** {@code count} RGB PNGs of {@code side}², 10 class subfolders, smooth colour patterns from a fixed seed. */
  static Path generate(Path folder, int count, int side) throws IOException {
    SeededRandom rng = SeededRandom.stream(15, "folder-bench");
    for (int i = 0; i < count; i++) {
      BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_3BYTE_BGR);
      double[] f = {rng.nextDouble() * 0.5, rng.nextDouble() * 0.5, rng.nextDouble() * 6.3};
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          int r = (int) (127.5 + 127 * Math.sin(f[0] * x + f[2]));
          int g = (int) (127.5 + 127 * Math.sin(f[1] * y + f[2]));
          int b = (int) (127.5 + 127 * Math.sin(f[0] * x + f[1] * y));
          img.setRGB(x, y, (r << 16) | (g << 8) | b);
        }
      }
      Path file = folder.resolve(String.format("c%02d/%06d.png", i % 10, i));
      Files.createDirectories(file.getParent());
      ImageIO.write(img, "png", file.toFile());
    }
    return folder;
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
