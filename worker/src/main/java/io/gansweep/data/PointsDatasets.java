package io.gansweep.data;

import io.gansweep.io.HadoopConf;
import io.gansweep.io.OutputLayout;
import io.gansweep.io.Publisher;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The {@code points:<file>} datasets, as the TorchScript model's files are handled: the driver reads
 * the user's file once and checks it ({@link #check}); a trial names it by checksum ({@code
 * data_file}, part of its id, so a changed file is another sweep); {@code run} pins it under the
 * output folder as {@code OUT/data/<hex>.<ext>} ({@link #pin}), where each executor reads it,
 * checksum verified, once per JVM ({@link #load}): executors need no shared path to the user's file.
 */
public final class PointsDatasets {

  /** Parsed files by checksum: those the driver checked, and those an executor read once from the output folder. */
  private static final Map<String, PointSet> SETS = new ConcurrentHashMap<>();
  /** The bytes of the files the driver checked, by checksum, until they are pinned. */
  private static final Map<String, byte[]> CHECKED = new ConcurrentHashMap<>();

  private PointsDatasets() {}

  /** {@code sha256:} and the hex SHA-256 of {@code bytes}: a file's value of data_file. */
  public static String checksum(byte[] bytes) {
    return Hyperparameter.SHA256 + io.gansweep.io.Checksummed.sha256(bytes);
  }

  /**
   * The driver's check of a file read from {@code name}: parses it ({@link PointsFile#read}) and
   * keeps it in this JVM under its checksum, which it returns with the points.
   *
   * @throws DataFileException when it is not a points file gansweep can train on
   */
  public static Checked check(byte[] bytes, String name) {
    PointSet set = PointsFile.read(bytes, name);
    String sum = checksum(bytes);
    CHECKED.put(sum, bytes);
    SETS.put(sum, set);
    return new Checked(sum, set);
  }

  /** A checked file: its checksum and its points. */
  public record Checked(String checksum, PointSet points) {}

  /** The whole of a file at {@code file}, a local path or any Hadoop URI. */
  public static byte[] read(Path file) throws IOException {
    FileSystem fs = file.getFileSystem(HadoopConf.create());
    try (InputStream in = fs.open(file)) {
      return in.readAllBytes();
    }
  }

  /**
   * The driver's side: publishes the file of {@code checksum} (checked in this JVM) as {@code
   * OUT/data/<hex>.<extension>} unless it is there already; returns whether it wrote it.
   */
  public static boolean pin(String checksum, String extension, String out) throws IOException {
    byte[] bytes = CHECKED.get(checksum);
    if (bytes == null) {
      throw new IllegalStateException("Cannot pin data file " + checksum + ": this JVM has not checked it (got an unchecked file; "
          + "allowed files the spec parser checked)");
    }
    return new Publisher().publish(OutputLayout.dataFile(OutputLayout.data(out).toString(), checksum, extension),
        Publisher.IfPresent.KEEP, bytes);
  }

  /**
   * The points of trial {@code c} (a {@code points:<file>} dataset): known to this JVM by its
   * {@code data_file} checksum, or read from the folder the driver pinned them in under {@code
   * pinned} (null: only files known to this JVM) and verified.
   */
  public static PointSet load(TrialConfig c, String pinned) {
    String dataset = c.get(Hyperparameter.DATASET);
    String checksum = c.get(Hyperparameter.DATA_FILE);
    PointSet known = SETS.get(checksum);
    if (known != null) {
      return known;
    }
    if (pinned == null || checksum.equals(Hyperparameter.DATA_FILE.defaultValue())) {
      throw new IllegalStateException("Cannot find the file of dataset " + dataset + ": this JVM has not read it and no output folder"
          + " holds it (got data_file " + checksum + ", output folder " + pinned + "; allowed a trial dispatched by run, which pins it"
          + " under OUT/" + OutputLayout.DATA + ")");
    }
    return SETS.computeIfAbsent(checksum, sum -> {
      String ext = PointsFile.extension(dataset);
      Path file = OutputLayout.dataFile(OutputLayout.data(pinned).toString(), sum, ext);
      byte[] bytes;
      try {
        bytes = read(file);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read data file " + file + ": " + e.getMessage(), e);
      }
      String got = checksum(bytes);
      if (!got.equals(sum)) {
        throw new IllegalStateException("Cannot use data file " + file + ": its checksum changed since the driver pinned it (got " + got
            + "; allowed " + sum + ")");
      }
      return PointsFile.read(bytes, dataset.substring(Datasets.POINTS_PREFIX.length()));
    });
  }

  /** Forgets every file this JVM knows, as a fresh executor would (tests of the pinned path). */
  static void forget() {
    SETS.clear();
    CHECKED.clear();
  }
}
