package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep process killed with SIGKILL part-way (a real kill, not a flag), then run again: the
 * final tables equal those of an uninterrupted run, and no trial committed before the kill runs
 * again.
 */
class KillResumeTest {

  static final String SPEC = "src/test/resources/specs/valid/kill-resume.yaml";
  static final int TRIALS = 12;

  static Map<String, FileTime> committed(Path out) throws IOException {
    Map<String, FileTime> files = new TreeMap<>();
    Path trials = out.resolve("trials");
    if (!Files.exists(trials)) {
      return files;
    }
    try (Stream<Path> s = Files.walk(trials)) {
      for (Path p : s.filter(p -> p.getFileName().toString().matches("[0-9a-f]{16}-s\\d+\\.parquet")).toList()) {
        files.put(p.getFileName().toString(), Files.getLastModifiedTime(p));
      }
    } catch (java.io.UncheckedIOException e) { // a temporary file renamed while we walked (a live run): poll again
      if (e.getCause() instanceof java.nio.file.NoSuchFileException) {
        return new TreeMap<>();
      }
      throw e;
    }
    return files;
  }

  /** {@code gansweep run spec --out out --master local[2]} in its own JVM (this test's classpath), output to {@code log}. */
  static Process startRun(String spec, Path out, Path log) throws IOException {
    return new ProcessBuilder(gansweep("run", spec, "--out", out.toString(), "--master", "local[2]"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** The command line of {@code gansweep args…} in its own JVM, as bin/gansweep starts it, on this test's classpath. */
  static List<String> gansweep(String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(List.of(System.getProperty("gansweep.jvm.opens").split(" ")));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Gansweep.class.getName()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  @Test
  void killedSweepResumesToTheUninterruptedResult(@TempDir Path dir) throws Exception {
    Path killed = dir.resolve("killed");
    Process p = startRun(SPEC, killed, dir.resolve("killed.log"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (committed(killed).size() < 3 && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(p.isAlive(), "the sweep finished before it could be killed:\n" + Files.readString(dir.resolve("killed.log")));
    p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    Map<String, FileTime> beforeResume = committed(killed);
    int k = beforeResume.size();
    assertTrue(k >= 3 && k < TRIALS, "committed at kill: " + k);
    Path atKill = dir.resolve("at-kill");
    Files.createDirectories(atKill);
    Path partition = killed.resolve("trials/sweep_id=" + GansweepTest.sweepId(SPEC));
    for (String name : beforeResume.keySet()) { // the resumed run compacts these files away: keep their rows to compare
      Files.copy(partition.resolve(name), atKill.resolve(name));
    }

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Gansweep.run(new PrintWriter(out), new PrintWriter(err), "run", SPEC, "--out", killed.toString(), "--master", "local[2]");
    assertEquals(0, status, err.toString());
    assertTrue(out.toString().contains(k + " already committed (skipped), " + (TRIALS - k) + " to run"), out.toString());
    assertTrue(out.toString().contains("ran " + (TRIALS - k) + ", skipped " + k), out.toString());
    assertTrue(out.toString().contains("trials: " + TRIALS + " files -> 1"), "the completed sweep is compacted: " + out);

    Path clean = dir.resolve("clean");
    assertEquals(0, Gansweep.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "run", SPEC, "--out", clean.toString(), "--master", "local[2]"), err.toString());
    SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
    try {
      for (String table : List.of("trials", "metrics")) {
        assertEquals(deterministicRows(spark, clean, table), deterministicRows(spark, killed, table), table);
      }
      assertEquals(TRIALS, spark.read().parquet(killed.resolve("trials").toString()).count(), "exactly one row per trial");
      var resumed = spark.read().parquet(killed.resolve("trials").toString()).drop("sweep_id");
      assertEquals(k, spark.read().parquet(atKill.toString()).intersect(resumed).count(),
          "the rows committed before the kill, started_at, attempt and all, are the ones kept: not trained again");
    } finally {
      spark.stop();
    }
  }

  static final String HALVING = "src/test/resources/specs/valid/halving.yaml";

  static long files(Path dir, String glob) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.getFileSystem().getPathMatcher("glob:" + glob).matches(p.getFileName())).count();
    } catch (java.io.UncheckedIOException e) {
      // The run renames its hidden temporary files while we walk: one vanished between the listing
      // and the walk's look at it. Count nothing this time; the caller polls again.
      if (e.getCause() instanceof java.nio.file.NoSuchFileException) {
        return 0;
      }
      throw e;
    }
  }

  /**
   * Successive halving killed with SIGKILL after its first decision, while the second rung trains
   * (more than the 12 first-rung rows are in): run again, it replays the decision from the
   * committed rung rows, trains only what the kill left, and ends with the tables of an
   * uninterrupted run: the same PRUNED rows and reasons, the same rows of the survivors.
   */
  @Test
  void killedEarlyTerminatedSweepResumesWithTheSameDecisions(@TempDir Path dir) throws Exception {
    Path killed = dir.resolve("killed");
    Process p = startRun(HALVING, killed, dir.resolve("killed.log"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (files(killed.resolve("rungs"), "*-r1.parquet") < 1 && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(p.isAlive(), "the sweep finished before it could be killed:\n" + Files.readString(dir.resolve("killed.log")));
    p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    long survivorsDone = files(killed.resolve("rungs"), "*-r1.parquet");
    assertTrue(survivorsDone >= 1 && survivorsDone < 4, "second-rung rows at the kill: " + survivorsDone);

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(0, Gansweep.run(new PrintWriter(out), new PrintWriter(err), "run", HALVING, "--out", killed.toString(), "--master",
        "local[2]"), err.toString());
    assertTrue(out.toString().contains("rung 1/2 (round 100): 2 of 6 configurations continue; 2 pruned dead, 2 below the cut"),
        out.toString());
    assertTrue(!out.toString().contains("rung job: 12 trials"), "the first rung is not trained again:\n" + out);

    Path clean = dir.resolve("clean");
    assertEquals(0, Gansweep.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "run", HALVING, "--out", clean.toString(),
        "--master", "local[2]"), err.toString());
    SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
    try {
      for (String table : List.of("trials", "metrics", "rungs")) {
        assertEquals(deterministicRows(spark, clean, table), deterministicRows(spark, killed, table), table);
      }
      assertEquals(12, spark.read().parquet(killed.resolve("trials").toString()).count(), "exactly one row per trial");
      assertEquals(4, spark.read().parquet(killed.resolve("trials").toString()).where("status = 'PRUNED'").count());
    } finally {
      spark.stop();
    }
  }

  static final String TPE_HALVING = "src/test/resources/specs/valid/tpe-early-terminate.yaml";

  /**
   * tpe with successive halving killed with SIGKILL in its second wave (more than wave 1's 3
   * first-rung rows are in): run again, it replays wave 1's rung decision and the asks from the
   * committed rows, trains only what the kill left, and ends with the tables of an uninterrupted
   * run: the same configurations asked, the same PRUNED rows, the same rows of the survivors.
   */
  @Test
  void killedTpeWithEarlyTerminationResumesWithTheSameAsksAndDecisions(@TempDir Path dir) throws Exception {
    Path killed = dir.resolve("killed");
    Process p = startRun(TPE_HALVING, killed, dir.resolve("killed.log"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (files(killed.resolve("rungs"), "*-r0.parquet") < 4 && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(p.isAlive(), "the sweep finished before it could be killed:\n" + Files.readString(dir.resolve("killed.log")));
    p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    long atKill = files(killed.resolve("rungs"), "*-r0.parquet");
    assertTrue(atKill >= 4 && atKill < 6, "first-rung rows at the kill: " + atKill);

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(0, Gansweep.run(new PrintWriter(out), new PrintWriter(err), "run", TPE_HALVING, "--out", killed.toString(), "--master",
        "local[2]"), err.toString());
    Path clean = dir.resolve("clean");
    StringWriter cleanOut = new StringWriter();
    assertEquals(0, Gansweep.run(new PrintWriter(cleanOut), new PrintWriter(err), "run", TPE_HALVING, "--out", clean.toString(),
        "--master", "local[2]"), err.toString());
    assertEquals(cleanOut.toString().lines().filter(l -> l.startsWith("tpe wave ")).toList(),
        out.toString().lines().filter(l -> l.startsWith("tpe wave ")).toList(), "the same waves:\n" + out + "\n" + cleanOut);
    SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
    try {
      for (String table : List.of("trials", "metrics", "rungs")) {
        assertEquals(deterministicRows(spark, clean, table), deterministicRows(spark, killed, table), table);
      }
      assertEquals(6, spark.read().parquet(killed.resolve("trials").toString()).count(), "exactly one row per trial");
    } finally {
      spark.stop();
    }
  }

  /** Rows without the columns that measure time or place. */
  static TreeSet<String> deterministicRows(SparkSession spark, Path out, String table) {
    var df = spark.read().parquet(out.resolve(table).toString())
        .drop("wall_seconds", "train_seconds", "started_at", "finished_at", "host", "attempt");
    TreeSet<String> rows = new TreeSet<>();
    for (Row r : df.collectAsList()) {
      rows.add(r.mkString("|"));
    }
    return rows;
  }
}
