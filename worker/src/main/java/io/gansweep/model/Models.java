package io.gansweep.model;

import java.util.List;
import java.util.ServiceLoader;

/** The models on the classpath ({@link ServiceLoader}), and which one trains a dataset. */
public final class Models {

  private Models() {}

  /** Every model the class path provides, in the order the service files list them. */
  public static List<GanModel> all() {
    return ServiceLoader.load(GanModel.class, Models.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();
  }

  /**
   * The model that trains {@code dataset} when a spec names none: the first that accepts it.
   *
   * @throws IllegalArgumentException when none does
   */
  public static GanModel forDataset(String dataset) {
    List<GanModel> all = all();
    return all.stream().filter(m -> m.accepts(dataset)).findFirst().orElseThrow(() -> new IllegalArgumentException(
        "Cannot choose a model: none takes this dataset (got " + dataset + "; allowed data of "
            + String.join(", ", all.stream().map(GanModel::name).toList()) + ")"));
  }
}
