package io.gansweep.data;

/**
 * The dataset names a spec can give, and what every module may know of a dataset without loading
 * it: whether it is images or points from a file, and how many modes it has where that is fixed. The worker loads the
 * data ({@code ImageDatasets}, {@link Mixture}); the analysis reads only these facts.
 */
public final class Datasets {

  /** {@code shapes}: the synthetic 10-class 28x28 images drawn in code (the worker's {@code Shapes}). */
  public static final String SHAPES = "shapes";

  /** Classes of {@link #SHAPES}. */
  public static final int SHAPES_CLASSES = 10;

  /** Prefix of an IDX image dataset: {@code idx:} and the images file's path or Hadoop URI. */
  public static final String IDX_PREFIX = "idx:";

  /**
   * Prefix of a dataset of points read from a file: {@code points:} and a Parquet or CSV file's
   * path (relative to the spec's folder) or Hadoop URI. Its numeric columns are the coordinates,
   * an optional {@code label} column names each row's class (the worker's {@code PointsFile}).
   */
  public static final String POINTS_PREFIX = "points:";

  /**
   * Prefix of an image folder: {@code folder:} and a folder's path (relative to the spec's folder)
   * or Hadoop URI. PNG and JPEG files, greyscale or RGB, optionally in one subfolder per class
   * (torchvision's ImageFolder layout) (the worker's {@code ImageFolders}).
   */
  public static final String FOLDER_PREFIX = "folder:";

  private Datasets() {}

  /** Whether {@code dataset} names an image folder ({@code folder:<path>}). */
  public static boolean isFolder(String dataset) {
    return dataset.startsWith(FOLDER_PREFIX);
  }

  /**
   * Whether {@code dataset} is read by the spec parser and pinned under the output folder by
   * checksum ({@code data_file}): points files and image folders.
   */
  public static boolean isPinned(String dataset) {
    return isPoints(dataset) || isFolder(dataset);
  }

  /** Whether {@code dataset} names points read from a file ({@code points:<file>}). */
  public static boolean isPoints(String dataset) {
    return dataset.startsWith(POINTS_PREFIX);
  }

  /** Whether {@code dataset} names images (not a 2-D mixture). */
  public static boolean isImages(String dataset) {
    return dataset.equals(SHAPES) || dataset.startsWith(IDX_PREFIX) || isFolder(dataset);
  }

  /**
   * Modes K of a dataset whose count is known without loading it: a mixture's modes, the classes of
   * {@code shapes}; null for IDX images and points files (their class count is the data's).
   */
  public static Integer knownModes(String dataset) {
    return Mixture.find(dataset).map(Mixture::modes).orElse(SHAPES.equals(dataset) ? SHAPES_CLASSES : null);
  }
}
