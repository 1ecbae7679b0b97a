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
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone master and two workers on 127.0.0.1 (deploy/local-cluster), a sweep
 * submitted through deploy/bin/submit with the runtime jar, and one executor process killed with
 * SIGKILL mid-sweep. The sweep must still finish with every trial exactly once, and its tables must
 * equal those of an undisturbed local run (training is deterministic per seed).
 */
@Tag("cluster")
class LocalClusterIT {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final String SPEC = "deploy/src/test/resources/cluster-fault.yaml";
  static final int TRIALS = 8;

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
    }
  }

  /** A Spark executor JVM, found by its main class in /proc (ProcessHandle's command line can be cut short). */
  static Optional<ProcessHandle> executor() throws IOException {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
          if (cmd.contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")) {
            return ProcessHandle.of(Long.parseLong(p.getFileName().toString()));
          }
        } catch (IOException gone) {
          // the process ended while we looked
        }
      }
    }
    return Optional.empty();
  }

  @Test
  void sweepSurvivesALostExecutorWithEveryTrialExactlyOnce(@TempDir Path dir) throws Exception {
    int port = freePort();
    ProcessBuilder start = new ProcessBuilder("deploy/local-cluster/start.sh", "2", "1").directory(ROOT.toFile());
    start.environment().put("GANSWEEP_MASTER_PORT", Integer.toString(port));
    Process started = start.redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String url = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(started.waitFor(180, TimeUnit.SECONDS) && started.exitValue() == 0, "cluster did not start: " + url);
    assertEquals("spark://127.0.0.1:" + port, url);
    Path out = dir.resolve("cluster");
    Path log = dir.resolve("submit.log");
    try {
      Process submit = new ProcessBuilder("deploy/bin/submit", "--master", url, "--conf", "spark.ui.showConsoleProgress=false",
          SPEC, "--out", out.toString())
          .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
      while (committed(out) < 2 && submit.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertTrue(submit.isAlive() && committed(out) < TRIALS, "the sweep ended before an executor could be lost:\n" + Files.readString(log));
      ProcessHandle victim = executor().orElseThrow(() -> new AssertionError("no executor process found"));
      long pid = victim.pid();
      assertTrue(victim.destroyForcibly(), "SIGKILL executor " + pid);
      assertTrue(submit.waitFor(300, TimeUnit.SECONDS), "sweep did not finish:\n" + Files.readString(log));
      String submitted = Files.readString(log);
      assertEquals(0, submit.exitValue(), submitted);
      assertTrue(submitted.contains("Lost executor") || submitted.contains("lost executor") || submitted.contains("ExecutorLostFailure"),
          "the driver must have seen the executor " + pid + " go:\n" + submitted);
      assertTrue(submitted.contains("stability ranking of cluster-fault-"), submitted);
    } finally {
      new ProcessBuilder("deploy/local-cluster/stop.sh").directory(ROOT.toFile()).inheritIO().start().waitFor(60, TimeUnit.SECONDS);
    }

    Path local = dir.resolve("local");
    StringWriter err = new StringWriter();
    assertEquals(0, Gansweep.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "run", ROOT.resolve(SPEC).toString(),
        "--out", local.toString(), "--master", "local[2]", "--conf", "spark.ui.showConsoleProgress=false"), err.toString());
    SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
    try {
      assertEquals(TRIALS, spark.read().parquet(out.resolve("trials").toString()).count(), "exactly one row per trial");
      assertEquals(TRIALS, spark.read().parquet(out.resolve("trials").toString()).select("trial_id").distinct().count());
      for (String table : List.of("trials", "metrics")) {
        assertEquals(rows(spark, local, table), rows(spark, out, table), table + " differ from the undisturbed local run");
      }
    } finally {
      spark.stop();
    }
  }

  /** Rows without the columns that record time, place or attempt. */
  static TreeSet<String> rows(SparkSession spark, Path out, String table) {
    TreeSet<String> rows = new TreeSet<>();
    for (Row r : spark.read().parquet(out.resolve(table).toString())
        .drop("wall_seconds", "train_seconds", "started_at", "finished_at", "host", "attempt").collectAsList()) {
      rows.add(r.mkString("|"));
    }
    return rows;
  }
}
