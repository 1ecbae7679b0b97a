package io.gansweep.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gansweep.io.TrialStore;
import io.gansweep.train.TrialRunner;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.TrialStatus;
import io.gansweep.trial.TrialTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.util.CollectionAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark task's function, called as an executor calls it (no TaskContext: attempt 0, CPU). */
class TrialTaskFunctionTest {

  static final String SWEEP = "task-test-0a1b2c3d";

  static List<TrialReport> call(DispatchedTrial t) throws Exception {
    TrialTaskFunction f = new TrialTaskFunction(TrialRunner::run, null, false, new CollectionAccumulator<>());
    List<TrialReport> reports = new ArrayList<>();
    f.call(List.of(new DispatchedPack(new DispatchedTrial[] {t})).iterator()).forEachRemaining(reports::add);
    return reports;
  }

  /**
   * A checkpoint truncated on disk (a full disk, a partial copy): the trial's next rung trains it
   * again from step 0 to the rung's budget and ends as an uninterrupted trial does, instead of a
   * FAILED row "Cannot read checkpoint: null" that no resume could mend.
   */
  @Test
  void aTruncatedCheckpointRestartsTheTrialFromScratch(@TempDir Path out) throws Exception {
    TrialConfig c = TrialConfig.of(Map.of(Hyperparameter.STEPS, 40, Hyperparameter.HIDDEN, 8, Hyperparameter.LOG_EVERY, 10,
        Hyperparameter.EVAL_EVERY, 20, Hyperparameter.EVAL_SAMPLES, 100), 0);
    List<TrialReport> first = call(new DispatchedTrial(SWEEP, 0, c, 0, 1, out.toString(), new DispatchedTrial.Stage(0, 0, 20, null)));
    assertEquals(TrialStatus.RUNNING, first.get(0).status(), first.toString());
    Path ckpt = Path.of(new TrialStore(out.toString()).checkpointFile(SWEEP, c.trialId()).toUri().getPath());
    byte[] bytes = Files.readAllBytes(ckpt);
    Files.write(ckpt, Arrays.copyOf(bytes, bytes.length / 2));

    List<TrialReport> second = call(new DispatchedTrial(SWEEP, 0, c, 0, 1, out.toString(), new DispatchedTrial.Stage(0, 1, 40, null)));
    assertEquals(TrialStatus.COMPLETED, second.get(0).status(), second.toString());
    assertNull(second.get(0).error());
    var alone = TrialRunner.run(new TrialTask(SWEEP, 0, c, 0, "cpu", 1, null));
    assertEquals(alone.summary().finalQuality().distance(), second.get(0).finalDistance(), "the same trial as one trained without a pause");
  }

  /** A truncated checkpoint at the rung that prunes its trial: the trial is PRUNED all the same, and the row says what was lost. */
  @Test
  void aTruncatedCheckpointAtItsPruneStillCommitsPruned(@TempDir Path out) throws Exception {
    TrialConfig c = TrialConfig.of(Map.of(Hyperparameter.STEPS, 40, Hyperparameter.HIDDEN, 8, Hyperparameter.LOG_EVERY, 10,
        Hyperparameter.EVAL_EVERY, 20, Hyperparameter.EVAL_SAMPLES, 100), 0);
    call(new DispatchedTrial(SWEEP, 0, c, 0, 1, out.toString(), new DispatchedTrial.Stage(0, 0, 20, null)));
    Path ckpt = Path.of(new TrialStore(out.toString()).checkpointFile(SWEEP, c.trialId()).toUri().getPath());
    byte[] bytes = Files.readAllBytes(ckpt);
    Files.write(ckpt, Arrays.copyOf(bytes, bytes.length / 2));

    List<TrialReport> pruned = call(new DispatchedTrial(SWEEP, 0, c, 0, 1, out.toString(),
        new DispatchedTrial.Stage(0, 1, 40, "pruned at rung 1")));
    assertEquals(TrialStatus.PRUNED, pruned.get(0).status(), pruned.toString());
    org.junit.jupiter.api.Assertions.assertTrue(pruned.get(0).error().startsWith("pruned at rung 1; its checkpoint could not be read ("),
        pruned.get(0).error());
    org.junit.jupiter.api.Assertions.assertTrue(new TrialStore(out.toString()).committedTrialIds(SWEEP).contains(c.trialId()));
  }
}
