package io.gansweep.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.spec.SpecParser;
import io.gansweep.spec.SweepSpec;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.LossKind;
import io.gansweep.trial.TrialConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The decision at a boundary of population-based training, without training: the rules of {@link PbtGeneration}. */
class PbtGenerationTest {

  static final String SPEC = """
      name: p
      method: pbt
      samples: 8
      seed: 11
      pbt: {interval: 500, quantile: 0.25, resample: 0.25}
      parameters:
        steps: {value: 3000}
        lr_g: {distribution: log_uniform, min: 1.0e-4, max: 1.0e-3}
        d_steps: {distribution: int_uniform, min: 1, max: 3}
        adam_beta1: {distribution: uniform, min: 0.0, max: 0.9}
        loss: {values: [nsgan, hinge]}
        hidden: {values: [64, 128, 256]}
      """;

  static SweepSpec spec(String text) throws Exception {
    return SpecParser.parse(text, "pbt-generation");
  }

  static Set<String> ids(List<Map<Hyperparameter<?>, Object>> configs) {
    Set<String> used = new HashSet<>();
    configs.forEach(c -> used.add(TrialConfig.of(c, 0).configId()));
    return used;
  }

  @Test
  void theLastQuantileCopiesTheFirstAndExploresInsideTheBoundsForManyBoundaries() throws Exception {
    SweepSpec spec = spec(SPEC);
    List<Map<Hyperparameter<?>, Object>> configs = new ArrayList<>(new PbtSearch().ask(spec, Sampler.History.NONE, 8));
    Set<String> used = ids(configs);
    int multiplied = 0;
    for (int boundary = 0; boundary < 200; boundary++) {
      int shift = boundary;
      List<Integer> bestFirst = IntStream.range(0, 8).map(i -> (i * 3 + shift) % 8).boxed().toList(); // a permutation per boundary
      List<PbtGeneration.Next> next = PbtGeneration.next(spec, boundary, configs, bestFirst, Set.copyOf(bestFirst), used);
      assertEquals(8, next.size());
      List<PbtGeneration.Next> exploited = next.stream().filter(PbtGeneration.Next::exploited).toList();
      assertEquals(Set.of(bestFirst.get(6), bestFirst.get(7)), Set.copyOf(exploited.stream().map(PbtGeneration.Next::member).toList()),
          "ceil(8 x 0.25) = 2 replaced: the last two");
      for (PbtGeneration.Next x : next) {
        Map<Hyperparameter<?>, Object> c = x.config();
        if (!x.exploited()) {
          assertEquals(configs.get(x.member()), c);
          continue;
        }
        assertTrue(bestFirst.indexOf(x.parent()) < 2, "copies one of the first two: " + x);
        Map<Hyperparameter<?>, Object> donor = configs.get(x.parent());
        double lr = (Double) c.get(Hyperparameter.LR_G);
        assertTrue(lr >= 1e-4 && lr <= 1e-3, "lr_g inside its bounds: " + lr);
        int d = (Integer) c.get(Hyperparameter.D_STEPS);
        assertTrue(d >= 1 && d <= 3, "d_steps inside its bounds: " + d);
        double b1 = (Double) c.get(Hyperparameter.ADAM_BETA1);
        assertTrue(b1 >= 0 && b1 <= 0.9, "adam_beta1 inside its bounds: " + b1);
        assertTrue(c.get(Hyperparameter.LOSS) instanceof LossKind, "a categorical value is one of its list, never multiplied");
        assertEquals(donor.get(Hyperparameter.HIDDEN), c.get(Hyperparameter.HIDDEN), "an architecture key comes with the weights");
        double ratio = lr / (Double) donor.get(Hyperparameter.LR_G);
        if (Math.abs(ratio - 1.2) < 1e-3 || Math.abs(ratio - 0.8) < 1e-3) {
          multiplied++;
        }
      }
      configs = new ArrayList<>(next.stream().map(PbtGeneration.Next::config).toList());
    }
    assertTrue(multiplied > 100, "most lr_g values are multiplied by 0.8 or 1.2 (resample 0.25; clamped ones aside): " + multiplied);
    assertEquals(8 + 2 * 200, used.size(), "every exploration is a configuration no member had before");
  }

  @Test
  void membersThatCannotGoOnAreReplacedAndNeverCopied() throws Exception {
    SweepSpec spec = spec(SPEC);
    List<Map<Hyperparameter<?>, Object>> configs = new ArrayList<>(new PbtSearch().ask(spec, Sampler.History.NONE, 8));
    List<Integer> bestFirst = List.of(0, 1, 2, 3, 4, 5, 6, 7);
    // members 0 and 3 have a seed that ended (diverged): 0 ranks first but has no checkpoint to give
    List<PbtGeneration.Next> next = PbtGeneration.next(spec, 4, configs, bestFirst, Set.of(1, 2, 4, 5, 6, 7), ids(configs));
    Set<Integer> replaced = new HashSet<>();
    for (PbtGeneration.Next x : next) {
      if (x.exploited()) {
        replaced.add(x.member());
        assertTrue(x.parent() == 1 || x.parent() == 2, "donors are the first two that can go on: " + x);
      }
    }
    assertEquals(Set.of(0, 3, 6, 7), replaced);
    assertEquals(List.of(), PbtGeneration.next(spec, 4, configs, bestFirst, Set.of(), ids(configs)), "nobody can go on: the population stops");
  }

  @Test
  void theSameBoundaryDecidesTheSameAndAnotherSeedDecidesOtherwise() throws Exception {
    SweepSpec spec = spec(SPEC);
    List<Map<Hyperparameter<?>, Object>> configs = new ArrayList<>(new PbtSearch().ask(spec, Sampler.History.NONE, 8));
    List<Integer> bestFirst = List.of(3, 1, 4, 0, 5, 2, 6, 7);
    List<PbtGeneration.Next> a = PbtGeneration.next(spec, 2, configs, bestFirst, Set.copyOf(bestFirst), ids(configs));
    List<PbtGeneration.Next> b = PbtGeneration.next(spec, 2, configs, bestFirst, Set.copyOf(bestFirst), ids(configs));
    assertEquals(a, b);
    List<PbtGeneration.Next> other = PbtGeneration.next(spec, 3, configs, bestFirst, Set.copyOf(bestFirst), ids(configs));
    assertNotEquals(a, other, "the draws depend on the boundary");
    SweepSpec reseeded = spec(SPEC.replace("seed: 11", "seed: 12"));
    assertNotEquals(new PbtSearch().identity(spec), new PbtSearch().identity(reseeded));
    assertFalse(new PbtSearch().identity(spec).isEmpty(), "the settings enter the sweep's identity");
  }

  @Test
  void aSpaceTooSmallToExploreIsRefusedWithOneLine() throws Exception {
    SweepSpec spec = spec("""
        name: p
        method: pbt
        samples: 2
        pbt: {interval: 500, quantile: 0.5, resample: 0}
        parameters:
          steps: {value: 3000}
          loss: {values: [nsgan, hinge]}
        """);
    List<Map<Hyperparameter<?>, Object>> configs = new ArrayList<>(new PbtSearch().ask(spec, Sampler.History.NONE, 2));
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> PbtGeneration.next(spec, 0, configs, List.of(0, 1), Set.of(0, 1), ids(configs)));
    assertTrue(e.getMessage().matches("Cannot explore member 1 at generation 1: .*\\(got 200 alike; allowed .*\\)"), e.getMessage());
  }
}
