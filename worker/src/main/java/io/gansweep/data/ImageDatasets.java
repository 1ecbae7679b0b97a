package io.gansweep.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The image datasets a trial can name: {@code shapes} and {@code idx:<path>}. Each is read once
 * per JVM and shared by every trial an executor runs.
 */
public final class ImageDatasets {

  private static final ConcurrentHashMap<String, ImageSet> LOADED = new ConcurrentHashMap<>();

  private ImageDatasets() {}

  /**
   * The images of trial {@code c}: an image folder's from {@link DataFiles#load} (pinned under {@code
   * pinned}), the others as {@link #load(String)}.
   */
  public static ImageSet load(io.gansweep.trial.TrialConfig c, String pinned) {
    String dataset = c.get(io.gansweep.trial.Hyperparameter.DATASET);
    return DataFiles.form(dataset).isPresent() ? (ImageSet) DataFiles.load(c, pinned) : load(dataset);
  }

  /**
   * The images of {@code dataset}: square, with a side the convnets take ({@code ConvNet.SIDES}).
   * An image folder is known only to the driver that checked it ({@link DataFiles#checked}).
   */
  public static ImageSet load(String dataset) {
    if (DataFiles.form(dataset).isPresent()) {
      ImageSet checked = (ImageSet) DataFiles.checked(dataset);
      if (checked == null) {
        throw new IllegalStateException("Cannot load images " + dataset + ": the spec parser has not read this folder in this JVM (got "
            + dataset + "; allowed a folder the spec named, or ImageDatasets.load(config, pinned) on an executor)");
      }
      return checked;
    }
    return LOADED.computeIfAbsent(dataset, d -> {
      ImageSet set;
      if (d.equals(Shapes.NAME)) {
        set = Shapes.train();
      } else if (d.startsWith(Datasets.IDX_PREFIX)) {
        try {
          set = IdxReader.read(d.substring(Datasets.IDX_PREFIX.length()));
        } catch (IOException e) {
          throw new UncheckedIOException(e.getMessage(), e);
        }
      } else {
        throw new IllegalArgumentException("Cannot load images: not an image dataset (got " + d + "; allowed shapes, idx:<path>)");
      }
      if (set.rows() != set.cols() || !io.gansweep.gan.ConvNet.takesSide(set.rows())) {
        throw new IllegalArgumentException(String.format(
            "Cannot train on %s: images are %dx%d (got %dx%d; allowed square images with a side that is %s)",
            d, set.rows(), set.cols(), set.rows(), set.cols(), io.gansweep.gan.ConvNet.SIDES));
      }
      return set;
    });
  }
}
