package io.gansweep.data;

import ai.djl.ndarray.types.Shape;
import io.gansweep.io.PinnedFiles;
import io.gansweep.io.UserFileException;
import io.gansweep.trial.TrialConfig;
import java.io.IOException;
import org.apache.hadoop.fs.Path;

/**
 * The {@code points:<file>} form ({@link DataForm}): a Parquet or CSV file of numeric columns and
 * an optional label column ({@link PointsFile}). The pinned bytes are the user's file as it is, so
 * {@code data_file} is that file's SHA-256; executors parse the pinned copy once per JVM.
 */
public final class PointsDatasets implements DataForm {

  @Override
  public String prefix() {
    return Datasets.POINTS_PREFIX;
  }

  @Override
  public String allowed() {
    return "a Parquet (.parquet) or CSV (.csv) file of numeric columns and an optional " + PointsFile.LABEL_COLUMN + " column";
  }

  @Override
  public String extension(String dataset) {
    return PointsFile.extension(dataset);
  }

  @Override
  public Checked check(Path file, Options options) throws IOException {
    if (PointsFile.extension(file.getName()) == null) {
      throw new UserFileException("read points file " + file, "its format is unknown", file.getName(), allowed());
    }
    byte[] bytes = PinnedFiles.read(file);
    PointSet set = PointsFile.read(bytes, file.toString());
    if (set.rows() < options.batchSize()) {
      throw new UserFileException("read points file " + file, "fewer rows than a batch", set.rows() + " rows; batch_size up to "
          + options.batchSize(), "at least batch_size rows (or a batch_size of at most " + set.rows() + ")");
    }
    return new Checked(bytes, set, new Shape(set.dim()), set.labelNames().size());
  }

  @Override
  public Object parse(byte[] pinned, String dataset) {
    return PointsFile.read(pinned, dataset.substring(prefix().length()));
  }

  /** {@code sha256:} and the hex SHA-256 of {@code bytes}: a file's value of data_file. */
  public static String checksum(byte[] bytes) {
    return PinnedFiles.checksum(bytes);
  }

  /**
   * The driver's check of a points file's {@code bytes} read from {@code name} (no batch check),
   * kept in this JVM under its checksum (tests; the spec parser goes through {@link DataFiles#check}).
   *
   * @throws UserFileException when it is not a points file gansweep can train on
   */
  static DataFiles.Kept check(byte[] bytes, String name) {
    PointSet set = PointsFile.read(bytes, name);
    return DataFiles.keep(Datasets.POINTS_PREFIX + name, new Checked(bytes, set, new Shape(set.dim()),
        set.labelNames().size()), PointsFile.extension(name));
  }

  /** The points of trial {@code c} ({@link DataFiles#load}). */
  public static PointSet load(TrialConfig c, String pinned) {
    return (PointSet) DataFiles.load(c, pinned);
  }
}
