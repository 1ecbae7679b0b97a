package io.gansweep.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.spec.SpecParser;
import io.gansweep.trial.Hyperparameter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Random search's draws; {@link SamplerContractTest} holds it to every sampler's contract. */
class RandomSearchTest {

  private static List<Map<Hyperparameter<?>, Object>> draw(String spec) throws Exception {
    var s = SpecParser.parse(spec, "inline");
    return new RandomSearch().ask(s, Sampler.History.NONE, s.samples());
  }

  /**
   * 4,000 log-uniform draws over four decades: every draw stays in [min, max] and each decade
   * gets about a quarter (expected 1,000, binomial sd ~27; the margin of 150 is over 5 sd). A
   * plain uniform draw would put ~90% in the top decade and fail this.
   */
  @Test
  void logUniformStaysInRangeAndIsLogSpread() throws Exception {
    List<Map<Hyperparameter<?>, Object>> c = draw("""
        name: l
        method: random
        samples: 4000
        replicates: 1
        parameters:
          lr_g: {distribution: log_uniform, min: 1.0e-5, max: 1.0e-1}
        """);
    int[] decades = new int[4];
    for (var m : c) {
      double v = (Double) m.get(Hyperparameter.LR_G);
      assertTrue(v >= 1e-5 && v <= 1e-1, "out of range: " + v);
      decades[Math.min(3, (int) Math.floor(Math.log10(v) + 5))]++;
    }
    for (int d = 0; d < 4; d++) {
      assertTrue(Math.abs(decades[d] - 1000) < 150, "decade 1e" + (d - 5) + " got " + decades[d]);
    }
  }

  @Test
  void intUniformCoversEveryIntegerAndNoMore() throws Exception {
    List<Map<Hyperparameter<?>, Object>> c = draw("""
        name: i
        method: random
        samples: 5
        parameters:
          d_steps: {distribution: int_uniform, min: 1, max: 5}
        """);
    Set<Object> seen = new TreeSet<>();
    c.forEach(m -> seen.add(m.get(Hyperparameter.D_STEPS)));
    assertEquals(Set.of(1, 2, 3, 4, 5), seen, "5 distinct samples of 1..5 must be all of them");
  }

  @Test
  void samplerSeedChangesTheDrawsAndAddingAnAxisDoesNotMoveTheOthers() throws Exception {
    String base = "name: s\nmethod: random\nsamples: 8\nseed: %d\nparameters:\n"
        + "  lr_g: {distribution: log_uniform, min: 1.0e-5, max: 1.0e-2}\n";
    var a = draw(String.format(base, 1));
    assertNotEquals(a, draw(String.format(base, 2)));
    var widened = draw(String.format(base, 1) + "  ttur: {distribution: uniform, min: 1, max: 8}\n");
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).get(Hyperparameter.LR_G), widened.get(i).get(Hyperparameter.LR_G));
    }
  }

  @Test
  void realDrawsAreRoundedToFourSignificantDigits() throws Exception {
    for (var m : draw("name: r\nmethod: random\nsamples: 40\nseed: 11\n" + SamplerContractTest.SAMPLED_SPACE)) {
      double v = (Double) m.get(Hyperparameter.LR_G);
      assertEquals(new java.math.BigDecimal(v).round(new java.math.MathContext(4)).doubleValue(), v);
    }
  }
}
