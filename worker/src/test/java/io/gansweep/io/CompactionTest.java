package io.gansweep.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.train.TrialRunner;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.RungRow;
import io.gansweep.trial.ScreenRow;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real trials committed one file each, compacted, and read back by Spark SQL and DuckDB: the same
 * rows in a few files, the same committed ids, first-wins commits afterwards, and an interrupted
 * compaction finished or undone.
 */
class CompactionTest {

  static final String SWEEP = "compact-test-0a1b2c3d";

  /** Small enough that the metrics rows of five trials fill more than one file; large enough for one trials file. */
  static final long TARGET = 4_000;

  static List<TrialResult> results = new ArrayList<>();
  static SparkSession spark;

  @TempDir Path out;

  @BeforeAll
  static void trainTrials() {
    for (int i = 0; i < 6; i++) {
      TrialConfig c = TrialConfig.of(Map.of(Hyperparameter.STEPS, 30, Hyperparameter.HIDDEN, 8, Hyperparameter.LOG_EVERY, 1,
          Hyperparameter.EVAL_EVERY, 15, Hyperparameter.EVAL_SAMPLES, 100, Hyperparameter.LR_G, 1e-4 * (i / 2 + 1)), i % 2);
      results.add(TrialRunner.run(new TrialTask(SWEEP, i, c, 0, "cpu", 1, null)));
    }
    spark = SparkSession.builder().master("local[2]").appName("CompactionTest")
        .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC").getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** Five committed trials, the sixth's metrics and points left by an attempt that died before its trials row, rungs, a screen row and checkpoints. */
  @BeforeEach
  void commit() throws Exception {
    TrialStore store = new TrialStore(out.toString());
    for (TrialResult r : results) {
      store.commit(r);
    }
    Files.delete(out.resolve("trials/sweep_id=" + SWEEP + "/" + id(5) + ".parquet"));
    for (int i = 0; i < 6; i++) {
      store.commitRung(SWEEP, rung(i, 0));
      Files.createDirectories(out.resolve("checkpoints/sweep_id=" + SWEEP));
      Files.write(out.resolve("checkpoints/sweep_id=" + SWEEP + "/" + id(i) + ".ckpt"), new byte[] {1, 2, 3});
    }
    store.commitScreen(SWEEP, screen("0123456789abcdef"));
  }

  static String id(int i) {
    return results.get(i).summary().task().config().trialId();
  }

  static RungRow rung(int i, int k) {
    TrialConfig c = results.get(i).summary().task().config();
    return new RungRow(c.trialId(), c.configId(), c.seed(), 0, k, 30, 10, TrialStatus.RUNNING, null, "stable", "evidence", null);
  }

  static ScreenRow screen(String setup) {
    return new ScreenRow(setup, "lr_g 1e-4", 1e-4, 300, 3.3, 0.2, null, true, "fit", 0.5);
  }

  /** Every row of a table, as sorted strings, read by Spark with partition discovery. */
  Set<String> rows(String table) {
    return spark.read().parquet(out.resolve(table).toString()).collectAsList().stream().map(Row::mkString)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  long rowCount(String table) {
    return spark.read().parquet(out.resolve(table).toString()).count();
  }

  Set<String> names(String table) throws Exception {
    try (Stream<Path> s = Files.list(out.resolve(table + "/sweep_id=" + SWEEP))) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  Compaction compaction() {
    return new Compaction(out.toString(), new Configuration(), TARGET);
  }

  @Test
  void compactedPartitionsHoldTheSameRowsInFewFiles() throws Exception {
    List<String> tables = List.of("trials", "metrics", "samples", "rungs", "screen");
    Map<String, Set<String>> before = tables.stream().collect(Collectors.toMap(t -> t, this::rows));
    Map<String, Long> counts = tables.stream().collect(Collectors.toMap(t -> t, this::rowCount));
    Set<String> committed = new TrialStore(out.toString()).committedTrialIds(SWEEP);
    assertEquals(5, committed.size());

    Compaction.Result r = compaction().compact(SWEEP);

    for (String t : tables) {
      assertEquals(before.get(t), rows(t), t + ": the same rows");
      assertEquals(counts.get(t), rowCount(t), t + ": no duplicate");
    }
    assertEquals(Set.of("part"), names("trials").stream().map(n -> n.substring(0, 4)).collect(Collectors.toSet()), "trials: " + names("trials"));
    assertEquals(1, names("trials").size(), "five trials rows fit one file");
    Set<String> metrics = names("metrics");
    assertTrue(metrics.contains(id(5) + ".parquet"), "the uncommitted trial's metrics stay its own file, for a retry to replace: " + metrics);
    long parts = metrics.stream().filter(n -> n.startsWith(Compaction.PREFIX)).count();
    assertTrue(parts >= 2 && parts < 5, "metrics of 5 trials at a " + TARGET + "-byte target: " + metrics);
    assertEquals(metrics.size(), parts + 1, "nothing else in metrics: " + metrics);
    assertEquals(committed, new TrialStore(out.toString()).committedTrialIds(SWEEP), "resume knows what is committed");
    assertEquals(6, new TrialStore(out.toString()).rungRows(SWEEP).size());
    assertEquals(1, new TrialStore(out.toString()).screenRows(SWEEP).size());
    assertEquals(Set.of(id(5) + ".ckpt"), names("checkpoints"), "checkpoints of ended trials deleted, the running one's kept");
    assertEquals(5, r.checkpointsDeleted());
    assertFalse(Files.exists(out.resolve(".compaction")), "nothing staged is left");
    assertTrue(r.tables().stream().filter(t -> t.table().equals("trials")).allMatch(t -> t.filesBefore() == 5 && t.filesAfter() == 1 && t.rows() == 5),
        r.tables().toString());
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT trial_id) FROM read_parquet('" + out.resolve("metrics")
            + "/*/*.parquet', hive_partitioning=1)")) {
      rs.next();
      assertEquals(counts.get("metrics"), rs.getLong(1), "DuckDB, a second reader, counts the same rows");
      assertEquals(6, rs.getLong(2));
    }

    Compaction.Result again = compaction().compact(SWEEP);
    assertFalse(again.compactedAny(), "a compacted sweep has nothing to rewrite: " + again.tables());
  }

  @Test
  void commitsAfterCompactionKeepFirstWinsAndCompactAgain() throws Exception {
    compaction().compact(SWEEP);
    Set<String> trialsBefore = rows("trials");
    TrialStore store = new TrialStore(out.toString());
    store.commit(results.get(0)); // a retried copy of a compacted trial
    store.commitRung(SWEEP, rung(0, 0));
    store.commitScreen(SWEEP, screen("0123456789abcdef"));
    assertEquals(trialsBefore, rows("trials"));
    assertEquals(1, names("trials").size(), "no per-trial file beside the compacted one: " + names("trials"));
    assertEquals(6, rowCount("rungs"));
    assertEquals(1, rowCount("screen"));

    store.commit(results.get(5)); // the retry of the trial that had not committed
    store.commitRung(SWEEP, rung(5, 1));
    assertEquals(6, store.committedTrialIds(SWEEP).size());
    assertEquals(6, rowCount("trials"));
    long metricRows = rowCount("metrics");
    Set<String> rows = rows("metrics");
    Compaction.Result r = compaction().compact(SWEEP);
    assertTrue(r.compactedAny());
    assertEquals(1, names("trials").size(), "one generation of compacted files: " + names("trials"));
    assertEquals(6, rowCount("trials"));
    assertEquals(metricRows, rowCount("metrics"));
    assertEquals(rows, rows("metrics"));
    assertTrue(names("metrics").stream().allMatch(n -> n.startsWith(Compaction.PREFIX)), names("metrics").toString());
    assertEquals(7, rowCount("rungs"));
    assertEquals(6, store.committedTrialIds(SWEEP).size());
  }

  /** A compaction killed after staging, before READY: the next one deletes what it staged; the partition is as it was. */
  @Test
  void compactionKilledBeforeItsSwapIsUndone() throws Exception {
    Set<String> names = names("trials");
    Path staged = out.resolve(".compaction/sweep_id=" + SWEEP + "/trials/new");
    Files.createDirectories(staged);
    Files.write(staged.resolve("part-x-00000.parquet"), new byte[] {0}); // half-written
    assertEquals(0, compaction().recover(SWEEP));
    assertEquals(names, names("trials"));
    assertFalse(Files.exists(out.resolve(".compaction")));
    assertEquals(5, rowCount("trials"));
  }

  /** A compaction killed between its two renames: the partition is absent until the next one (or run) completes the swap. */
  @Test
  void compactionKilledBetweenItsRenamesIsCompleted() throws Exception {
    Set<String> rows = rows("metrics");
    Path partition = out.resolve("metrics/sweep_id=" + SWEEP);
    Path stage = out.resolve(".compaction/sweep_id=" + SWEEP + "/metrics");
    Files.createDirectories(stage.resolve("new"));
    try (Stream<Path> s = Files.list(partition)) {
      for (Path f : s.toList()) {
        Files.copy(f, stage.resolve("new").resolve(f.getFileName()));
      }
    }
    Files.createFile(stage.resolve("READY"));
    Files.move(partition, stage.resolve("old"));
    assertFalse(Files.exists(partition));
    assertEquals(1, compaction().recover(SWEEP));
    assertEquals(rows, rows("metrics"));
    assertFalse(Files.exists(out.resolve(".compaction/sweep_id=" + SWEEP)));
  }

  @Test
  void badTargetSizeIsRefused() {
    var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new Compaction(out.toString(), new Configuration(), 0));
    assertTrue(e.getMessage().startsWith("Cannot compact: target file size not positive (got 0;"), e.getMessage());
  }

  /**
   * A FAILED trial that a resume retrains keeps its own files through a compaction (its next
   * attempt replaces them), and one that an older compaction put into a part file is taken out of
   * it again; a FAILED trial on its last attempt is compacted like any ended trial. Only FAILED
   * rows: an all-FAILED sweep compacted to an empty metrics partition could not be analysed, nor
   * retrained (its rows were first-wins in a part file).
   */
  @Test
  void failedTrialsToRetryKeepTheirOwnFilesAndAreTakenOutOfOldPartFiles() throws Exception {
    TrialStore store = new TrialStore(out.toString());
    Path trials = out.resolve("trials/sweep_id=" + SWEEP);
    Files.delete(trials.resolve(id(0) + ".parquet"));
    Files.delete(trials.resolve(id(1) + ".parquet"));
    TrialConfig c0 = results.get(0).summary().task().config();
    TrialConfig c1 = results.get(1).summary().task().config();
    store.commit(TrialRunner.failed(new TrialTask(SWEEP, 0, c0, 0, "gpu:0", 1, null), new IllegalStateException("no GPU"), java.time.Instant.now()));
    store.commit(TrialRunner.failed(new TrialTask(SWEEP, 1, c1, 2, "gpu:0", 1, null), new IllegalStateException("no GPU"), java.time.Instant.now()));
    long metricRows = rowCount("metrics");
    assertEquals(Map.of(id(0), 0), store.failedToRetry(SWEEP));

    compaction().compact(SWEEP);
    assertTrue(names("trials").contains(id(0) + ".parquet"), "the FAILED trial to retry keeps its row file: " + names("trials"));
    assertEquals(2, names("trials").size(), "the others, the last attempt's FAILED row too, in one part file: " + names("trials"));
    assertTrue(names("metrics").contains(id(0) + ".parquet"), names("metrics").toString());
    assertEquals(5, rowCount("trials"));
    assertEquals(metricRows, rowCount("metrics"));
    assertEquals(Map.of(id(0), 0), store.failedToRetry(SWEEP));

    // As an older gansweep compacted it: the FAILED row inside a part file.
    String part = names("trials").stream().filter(n -> n.startsWith(Compaction.PREFIX)).findFirst().orElseThrow();
    Dataset<Row> all = spark.read().parquet(trials.toString());
    Path legacy = out.resolve("legacy");
    all.coalesce(1).write().parquet(legacy.toString());
    Files.delete(trials.resolve(part));
    Files.delete(trials.resolve(id(0) + ".parquet"));
    try (Stream<Path> s = Files.list(legacy)) {
      Files.copy(s.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow(), trials.resolve("part-legacy-00000.parquet"));
    }
    assertEquals(Map.of(id(0), 0), store.failedToRetry(SWEEP), "a FAILED row in a part file is found");
    Compaction.Result r = compaction().compact(SWEEP);
    assertTrue(r.compactedAny(), r.tables().toString());
    assertTrue(names("trials").contains(id(0) + ".parquet"), "taken out of the part file: " + names("trials"));
    assertEquals(5, rowCount("trials"), "no row lost, none twice");
    assertEquals(1, spark.read().parquet(trials.resolve(id(0) + ".parquet").toString()).count());
    assertEquals(Map.of(id(0), 0), store.failedToRetry(SWEEP));
    TrialResult retried = TrialRunner.run(new TrialTask(SWEEP, 0, c0, 1, "cpu", 1, null));
    store.commit(retried);
    assertEquals("COMPLETED", spark.read().parquet(trials.resolve(id(0) + ".parquet").toString()).first().getAs("status"));
    assertEquals(5, rowCount("trials"));
  }

  /** The staging of a real compaction of the metrics partition, left as a kill between its two renames leaves it. */
  private Path killBetweenRenames(Path copyOfOut) throws Exception {
    Path partition = out.resolve("metrics/sweep_id=" + SWEEP);
    try (Stream<Path> s = Files.walk(out)) {
      for (Path p : s.filter(p -> !p.equals(out)).toList()) {
        Files.copy(p, copyOfOut.resolve(out.relativize(p).toString()));
      }
    }
    new Compaction(copyOfOut.toString(), new Configuration(), TARGET).compact(SWEEP);
    Path stage = Files.createDirectories(out.resolve(".compaction/sweep_id=" + SWEEP + "/metrics/new")).getParent();
    long rows = 0;
    try (Stream<Path> s = Files.list(copyOfOut.resolve("metrics/sweep_id=" + SWEEP))) {
      for (Path f : s.toList()) {
        Files.copy(f, stage.resolve("new").resolve(f.getFileName()));
        if (f.getFileName().toString().startsWith(Compaction.PREFIX)) {
          rows += spark.read().parquet(f.toString()).count();
        }
      }
    }
    Files.writeString(stage.resolve("READY"), "rows: " + rows + "\n");
    Files.move(partition, stage.resolve("old"));
    return stage;
  }

  /**
   * A writer that did not recover first (an older gansweep's {@code trial}) committed into the
   * sweep between the two renames: recovery puts the compacted files beside what it wrote, drops
   * its copy of rows the compacted files hold, checks the count, and only then deletes the old files.
   */
  @Test
  void recoveryAfterAWriteBetweenTheRenamesLosesNoRow(@TempDir Path copy) throws Exception {
    Set<String> rows = rows("metrics");
    long count = rowCount("metrics");
    Path stage = killBetweenRenames(copy);
    Path partition = Files.createDirectories(out.resolve("metrics/sweep_id=" + SWEEP));
    Files.copy(stage.resolve("old").resolve(id(0) + ".parquet"), partition.resolve(id(0) + ".parquet")); // the writer's copy of trial 0
    assertEquals(1, compaction().recover(SWEEP));
    assertEquals(rows, rows("metrics"));
    assertEquals(count, rowCount("metrics"), "no duplicate");
    assertFalse(Files.exists(out.resolve(".compaction")));
  }

  /** Recovery never deletes rows it has not verified: a swapped-in file that lost rows keeps the old files and says where. */
  @Test
  void recoveryKeepsTheOldFilesWhenTheSwappedInRowsDoNotAddUp(@TempDir Path copy) throws Exception {
    Path stage = killBetweenRenames(copy);
    Files.writeString(stage.resolve("READY"), "rows: 999999\n");
    var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> compaction().recover(SWEEP));
    assertTrue(e.getMessage().startsWith("Cannot recover the compaction of "), e.getMessage());
    assertTrue(e.getMessage().contains("allowed the 999999 rows staged); the files from before it are kept in"), e.getMessage());
    assertTrue(Files.exists(stage.resolve("old").resolve(id(0) + ".parquet")), "the old files are kept");
  }

  /**
   * An older gansweep wrote READY without a row count and was killed after its second rename,
   * before deleting its staging folder: recovery counts every row in the partition against the
   * old files, finds them all, and finishes. With rows missing it keeps the old files instead.
   */
  @Test
  void aMarkerWithoutACountFromAnOlderVersionIsVerifiedByCountingTheOldFiles(@TempDir Path copy) throws Exception {
    Set<String> rows = rows("metrics");
    Path stage = killBetweenRenames(copy);
    Path partition = out.resolve("metrics/sweep_id=" + SWEEP);
    Files.writeString(stage.resolve("READY"), "");
    Files.move(stage.resolve("new"), partition); // the older version's second rename
    assertEquals(0, compaction().recover(SWEEP));
    assertEquals(rows, rows("metrics"));
    assertFalse(Files.exists(out.resolve(".compaction")), "old files deleted once verified");
  }

  /** The same older marker where the swapped-in files are gone (nothing staged, an empty partition): the old files stay. */
  @Test
  void aMarkerWithoutACountKeepsTheOldFilesWhenRowsAreMissing(@TempDir Path copy) throws Exception {
    Path stage = killBetweenRenames(copy);
    Files.writeString(stage.resolve("READY"), "");
    try (Stream<Path> s = Files.walk(stage.resolve("new"))) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    Files.createDirectories(out.resolve("metrics/sweep_id=" + SWEEP));
    var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> compaction().recover(SWEEP));
    assertTrue(e.getMessage().contains("hold a different number of rows (got 0; allowed the "), e.getMessage());
    assertTrue(Files.exists(stage.resolve("old").resolve(id(0) + ".parquet")), "the old files are kept");
  }
}
