package io.gansweep.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.spec.SpecParser;
import io.gansweep.spec.SweepSpec;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract every {@link SearchStrategy} must meet; one subclass per implementation. */
abstract class SearchStrategyContract {

  /** The sampled space random search and tpe are held to: one parameter of every distribution, a categorical and a fixed one. */
  static final String SAMPLED_SPACE = """
      parameters:
        lr_g: {distribution: log_uniform, min: 1.0e-5, max: 1.0e-2}
        adam_beta1: {distribution: uniform, min: 0.0, max: 0.9}
        d_steps: {distribution: int_uniform, min: 1, max: 5}
        loss: {values: [nsgan, hinge, wgan]}
        steps: {value: 500}
      """;

  abstract SearchStrategy strategy();

  /** A spec this strategy accepts, with at least two swept axes and several configurations. */
  abstract String specText();

  abstract int expectedConfigurations();

  SweepSpec spec() throws Exception {
    return SpecParser.parse(specText(), getClass().getSimpleName());
  }

  @Test
  void expandsToTheExpectedNumberOfDistinctConfigurations() throws Exception {
    List<Map<Hyperparameter<?>, Object>> configs = strategy().configurations(spec());
    assertEquals(expectedConfigurations(), configs.size());
    assertEquals(configs.size(), new HashSet<>(configs).size(), "configurations are distinct");
  }

  @Test
  void isDeterministic() throws Exception {
    assertEquals(strategy().configurations(spec()), strategy().configurations(spec()));
  }

  @Test
  void everyConfigurationBuildsAValidTrialConfig() throws Exception {
    for (Map<Hyperparameter<?>, Object> c : strategy().configurations(spec())) {
      TrialConfig t = TrialConfig.of(c, 0);
      c.forEach((h, v) -> assertEquals(v, t.get(h), h.key()));
    }
  }

  @Test
  void valuesStayInsideTheirDomains() throws Exception {
    SweepSpec s = spec();
    for (Map<Hyperparameter<?>, Object> c : strategy().configurations(s)) {
      for (var p : s.parameters()) {
        assertTrue(InDomain.contains(p.domain(), c.get(p.param())), p.param().key() + "=" + c.get(p.param()));
      }
    }
  }
}
