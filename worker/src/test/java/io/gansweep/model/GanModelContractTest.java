package io.gansweep.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.Autograd;
import io.gansweep.gan.Mlp;
import io.gansweep.gan.Network;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every {@link GanModel} keeps, run against every model the class path provides: G
 * maps z to samples of the data's shape, D maps samples to one logit each, both are drawn from the
 * init stream alone (same seed, same parameters; G before D), and a sample shape the model cannot
 * take is one clear error. A model added later is held to it by being listed in the service file.
 */
class GanModelContractTest {

  /**
   * A dataset each model trains on, that dataset's sample shape, and a shape it cannot take (null:
   * torchscript builds for any shape; the driver's dry run checks its files against the data, see
   * SpecParserTest's TorchScriptWrongShape).
   */
  private static final Map<String, Object[]> DATA = Map.of(
      "mlp", new Object[] {"ring8", new Shape(2), new Shape(1, 28, 28)},
      "dcgan", new Object[] {"shapes", new Shape(1, 28, 28), new Shape(2)},
      "torchscript", new Object[] {"ring8", new Shape(2), null});

  static List<GanModel> models() {
    return Models.all();
  }

  private static TrialConfig config(GanModel m) {
    if (m instanceof TorchScriptModel) {
      try {
        return TorchScriptModelTest.ring8Trial(Map.of(), 0);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return TrialConfig.of(Map.of(Hyperparameter.DATASET, DATA.get(m.name())[0], Hyperparameter.HIDDEN, 8,
        Hyperparameter.LATENT_DIM, 4), 0);
  }

  @ParameterizedTest
  @MethodSource("models")
  void everyModelIsListedWithADataset(GanModel m) {
    assertTrue(DATA.containsKey(m.name()), "give " + m.name() + " a dataset here");
    assertTrue(m.accepts((String) DATA.get(m.name())[0]));
  }

  @ParameterizedTest
  @MethodSource("models")
  void generatorMakesSamplesAndDiscriminatorOneLogitEach(GanModel m) {
    Shape sample = (Shape) DATA.get(m.name())[1];
    TrialConfig c = config(m);
    try (NDManager manager = NDManager.newBaseManager("PyTorch"); Autograd ignored = Autograd.pause()) {
      SeededRandom init = SeededRandom.stream(0, "init");
      Network g = m.generator(c, sample, manager, DataType.FLOAT32, init);
      Network d = m.discriminator(c, sample, manager, DataType.FLOAT32, init);
      NDArray z = manager.randomNormal(new Shape(5, c.get(Hyperparameter.LATENT_DIM)));
      NDArray x = g.forward(g.weights(), z, Network.Mode.EVAL, null, false).output();
      assertEquals(new Shape(5).addAll(sample), x.getShape());
      NDArray logits = d.forward(d.weights(), x, Network.Mode.EVAL, null, false).output();
      assertEquals(5, logits.size(), "one logit per sample, got " + logits.getShape());
      assertTrue(logits.isInfinite().logicalOr(logits.isNaN()).none().getBoolean(), "finite logits");
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void parametersComeFromTheInitStreamAlone(GanModel m) {
    Shape sample = (Shape) DATA.get(m.name())[1];
    TrialConfig c = config(m);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      SeededRandom a = SeededRandom.stream(3, "init");
      SeededRandom b = SeededRandom.stream(3, "init");
      Network g1 = m.generator(c, sample, manager, DataType.FLOAT32, a);
      Network d1 = m.discriminator(c, sample, manager, DataType.FLOAT32, a);
      Network g2 = m.generator(c, sample, manager, DataType.FLOAT32, b);
      Network d2 = m.discriminator(c, sample, manager, DataType.FLOAT32, b);
      assertArrayEquals(g1.parameters().get(0).toFloatArray(), g2.parameters().get(0).toFloatArray());
      assertArrayEquals(d1.parameters().get(0).toFloatArray(), d2.parameters().get(0).toFloatArray());
      Network other = m.generator(c, sample, manager, DataType.FLOAT32, SeededRandom.stream(4, "init"));
      assertTrue(!java.util.Arrays.equals(g1.parameters().get(0).toFloatArray(), other.parameters().get(0).toFloatArray()),
          "another seed draws other weights");
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void aSampleShapeTheModelCannotTakeIsOneClearError(GanModel m) {
    Shape wrong = (Shape) DATA.get(m.name())[2];
    org.junit.jupiter.api.Assumptions.assumeTrue(wrong != null, m.name() + " takes any shape when it builds");
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      var e = assertThrows(IllegalArgumentException.class,
          () -> m.generator(config(m), wrong, manager, DataType.FLOAT32, SeededRandom.stream(0, "init")));
      assertTrue(e.getMessage().startsWith("Cannot build the " + m.name() + " model: "), e.getMessage());
      assertTrue(e.getMessage().contains("got samples shaped " + wrong), e.getMessage());
    }
  }

  /** The size a model states from the config alone is the parameter count of what it builds, with and without the normalisations. */
  @ParameterizedTest
  @MethodSource("models")
  void statedSizeIsWhatItBuilds(GanModel m) {
    Shape sample = (Shape) DATA.get(m.name())[1];
    for (TrialConfig c : List.of(config(m), config(m).with(Hyperparameter.BATCH_NORM, true).with(Hyperparameter.SPECTRAL_NORM, true))) {
      statedSizeIsWhatItBuilds(m, sample, c);
    }
    if (m.architectureKeys().containsAll(List.of(Hyperparameter.HIDDEN_D, Hyperparameter.LAYERS_D, Hyperparameter.BATCH_NORM_D,
        Hyperparameter.MINIBATCH_STDDEV))) {
      // D of its own size, shallower and wider than G, with batch norm
      statedSizeIsWhatItBuilds(m, sample, config(m).with(Hyperparameter.HIDDEN_D, 24).with(Hyperparameter.LAYERS_D, 1)
          .with(Hyperparameter.BATCH_NORM_D, true).with(Hyperparameter.MINIBATCH_STDDEV, true));
    }
  }

  private static void statedSizeIsWhatItBuilds(GanModel m, Shape sample, TrialConfig c) {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      SeededRandom init = SeededRandom.stream(0, "init");
      long built = 0;
      for (Network n : List.of(m.generator(c, sample, manager, DataType.FLOAT32, init),
          m.discriminator(c, sample, manager, DataType.FLOAT32, init))) {
        built += n.parameters().stream().mapToLong(NDArray::size).sum();
      }
      assertEquals(built, m.size(c, sample).parameters());
      assertTrue(m.size(c, sample).generatorMacs() > 0 && m.size(c, sample).discriminatorMacs() > 0);
      assertEquals(sample, Models.nominalSample((String) DATA.get(m.name())[0]));
    }
  }
}
