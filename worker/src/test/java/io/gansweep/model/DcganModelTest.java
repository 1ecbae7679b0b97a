package io.gansweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.gansweep.data.SeededRandom;
import io.gansweep.gan.Autograd;
import io.gansweep.gan.Network;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The built-in DCGAN grows with the data: at 16×16 greyscale, 32×32 RGB and 64×64 RGB (two, three
 * and four blocks) G makes samples of the data's shape, D one logit each, and the size the model
 * states from the config alone (the spec's size check, the dispatcher's order) is the parameter
 * count of what it builds, with and without batch norm and spectral norm. GanModelContractTest
 * holds every model to this at 28×28.
 */
class DcganModelTest {

  @ParameterizedTest
  @CsvSource({"1,16", "3,32", "3,64", "1,28"})
  void buildsForTheDataShapeAndStatesItsSize(int channels, int side) {
    DcganModel model = new DcganModel();
    Shape sample = new Shape(channels, side, side);
    TrialConfig plain = TrialConfig.of(Map.of(Hyperparameter.DATASET, "shapes", Hyperparameter.HIDDEN, 8, Hyperparameter.LATENT_DIM, 4), 0);
    for (TrialConfig c : List.of(plain, plain.with(Hyperparameter.BATCH_NORM, true).with(Hyperparameter.SPECTRAL_NORM, true))) {
      try (NDManager manager = NDManager.newBaseManager("PyTorch"); Autograd ignored = Autograd.pause()) {
        SeededRandom init = SeededRandom.stream(0, "init");
        Network g = model.generator(c, sample, manager, DataType.FLOAT32, init);
        Network d = model.discriminator(c, sample, manager, DataType.FLOAT32, init);
        NDArray z = manager.randomNormal(new Shape(5, 4));
        NDArray x = g.forward(g.weights(), z, Network.Mode.EVAL, null, false).output();
        assertEquals(new Shape(5, channels, side, side), x.getShape());
        assertEquals(new Shape(5, 1), d.forward(d.weights(), x, Network.Mode.EVAL, null, false).output().getShape());
        long built = 0;
        for (Network n : List.of(g, d)) {
          built += n.parameters().stream().mapToLong(NDArray::size).sum();
        }
        assertEquals(built, model.size(c, sample).parameters(), c.toString());
        assertTrue(model.size(c, sample).generatorMacs() > 0 && model.size(c, sample).discriminatorMacs() > 0);
      }
    }
  }

  /**
   * The table in docs/guide/image-folders.md ("The model"): parameters of G and D together at
   * hidden 32, latent 32, RGB, counted on the networks built.
   */
  @ParameterizedTest
  @CsvSource({"16,103556", "28,175364", "32,400708", "64,1519300"})
  void theGuidesTableIsWhatItBuilds(int side, long parameters) {
    DcganModel model = new DcganModel();
    Shape sample = new Shape(3, side, side);
    TrialConfig c = TrialConfig.of(Map.of(Hyperparameter.DATASET, "shapes", Hyperparameter.HIDDEN, 32, Hyperparameter.LATENT_DIM, 32), 0);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      SeededRandom init = SeededRandom.stream(0, "init");
      long built = model.generator(c, sample, manager, DataType.FLOAT32, init).parameters().get(0).size()
          + model.discriminator(c, sample, manager, DataType.FLOAT32, init).parameters().get(0).size();
      assertEquals(parameters, built);
    }
  }
}
