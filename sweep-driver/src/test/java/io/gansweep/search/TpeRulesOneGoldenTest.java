package io.gansweep.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gansweep.spec.SpecParser;
import io.gansweep.spec.SweepSpec;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.Values;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sweeps started before tpe's rules 2 resume with rules 1 (independent estimators, no liar): these
 * digests are what rules 1 asked when it was the only rule (computed from the code of 2026-12-07,
 * before rules 2 existed), for waves of 1 and of 3 under two rankings. A change to rules 1's asks
 * fails here, whatever it is.
 */
class TpeRulesOneGoldenTest {

  static String digest(int width, long seed, boolean reversed) throws Exception {
    SweepSpec spec = SpecParser.parse("name: g\nmethod: tpe\nsamples: 30\nn_startup: 8\nseed: " + seed + "\n"
        + SamplerContractTest.SAMPLED_SPACE, "golden");
    List<Map<Hyperparameter<?>, Object>> asked = Waves.run(new TpeSearch(1), spec, width, a -> {
      List<Map<Hyperparameter<?>, Object>> r = new java.util.ArrayList<>(TpeSearchTest.byLoss(a));
      if (reversed) {
        java.util.Collections.reverse(r);
      }
      return r;
    });
    return Values.sha256Hex(asked.toString(), 16);
  }

  @Test
  void rulesOneAsksWhatItAlwaysAsked() throws Exception {
    assertEquals("007557fa147fb3af", digest(1, 3, false));
    assertEquals("af8d514504eaa2b5", digest(3, 11, false));
    assertEquals("7295e0d4ae696a1e", digest(3, 11, true));
  }
}
