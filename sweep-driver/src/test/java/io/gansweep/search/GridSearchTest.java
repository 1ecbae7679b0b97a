package io.gansweep.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gansweep.spec.SpecParser;
import io.gansweep.spec.SweepSpec;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.InitScheme;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Grid search's own order; {@link SamplerContractTest} holds it to every sampler's contract. */
class GridSearchTest {

  @Test
  void lastDeclaredAxisVariesFastest() throws Exception {
    SweepSpec spec = SpecParser.parse("name: g\n" + SamplerContractTest.LISTED_SPACE, "inline");
    List<Map<Hyperparameter<?>, Object>> c = new GridSearch().ask(spec, Sampler.History.NONE, 100);
    assertEquals(36, c.size());
    assertEquals(36, new GridSearch().budget(spec));
    assertEquals(InitScheme.NORMAL02, c.get(0).get(Hyperparameter.INIT));
    assertEquals(InitScheme.ORTHOGONAL, c.get(1).get(Hyperparameter.INIT));
    assertEquals(1, c.get(1).get(Hyperparameter.D_STEPS));
    assertEquals(5, c.get(2).get(Hyperparameter.D_STEPS));
    assertEquals(1.0e-4, c.get(11).get(Hyperparameter.LR_G));
    assertEquals(3.0e-4, c.get(12).get(Hyperparameter.LR_G));
    c.forEach(m -> assertEquals("grid25", m.get(Hyperparameter.DATASET)));
  }
}
