package io.gansweep.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.cli.Gansweep;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone master and two workers on 127.0.0.1 (deploy/local-cluster), started
 * once for the class, and sweeps submitted to it through deploy/bin/submit with the runtime jar.
 * Each sweep's tables must equal those of a local[2] run of the same spec (training is
 * deterministic per seed), so what the executors wrote is what a single JVM writes:
 *
 * <ul>
 *   <li>a grid sweep with one executor process killed with SIGKILL mid-sweep still finishes with
 *       every trial exactly once;
 *   <li>an early-terminated sweep (successive halving) decides its rung on the driver from the rung
 *       rows the executors committed, resumes the survivors from checkpoints the executors wrote, and
 *       ends with the same PRUNED rows and reasons;
 *   <li>a tpe sweep asks the same waves from the rows the executors committed.
 * </ul>
 */
@Tag("cluster")
class LocalClusterIT {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final String FAULT_SPEC = "deploy/src/test/resources/cluster-fault.yaml";
  static final int FAULT_TRIALS = 8;
  static final String HALVING_SPEC = "deploy/src/test/resources/cluster-halving.yaml";
  static final String TPE_SPEC = "deploy/src/test/resources/cluster-tpe.yaml";
  static final String TORCHSCRIPT_SPEC = "deploy/src/test/resources/cluster-torchscript.yaml";
  static final int HALVING_TRIALS = 12;
  /** The decision of cluster-halving.yaml's first rung: 6 configurations, eta 3, lr_g 10 diverges. */
  static final String HALVING_DECISION = "rung 1/2 (round 100): 2 of 6 configurations continue; 2 pruned dead, 2 below the cut";

  /** The master URL of the cluster every test submits to. */
  static String master;

  @BeforeAll
  static void startCluster() throws Exception {
    int port = freePort();
    ProcessBuilder start = new ProcessBuilder("deploy/local-cluster/start.sh", "2", "1").directory(ROOT.toFile());
    start.environment().put("GANSWEEP_MASTER_PORT", Integer.toString(port));
    Process started = start.redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String url = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(started.waitFor(180, TimeUnit.SECONDS) && started.exitValue() == 0, "cluster did not start: " + url);
    assertEquals("spark://127.0.0.1:" + port, url);
    master = url;
  }

  @AfterAll
  static void stopCluster() throws Exception {
    new ProcessBuilder("deploy/local-cluster/stop.sh").directory(ROOT.toFile()).inheritIO().start().waitFor(60, TimeUnit.SECONDS);
  }

  @Test
  void sweepSurvivesALostExecutorWithEveryTrialExactlyOnce(@TempDir Path dir) throws Exception {
    awaitNoExecutor();
    Path out = dir.resolve("cluster");
    Path log = dir.resolve("submit.log");
    Process submit = submit(FAULT_SPEC, out, log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (committed(out) < 2 && submit.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(submit.isAlive() && committed(out) < FAULT_TRIALS,
        "the sweep ended before an executor could be lost:\n" + Files.readString(log));
    ProcessHandle victim = executor().orElseThrow(() -> new AssertionError("no executor process found"));
    long pid = victim.pid();
    assertTrue(victim.destroyForcibly(), "SIGKILL executor " + pid);
    String submitted = finished(submit, log);
    assertTrue(submitted.contains("Lost executor") || submitted.contains("lost executor") || submitted.contains("ExecutorLostFailure"),
        "the driver must have seen the executor " + pid + " go:\n" + submitted);
    assertTrue(submitted.contains("stability ranking of cluster-fault-"), submitted);

    Path local = runLocally(FAULT_SPEC, dir.resolve("local"));
    SparkSession spark = readerSession();
    try {
      assertEquals(FAULT_TRIALS, spark.read().parquet(out.resolve("trials").toString()).count(), "exactly one row per trial");
      assertEquals(FAULT_TRIALS, spark.read().parquet(out.resolve("trials").toString()).select("trial_id").distinct().count());
      assertSameTables(spark, local, out, List.of("trials", "metrics"));
    } finally {
      spark.stop();
    }
  }

  /**
   * Successive halving on the cluster: the first rung's rows come from executors, the driver
   * decides from them between rung jobs (the progress line), the survivors resume on executors from
   * their checkpoints, and the pruned trials end as PRUNED rows that name their rung. The trials,
   * metrics and rungs tables equal the local run's row for row, so pausing, deciding and resuming
   * across processes changed nothing.
   */
  @Test
  void earlyTerminatedSweepPrunesOnTheClusterAsItDoesLocally(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("cluster");
    Path log = dir.resolve("submit.log");
    String submitted = finished(submit(HALVING_SPEC, out, log), log);
    assertTrue(submitted.contains("rungs at 100, 300 rounds"), submitted);
    assertTrue(submitted.contains(HALVING_DECISION), submitted);
    assertTrue(submitted.contains("stability ranking of cluster-halving-"), submitted);

    Path local = runLocally(HALVING_SPEC, dir.resolve("local"));
    SparkSession spark = readerSession();
    try {
      assertEquals(HALVING_TRIALS, spark.read().parquet(out.resolve("trials").toString()).count(), "exactly one row per trial");
      assertEquals(HALVING_TRIALS, spark.read().parquet(out.resolve("rungs").toString()).where("rung = 0").count(),
          "every trial committed its first-rung row");
      assertPrunedAtTheFirstRung(spark, out);
      assertSameTables(spark, local, out, List.of("trials", "metrics", "rungs"));
    } finally {
      spark.stop();
    }
  }

  /**
   * TPE on the cluster: the driver waits for the executors to register before it fixes the wave
   * width (2 slots / 2 seeds = 1, as on local[2]), asks each wave from the rung rows the executors
   * committed, and so trains exactly the configurations, with exactly the rows, of a local run.
   */
  @Test
  void tpeAsksTheSameWavesOnTheClusterAsLocally(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("cluster");
    Path log = dir.resolve("submit.log");
    String submitted = finished(submit(TPE_SPEC, out, log), log);
    assertTrue(submitted.contains("(2 at the start, then waves of 1 asked from the results)"), submitted);
    assertTrue(submitted.contains("tpe wave 3: configurations 4-4 of 4 trained (asked from 3 ranked)"), submitted);

    Path local = runLocally(TPE_SPEC, dir.resolve("local"));
    SparkSession spark = readerSession();
    try {
      assertEquals(8, spark.read().parquet(out.resolve("trials").toString()).count(), "4 configurations x 2 seeds");
      assertSameTables(spark, local, out, List.of("trials", "metrics", "rungs"));
    } finally {
      spark.stop();
    }
  }

  /**
   * A TorchScript sweep on the cluster: executors (JVMs that never checked the files) train from the
   * files the driver pinned under OUT/models, pause and resume at the rung from checkpoints that
   * keep the modules whole, and write exactly the rows of a local run.
   */
  @Test
  void torchScriptTrialsTrainOnExecutorsFromThePinnedFiles(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("cluster");
    Path log = dir.resolve("submit.log");
    String submitted = finished(submit(TORCHSCRIPT_SPEC, out, log), log);
    assertTrue(submitted.contains("pinned under models/"), submitted);
    assertTrue(submitted.contains("stability ranking of cluster-torchscript-"), submitted);
    Path local = runLocally(TORCHSCRIPT_SPEC, dir.resolve("local"));
    SparkSession spark = readerSession();
    try {
      assertEquals(4, spark.read().parquet(out.resolve("trials").toString()).where("model = 'torchscript'").count());
      // The screen's fits ran on executors too: each read G from the pinned file and fitted it (a
      // fit that could not find the file would pass "not screened" and hide the fault).
      List<String> reasons = spark.read().parquet(out.resolve("screen").toString()).select("reason").as(Encoders.STRING()).collectAsList();
      assertEquals(2, reasons.size(), reasons.toString());
      assertTrue(reasons.stream().noneMatch(r -> r.startsWith("not screened")), reasons.toString());
      assertSameTables(spark, local, out, List.of("trials", "metrics", "rungs"));
    } finally {
      spark.stop();
    }
  }

  /** Starts deploy/bin/submit of {@code spec} to the cluster, its output (driver log included) to {@code log}. */
  static Process submit(String spec, Path out, Path log) throws IOException {
    return new ProcessBuilder("deploy/bin/submit", "--master", master, "--conf", "spark.ui.showConsoleProgress=false",
        spec, "--out", out.toString())
        .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Waits for a submitted sweep to exit 0 and returns its log. */
  static String finished(Process submit, Path log) throws Exception {
    assertTrue(submit.waitFor(300, TimeUnit.SECONDS), "sweep did not finish:\n" + Files.readString(log));
    String submitted = Files.readString(log);
    assertEquals(0, submit.exitValue(), submitted);
    return submitted;
  }

  /** Runs {@code spec} undisturbed on local[2] in this JVM and returns its output directory. */
  static Path runLocally(String spec, Path out) {
    StringWriter err = new StringWriter();
    assertEquals(0, Gansweep.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "run", ROOT.resolve(spec).toString(),
        "--out", out.toString(), "--master", "local[2]", "--conf", "spark.ui.showConsoleProgress=false"), err.toString());
    return out;
  }

  static SparkSession readerSession() {
    return SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
  }

  static void assertSameTables(SparkSession spark, Path local, Path cluster, List<String> tables) {
    for (String table : tables) {
      assertEquals(rows(spark, local, table), rows(spark, cluster, table), table + " differ from the undisturbed local run");
    }
  }

  /** Some trials are PRUNED, each after the first rung's 100 rounds, with a reason that names the rung. */
  static void assertPrunedAtTheFirstRung(SparkSession spark, Path out) {
    List<Row> pruned = spark.read().parquet(out.resolve("trials").toString()).where("status = 'PRUNED'")
        .select("trial_id", "steps_done", "error").collectAsList();
    assertTrue(!pruned.isEmpty(), "no PRUNED trial");
    for (Row r : pruned) {
      assertEquals(100, r.getInt(1), r.getString(0));
      assertTrue(!r.isNullAt(2) && r.getString(2).startsWith("pruned at rung 1/2 (round 100): "), r.getString(0) + ": " + r.get(2));
    }
  }

  /**
   * Rows without the columns that record time, place or attempt (trials: wall_seconds,
   * train_seconds, started_at, finished_at, host, attempt; metrics: wall_seconds; rungs has none).
   */
  static TreeSet<String> rows(SparkSession spark, Path out, String table) {
    TreeSet<String> rows = new TreeSet<>();
    for (Row r : spark.read().parquet(out.resolve(table).toString())
        .drop("wall_seconds", "train_seconds", "started_at", "finished_at", "host", "attempt").collectAsList()) {
      rows.add(r.mkString("|"));
    }
    return rows;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static long committed(Path out) throws IOException {
    Path trials = out.resolve("trials");
    if (!Files.exists(trials)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(trials)) {
      return s.filter(p -> p.getFileName().toString().matches("[0-9a-f]{16}-s\\d+\\.parquet")).count();
    } catch (java.io.UncheckedIOException e) { // a temporary file renamed while we walked: poll again
      if (e.getCause() instanceof java.nio.file.NoSuchFileException) {
        return 0;
      }
      throw e;
    }
  }

  /**
   * Waits until no executor of an earlier application on this cluster is left (workers stop them
   * shortly after their driver ends), so the executor a test finds is its own sweep's.
   */
  static void awaitNoExecutor() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (executor().isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(executor().isEmpty(), "an executor of an earlier sweep is still running");
  }

  /**
   * A Spark executor JVM of this cluster: found by its main class in /proc (ProcessHandle's command
   * line can be cut short) and by its working directory, which its worker puts under
   * deploy/target/local-cluster (another cluster on this machine has executors too).
   */
  static Optional<ProcessHandle> executor() throws IOException {
    Path cluster = ROOT.resolve("deploy/target/local-cluster").toRealPath();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
          if (cmd.contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")
              && Files.readSymbolicLink(p.resolve("cwd")).startsWith(cluster)) {
            return ProcessHandle.of(Long.parseLong(p.getFileName().toString()));
          }
        } catch (IOException gone) {
          // the process ended while we looked, or is not ours to read
        }
      }
    }
    return Optional.empty();
  }
}
