package io.gansweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.trial.Hyperparameter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The models are found through ServiceLoader, a dataset gets its built-in, and models declare only architecture keys. */
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
}
