package io.gansweep.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DispatchedPackTest {

  static DispatchedTrial trial(int index, Object... keyValues) {
    Map<Hyperparameter<?>, Object> m = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((Hyperparameter<?>) keyValues[i], keyValues[i + 1]);
    }
    return new DispatchedTrial("s", index, TrialConfig.of(m, index), 0, 1, "/tmp/out");
  }

  /** Five plain trials (lr_g and seed differ), three of another hidden size, and two with feature matching (which trains alone). */
  static List<DispatchedTrial> pending() {
    List<DispatchedTrial> t = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      t.add(trial(i, Hyperparameter.LR_G, 1e-4 * (i + 1), Hyperparameter.TTUR, i % 2 + 1.0));
    }
    for (int i = 5; i < 8; i++) {
      t.add(trial(i, Hyperparameter.HIDDEN, 64));
    }
    for (int i = 8; i < 10; i++) {
      t.add(trial(i, Hyperparameter.FEATURE_MATCHING, 1.0));
    }
    return t;
  }

  static List<List<Integer>> indices(List<DispatchedPack> packs) {
    return packs.stream().map(p -> Arrays.stream(p.trials()).map(DispatchedTrial::index).sorted().toList()).toList();
  }

  @Test
  void compatibleTrialsFillPacksAndTheRestGoAlone() {
    List<DispatchedPack> packs = DispatchedPack.of(pending(), 2);
    List<List<Integer>> got = indices(packs);
    assertEquals(7, packs.size(), got.toString());
    assertTrue(got.containsAll(List.of(List.of(0, 1), List.of(2, 3), List.of(4), List.of(5, 6), List.of(7), List.of(8), List.of(9))),
        got.toString());
    for (int k = 1; k < packs.size(); k++) {
      assertTrue(CostModel.cost(packs.get(k - 1)) >= CostModel.cost(packs.get(k)), "longest first: " + got);
    }
  }

  @Test
  void packOfOneDispatchesEveryTrialAlone() {
    List<DispatchedPack> packs = DispatchedPack.of(pending(), 1);
    assertEquals(10, packs.size());
    assertTrue(packs.stream().allMatch(p -> p.trials().length == 1));
  }

  @Test
  void anEmptyPackIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DispatchedPack(new DispatchedTrial[0]));
    assertTrue(e.getMessage().startsWith("Cannot dispatch pack: no trials"), e.getMessage());
  }
}
