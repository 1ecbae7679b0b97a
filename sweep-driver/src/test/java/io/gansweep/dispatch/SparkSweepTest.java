package io.gansweep.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.search.SweepPlan;
import io.gansweep.search.SweepPlanner;
import io.gansweep.spec.SpecParser;
import io.gansweep.train.TrialRunner;
import io.gansweep.trial.TrialResult;
import io.gansweep.trial.TrialTask;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep on real local Spark with real trials: isolation, resume, concurrency. */
class SparkSweepTest {

  static SweepPlan plan(String spec) throws Exception {
    return SweepPlanner.plan(SpecParser.parse(Path.of("src/test/resources/specs/valid/" + spec)));
  }

  /** Plan index 0 crashes as a bug would; the task must turn it into a FAILED row. */
  static TrialResult crashFirst(TrialTask task) {
    if (task.index() == 0) {
      throw new IllegalStateException("injected bug in trial " + task.index());
    }
    return TrialRunner.run(task);
  }

  static SparkSweep.Outcome run(SweepPlan plan, Path out, String master, TrialExecutor executor, StringWriter log) throws Exception {
    return SparkSweep.run(plan, new SparkSweep.Options(out.toString(), master, Map.of(), executor), new PrintWriter(log, true));
  }

  @Test
  void crashingAndDivergingTrialsGetTheirStatusAndTheSweepCompletes(@TempDir Path out) throws Exception {
    SweepPlan plan = plan("mixed-outcomes.yaml");
    StringWriter log = new StringWriter();
    SparkSweep.Outcome o = run(plan, out, "local[2]", SparkSweepTest::crashFirst, log);
    assertTrue(o.complete(), "missing " + o.missing());
    assertEquals(6, o.ran());
    // Timing adds up: 6 trials on 2 slots; each task's time covers its training; the slots
    // cannot have trained for longer than the job held them.
    SweepTiming t = o.timing();
    assertEquals(6, t.trials());
    assertEquals(2, t.slots());
    assertTrue(t.trainSeconds() > 0 && t.taskSeconds() >= t.trainSeconds(), t.json());
    assertTrue(t.efficiency() > 0 && t.efficiency() <= 1, t.json());
    assertEquals(6, log.toString().lines().filter(l -> l.matches("\\[\\d/6\\] .*")).count(), log.toString());
    SparkSession spark = SparkTables.session();
    try {
      List<Row> rows = SparkTables.rows(spark, out.toString(), "trials", "trial_index", "status", "error", "loss", "lr_g", "diverged_step");
      assertEquals(6, rows.size(), "one row per trial");
      for (Row r : rows) {
        int index = r.getInt(0);
        String status = r.getString(1);
        if (index == 0) {
          assertEquals("FAILED", status);
          assertTrue(r.getString(2).contains("IllegalStateException: injected bug in trial 0"), r.getString(2));
        } else if (r.getDouble(4) == 10.0) { // lsgan overflows; nsgan's G loss passes the worker's 1e6 bound at once
          assertEquals("DIVERGED", status, r.toString());
          assertTrue(!r.isNullAt(5) && r.getInt(5) >= 1, r.toString());
        } else {
          assertEquals("COMPLETED", status, r.toString());
        }
      }
      assertTrue(Files.readString(out.resolve("sweeps/" + plan.sweepId() + "/spec.yaml")).contains("sweep_id: " + plan.sweepId()));
      // A second, independent Parquet reader sees the same trials and statuses.
      java.util.TreeSet<String> fromSpark = new java.util.TreeSet<>();
      rows.forEach(r -> fromSpark.add(r.getInt(0) + "|" + r.getString(1)));
      assertEquals(fromSpark, DuckDb.strings("SELECT trial_index || '|' || status FROM read_parquet('"
          + out.resolve("trials") + "/*/*.parquet', hive_partitioning=1) WHERE sweep_id = '" + plan.sweepId() + "'"));
    } finally {
      spark.stop();
    }

    // A resume retrains the FAILED trial (its next attempt, counted in its row), never the others.
    StringWriter again = new StringWriter();
    SparkSweep.Outcome resumed = run(plan, out, "local[2]", SparkSweepTest::crashFirst, again);
    assertEquals(5, resumed.skipped());
    assertEquals(1, resumed.ran());
    assertTrue(again.toString().contains("5 already committed (skipped), 1 to run"), again.toString());
    assertTrue(again.toString().contains("retraining 1 FAILED trials"), again.toString());
    assertEquals(java.util.Set.of("0|FAILED|1"), DuckDb.strings("SELECT trial_index || '|' || status || '|' || attempt FROM read_parquet('"
        + out.resolve("trials") + "/*/*.parquet') WHERE status = 'FAILED'"));
  }

  /**
   * resources.pack through real Spark with strict Kryo: packs travel to executors, every trial of a
   * pack is committed as its own rows, a diverging trial is DIVERGED while its pack mates complete.
   */
  @Test
  void packedTrialsCommitOneRowEachWithTheirOwnStatus(@TempDir Path out) throws Exception {
    SweepPlan plan = plan("packed.yaml");
    StringWriter log = new StringWriter();
    SparkSweep.Outcome o = run(plan, out, "local[2]", TrialRunner::run, log);
    assertTrue(o.complete(), "missing " + o.missing());
    assertEquals(8, o.ran());
    assertTrue(log.toString().contains("packing: 4 tasks for 8 trials"), log.toString());
    assertTrue(log.toString().contains("equal but for " + io.gansweep.train.PackedTrainer.perTrialNames() + " share one"), log.toString());
    assertEquals(8, log.toString().lines().filter(l -> l.matches("\\[\\d/8\\] .*")).count(), log.toString());
    assertTrue(o.timing().efficiency() > 0 && o.timing().efficiency() <= 1, o.timing().json());
    SparkSession spark = SparkTables.session();
    try {
      List<Row> rows = SparkTables.rows(spark, out.toString(), "trials", "trial_id", "status", "loss", "lr_g", "steps_done");
      assertEquals(8, rows.size(), "one row per trial");
      assertEquals(8, rows.stream().map(r -> r.getString(0)).distinct().count());
      for (Row r : rows) {
        boolean wild = r.getDouble(3) == 10.0; // lsgan overflows; nsgan's G loss passes the worker's 1e6 bound at once
        assertEquals(wild ? "DIVERGED" : "COMPLETED", r.getString(1), r.toString());
        assertTrue(wild ? r.getInt(4) < 40 : r.getInt(4) == 40, r.toString());
      }
      java.util.Map<String, Long> perTrial = new java.util.HashMap<>();
      spark.read().parquet(out + "/metrics").groupBy("trial_id").count().collectAsList()
          .forEach(r -> perTrial.put(r.getString(0), r.getLong(1)));
      for (Row r : rows) {
        if (r.getString(1).equals("COMPLETED")) {
          assertEquals(5L, perTrial.get(r.getString(0)), "steps 0, 10, 20, 30, 40 of " + r);
        }
      }
    } finally {
      spark.stop();
    }
  }

  /**
   * Issue 27 item 8: settings given as {@code --conf spark.hadoop.*} (here a file system for a
   * scheme no classpath knows, and a probe value) reach every file-system access of the sweep on
   * real local Spark: the lease, the tasks' commits and the compaction all go through {@code
   * gsprobe://}, each through a file system made with the probe value. Before, tasks built their
   * configuration from the classpath alone, and "No FileSystem for scheme" stopped the sweep.
   */
  @Test
  void theDriversSparkHadoopSettingsReachEveryCommit(@TempDir Path dir) throws Exception {
    SweepPlan plan = plan("tiny.yaml");
    String out = ProbeFileSystem.SCHEME + "://" + dir;
    ProbeFileSystem.CREATED.clear();
    try {
      SparkSweep.Outcome o = SparkSweep.run(plan, new SparkSweep.Options(out, "local[2]", ProbeFileSystem.sparkSettings("xyz"),
          TrialRunner::run), new PrintWriter(new StringWriter(), true));
      assertTrue(o.complete(), "missing " + o.missing());
      assertEquals(2, o.ran());
      for (var t : plan.trials()) {
        assertTrue(ProbeFileSystem.CREATED.contains(dir + "/metrics/sweep_id=" + plan.sweepId() + "/" + t.trialId() + ".parquet probe=xyz")
            || ProbeFileSystem.CREATED.stream().anyMatch(f -> f.startsWith(dir + "/metrics/sweep_id=" + plan.sweepId() + "/.")
                && f.contains(t.trialId()) && f.endsWith(" probe=xyz")), t.trialId() + " committed through gsprobe: " + ProbeFileSystem.CREATED);
      }
      assertTrue(ProbeFileSystem.CREATED.stream().allMatch(f -> f.endsWith(" probe=xyz")), ProbeFileSystem.CREATED.toString());
      try (var files = Files.walk(dir.resolve("trials"))) {
        assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".parquet")), "the trials table is on disk");
      }
    } finally {
      io.gansweep.io.HadoopConf.use(io.gansweep.io.HadoopConf.Settings.NONE);
    }
  }

  /** local[2] runs two trials at once and must produce exactly the rows local[1] produces. */
  @Test
  void twoSlotsGiveTheSameMetricsAsOne(@TempDir Path dir) throws Exception {
    SweepPlan plan = plan("mixed-outcomes.yaml");
    run(plan, dir.resolve("one"), "local[1]", TrialRunner::run, new StringWriter());
    run(plan, dir.resolve("two"), "local[2]", TrialRunner::run, new StringWriter());
    SparkSession spark = SparkTables.session();
    try {
      var one = SparkTables.metricsWithoutTime(spark, dir.resolve("one").toString());
      assertTrue(one.size() > 20, "rows: " + one.size());
      assertEquals(one, SparkTables.metricsWithoutTime(spark, dir.resolve("two").toString()));
    } finally {
      spark.stop();
    }
  }
}
