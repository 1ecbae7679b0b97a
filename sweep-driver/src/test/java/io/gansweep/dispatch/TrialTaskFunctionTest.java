package io.gansweep.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gansweep.io.HadoopConf;
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
    return call(t, HadoopConf.Settings.NONE);
  }

  /** {@link #call} for a task that carries the driver's Hadoop {@code settings}. */
  static List<TrialReport> call(DispatchedTrial t, HadoopConf.Settings settings) throws Exception {
    TrialTaskFunction f = new TrialTaskFunction(TrialRunner::run, null, false, new CollectionAccumulator<>(), settings);
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

  /**
   * One flipped bit in a checkpoint on disk (a float of the state, which deserializes without
   * complaint): its checksum refuses it, the file is moved to OUT/quarantine/ and one line on the
   * executor's stderr names where, and the trial trains again from step 0 to the rung's budget, ending
   * as an uninterrupted trial does. Before checksums it resumed from the changed state.
   */
  @Test
  void aCheckpointWithAFlippedByteIsQuarantinedAndTheTrialRestarts(@TempDir Path out) throws Exception {
    TrialConfig c = TrialConfig.of(Map.of(Hyperparameter.STEPS, 40, Hyperparameter.HIDDEN, 8, Hyperparameter.LOG_EVERY, 10,
        Hyperparameter.EVAL_EVERY, 20, Hyperparameter.EVAL_SAMPLES, 100), 0);
    call(new DispatchedTrial(SWEEP, 0, c, 0, 1, out.toString(), new DispatchedTrial.Stage(0, 0, 20, null)));
    Path ckpt = Path.of(new TrialStore(out.toString()).checkpointFile(SWEEP, c.trialId()).toUri().getPath());
    byte[] bytes = Files.readAllBytes(ckpt);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(ckpt, bytes);

    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stderr = System.err;
    List<TrialReport> second;
    System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      second = call(new DispatchedTrial(SWEEP, 0, c, 0, 1, out.toString(), new DispatchedTrial.Stage(0, 1, 40, null)));
    } finally {
      System.setErr(stderr);
    }
    assertEquals(TrialStatus.COMPLETED, second.get(0).status(), second.toString());
    var alone = TrialRunner.run(new TrialTask(SWEEP, 0, c, 0, "cpu", 1, null));
    assertEquals(alone.summary().finalQuality().distance(), second.get(0).finalDistance(), "the same trial as one trained without a pause");
    Path moved = out.resolve("quarantine/sweep_id=" + SWEEP + "/checkpoints/" + c.trialId() + ".ckpt");
    org.junit.jupiter.api.Assertions.assertArrayEquals(bytes, Files.readAllBytes(moved), "the bad checkpoint, moved aside whole");
    List<String> lines = err.toString(java.nio.charset.StandardCharsets.UTF_8).lines().filter(l -> l.contains(c.trialId())).toList();
    assertEquals(1, lines.size(), lines.toString());
    org.junit.jupiter.api.Assertions.assertTrue(lines.get(0).contains("checksum mismatch") && lines.get(0).contains(moved.toString())
        && lines.get(0).endsWith("training it again from step 0 to round 40"), lines.get(0));
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

  /**
   * An executor's task commits with the Hadoop settings its driver gave it, not its classpath's:
   * with none in use in this JVM, the trial's rows go to {@code gsprobe://} (a scheme only the
   * carried {@code fs.gsprobe.impl} knows) through a file system made with the carried probe
   * value, and the task leaves them in use for the JVM's later accesses.
   */
  @Test
  void aTaskCommitsWithTheHadoopSettingsItCarries(@TempDir Path out) throws Exception {
    Map<String, String> spark = ProbeFileSystem.sparkSettings("from-the-driver");
    HadoopConf.use(HadoopConf.Settings.NONE);
    TrialConfig c = TrialConfig.of(Map.of(Hyperparameter.STEPS, 10, Hyperparameter.HIDDEN, 8, Hyperparameter.LOG_EVERY, 5,
        Hyperparameter.EVAL_EVERY, 10, Hyperparameter.EVAL_SAMPLES, 100), 0);
    try {
      ProbeFileSystem.CREATED.clear();
      List<TrialReport> reports = call(new DispatchedTrial(SWEEP, 0, c, 0, 1, ProbeFileSystem.SCHEME + "://" + out, null),
          HadoopConf.Settings.fromSpark(spark));
      assertEquals(TrialStatus.COMPLETED, reports.get(0).status(), reports.toString());
      Path row = out.resolve("trials/sweep_id=" + SWEEP + "/" + c.trialId() + ".parquet");
      org.junit.jupiter.api.Assertions.assertTrue(Files.size(row) > 0, row.toString());
      org.junit.jupiter.api.Assertions.assertTrue(ProbeFileSystem.CREATED.stream()
          .anyMatch(f -> f.contains("/trials/sweep_id=" + SWEEP + "/") && f.endsWith(" probe=from-the-driver")), ProbeFileSystem.CREATED.toString());
      org.junit.jupiter.api.Assertions.assertTrue(ProbeFileSystem.CREATED.stream().allMatch(f -> f.endsWith(" probe=from-the-driver")),
          ProbeFileSystem.CREATED.toString());
      assertEquals("from-the-driver", HadoopConf.create().get(ProbeFileSystem.PROBE));
      org.junit.jupiter.api.Assertions.assertFalse(HadoopConf.inUse().toString().contains("from-the-driver"), "keys only, never values");
    } finally {
      HadoopConf.use(HadoopConf.Settings.NONE);
    }
  }
}
