package io.gansweep.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gansweep.trial.LossKind;
import io.gansweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImportanceTest {

  /** Quality depends only on lr (10x per level); seed-like noise axis "init" explains nothing. */
  @Test
  void theAxisThatDecidesQualityExplainsItsVariance() {
    List<TrialVerdict> verdicts = new ArrayList<>();
    String[] lrs = {"1e-4", "1e-3", "1e-2"};
    String[] inits = {"xavier", "orthogonal"};
    for (int i = 0; i < lrs.length; i++) {
      for (String init : inits) {
        TrialRecord t = new TrialRecord(lrs[i] + init, lrs[i] + init, 0, Map.of("lr_g", lrs[i], "init", init), TrialStatus.COMPLETED,
            null, null, LossKind.NSGAN, "ring8", Math.pow(10, -i - 1), 8, 0.01, 8, 0.9, null, null);
        verdicts.add(TrialLabeler.label(t, Curve.EMPTY));
      }
    }
    List<Importance.Factor> f = Importance.of(verdicts, List.of("init", "lr_g"));
    assertEquals("lr_g", f.get(0).parameter());
    assertEquals(1.0, f.get(0).etaSquared(), 1e-12);
    assertEquals(3, f.get(0).levels());
    assertEquals(0.0, f.get(1).etaSquared(), 1e-12);
  }
}
