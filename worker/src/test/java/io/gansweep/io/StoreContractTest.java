package io.gansweep.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.train.TrialRunner;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.RungRow;
import io.gansweep.trial.ScreenRow;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.TrialResult;
import io.gansweep.trial.TrialStatus;
import io.gansweep.trial.TrialTask;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output store's contract, run on every file system a sweep writes to ({@link Store}: local,
 * a real HDFS, a real S3 API): published files whole and first-wins where asked, trials committed
 * and read back (by gansweep and by Spark), leftovers of killed writers removed, a compaction's
 * rows unchanged, and a compaction killed before, between or inside its renames (at any step of
 * its swap) undone or completed with every row once.
 */
class StoreContractTest {

  static final String SWEEP = "stores-test-0a1b2c3d";

  static final List<TrialResult> results = new ArrayList<>();
  static SparkSession spark;

  @TempDir static java.nio.file.Path local;

  @BeforeAll
  static void trainTrials() {
    for (int i = 0; i < 4; i++) {
      TrialConfig c = TrialConfig.of(Map.of(Hyperparameter.STEPS, 20, Hyperparameter.HIDDEN, 8, Hyperparameter.LOG_EVERY, 5,
          Hyperparameter.EVAL_EVERY, 10, Hyperparameter.EVAL_SAMPLES, 100, Hyperparameter.LR_G, 1e-4 * (i / 2 + 1)), i % 2);
      results.add(TrialRunner.run(new TrialTask(SWEEP, i, c, 0, "cpu", 1, null)));
    }
    SparkSession.Builder b = SparkSession.builder().master("local[2]").appName("StoreContractTest").config("spark.ui.enabled", "false");
    Store.S3.settings().values().forEach((k, v) -> b.config(HadoopConf.Settings.SPARK_PREFIX + k, v));
    spark = b.getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    HadoopConf.use(HadoopConf.Settings.NONE);
    if (spark != null) {
      spark.stop();
    }
  }

  /** A fresh root on {@code store}, with this JVM using the store's settings (as a driver does with its --conf). */
  static String root(Store store) throws Exception {
    HadoopConf.use(store.settings());
    return store.root(local, "contract");
  }

  static String id(int i) {
    return results.get(i).summary().task().config().trialId();
  }

  static Set<String> names(FileSystem fs, Path dir) throws Exception {
    Set<String> names = new TreeSet<>();
    for (FileStatus f : fs.listStatus(dir)) {
      names.add(f.getPath().getName());
    }
    return names;
  }

  static Set<String> sparkRows(String dir) {
    return spark.read().parquet(dir).collectAsList().stream().map(Row::mkString).collect(Collectors.toCollection(TreeSet::new));
  }

  static String text(FileSystem fs, Path p) throws Exception {
    try (var in = fs.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void publishedFilesKeepTheFirstOrReplaceWhole(Store store) throws Exception {
    String out = root(store);
    Publisher publisher = new Publisher(HadoopConf.create());
    Path target = new Path(out, "sweeps/s/record");
    FileSystem fs = target.getFileSystem(HadoopConf.create());
    assertTrue(publisher.publish(target, Publisher.IfPresent.KEEP, "first".getBytes(StandardCharsets.UTF_8)));
    assertFalse(publisher.publish(target, Publisher.IfPresent.KEEP, "second".getBytes(StandardCharsets.UTF_8)), "the first file wins");
    assertEquals("first", text(fs, target));
    assertTrue(publisher.publish(target, Publisher.IfPresent.REPLACE, "third".getBytes(StandardCharsets.UTF_8)));
    assertEquals("third", text(fs, target));
    assertEquals(Set.of("record"), names(fs, target.getParent()), "no temporary file is left beside it");
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void committedTrialsReadBackOnceEach(Store store) throws Exception {
    String out = root(store);
    TrialStore trials = new TrialStore(out);
    for (TrialResult r : results) {
      trials.commit(r);
    }
    trials.commit(results.get(0)); // a retried task commits the same trial again: the first row wins
    Set<String> ids = results.stream().map(r -> r.summary().task().config().trialId()).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(ids, new TreeSet<>(trials.committedTrialIds(SWEEP)));
    Path partition = trials.partition(OutputLayout.TRIALS, SWEEP);
    FileSystem fs = partition.getFileSystem(HadoopConf.create());
    assertEquals(ids.stream().map(i -> i + ".parquet").collect(Collectors.toCollection(TreeSet::new)), names(fs, partition),
        "one file per trial and nothing else: no temporary file");
    assertEquals(4, spark.read().parquet(OutputLayout.table(out, OutputLayout.TRIALS).toString()).count(), "Spark reads one row per trial");
    assertEquals(4, spark.read().parquet(OutputLayout.table(out, OutputLayout.TRIALS).toString()).select("trial_id").distinct().count());
    assertTrue(spark.read().parquet(OutputLayout.table(out, OutputLayout.METRICS).toString()).count() > 4, "metrics rows per step");

    Path leftover = Publisher.temporaryBeside(new Path(partition, id(0) + ".parquet"));
    try (FSDataOutputStream o = fs.create(leftover)) {
      o.write(new byte[] {1, 2, 3}); // what a killed writer leaves on a file system that stages by rename
    }
    assertEquals(1, trials.removeLeftovers(SWEEP));
    assertFalse(fs.exists(leftover));
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void compactionKeepsEveryRowInFewerFiles(Store store) throws Exception {
    String out = root(store);
    TrialStore trials = new TrialStore(out);
    for (TrialResult r : results) {
      trials.commit(r);
    }
    String metrics = OutputLayout.table(out, OutputLayout.METRICS).toString();
    String trialsTable = OutputLayout.table(out, OutputLayout.TRIALS).toString();
    Set<String> metricRows = sparkRows(metrics);
    Set<String> trialRows = sparkRows(trialsTable);
    Configuration conf = HadoopConf.create();

    Compaction.Result r = new Compaction(out, conf, Compaction.TARGET_BYTES).compact(SWEEP);

    assertTrue(r.compactedAny(), r.toString());
    Path partition = trials.partition(OutputLayout.TRIALS, SWEEP);
    FileSystem fs = partition.getFileSystem(conf);
    assertEquals(1, names(fs, partition).size(), "four trials rows in one part file: " + names(fs, partition));
    assertTrue(names(fs, partition).iterator().next().startsWith(Compaction.PREFIX), names(fs, partition).toString());
    assertEquals(trialRows, sparkRows(trialsTable));
    assertEquals(metricRows, sparkRows(metrics));
    assertEquals(4, trials.committedTrialIds(SWEEP).size(), "resume reads the ids from the part file");
    assertFalse(fs.exists(new Path(out, Compaction.STAGING)), "nothing staged is left");
    trials.commit(results.get(1)); // after compaction, a retried commit still adds nothing
    assertEquals(trialRows, sparkRows(trialsTable));
  }

  /** A compaction killed before READY (staged files only) is undone; one killed between its renames is completed. */
  @ParameterizedTest
  @EnumSource(Store.class)
  void interruptedCompactionsAreUndoneOrCompleted(Store store) throws Exception {
    String out = root(store);
    Configuration conf = HadoopConf.create();
    TrialStore trials = new TrialStore(out);
    for (TrialResult r : results) {
      trials.commit(r);
    }
    Compaction compaction = new Compaction(out, conf, Compaction.TARGET_BYTES);
    Path partition = trials.partition(OutputLayout.METRICS, SWEEP);
    FileSystem fs = partition.getFileSystem(conf);
    Set<String> perTrial = names(fs, partition);
    Path stage = compaction.staging(SWEEP, OutputLayout.METRICS);
    try (FSDataOutputStream o = fs.create(new Path(stage, "new/part-x-00000.parquet"))) {
      o.write(0); // half-written
    }
    assertEquals(0, compaction.recover(SWEEP));
    assertEquals(perTrial, names(fs, partition), "the partition is as it was");
    assertFalse(fs.exists(new Path(out, Compaction.STAGING)));

    String metrics = OutputLayout.table(out, OutputLayout.METRICS).toString();
    Set<String> rows = sparkRows(metrics);
    for (String name : perTrial) {
      FileUtil.copy(fs, new Path(partition, name), fs, new Path(stage, "new/" + name), false, conf);
    }
    try (FSDataOutputStream o = fs.create(new Path(stage, "READY"))) {
      o.write(new byte[0]);
    }
    assertTrue(fs.rename(partition, new Path(stage, "old")), "the first of the swap's renames");
    assertFalse(fs.exists(partition));
    assertEquals(1, compaction.recover(SWEEP));
    assertEquals(perTrial, names(fs, partition));
    assertEquals(rows, sparkRows(metrics));
    assertFalse(fs.exists(new Path(out, Compaction.STAGING)));
  }

  static final List<String> TABLES = List.of(OutputLayout.TRIALS, OutputLayout.METRICS, OutputLayout.SAMPLES, OutputLayout.RUNGS,
      OutputLayout.SCREEN);

  /** Trial {@code i}'s row at rung {@code k}. */
  static RungRow rung(int i, int k) {
    TrialConfig c = results.get(i).summary().task().config();
    return new RungRow(c.trialId(), c.configId(), c.seed(), 0, k, 20, 10 * (k + 1), TrialStatus.RUNNING, null, "stable", "evidence", null);
  }

  static ScreenRow screen(String setupId) {
    return new ScreenRow(setupId, "lr_g 1e-4", 1e-4, 300, 3.3, 0.2, null, true, "fit", 0.5);
  }

  /** Every row of each table's partition, read file by file with parquet-hadoop, sorted: a row twice shows twice. */
  static Map<String, List<String>> rowsOfEveryTable(String out, Configuration conf) throws Exception {
    Map<String, List<String>> rows = new java.util.TreeMap<>();
    for (String table : TABLES) {
      Path partition = OutputLayout.partition(out, table, SWEEP);
      List<String> r = new ArrayList<>();
      for (Path f : OutputLayout.publishedParquet(partition.getFileSystem(conf), partition)) {
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), f).withConf(conf).build()) {
          for (Group g = reader.read(); g != null; g = reader.read()) {
            r.add(g.toString());
          }
        }
      }
      r.sort(null);
      rows.put(table, r);
    }
    return rows;
  }

  static Map<String, Integer> counts(Map<String, List<String>> rows) {
    Map<String, Integer> c = new java.util.TreeMap<>();
    rows.forEach((t, r) -> c.put(t, r.size()));
    return c;
  }

  /**
   * On S3 a rename is a copy and a delete per file: {@code compact} killed inside the rename of the
   * rungs partition to {@code old/} (one file moved, the next copied but not deleted, the rest not
   * reached), with the {@code READY} marker of the gansweep before the manifest (a row count). The
   * next writer's recovery used to put the compacted file beside the per-trial files left in the
   * partition (no trial id names a rung file): 7 rung rows for 4. It must end with each row once.
   */
  @ParameterizedTest
  @EnumSource(Store.class)
  void compactionKilledInsideARenameLeavesNoRowTwice(Store store) throws Exception {
    String out = root(store);
    Configuration conf = HadoopConf.create();
    TrialStore trials = new TrialStore(out, conf);
    for (int i = 0; i < results.size(); i++) {
      trials.commit(results.get(i));
      trials.commitRung(SWEEP, rung(i, 0));
    }
    Map<String, List<String>> before = rowsOfEveryTable(out, conf);
    FileSystem fs = new Path(out).getFileSystem(conf);
    String copy = root(store);
    assertTrue(FileUtil.copy(fs, new Path(out), fs, new Path(copy), false, conf));
    new Compaction(copy, conf, Compaction.TARGET_BYTES).compact(SWEEP);

    Compaction compaction = new Compaction(out, conf, Compaction.TARGET_BYTES);
    for (String table : List.of(OutputLayout.RUNGS)) {
      Path partition = OutputLayout.partition(out, table, SWEEP);
      Path compacted = OutputLayout.partition(copy, table, SWEEP);
      Path stage = compaction.staging(SWEEP, table);
      for (String name : names(fs, compacted)) {
        assertTrue(FileUtil.copy(fs, new Path(compacted, name), fs, new Path(stage, "new/" + name), false, conf));
      }
      try (FSDataOutputStream o = fs.create(new Path(stage, "READY"))) {
        o.write(("rows: " + before.get(table).size() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      List<String> files = new ArrayList<>(names(fs, partition));
      fs.mkdirs(new Path(stage, "old"));
      assertTrue(fs.rename(new Path(partition, files.get(0)), new Path(stage, "old/" + files.get(0))), "moved");
      assertTrue(FileUtil.copy(fs, new Path(partition, files.get(1)), fs, new Path(stage, "old/" + files.get(1)), false, conf),
          "copied, not yet deleted");
    }

    compaction.recover(SWEEP);

    Map<String, List<String>> after = rowsOfEveryTable(out, conf);
    assertEquals(counts(before), counts(after), "each row once");
    assertEquals(before, after, "no row lost");
    assertFalse(fs.exists(new Path(out, Compaction.STAGING)), "nothing staged is left");
  }

  /**
   * {@code compact} killed at each step of its swaps in turn (before each rename, copy-cut delete,
   * marker and deletion it makes; {@link Compaction#interruptedAfter}), on a sweep compacted once
   * and written to since, so that the sources are per-trial and compacted files of every table;
   * then a recovery killed after one step, then a whole one (and, every 4th step, a compaction as
   * a resume's {@code run} ends with): each time every table holds each row it held before, once.
   */
  @ParameterizedTest
  @EnumSource(Store.class)
  void compactionKilledAtAnyStepLosesNoRowAndDuplicatesNone(Store store) throws Exception {
    String template = root(store);
    Configuration conf = HadoopConf.create();
    TrialStore trials = new TrialStore(template, conf);
    for (int i = 0; i < 3; i++) {
      trials.commit(results.get(i));
      trials.commitRung(SWEEP, rung(i, 0));
    }
    trials.commitScreen(SWEEP, screen("0123456789abcdef"));
    new Compaction(template, conf, Compaction.TARGET_BYTES).compact(SWEEP);
    trials.commit(results.get(3));
    for (int i = 0; i < 4; i++) {
      trials.commitRung(SWEEP, rung(i, i == 3 ? 0 : 1));
    }
    trials.commitScreen(SWEEP, screen("fedcba9876543210"));
    Map<String, List<String>> expected = rowsOfEveryTable(template, conf);
    assertEquals(Map.of(OutputLayout.TRIALS, 4, OutputLayout.METRICS, expected.get(OutputLayout.METRICS).size(), OutputLayout.SAMPLES,
        expected.get(OutputLayout.SAMPLES).size(), OutputLayout.RUNGS, 7, OutputLayout.SCREEN, 2), counts(expected));
    FileSystem fs = new Path(template).getFileSystem(conf);

    int steps = 0;
    for (boolean done = false; !done; steps++) {
      String out = root(store);
      assertTrue(FileUtil.copy(fs, new Path(template), fs, new Path(out), false, conf));
      try {
        new Compaction(out, conf, Compaction.TARGET_BYTES).interruptedAfter(steps).compact(SWEEP);
        done = true;
      } catch (Compaction.Interrupted killed) {
        try {
          new Compaction(out, conf, Compaction.TARGET_BYTES).interruptedAfter(1).recover(SWEEP);
        } catch (Compaction.Interrupted killedAgain) {
          // the recovery cut too: the next one finishes it
        }
        new Compaction(out, conf, Compaction.TARGET_BYTES).recover(SWEEP);
        assertFalse(fs.exists(new Path(out, Compaction.STAGING)), "nothing staged is left after " + killed.getMessage());
        assertEquals(expected, rowsOfEveryTable(out, conf), "recovered after " + killed.getMessage());
      }
      if (done || steps % 4 == 1) { // every 4th: a whole compaction is most of a step's time
        new Compaction(out, conf, Compaction.TARGET_BYTES).compact(SWEEP);
        assertEquals(expected, rowsOfEveryTable(out, conf), "compacted again after a kill at step " + steps);
      }
      fs.delete(new Path(out), true);
    }
    assertTrue(steps > 5 * 3, "every table's swap has steps: " + steps);
  }

  /**
   * Issue 27, item 3: gansweep's own readers ({@link TrialStore#rows}, the committed ids a resume
   * reads, the rung rows) see every row of every table once while a compaction's swap stands at
   * any step, as a reader beside a paused or killed compaction would: before its recovery, on every
   * store (on S3 the swap moves file by file, so a plain listing missed rows there).
   */
  @ParameterizedTest
  @EnumSource(Store.class)
  void readersSeeEveryRowOnceAtEveryStepOfASwap(Store store) throws Exception {
    String template = root(store);
    Configuration conf = HadoopConf.create();
    TrialStore trials = new TrialStore(template, conf);
    for (int i = 0; i < 3; i++) {
      trials.commit(results.get(i));
      trials.commitRung(SWEEP, rung(i, 0));
    }
    new Compaction(template, conf, Compaction.TARGET_BYTES).compact(SWEEP);
    trials.commit(results.get(3));
    for (int i = 0; i < 4; i++) {
      trials.commitRung(SWEEP, rung(i, i == 3 ? 0 : 1));
    }
    Map<String, List<String>> expected = readerRows(template, conf);
    Set<String> ids = trials.committedTrialIds(SWEEP);
    assertEquals(4, ids.size());
    FileSystem fs = new Path(template).getFileSystem(conf);
    List<String> missed = new ArrayList<>();
    int steps = 0;
    for (boolean done = false; !done; steps++) {
      String out = root(store);
      assertTrue(FileUtil.copy(fs, new Path(template), fs, new Path(out), false, conf));
      try {
        new Compaction(out, conf, Compaction.TARGET_BYTES).interruptedAfter(steps).compact(SWEEP);
        done = true;
      } catch (Compaction.Interrupted paused) {
        Map<String, List<String>> seen = readerRows(out, conf);
        if (!seen.equals(expected) || !new TrialStore(out, conf).committedTrialIds(SWEEP).equals(ids)) {
          missed.add(paused.getMessage() + ": " + counts(seen));
        }
        new Compaction(out, conf, Compaction.TARGET_BYTES).recover(SWEEP);
      }
      assertEquals(expected, readerRows(out, conf), "after the compaction or its recovery");
      fs.delete(new Path(out), true);
    }
    assertTrue(steps > 3 * 3, "every table's swap has steps: " + steps);
    System.out.printf("readers during a swap on %s: missed or doubled rows at %d of %d steps%n", store, missed.size(), steps);
    assertEquals(List.of(), missed, "steps of " + steps + " where a reader missed or doubled a row (expected " + counts(expected) + ")");
  }

  /** Every row of every table as gansweep's reader gives it ({@link TrialStore#rows}), sorted. */
  static Map<String, List<String>> readerRows(String out, Configuration conf) throws Exception {
    Map<String, List<String>> rows = new java.util.TreeMap<>();
    TrialStore store = new TrialStore(out, conf);
    for (String table : List.of(OutputLayout.TRIALS, OutputLayout.METRICS, OutputLayout.RUNGS)) {
      rows.put(table, store.rows(table, SWEEP, null).stream().map(Object::toString).sorted().toList());
    }
    rows.put("rung rows", store.rungRows(SWEEP).stream().map(Object::toString).sorted().toList());
    return rows;
  }
}
