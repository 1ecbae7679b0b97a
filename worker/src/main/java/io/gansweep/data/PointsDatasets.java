package io.gansweep.data;

import io.gansweep.io.UserFileException;
import io.gansweep.io.OutputLayout;
import io.gansweep.io.PinnedFiles;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
  /** The bytes of the files the driver checked, and those an executor read from the output folder, by checksum. */
  private static final PinnedFiles FILES = new PinnedFiles("data file");

  private PointsDatasets() {}

  /** {@code sha256:} and the hex SHA-256 of {@code bytes}: a file's value of data_file. */
  public static String checksum(byte[] bytes) {
    return PinnedFiles.checksum(bytes);
  }

  /**
   * The driver's check of a file read from {@code name}: parses it ({@link PointsFile#read}) and
   * keeps it in this JVM under its checksum, which it returns with the points.
   *
   * @throws UserFileException when it is not a points file gansweep can train on
   */
  public static Checked check(byte[] bytes, String name) {
    PointSet set = PointsFile.read(bytes, name);
    String sum = FILES.keep(bytes);
    SETS.put(sum, set);
    return new Checked(sum, set);
  }

  /** A checked file: its checksum and its points. */
  public record Checked(String checksum, PointSet points) {}

  /** The whole of a file at {@code file}, a local path or any Hadoop URI. */
  public static byte[] read(Path file) throws IOException {
    return PinnedFiles.read(file);
  }

  /**
   * The driver's side: publishes the file of {@code checksum} (checked in this JVM) as {@code
   * OUT/data/<hex>.<extension>} unless it is there already; returns whether it wrote it.
   */
  public static boolean pin(String checksum, String extension, String out) throws IOException {
    return FILES.pin(checksum, OutputLayout.dataFile(OutputLayout.data(out).toString(), checksum, extension));
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
    return SETS.computeIfAbsent(checksum, sum -> PointsFile.read(
        FILES.readPinned(sum, OutputLayout.dataFile(OutputLayout.data(pinned).toString(), sum, PointsFile.extension(dataset))),
        dataset.substring(Datasets.POINTS_PREFIX.length())));
  }

  /** Forgets every file this JVM knows, as a fresh executor would (tests of the pinned path). */
  static void forget() {
    SETS.clear();
    FILES.forget();
  }
}
