package io.gansweep.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.spec.InvalidSpecException;
import io.gansweep.spec.SearchMethod;
import io.gansweep.spec.SpecParser;
import io.gansweep.spec.SweepSpec;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract of every sampler: each {@link SearchMethod}'s, so a new method is held to it
 * without a line here. Samplers are driven as the wave engine drives them ({@link Waves}), with a
 * synthetic ranking in place of training.
 */
class SamplerContractTest {

  /** The sampled space: one parameter of every distribution, a categorical and a fixed one. */
  static final String SAMPLED_SPACE = """
      parameters:
        lr_g: {distribution: log_uniform, min: 1.0e-5, max: 1.0e-2}
        adam_beta1: {distribution: uniform, min: 0.0, max: 0.9}
        d_steps: {distribution: int_uniform, min: 1, max: 5}
        loss: {values: [nsgan, hinge, wgan]}
        steps: {value: 500}
      """;

  /** A space of values only, for a method that enumerates (grid): 3 x 3 x 2 x 2 = 36 configurations. */
  static final String LISTED_SPACE = """
      parameters:
        dataset: {value: grid25}
        lr_g: {values: [1.0e-4, 3.0e-4, 1.0e-3]}
        ttur: {values: [1, 2, 4]}
        d_steps: {values: [1, 5]}
        init: {values: [normal02, orthogonal]}
      """;

  /** A spec of the method: 24 samples (a random start of 6 where the method has one) over the sampled space, else the listed one. */
  static SweepSpec spec(SearchMethod m, long seed) throws InvalidSpecException {
    Sampler s = m.sampler();
    String head = "name: c\nmethod: " + m.wireName() + "\n" + (m.samples() ? "samples: 24\nseed: " + seed + "\n" : "")
        + (s.settings().contains("n_startup") ? "n_startup: 6\n" : "")
        + (s.settings().contains("pbt") ? "pbt: {interval: 250}\n" : ""); // generations end on an evaluation
    return SpecParser.parse(head + (m.samples() ? SAMPLED_SPACE : LISTED_SPACE) + (s.settings().contains("pbt") ? "  eval_every: {value: 250}\n" : ""),
        "contract " + m.wireName());
  }

  /** A synthetic ranking: by distance to lr_g 3e-4 and d_steps 2 (whatever the space holds of them). */
  static List<Map<Hyperparameter<?>, Object>> byLoss(List<Map<Hyperparameter<?>, Object>> asked) {
    List<Map<Hyperparameter<?>, Object>> sorted = new ArrayList<>(asked);
    sorted.sort(Comparator.comparingDouble(c -> {
      double lr = Math.log10(((Number) c.getOrDefault(Hyperparameter.LR_G, 3e-4)).doubleValue() / 3e-4);
      double d = ((Number) c.getOrDefault(Hyperparameter.D_STEPS, 2)).doubleValue() - 2;
      return lr * lr + d * d / 4;
    }));
    return sorted;
  }

  private static List<Map<Hyperparameter<?>, Object>> run(SearchMethod m, long seed, int width) throws InvalidSpecException {
    return Waves.run(m.sampler(), spec(m, seed), width, SamplerContractTest::byLoss);
  }

  @ParameterizedTest
  @EnumSource(SearchMethod.class)
  void asksItsWholeBudgetOfDistinctConfigurations(SearchMethod m) throws Exception {
    SweepSpec spec = spec(m, 3);
    List<Map<Hyperparameter<?>, Object>> asked = run(m, 3, 4);
    assertEquals(m.sampler().budget(spec), asked.size());
    assertEquals(asked.size(), new HashSet<>(asked).size(), "no configuration asked twice: " + asked);
    assertEquals(List.of(), m.sampler().ask(spec, new Sampler.History(asked, byLoss(asked)), 3), "nothing after the budget");
  }

  @ParameterizedTest
  @EnumSource(SearchMethod.class)
  void isDeterministicForAFixedSeedAndHoldsNoStateBetweenAsks(SearchMethod m) throws Exception {
    assertEquals(run(m, 7, 3), run(m, 7, 3));
    // One sampler asked for two sweeps in turn asks each what a fresh one asks: nothing is carried between asks.
    SweepSpec spec = spec(m, 7);
    Sampler shared = m.sampler();
    List<Map<Hyperparameter<?>, Object>> a = new ArrayList<>(shared.ask(spec, Sampler.History.NONE, shared.start(spec)));
    List<Map<Hyperparameter<?>, Object>> b = new ArrayList<>(shared.ask(spec, Sampler.History.NONE, shared.start(spec)));
    while (a.size() < shared.budget(spec)) {
      int n = Math.min(3, shared.budget(spec) - a.size());
      a.addAll(shared.ask(spec, new Sampler.History(a, shared.learns() ? byLoss(a) : List.of()), n));
      b.addAll(shared.ask(spec, new Sampler.History(b, shared.learns() ? byLoss(b) : List.of()), n));
    }
    assertEquals(run(m, 7, 3), a);
    assertEquals(a, b);
  }

  @ParameterizedTest
  @EnumSource(SearchMethod.class)
  void valuesStayInsideTheirDomainsAndBuildTrials(SearchMethod m) throws Exception {
    SweepSpec spec = spec(m, 5);
    for (Map<Hyperparameter<?>, Object> c : run(m, 5, 4)) {
      for (var p : spec.parameters()) {
        assertTrue(InDomain.contains(p.domain(), c.get(p.param())), p.param().key() + "=" + c.get(p.param()));
      }
      TrialConfig t = TrialConfig.of(c, 0);
      c.forEach((h, v) -> assertEquals(v, t.get(h), h.key()));
    }
  }

  /**
   * A resume replays the committed results: asking from a history cut after any wave gives the
   * rest of the sweep exactly, and the start is the plan's configurations (what {@code trial
   * --index} numbers).
   */
  @ParameterizedTest
  @EnumSource(SearchMethod.class)
  void aResumeFromTheCommittedResultsAsksExactlyTheSame(SearchMethod m) throws Exception {
    SweepSpec spec = spec(m, 9);
    List<Map<Hyperparameter<?>, Object>> whole = run(m, 9, 4);
    Sampler s = m.sampler();
    int start = s.start(spec);
    SweepPlan plan = SweepPlanner.plan(spec);
    assertEquals(whole.subList(0, start).stream().map(c -> TrialConfig.of(c, 0).configId()).toList(),
        plan.trials().stream().filter(t -> t.seed() == 0).map(TrialConfig::configId).toList());
    for (int cut = start; cut < whole.size(); cut += 4) {
      List<Map<Hyperparameter<?>, Object>> asked = new ArrayList<>(whole.subList(0, cut));
      Sampler fresh = m.sampler();
      asked.addAll(fresh.ask(spec, new Sampler.History(asked, fresh.learns() ? byLoss(asked) : List.of()), Math.min(4, whole.size() - cut)));
      assertEquals(whole.subList(0, asked.size()), asked, "resumed after " + cut);
    }
  }

  /** What a sampler declares is what the parser accepts: a feature it does not support is refused before anything runs. */
  @ParameterizedTest
  @EnumSource(SearchMethod.class)
  void theParserAcceptsWhatTheSamplerSupportsAndRefusesTheRest(SearchMethod m) throws Exception {
    Sampler s = m.sampler();
    String base = "name: c\nmethod: " + m.wireName() + "\n" + (m.samples() ? "samples: 3\n" : "")
        + "parameters:\n  lr_g: {values: [1.0e-4, 3.0e-4, 1.0e-3, 3.0e-3]}\n  steps: {value: 1500}\n";
    String rungs = base + "early_terminate: {type: successive_halving, min_iter: 500, eta: 3}\n";
    String screen = base + "screen: {type: g_fit, steps: 100}\n";
    String seeds = base + "  init_seed: {values: [0, 1]}\n";
    for (var c : List.of(java.util.Map.entry(Sampler.Feature.EARLY_TERMINATE, rungs), java.util.Map.entry(Sampler.Feature.SCREEN, screen),
        java.util.Map.entry(Sampler.Feature.SEEDS_GRID, seeds))) {
      if (s.supports().contains(c.getKey())) {
        SpecParser.parse(c.getValue(), m + " with " + c.getKey());
      } else {
        assertThrows(InvalidSpecException.class, () -> SpecParser.parse(c.getValue(), m + " with " + c.getKey()));
      }
    }
  }
}
