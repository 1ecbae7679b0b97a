package io.gansweep.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.bench.TorchScriptBench.Impl;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.InitScheme;
import io.gansweep.trial.TrialConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Section 13's bookkeeping: the twin trials, the interleaving order and the paired ratios (no timing). */
class TorchScriptBenchTest {

  private static final List<String> SUMS = List.of("sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64));

  @Test
  void theTwoTrialsDifferOnlyInTheirModel() {
    for (String penalty : TorchScriptBench.PENALTIES) {
      TrialConfig b = TorchScriptBench.builtIn(penalty, 121);
      TrialConfig t = TorchScriptBench.torchScript(SUMS, penalty, 121);
      for (TrialConfig c : List.of(b, t)) {
        assertEquals(256, c.get(Hyperparameter.BATCH_SIZE));
        assertEquals(2, c.get(Hyperparameter.LATENT_DIM));
        assertEquals(121, c.get(Hyperparameter.STEPS));
        assertEquals(penalty, c.get(Hyperparameter.PENALTY).wireName());
        assertEquals(1.0, c.get(Hyperparameter.PENALTY_WEIGHT));
        assertEquals(1, c.get(Hyperparameter.D_STEPS));
        assertEquals(1, c.get(Hyperparameter.G_STEPS));
      }
      assertEquals(128, b.get(Hyperparameter.HIDDEN));
      assertEquals(3, b.get(Hyperparameter.LAYERS), "the ring8 pair's 3 hidden layers");
      assertEquals("torchscript", t.get(Hyperparameter.MODEL));
      assertEquals(SUMS.get(0), t.get(Hyperparameter.GENERATOR_FILE));
      assertEquals(SUMS.get(1), t.get(Hyperparameter.DISCRIMINATOR_FILE));
      assertEquals(InitScheme.AS_SAVED, t.get(Hyperparameter.INIT), "the files' weights, which eager starts from");
    }
  }

  @Test
  void eachImplementationRunsInEachPositionOnceEveryThreeRepetitions() {
    assertEquals(List.of(Impl.TORCHSCRIPT, Impl.EAGER, Impl.BUILT_IN), TorchScriptBench.order(0));
    Map<Impl, List<Integer>> positions = new EnumMap<>(Impl.class);
    for (int rep = 0; rep < 3; rep++) {
      List<Impl> order = TorchScriptBench.order(rep);
      for (int k = 0; k < order.size(); k++) {
        positions.computeIfAbsent(order.get(k), i -> new ArrayList<>()).add(k);
      }
    }
    for (Impl i : Impl.values()) {
      assertEquals(List.of(0, 1, 2), positions.get(i).stream().sorted().toList(), i.toString());
    }
    assertEquals(TorchScriptBench.order(2), TorchScriptBench.order(-1), "the warm-up repetition is a rotation too");
  }

  @Test
  void ratiosArePairedWithinARepetitionThenTheMedian() {
    // Drift doubles every time in repetition 3; the paired ratio does not see it.
    double[] ts = {12, 11, 24, 13, 12};
    double[] builtIn = {10, 10, 20, 10, 10};
    assertEquals(1.2, TorchScriptBench.pairedRatio(ts, builtIn), 1e-12);
    assertEquals(12.0, TorchScriptBench.median(ts));
    assertEquals(2.5, TorchScriptBench.median(new double[] {4, 1, 2, 3}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TorchScriptBench.pairedRatio(new double[] {1, 2}, new double[] {1}));
    assertTrue(e.getMessage().startsWith("Cannot pair repetitions: both sides need the same, nonzero count (got 2 and 1;"), e.getMessage());
  }

  @Test
  void aFolderWithoutThePairIsRefusedInOneLine(@TempDir Path dir) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TorchScriptBench.check(dir));
    assertTrue(e.getMessage().startsWith("Cannot bench TorchScript: " + dir.resolve("ring8_g.pt") + " is missing"), e.getMessage());
  }
}
