package com.example.widemlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import io.gansweep.model.GanModel;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** What gansweep asks of the plug-in before it trains anything: found by name, for points only, sized from the config. */
class WideMlpModelTest {

  @Test
  void theServiceFileNamesTheModel() {
    assertTrue(ServiceLoader.load(GanModel.class).stream().anyMatch(p -> p.type() == WideMlpModel.class),
        "META-INF/services/io.gansweep.model.GanModel lists " + WideMlpModel.class.getName());
    assertEquals("widemlp", new WideMlpModel().name());
  }

  @Test
  void itTrainsOnPointsAndReadsHiddenAndLayersOnly() {
    WideMlpModel m = new WideMlpModel();
    assertTrue(m.accepts("ring8"));
    assertFalse(m.accepts("shapes"), "images are the dcgan's");
    assertFalse(m.architectureKeys().contains(Hyperparameter.BATCH_NORM));
  }

  /** hidden 4, 2 layers, latent 2, ring8's 2 coordinates: G 2·8+8 + 64+8 + 8·2+2 = 114, D 2·4+4 + 16+4 + 4+1 = 37. */
  @Test
  void sizeCountsEveryWeightAndBias() {
    TrialConfig c = TrialConfig.of(Map.of(Hyperparameter.DATASET, "ring8", Hyperparameter.HIDDEN, 4, Hyperparameter.LAYERS, 2,
        Hyperparameter.LATENT_DIM, 2), 0);
    GanModel.Size size = new WideMlpModel().size(c, new Shape(2));
    assertEquals(114 + 37, size.parameters());
    assertEquals(2 * 8 + 64 + 8 * 2, size.generatorMacs());
    assertEquals(2 * 4 + 16 + 4, size.discriminatorMacs());
  }
}
