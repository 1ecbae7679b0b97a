package io.gansweep.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.data.Mixture;
import io.gansweep.data.SeededRandom;
import io.gansweep.metrics.MixtureMetrics;
import io.gansweep.train.TrialRunner;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.TrialResult;
import io.gansweep.trial.TrialStatus;
import io.gansweep.trial.TrialTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real trials committed to Parquet and read back by Spark SQL and, independently, by DuckDB:
 * the same rows, typed columns, one row per trial even after a retried commit.
 */
class TrialStoreTest {

  static final String SWEEP = "store-test-0a1b2c3d";

  @TempDir static Path out;
  static TrialResult completed;
  static TrialResult diverged;
  static SparkSession spark;

  @BeforeAll
  static void commitTwoTrials() throws Exception {
    TrialConfig good = TrialConfig.of(Map.of(Hyperparameter.STEPS, 40, Hyperparameter.HIDDEN, 16,
        Hyperparameter.LOG_EVERY, 10, Hyperparameter.EVAL_EVERY, 20, Hyperparameter.EVAL_SAMPLES, 200,
        Hyperparameter.SPECTRAL_NORM, true), 2);
    TrialConfig bad = TrialConfig.of(Map.of(Hyperparameter.LOSS, "lsgan", Hyperparameter.LR_G, 10.0,
        Hyperparameter.LAYERS, 4, Hyperparameter.STEPS, 100, Hyperparameter.EVAL_SAMPLES, 200), 0);
    completed = TrialRunner.run(new TrialTask(SWEEP, 0, good, 0, "cpu", 1, null));
    diverged = TrialRunner.run(new TrialTask(SWEEP, 1, bad, 0, "cpu", 1, null));
    assertEquals(TrialStatus.COMPLETED, completed.summary().status());
    assertEquals(TrialStatus.DIVERGED, diverged.summary().status());
    TrialStore store = new TrialStore(out.toString());
    store.commit(completed);
    store.commit(diverged);
    store.commit(completed); // a retried task commits the same trial again
    spark = SparkSession.builder().master("local[2]").appName("TrialStoreTest")
        .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC").getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void layoutIsHivePartitionedWithNoTemporaryFilesLeft() throws Exception {
    Path trials = out.resolve("trials/sweep_id=" + SWEEP);
    assertEquals(Set.of(completed.summary().task().config().trialId() + ".parquet",
            diverged.summary().task().config().trialId() + ".parquet"),
        names(trials));
    assertEquals(2, names(out.resolve("metrics/sweep_id=" + SWEEP)).size());
    assertEquals(2, names(out.resolve("samples/sweep_id=" + SWEEP)).size());
    assertEquals(Set.of("metrics", "samples", "trials"), names(out), "nothing else at the top");
    assertEquals(Set.of(completed.summary().task().config().trialId(), diverged.summary().task().config().trialId()),
        new TrialStore(out.toString()).committedTrialIds(SWEEP));
  }

  static Set<String> names(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }

  /** sweep_id lives in the path only (Hive convention): inside the files it would break pyarrow's dataset merge. */
  @Test
  void partitionColumnIsInThePathNotInTheFiles() {
    for (String table : List.of("trials", "metrics", "samples")) {
      Dataset<Row> oneFile = spark.read().parquet(out.resolve(table + "/sweep_id=" + SWEEP).toString());
      assertFalse(List.of(oneFile.columns()).contains("sweep_id"), table + " files hold " + List.of(oneFile.columns()));
      assertEquals(List.of(SWEEP), spark.read().parquet(out.resolve(table).toString()).select("sweep_id").distinct()
          .as(Encoders.STRING()).collectAsList(), table + ": partition discovery supplies sweep_id");
    }
  }

  /**
   * A sweep written before 0.x kept sweep_id inside its files as well: Spark still reads it beside
   * new partitions (the path's value, one string column), as docs/guide/output-layout.md says.
   */
  @Test
  void oldSweepsWithSweepIdInsideTheFilesStillReadInSpark(@TempDir Path mixed) throws Exception {
    String old = "old-layout-00000000";
    for (String table : List.of("trials", "metrics")) {
      Files.createDirectories(mixed.resolve(table));
      try (Stream<Path> files = Files.list(out.resolve(table + "/sweep_id=" + SWEEP))) {
        Path dir = Files.createDirectories(mixed.resolve(table + "/sweep_id=" + SWEEP));
        for (Path f : files.toList()) {
          Files.copy(f, dir.resolve(f.getFileName()));
        }
      }
      spark.read().parquet(out.resolve(table + "/sweep_id=" + SWEEP).toString())
          .withColumn("sweep_id", org.apache.spark.sql.functions.lit(old))
          .write().parquet(mixed.resolve(table + "/sweep_id=" + old).toString());
      assertTrue(List.of(spark.read().parquet(mixed.resolve(table + "/sweep_id=" + old).toString()).columns()).contains("sweep_id"),
          "the fixture is an old-layout file");
      Dataset<Row> both = spark.read().parquet(mixed.resolve(table).toString());
      long perSweep = spark.read().parquet(out.resolve(table).toString()).count();
      assertEquals(2 * perSweep, both.count(), table);
      assertEquals(DataTypes.StringType, both.schema().apply("sweep_id").dataType(), table);
      assertEquals(List.of(old, SWEEP), both.groupBy("sweep_id").count().orderBy("sweep_id").select("sweep_id")
          .as(Encoders.STRING()).collectAsList(), table);
      assertEquals(perSweep, both.where("sweep_id = '" + old + "'").count(), table);
    }
  }

  /** The last evaluation's generated points of each 2-D trial: one row per point, committed with the trial. */
  @Test
  void samplesHoldTheLastEvaluationsPoints() {
    Dataset<Row> samples = spark.read().parquet(out.resolve("samples").toString());
    assertEquals(DataTypes.DoubleType, samples.schema().apply("x").dataType());
    assertEquals(DataTypes.IntegerType, samples.schema().apply("step").dataType());
    for (TrialResult r : List.of(completed, diverged)) {
      String id = r.summary().task().config().trialId();
      Dataset<Row> mine = samples.where("trial_id = '" + id + "'");
      assertEquals(200, mine.count(), id);
      int lastEval = r.metrics().stream().filter(m -> m.quality() != null).mapToInt(m -> m.step()).max().orElseThrow();
      assertEquals(List.of(lastEval), mine.select("step").distinct().as(Encoders.INT()).collectAsList(), id);
      List<String> stored = mine.select("x", "y").collectAsList().stream().map(p -> p.getDouble(0) + "," + p.getDouble(1)).toList();
      float[] xy = r.points().xy();
      List<String> expected = new java.util.ArrayList<>();
      for (int i = 0; i < xy.length; i += 2) {
        expected.add((double) xy[i] + "," + (double) xy[i + 1]);
      }
      assertEquals(expected, stored, id + ": the points, in generation order");
      assertEquals(0, mine.where("isnan(x) or isnan(y)").count(), id + ": the last evaluation before divergence is finite");
    }
    // The evaluation reference of Problem.mixtureReference (seed 0x5EED, stream "eval-reference").
    float[] reference = SeededRandom.stream(0x5EEDL, "eval-reference").sample(Mixture.RING8, 200);
    assertEquals(completed.summary().finalQuality(),
        MixtureMetrics.evaluate(Mixture.RING8, completed.points().xy(), io.gansweep.metrics.Prdc.reference(reference, 2)),
        "the stored points are the ones the final quality was measured on");
  }

  @Test
  void sparkReadsTypedColumnsAndOneRowPerTrial() {
    Dataset<Row> trials = spark.read().parquet(out.resolve("trials").toString());
    assertEquals(2, trials.count());
    StructType schema = trials.schema();
    Map<String, DataType> expected = Map.ofEntries(
        Map.entry("sweep_id", DataTypes.StringType), Map.entry("trial_id", DataTypes.StringType),
        Map.entry("config_id", DataTypes.StringType), Map.entry("seed", DataTypes.LongType),
        Map.entry("lr_g", DataTypes.DoubleType), Map.entry("lr_d", DataTypes.DoubleType),
        Map.entry("ttur", DataTypes.DoubleType), Map.entry("d_steps", DataTypes.IntegerType),
        Map.entry("init", DataTypes.StringType), Map.entry("loss", DataTypes.StringType),
        Map.entry("penalty", DataTypes.StringType), Map.entry("spectral_norm", DataTypes.BooleanType),
        Map.entry("status", DataTypes.StringType), Map.entry("error", DataTypes.StringType),
        Map.entry("steps_done", DataTypes.IntegerType), Map.entry("wall_seconds", DataTypes.DoubleType),
        Map.entry("started_at", DataTypes.TimestampType), Map.entry("final_modes", DataTypes.IntegerType),
        Map.entry("final_hq", DataTypes.DoubleType), Map.entry("final_rkl", DataTypes.DoubleType),
        Map.entry("final_distance", DataTypes.DoubleType));
    expected.forEach((col, type) -> assertEquals(type, schema.apply(col).dataType(), col));
    for (Hyperparameter<?> h : Hyperparameter.values()) {
      assertTrue(schema.getFieldIndex(h.key()).isDefined(), "column " + h.key());
    }
    Row d = trials.where("status = 'DIVERGED'").first();
    assertEquals(SWEEP, d.getAs("sweep_id"));
    assertEquals(diverged.summary().divergedStep(), d.<Integer>getAs("diverged_step"));
    assertEquals(10.0, d.<Double>getAs("lr_g"));
    assertTrue(d.isNullAt(d.fieldIndex("final_distance")));

    Dataset<Row> metrics = spark.read().parquet(out.resolve("metrics").toString());
    assertEquals(completed.metrics().size() + diverged.metrics().size(), metrics.count());
    assertEquals(DataTypes.IntegerType, metrics.schema().apply("step").dataType());
    assertEquals(DataTypes.DoubleType, metrics.schema().apply("d_loss").dataType());
    assertEquals(DataTypes.IntegerType, metrics.schema().apply("modes").dataType());
    assertEquals(completed.metrics().get(0).quality().distance(),
        metrics.where("trial_id = '" + completed.summary().task().config().trialId() + "' and step = 0").first().<Double>getAs("distance"));
  }

  /** DuckDB, a second Parquet implementation, sees the same rows with the same types. */
  @Test
  void duckdbReadsTheSameRows() throws Exception {
    Set<String> fromSpark = new TreeSet<>();
    for (Row r : spark.read().parquet(out.resolve("trials").toString())
        .selectExpr("trial_id", "status", "steps_done", "lr_g", "final_distance", "sweep_id").collectAsList()) {
      fromSpark.add(r.mkString("|"));
    }
    Set<String> fromDuck = new TreeSet<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      String glob = out.resolve("trials") + "/*/*.parquet";
      try (ResultSet rs = s.executeQuery("SELECT trial_id, status, steps_done, lr_g, final_distance, sweep_id,"
          + " typeof(steps_done), typeof(lr_g), typeof(started_at), typeof(spectral_norm)"
          + " FROM read_parquet('" + glob + "', hive_partitioning=1)")) {
        while (rs.next()) {
          Object dist = rs.getObject(5);
          fromDuck.add(String.join("|", rs.getString(1), rs.getString(2), Integer.toString(rs.getInt(3)),
              Double.toString(rs.getDouble(4)), dist == null ? "null" : Double.toString((Double) dist), rs.getString(6)));
          assertEquals("INTEGER", rs.getString(7));
          assertEquals("DOUBLE", rs.getString(8));
          assertTrue(rs.getString(9).startsWith("TIMESTAMP"), rs.getString(9));
          assertEquals("BOOLEAN", rs.getString(10));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet('" + out.resolve("metrics") + "/*/*.parquet', hive_partitioning=1)")) {
        rs.next();
        assertEquals(completed.metrics().size() + diverged.metrics().size(), rs.getLong(1));
      }
    }
    assertEquals(fromSpark, fromDuck);
  }

  /** A trial of {@code config} at {@code attempt} that FAILED before training (an unusable device, say). */
  static TrialResult failed(TrialConfig config, int attempt) {
    return TrialRunner.failed(new TrialTask(SWEEP, 0, config, attempt, "gpu:0", 1, null),
        new IllegalStateException("Cannot train on gpu:0: no GPU"), java.time.Instant.now());
  }

  /**
   * A FAILED row is retried up to {@link TrialStore#MAX_ATTEMPTS} attempts, counted in its row: the
   * next attempt's commit replaces it, a copy of an attempt already committed does not, and a
   * COMPLETED or DIVERGED row is never retried.
   */
  /**
   * A running trial's rows after each evaluation ({@link TrialRunner.Progress}) are one progress
   * file, replaced whole: read back with parquet-hadoop and DuckDB while it trains, each row once;
   * its commit deletes the file, and a copy of the trial that runs after the commit writes none.
   */
  @Test
  void progressOfARunningTrialIsOneFileReplacedWholeAndGoneOnceItCommits(@TempDir Path dir) throws Exception {
    TrialConfig config = TrialConfig.of(Map.of(Hyperparameter.STEPS, 60, Hyperparameter.HIDDEN, 16,
        Hyperparameter.LOG_EVERY, 10, Hyperparameter.EVAL_EVERY, 20, Hyperparameter.EVAL_SAMPLES, 200), 1);
    String id = config.trialId();
    TrialStore store = new TrialStore(dir.toString());
    Path file = dir.resolve("progress/sweep_id=" + SWEEP + "/" + id + ".parquet");
    String duck = "SELECT count(*), count(DISTINCT step), count(distance), max(step) FROM read_parquet('" + dir
        + "/progress/*/*.parquet', hive_partitioning = 1) WHERE trial_id = '" + id + "'";
    List<List<io.gansweep.trial.MetricRow>> told = new java.util.ArrayList<>();
    TrialResult r = TrialRunner.run(new TrialTask(SWEEP, 0, config, 0, "cpu", 1, null), (task, rows) -> {
      try {
        store.publishProgress(SWEEP, task.config().trialId(), rows);
        told.add(rows);
        List<Map<String, Object>> read = store.rows(OutputLayout.PROGRESS, SWEEP, null);
        assertEquals(rows.size(), read.size(), "the file holds the rows so far, each once");
        assertEquals(rows.get(rows.size() - 1).step(), read.get(read.size() - 1).get("step"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
            ResultSet rs = st.executeQuery(duck)) {
          assertTrue(rs.next());
          assertEquals(rows.size(), rs.getInt(1), "DuckDB reads each row once");
          assertEquals(rows.size(), rs.getInt(2));
          assertEquals(rows.stream().filter(m -> m.quality() != null && m.quality().distance() != null).count(), rs.getInt(3),
              "the quality of every evaluation so far");
          assertEquals(rows.get(rows.size() - 1).step(), rs.getInt(4));
        }
      } catch (java.io.IOException | java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    assertEquals(TrialStatus.COMPLETED, r.summary().status(), r.summary().error());
    assertEquals(List.of(20, 40), told.stream().map(rows -> rows.get(rows.size() - 1).step()).toList(),
        "told after each evaluation before the last round (its rows come with the commit)");
    assertEquals(r.metrics().subList(0, told.get(1).size()), told.get(1), "the rows so far are the final rows' beginning");
    assertTrue(Files.exists(file));
    store.commit(r);
    assertFalse(Files.exists(file), "the commit deletes the progress file: its metrics file holds the rows");
    store.publishProgress(SWEEP, id, told.get(0)); // a speculative copy, after the commit
    assertFalse(Files.exists(file), "a committed trial gets no progress file again");
    assertEquals(r.metrics().size(), store.rows(OutputLayout.METRICS, SWEEP, null).size());
  }

  @Test
  void failedTrialsAreRetriedUpToTheirLastAttemptAndTheNextAttemptReplacesTheRow(@TempDir Path dir) throws Exception {
    TrialStore store = new TrialStore(dir.toString());
    TrialConfig config = completed.summary().task().config();
    String id = config.trialId();
    store.commit(diverged);
    store.commit(failed(config, 0));
    assertEquals(Map.of(id, 0), store.failedToRetry(SWEEP), "the DIVERGED trial is a result; the FAILED one is retried");
    store.commit(failed(config, 0)); // a speculative copy of the first attempt: the first row wins
    store.commit(failed(config, 1));
    assertEquals(Map.of(id, 1), store.failedToRetry(SWEEP), "attempt 1 replaced attempt 0's row");
    store.commit(failed(config, 2));
    assertEquals(Map.of(), store.failedToRetry(SWEEP), "attempt 2 was the last");
    assertEquals(List.of(id), store.failedForGood(SWEEP));
    Dataset<Row> rows = spark.read().parquet(dir.resolve("trials").toString());
    assertEquals(2, rows.count(), "one row per trial");
    assertEquals(2, rows.where("trial_id = '" + id + "'").first().<Integer>getAs("attempt"));

    TrialStore other = new TrialStore(dir.resolve("again").toString());
    other.commit(failed(config, 0));
    TrialResult retried = TrialRunner.run(new TrialTask(SWEEP, 0, config, 1, "cpu", 1, null));
    other.commit(retried);
    Row row = spark.read().parquet(dir.resolve("again/trials").toString()).first();
    assertEquals("COMPLETED", row.getAs("status"));
    assertEquals(1, row.<Integer>getAs("attempt"));
    assertEquals(Map.of(), other.failedToRetry(SWEEP));
    other.commit(failed(config, 2)); // a COMPLETED row is never replaced
    assertEquals("COMPLETED", spark.read().parquet(dir.resolve("again/trials").toString()).first().getAs("status"));
    assertEquals(completed.metrics().size(), spark.read().parquet(dir.resolve("again/metrics").toString()).count(),
        "the retry's metrics replaced the FAILED attempt's (none)");
  }

  /**
   * Tables rewritten by DuckDB (columns optional where gansweep writes them required, file names
   * that are not trial ids, extra columns, sweep_id in the file as well as in the path) read
   * through every reader of the store: committed ids, the FAILED trials to retry, rung and screen
   * rows. The trial ids used to fail with "required binary trial_id (STRING) found: expected optional".
   */
  @Test
  void tablesRewrittenWithOptionalColumnsReadThroughEveryReader(@TempDir Path dir) throws Exception {
    Path mine = dir.resolve("mine");
    TrialStore store = new TrialStore(mine.toString());
    store.commit(completed);
    store.commit(diverged);
    TrialConfig c = TrialConfig.of(Map.of(Hyperparameter.STEPS, 10), 7);
    store.commit(failed(c, 0));
    io.gansweep.trial.RungRow rung = new io.gansweep.trial.RungRow(c.trialId(), c.configId(), 7, 0, 1, 30, 10,
        TrialStatus.RUNNING, null, "stable", "evidence", completed.summary().finalQuality());
    store.commitRung(SWEEP, rung);
    io.gansweep.trial.ScreenRow screen = new io.gansweep.trial.ScreenRow("0123456789abcdef", "lr_g 1e-4", 1e-4, 300, 3.3, 0.2, null, true,
        "fit", 0.5);
    store.commitScreen(SWEEP, screen);

    Path theirs = dir.resolve("theirs");
    try (Connection conn = DriverManager.getConnection("jdbc:duckdb:"); Statement s = conn.createStatement()) {
      for (String table : List.of("trials", "rungs", "screen")) {
        Files.createDirectories(theirs.resolve(table + "/sweep_id=" + SWEEP));
        String name = table.equals("trials") ? "part-0.parquet" : "data_0.parquet"; // pyarrow's and DuckDB's names
        s.execute("COPY (SELECT *, 'x' AS extra FROM read_parquet('" + mine.resolve(table) + "/*/*.parquet', hive_partitioning=1)) TO '"
            + theirs.resolve(table + "/sweep_id=" + SWEEP + "/" + name) + "' (FORMAT parquet)");
      }
    }
    String schema = org.apache.parquet.hadoop.ParquetFileReader.open(org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(
        new org.apache.hadoop.fs.Path(theirs.resolve("trials/sweep_id=" + SWEEP + "/part-0.parquet").toString()),
        new org.apache.hadoop.conf.Configuration())).getFooter().getFileMetaData().getSchema().toString();
    assertTrue(schema.contains("optional binary trial_id (STRING)") && schema.contains("sweep_id"), schema);

    TrialStore other = new TrialStore(theirs.toString());
    assertEquals(store.committedTrialIds(SWEEP), other.committedTrialIds(SWEEP));
    assertEquals(3, other.committedTrialIds(SWEEP).size());
    assertEquals(Map.of(c.trialId(), 0), other.failedToRetry(SWEEP));
    assertEquals(List.of(rung), other.rungRows(SWEEP));
    assertEquals(List.of(screen), other.screenRows(SWEEP));
  }

  /**
   * A zero-byte trials file and a truncated metrics file: both moved aside to
   * OUT/quarantine/sweep_id=<id>/, with the trials row of the trial whose metrics were lost, so
   * that neither trial counts as committed (a resume retrains them). A zero-byte trials file used
   * to count as committed, and every later read of the table failed.
   */
  @Test
  void unreadableCommittedFilesAreQuarantinedAndTheirTrialsNoLongerCommitted(@TempDir Path dir) throws Exception {
    TrialStore store = new TrialStore(dir.toString());
    store.commit(completed);
    store.commit(diverged);
    String a = completed.summary().task().config().trialId();
    String b = diverged.summary().task().config().trialId();
    Files.write(dir.resolve("trials/sweep_id=" + SWEEP + "/" + a + ".parquet"), new byte[0]);
    Path metrics = dir.resolve("metrics/sweep_id=" + SWEEP + "/" + b + ".parquet");
    byte[] bytes = Files.readAllBytes(metrics);
    Files.write(metrics, java.util.Arrays.copyOf(bytes, bytes.length - 10)); // truncated: no PAR1 at its end
    assertEquals(Set.of(a, b), store.committedTrialIds(SWEEP), "before: both count as committed");

    List<String> moved = store.quarantineUnreadable(SWEEP);
    assertEquals(3, moved.size(), moved.toString());
    assertTrue(moved.get(0).equals("trials/" + a + ".parquet (0 bytes)"), moved.toString());
    assertEquals(Set.of(), store.committedTrialIds(SWEEP));
    assertEquals(Set.of(a + ".parquet", b + ".parquet"), names(dir.resolve("quarantine/sweep_id=" + SWEEP + "/trials")));
    assertEquals(Set.of(b + ".parquet"), names(dir.resolve("quarantine/sweep_id=" + SWEEP + "/metrics")));
    assertEquals(List.of(), store.quarantineUnreadable(SWEEP), "nothing else to move");
  }

  /** Every file under {@code dir}, relative, sorted. */
  private static List<String> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  /**
   * A store fenced by its run's lease commits while the lease holds its token, and refuses every
   * kind of write, leaving no file, once another run has taken the lease over: trial rows, rung
   * and screen rows, FAILED markers, the clean-up at start, and a compaction.
   */
  @Test
  void aFencedStoreWritesNothingOnceAnotherRunTookItsLease(@TempDir Path dir) throws Exception {
    Path lease = Files.createDirectories(dir.resolve("sweeps/" + SWEEP)).resolve("lease");
    Files.writeString(lease, "owner: host-a/1\ntoken: token-a\ngeneration: 1\n");
    LeaseFence a = new LeaseFence(lease.toString(), SWEEP, "host-a/1", "token-a", 1);
    TrialStore store = new TrialStore(dir.toString()).fencedBy(a);
    store.commit(completed);
    assertEquals(Set.of(completed.summary().task().config().trialId()), store.committedTrialIds(SWEEP));

    Files.writeString(lease, "owner: host-b/2\ntoken: token-b\ngeneration: 2\n"); // run B took the sweep over
    List<String> before = files(dir);
    TrialConfig c = TrialConfig.of(Map.of(Hyperparameter.STEPS, 10), 7);
    io.gansweep.trial.RungRow rung = new io.gansweep.trial.RungRow(c.trialId(), c.configId(), 7, 0, 1, 30, 10,
        TrialStatus.RUNNING, null, "stable", "evidence", null);
    io.gansweep.trial.ScreenRow screen = new io.gansweep.trial.ScreenRow("0123456789abcdef", "lr_g 1e-4", 1e-4, 300, 3.3, 0.2, null, true,
        "fit", 0.5);
    String taken = ": the lease of sweep " + SWEEP + " was taken by host-b/2 (got generation 2; allowed 1)";
    Map<String, org.junit.jupiter.api.function.Executable> writes = new java.util.LinkedHashMap<>();
    writes.put("Cannot commit trial " + diverged.summary().task().config().trialId(), () -> store.commit(diverged));
    writes.put("Cannot commit trial " + c.trialId(), () -> store.commit(failed(c, 0)));
    writes.put("Cannot commit rung 1 of trial " + c.trialId(), () -> store.commitRung(SWEEP, rung));
    writes.put("Cannot commit the screen row of setup 0123456789abcdef", () -> store.commitScreen(SWEEP, screen));
    writes.put("Cannot mark trial " + c.trialId() + " FAILED", () -> store.markFailed(SWEEP, c.trialId()));
    writes.put("Cannot remove the temporary files of sweep " + SWEEP, () -> store.removeLeftovers(SWEEP));
    writes.put("Cannot quarantine the unreadable files of sweep " + SWEEP, () -> store.quarantineUnreadable(SWEEP));
    writes.put("Cannot compact sweep " + SWEEP, () -> new Compaction(dir.toString()).fencedBy(a).compact(SWEEP));
    for (Map.Entry<String, org.junit.jupiter.api.function.Executable> w : writes.entrySet()) {
      LeaseFence.FencedException e = org.junit.jupiter.api.Assertions.assertThrows(LeaseFence.FencedException.class, w.getValue(), w.getKey());
      assertEquals(w.getKey() + taken, e.getMessage());
    }
    assertEquals(before, files(dir), "a refused writer leaves no file");
    new TrialStore(dir.toString()).commit(diverged); // an unfenced store (a tool, a test) writes as before
  }
}
