package io.gansweep.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.InitScheme;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GridSearchTest extends SearchStrategyContract {

  @Override
  SearchStrategy strategy() {
    return new GridSearch();
  }

  @Override
  String specText() {
    return """
        name: g
        parameters:
          dataset: {value: grid25}
          lr_g: {values: [1.0e-4, 3.0e-4, 1.0e-3]}
          ttur: {values: [1, 2, 4]}
          d_steps: {values: [1, 5]}
          init: {values: [normal02, orthogonal]}
        """;
  }

  @Override
  int expectedConfigurations() {
    return 3 * 3 * 2 * 2;
  }

  @Test
  void lastDeclaredAxisVariesFastest() throws Exception {
    List<Map<Hyperparameter<?>, Object>> c = strategy().configurations(spec());
    assertEquals(InitScheme.NORMAL02, c.get(0).get(Hyperparameter.INIT));
    assertEquals(InitScheme.ORTHOGONAL, c.get(1).get(Hyperparameter.INIT));
    assertEquals(1, c.get(1).get(Hyperparameter.D_STEPS));
    assertEquals(5, c.get(2).get(Hyperparameter.D_STEPS));
    assertEquals(1.0e-4, c.get(11).get(Hyperparameter.LR_G));
    assertEquals(3.0e-4, c.get(12).get(Hyperparameter.LR_G));
    c.forEach(m -> assertEquals("grid25", m.get(Hyperparameter.DATASET)));
  }
}
