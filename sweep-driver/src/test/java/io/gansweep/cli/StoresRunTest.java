package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.io.HadoopConf;
import io.gansweep.io.OutputLayout;
import io.gansweep.io.Store;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code gansweep run}, {@code analyze} and a SIGKILL-and-resume with {@code --out} on a real HDFS
 * and a real S3 API ({@link Store}; the local file system's are {@link RunCommandTest}, {@link
 * AnalyzeCommandTest} and {@link KillResumeTest}). The store's settings reach gansweep as a user
 * gives them: {@code --conf spark.hadoop.*} to {@code run}, {@code -Dspark.hadoop.*} (system
 * properties, in a JVM of its own) to {@code analyze}.
 */
class StoresRunTest {

  static final String TINY = "src/test/resources/specs/valid/tiny.yaml";

  @TempDir static Path local;

  @AfterAll
  static void noSettings() {
    HadoopConf.use(HadoopConf.Settings.NONE);
  }

  /** {@code gansweep run SPEC --out OUT --master local[2]} and the store's {@code --conf} settings. */
  static List<String> runArgs(Store store, String spec, String out) {
    List<String> args = new ArrayList<>(List.of("run", spec, "--out", out, "--master", "local[2]"));
    args.addAll(store.sparkConf());
    return args;
  }

  /**
   * {@code gansweep args…} in its own JVM with the store's settings as {@code -Dspark.hadoop.*}
   * system properties (as GANSWEEP_JAVA_OPTS gives them): a fresh JVM, whose first look at DIR
   * has no run's --conf before it; returns its exit status, its output in {@code log}.
   */
  static int inOwnJvm(Store store, Path log, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(KillResumeTest.gansweep(args));
    store.settings().values().forEach((k, v) -> cmd.add(1, "-D" + HadoopConf.Settings.SPARK_PREFIX + k + "=" + v));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "gansweep " + String.join(" ", args) + " did not end");
    return p.exitValue();
  }

  static SparkSession spark(Store store) {
    SparkSession.Builder b = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false");
    store.settings().values().forEach((k, v) -> b.config(HadoopConf.Settings.SPARK_PREFIX + k, v));
    return b.getOrCreate();
  }

  @ParameterizedTest
  @EnumSource(value = Store.class, names = {"HDFS", "S3"})
  void runThenAnalyze(Store store) throws Exception {
    String out = store.root(local, "run");
    StringWriter o = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(0, Gansweep.run(new PrintWriter(o), new PrintWriter(err), runArgs(store, TINY, out).toArray(String[]::new)), err + "\n" + o);
    assertTrue(o.toString().contains("ran 2, skipped 0"), o.toString());

    Path log = local.resolve(store + "-analyze.log");
    assertEquals(0, inOwnJvm(store, log, "analyze", out), Files.readString(log));
    String sweepId = GansweepTest.sweepId(TINY);
    org.apache.hadoop.fs.Path dir = OutputLayout.partition(out, OutputLayout.ANALYSIS, sweepId);
    FileSystem fs = dir.getFileSystem(store.conf());
    TreeSet<String> names = new TreeSet<>();
    for (FileStatus f : fs.listStatus(dir)) {
      names.add(f.getPath().getName());
    }
    assertTrue(names.containsAll(List.of("ranking.parquet", "ranking.csv", "report.html")), names.toString());
    assertTrue(names.stream().noneMatch(n -> n.startsWith(".")), "no staging or temporary file is left: " + names);
    SparkSession spark = spark(store);
    try {
      assertEquals(2, spark.read().parquet(new org.apache.hadoop.fs.Path(dir, "ranking.parquet").toString()).count());
    } finally {
      spark.stop();
    }
  }

  /** The committed per-trial trials files of {@code out}'s sweep, by name, read through the store. */
  static TreeSet<String> committed(Store store, String out, String sweepId) throws Exception {
    org.apache.hadoop.fs.Path partition = OutputLayout.partition(out, OutputLayout.TRIALS, sweepId);
    FileSystem fs = partition.getFileSystem(store.conf());
    TreeSet<String> names = new TreeSet<>();
    if (fs.exists(partition)) {
      for (FileStatus f : fs.listStatus(partition)) {
        if (f.getPath().getName().matches("[0-9a-f]{16}-s\\d+\\.parquet")) {
          names.add(f.getPath().getName());
        }
      }
    }
    return names;
  }

  /**
   * {@link KillResumeTest}'s sweep killed with SIGKILL part-way on the store, then run again: it
   * trains only what the kill left, keeps the rows committed before the kill (started_at and all),
   * compacts, and ends with one row per trial.
   */
  @ParameterizedTest
  @EnumSource(value = Store.class, names = {"HDFS", "S3"})
  void killedSweepResumes(Store store) throws Exception {
    String out = store.root(local, "killed");
    String sweepId = GansweepTest.sweepId(KillResumeTest.SPEC);
    Path log = local.resolve(store + "-killed.log");
    List<String> args = runArgs(store, KillResumeTest.SPEC, out);
    Process p = new ProcessBuilder(KillResumeTest.gansweep(args.toArray(String[]::new)))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (committed(store, out, sweepId).size() < 3 && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertTrue(p.isAlive(), "the sweep finished before it could be killed:\n" + Files.readString(log));
    p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    TreeSet<String> atKill = committed(store, out, sweepId);
    int k = atKill.size();
    assertTrue(k >= 3 && k < KillResumeTest.TRIALS, "committed at kill: " + k);
    String partition = OutputLayout.partition(out, OutputLayout.TRIALS, sweepId).toString();
    SparkSession spark = spark(store);
    TreeSet<String> before = new TreeSet<>();
    for (String name : atKill) {
      for (Row r : spark.read().parquet(partition + "/" + name).select("trial_id", "started_at").collectAsList()) {
        before.add(r.mkString("|"));
      }
    }
    spark.stop();

    StringWriter o = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(0, Gansweep.run(new PrintWriter(o), new PrintWriter(err), args.toArray(String[]::new)), err + "\n" + o);
    int n = KillResumeTest.TRIALS;
    assertTrue(o.toString().contains(k + " already committed (skipped), " + (n - k) + " to run"), o.toString());
    assertTrue(o.toString().contains("ran " + (n - k) + ", skipped " + k), o.toString());
    assertTrue(o.toString().contains("trials: " + n + " files -> 1"), "the completed sweep is compacted: " + o);
    spark = spark(store);
    try {
      var trials = spark.read().parquet(OutputLayout.table(out, OutputLayout.TRIALS).toString());
      assertEquals(n, trials.count(), "exactly one row per trial");
      assertEquals(n, trials.select("trial_id").distinct().count());
      TreeSet<String> after = new TreeSet<>();
      for (Row r : trials.select("trial_id", "started_at").collectAsList()) {
        after.add(r.mkString("|"));
      }
      assertTrue(after.containsAll(before), "the rows committed before the kill are kept, not trained again: " + before);
    } finally {
      spark.stop();
    }
  }
}
