package io.gansweep.model;

import ai.djl.ndarray.types.Shape;
import io.gansweep.data.Datasets;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The models on the class path ({@link ServiceLoader}), and which one trains a dataset.
 *
 * <p>Two class loaders are asked: this class's own (the built-ins, and a plug-in's jar on the JVM's
 * class path: {@code GANSWEEP_CLASSPATH}, or spark-submit's {@code --jars} on a client-mode
 * driver) and the thread's context class loader, where Spark puts what {@code --jars} ships to an
 * executor (its task threads' loader, which gains the jars before a task runs), whatever loader
 * holds gansweep there. What a loader provides is looked up once, and again when a name or a
 * dataset finds no model in it, since a loader such as Spark's may gain jars later. Each provider
 * class has one instance per JVM, however many loaders find it.
 */
public final class Models {

  private Models() {}

  /**
   * What each context class loader sees (null: none), on first use: the dispatcher asks for a model
   * per cost comparison. A JVM has a few such loaders (the application's, Spark's per session); the
   * models found hold their loaders, so these entries live as long as the JVM.
   */
  private static final Map<ClassLoader, List<GanModel>> FOUND = Collections.synchronizedMap(new WeakHashMap<>());

  /** The one instance of each provider class. */
  private static final Map<Class<?>, GanModel> INSTANCES = new ConcurrentHashMap<>();

  /**
   * Every model the class path provides: the built-ins, then plug-ins, each in the order the service
   * files list them (looked up once per context class loader).
   *
   * @throws IllegalStateException when a plug-in's service file names a class that cannot be
   *     loaded or made (not a GanModel, no public no-argument constructor, …)
   */
  public static List<GanModel> all() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    List<GanModel> found = FOUND.get(context);
    return found != null ? found : lookUp(context);
  }

  /** Looks up what {@code context} and this class's loader provide, again, and keeps it for {@code context}. */
  private static List<GanModel> lookUp(ClassLoader context) {
    List<GanModel> found = new ArrayList<>();
    ClassLoader own = Models.class.getClassLoader();
    for (ClassLoader loader : context == null || context == own ? List.of(own) : List.of(own, context)) {
      try {
        ServiceLoader.load(GanModel.class, loader).stream().forEach(p -> {
          GanModel m = INSTANCES.computeIfAbsent(p.type(), t -> p.get());
          if (!found.contains(m)) {
            found.add(m);
          }
        });
      } catch (ServiceConfigurationError e) {
        throw new IllegalStateException("Cannot load the models on the class path: " + e.getMessage() + " (got " + loader
            + "; allowed service files naming public classes that implement " + GanModel.class.getName()
            + " with a public no-argument constructor)", e);
      }
    }
    List<GanModel> all = List.copyOf(found);
    FOUND.put(context, all);
    return all;
  }

  /** The first model that {@code wanted} takes, looking again once when none does (a loader that gained a jar). */
  private static Optional<GanModel> first(Predicate<GanModel> wanted) {
    Optional<GanModel> m = all().stream().filter(wanted).findFirst();
    return m.isPresent() ? m : lookUp(Thread.currentThread().getContextClassLoader()).stream().filter(wanted).findFirst();
  }

  /**
   * The shape of one sample of {@code dataset} as far as it is known without reading the data:
   * a 2-D point, or a 28x28 greyscale image (shapes and the MNIST family; an IDX file's side is
   * known only once it is read; a points file's dimension too: the spec parser, which reads it,
   * uses the real one). For sizes and costs before anything is loaded.
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
    return first(m -> m.name().equals(name)).orElseThrow(() -> new IllegalArgumentException(
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

  /** One sample of {@code images}: {@code channels x rows x cols}. */
  public static Shape sampleShape(io.gansweep.data.ImageSet images) {
    return new Shape(images.channels(), images.rows(), images.cols());
  }

  /**
   * The model that trains {@code dataset} when a spec names none: the first built-in that accepts it.
   *
   * @throws IllegalArgumentException when none does
   */
  public static GanModel forDataset(String dataset) {
    return first(m -> m.defaultFor(dataset)).orElseThrow(() -> new IllegalArgumentException(
        "Cannot choose a model: none takes this dataset (got " + dataset + "; allowed data of "
            + String.join(", ", all().stream().map(GanModel::name).toList()) + ")"));
  }
}
