package io.gansweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.Network;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The models are found through ServiceLoader (this class's loader and the thread's context class
 * loader, where Spark's {@code --jars} puts a plug-in on executors), a dataset gets its built-in,
 * and models declare only architecture keys.
 */
class ModelsTest {

  @Test
  void builtInModelsAreFoundByServiceLoader() {
    assertEquals(List.of("mlp", "dcgan", "torchscript"), Models.all().stream().map(GanModel::name).toList());
    assertEquals("torchscript", Models.named("torchscript").name());
    assertEquals("mlp", Models.forDataset("ring8").name());
    assertEquals("mlp", Models.forDataset("grid25").name());
    assertEquals("dcgan", Models.forDataset("shapes").name());
    assertEquals("dcgan", Models.forDataset("idx:/data/train-images-idx3-ubyte").name());
  }

  @Test
  void modelsDeclareArchitectureKeysOnly() {
    for (GanModel m : Models.all()) {
      for (Hyperparameter<?> h : m.architectureKeys()) {
        assertEquals(Hyperparameter.Scope.ARCHITECTURE, h.scope(), m.name() + " declares " + h.key());
      }
    }
    assertTrue(Models.forDataset("ring8").architectureKeys().contains(Hyperparameter.LAYERS));
    assertFalse(Models.forDataset("shapes").architectureKeys().contains(Hyperparameter.LAYERS), "the DCGAN's depth is fixed");
  }

  /**
   * A plug-in that only the thread's context class loader sees, as Spark's {@code --jars} leaves it
   * on an executor (its task threads' loader, which gains the jar while gansweep sits in another):
   * found, once the loader has it, though an earlier look in that loader found nothing, always as
   * one instance; and not found from a thread whose loader does not have it.
   */
  @Test
  void aPlugInOnlyTheContextClassLoaderSeesIsFoundOnceItsLoaderGainsTheJar(@TempDir Path dir) throws Exception {
    Path plugin = servicesFolder(dir, TestOnly.class.getName());
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try (GrowingLoader executor = new GrowingLoader(before)) {
      thread.setContextClassLoader(executor);
      assertThrows(IllegalArgumentException.class, () -> Models.named(TestOnly.NAME), "the jar is not there yet");
      executor.add(plugin);
      assertEquals(TestOnly.NAME, Models.named(TestOnly.NAME).name());
      assertSame(Models.named(TestOnly.NAME), Models.named(TestOnly.NAME));
      assertEquals(List.of("mlp", "dcgan", "torchscript", TestOnly.NAME), Models.all().stream().map(GanModel::name).toList());
      assertSame(Models.forDataset("ring8"), new GrowingLoaderThread(before).forDataset("ring8"),
          "a built-in is one instance whichever loader finds it");
    } finally {
      thread.setContextClassLoader(before);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.named(TestOnly.NAME));
    assertEquals("Cannot choose model test-only: no model of that name is on the class path (got test-only; allowed mlp, dcgan, "
        + "torchscript, or a plug-in's jar on the class path)", e.getMessage());
  }

  /** A service file naming a class that is not there: one line naming it, not a ServiceConfigurationError. */
  @Test
  void aPlugInWhoseClassIsMissingIsOneLine(@TempDir Path dir) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try (GrowingLoader broken = new GrowingLoader(before)) {
      broken.add(servicesFolder(dir, "com.example.NoSuchModel"));
      thread.setContextClassLoader(broken);
      IllegalStateException e = assertThrows(IllegalStateException.class, Models::all);
      assertTrue(e.getMessage().startsWith("Cannot load the models on the class path: io.gansweep.model.GanModel: Provider "
          + "com.example.NoSuchModel not found (got "), e.getMessage());
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  /** A folder holding a service file that names {@code provider}, as a plug-in's jar does. */
  static Path servicesFolder(Path dir, String provider) throws Exception {
    Path services = Files.createDirectories(dir.resolve("plugin/META-INF/services"));
    Files.writeString(services.resolve(GanModel.class.getName()), provider + "\n");
    return dir.resolve("plugin");
  }

  /** A class loader that gains entries later, as Spark's executor loader gains {@code --jars}. */
  static final class GrowingLoader extends URLClassLoader {
    GrowingLoader(ClassLoader parent) {
      super(new URL[0], parent);
    }

    void add(Path entry) throws MalformedURLException {
      addURL(entry.toUri().toURL());
    }
  }

  /** Asks for a model from another thread whose context class loader is {@code loader}. */
  record GrowingLoaderThread(ClassLoader loader) {
    GanModel forDataset(String dataset) throws InterruptedException {
      GanModel[] found = new GanModel[1];
      Thread t = new Thread(() -> found[0] = Models.forDataset(dataset));
      t.setContextClassLoader(loader);
      t.start();
      t.join();
      return found[0];
    }
  }

  /** A plug-in for these tests: the built-in MLP under another name. */
  public static final class TestOnly implements GanModel {
    static final String NAME = "test-only";
    private final GanModel mlp = new MlpModel();

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public boolean accepts(String dataset) {
      return mlp.accepts(dataset);
    }

    @Override
    public Set<Hyperparameter<?>> architectureKeys() {
      return mlp.architectureKeys();
    }

    @Override
    public Network generator(TrialConfig c, Shape sample, NDManager manager, DataType dtype, SeededRandom init) {
      return mlp.generator(c, sample, manager, dtype, init);
    }

    @Override
    public Network discriminator(TrialConfig c, Shape sample, NDManager manager, DataType dtype, SeededRandom init) {
      return mlp.discriminator(c, sample, manager, dtype, init);
    }

    @Override
    public Network stack(List<Network> nets, List<SeededRandom> dropout) {
      return mlp.stack(nets, dropout);
    }

    @Override
    public Size size(TrialConfig c, Shape sample) {
      return mlp.size(c, sample);
    }
  }
}
