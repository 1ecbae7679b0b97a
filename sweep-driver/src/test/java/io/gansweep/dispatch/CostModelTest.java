package io.gansweep.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostModelTest {

  static DispatchedTrial trial(int index, Map<Hyperparameter, Object> params) {
    return new DispatchedTrial("s", index, TrialConfig.of(params, 0), 0, 1, "/tmp/x");
  }

  @Test
  void longestTrialsGoFirstAndTiesKeepPlanOrder() {
    List<DispatchedTrial> trials = new ArrayList<>(List.of(
        trial(0, Map.of(Hyperparameter.STEPS, 100)),
        trial(1, Map.of(Hyperparameter.STEPS, 1000)),
        trial(2, Map.of(Hyperparameter.STEPS, 100, Hyperparameter.HIDDEN, 512)),
        trial(3, Map.of(Hyperparameter.STEPS, 100)),
        trial(4, Map.of(Hyperparameter.STEPS, 100, Hyperparameter.D_STEPS, 5))));
    List<DispatchedPack> packs = new ArrayList<>(trials.stream().map(t -> new DispatchedPack(new DispatchedTrial[] {t})).toList());
    packs.sort(CostModel.longestFirst());
    assertEquals(List.of(2, 1, 4, 0, 3), packs.stream().map(p -> p.trials()[0].index()).toList());
  }

  @Test
  void costGrowsWithEveryDriverOfWork() {
    double base = CostModel.cost(TrialConfig.of(Map.of(), 0));
    for (var more : List.<Map<Hyperparameter, Object>>of(Map.of(Hyperparameter.STEPS, 4000), Map.of(Hyperparameter.BATCH_SIZE, 512),
        Map.of(Hyperparameter.LAYERS, 4), Map.of(Hyperparameter.G_STEPS, 2), Map.of(Hyperparameter.EVAL_SAMPLES, 10_000))) {
      assertTrue(CostModel.cost(TrialConfig.of(more, 0)) > base, more.toString());
    }
  }
}
