package io.gansweep.data;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import org.apache.hadoop.fs.Path;

/**
 * The dataset API: one form of user data a spec names by a prefix ({@code points:<file>}, {@code
 * folder:<path>}). The driver reads and checks the user's data once ({@link #check}) and keeps the
 * bytes every trial will read, named by checksum ({@code data_file}, part of each trial's id); {@code
 * run} pins those bytes under {@code OUT/data}; each executor JVM parses them once ({@link #parse})
 * and shares the result among its trials ({@link DataFiles}). A form yields either a {@link
 * PointSet} or an {@link ImageSet}, which the trainer already knows how to train on and measure.
 *
 * <p>A new form is one class implementing this, one entry in {@link DataFiles#FORMS}, and its
 * prefix in the contract's {@code Datasets} (for the analysis and the catalog); the spec parser,
 * {@code run}'s pinning and the executors reach it only through {@link DataFiles}.
 */
public interface DataForm {

  /** The prefix a spec's {@code dataset} value starts with, e.g. {@code points:}. */
  String prefix();

  /** What the form reads, for the "allowed" part of a message. */
  String allowed();

  /** The extension of the pinned copy under {@code OUT/data} for a dataset value as written. */
  String extension(String dataset);

  /**
   * The driver's read of the data at {@code location}, checked against {@code options}.
   *
   * @throws java.io.FileNotFoundException when there is nothing at {@code location}
   * @throws io.gansweep.io.UserFileException when the data cannot be trained on (one line naming the file)
   */
  Checked check(Path location, Options options) throws IOException;

  /** An executor's parse of the pinned bytes (already checksum-verified) of {@code dataset}. */
  Object parse(byte[] pinned, String dataset);

  /**
   * What the sweep asks of the data.
   *
   * @param batchSize the sweep's largest batch_size
   * @param imageSize image_size (0: as the images are)
   * @param channels channels (0: from the data)
   */
  record Options(long batchSize, int imageSize, int channels) {}

  /**
   * A form's checked data.
   *
   * @param pinned the bytes every executor reads (their checksum is the trials' data_file)
   * @param data the parsed data: a {@link PointSet} or an {@link ImageSet}
   * @param sample one sample's shape as the networks see it
   * @param classes the classes class coverage counts against (an image folder's class subfolders, a
   *     points file's labels); 0 for unlabelled data. The spec parser names it in every trial
   *     ({@code data_classes}), so the analysis reads it from the rows.
   */
  record Checked(byte[] pinned, Object data, Shape sample, int classes) {}
}
