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

  static DispatchedTrial trial(int index, Map<Hyperparameter<?>, Object> params) {
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
    for (var more : List.<Map<Hyperparameter<?>, Object>>of(Map.of(Hyperparameter.STEPS, 4000), Map.of(Hyperparameter.BATCH_SIZE, 512),
        Map.of(Hyperparameter.LAYERS, 4), Map.of(Hyperparameter.G_STEPS, 2), Map.of(Hyperparameter.EVAL_SAMPLES, 10_000))) {
      assertTrue(CostModel.cost(TrialConfig.of(more, 0)) > base, more.toString());
    }
  }

  /** Image trials are costed as the convnets they train, not as the MLP a 2-D trial of the same settings would. */
  @Test
  void imageTrialsHaveACostOfTheirOwn() {
    Map<Hyperparameter<?>, Object> dcgan = Map.of(Hyperparameter.BATCH_SIZE, 64, Hyperparameter.HIDDEN, 32, Hyperparameter.LATENT_DIM, 32,
        Hyperparameter.STEPS, 400, Hyperparameter.EVAL_EVERY, 100, Hyperparameter.EVAL_SAMPLES, 1000);
    Map<Hyperparameter<?>, Object> shapes = new java.util.HashMap<>(dcgan);
    shapes.put(Hyperparameter.DATASET, "shapes");
    double image = CostModel.cost(TrialConfig.of(shapes, 0));
    double mlp = CostModel.cost(TrialConfig.of(dcgan, 0));
    assertTrue(image > 10 * mlp, image + " vs " + mlp);
    Map<Hyperparameter<?>, Object> wider = new java.util.HashMap<>(shapes);
    wider.put(Hyperparameter.HIDDEN, 64);
    assertTrue(CostModel.cost(TrialConfig.of(wider, 0)) > image);
    // An image evaluation is O(N) (features and a 64-wide covariance), not the 2-D energy distance's O(N²).
    Map<Hyperparameter<?>, Object> moreSamples = new java.util.HashMap<>(shapes);
    moreSamples.put(Hyperparameter.EVAL_SAMPLES, 100_000);
    assertTrue(CostModel.cost(TrialConfig.of(moreSamples, 0)) < 100 * image);
  }

  /**
   * The scheduler's cost depends on no benchmark class (the bench depends on it: both count a round
   * with {@link FlopModel}), and no bench code is in the runtime's main source sets (it is in
   * sweep-driver/bench).
   */
  @Test
  void costModelDependsOnNoBenchmarkCode() throws Exception {
    String source = java.nio.file.Files.readString(java.nio.file.Path.of("src/main/java/io/gansweep/dispatch/CostModel.java"));
    assertTrue(!source.contains("io.gansweep.bench"), "CostModel imports a benchmark class");
    assertTrue(source.contains("FlopModel.round("), "CostModel counts a round with FlopModel");
    for (String main : java.util.List.of("../worker/src/main/java/io/gansweep/bench", "src/main/java/io/gansweep/bench")) {
      assertTrue(!java.nio.file.Files.exists(java.nio.file.Path.of(main)), "bench code in a runtime main source set: " + main);
    }
  }
}
