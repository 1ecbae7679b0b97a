package io.gansweep.model;

import ai.djl.ndarray.types.Shape;
import io.gansweep.data.Datasets;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.util.List;
import java.util.ServiceLoader;

/** The models on the classpath ({@link ServiceLoader}), and which one trains a dataset. */
public final class Models {

  private Models() {}

  /** Every model the class path provides, in the order the service files list them (looked up once per JVM). */
  public static List<GanModel> all() {
    return Loaded.ALL;
  }

  /** The providers, found on first use: the dispatcher asks for a model per cost comparison. */
  private static final class Loaded {
    static final List<GanModel> ALL =
        ServiceLoader.load(GanModel.class, Models.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();
  }

  /**
   * The shape of one sample of {@code dataset} as far as it is known without reading the data:
   * a 2-D point, or a 28x28 greyscale image (shapes and the MNIST family; an IDX file's side is
   * known only once it is read). For sizes and costs before anything is loaded.
   */
  public static Shape nominalSample(String dataset) {
    return Datasets.isImages(dataset) ? new Shape(1, 28, 28) : new Shape(2);
  }

  /** The model of trial {@code c}: the one its {@code model} key names, or for {@code auto} the dataset's ({@link #forDataset}). */
  public static GanModel of(TrialConfig c) {
    String name = c.get(Hyperparameter.MODEL);
    return name.equals(Hyperparameter.MODEL.defaultValue()) ? forDataset(c.get(Hyperparameter.DATASET)) : named(name);
  }

  /**
   * The model called {@code name}.
   *
   * @throws IllegalArgumentException when the class path has none (a plug-in's jar missing)
   */
  public static GanModel named(String name) {
    return all().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
        "Cannot choose model " + name + ": no model of that name is on the class path (got " + name + "; allowed "
            + String.join(", ", all().stream().map(GanModel::name).toList()) + ", or a plug-in's jar on the class path)"));
  }

  /**
   * The shape of one sample of {@code dataset} as trials train on it: IDX images are read for
   * their side ({@link io.gansweep.data.ImageDatasets#load}, cached per JVM), the rest as {@link
   * #nominalSample}. For the driver's check of a model's files against the data.
   */
  public static Shape sample(String dataset) {
    return dataset.startsWith(Datasets.IDX_PREFIX) ? sampleShape(io.gansweep.data.ImageDatasets.load(dataset)) : nominalSample(dataset);
  }

  /** One sample of {@code images}: {@code 1 x rows x cols}. */
  public static Shape sampleShape(io.gansweep.data.ImageSet images) {
    return new Shape(1, images.rows(), images.cols());
  }

  /**
   * The model that trains {@code dataset} when a spec names none: the first built-in that accepts it.
   *
   * @throws IllegalArgumentException when none does
   */
  public static GanModel forDataset(String dataset) {
    List<GanModel> all = all();
    return all.stream().filter(m -> m.defaultFor(dataset)).findFirst().orElseThrow(() -> new IllegalArgumentException(
        "Cannot choose a model: none takes this dataset (got " + dataset + "; allowed data of "
            + String.join(", ", all.stream().map(GanModel::name).toList()) + ")"));
  }
}
