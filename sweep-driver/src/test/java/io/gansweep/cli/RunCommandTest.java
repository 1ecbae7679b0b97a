package io.gansweep.cli;

import static io.gansweep.cli.GansweepTest.run;
import static io.gansweep.cli.GansweepTest.sweepId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gansweep.cli.GansweepTest.Result;
import io.gansweep.dispatch.DuckDb;
import io.gansweep.dispatch.SweepLease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gansweep run} end to end: what a sweep whose trials all FAILED leaves, and how a resume retrains them. */
class RunCommandTest {

  static final String TINY = "src/test/resources/specs/valid/tiny.yaml";
  static final String TINY_GPU = "src/test/resources/specs/valid/tiny-gpu.yaml";

  /**
   * Every trial FAILED (a GPU asked for on a machine without one): the run and {@code analyze}
   * say so in one line instead of failing on an empty metrics table
   * ({@code UNABLE_TO_INFER_SCHEMA}); the run exits 1; once the cause is fixed the same sweep's
   * resume retrains the FAILED trials (attempt 1 in their rows), and the next one skips them.
   */
  @Test
  void allFailedSweepIsAnalysedAndItsResumeRetrainsTheFailedTrials(@TempDir Path dir) throws Exception {
    assumeTrue(!new java.io.File("/dev/nvidia0").exists(), "needs a machine without a GPU, where a GPU trial FAILED");
    String id = sweepId(TINY);
    assertEquals(id, sweepId(TINY_GPU), "the same sweep");
    String out = dir.resolve("out").toString();
    Result failed = run("run", TINY_GPU, "--out", out, "--master", "local[2]");
    assertEquals(1, failed.status(), failed.err() + failed.out());
    assertTrue(failed.out().contains("2 trials, all FAILED: java.lang.IllegalStateException: Cannot train on gpu:0"), failed.out());
    assertTrue(failed.err().startsWith("Cannot finish sweep: every trial FAILED (got 2 of 2 FAILED;"), failed.err());
    assertEquals(1, failed.err().lines().count(), failed.err());

    Result analyzed = run("analyze", out);
    assertEquals(0, analyzed.status(), analyzed.err() + analyzed.out());
    assertTrue(analyzed.out().contains("2 trials, all FAILED: "), analyzed.out());

    Result resumed = run("run", TINY, "--out", out, "--master", "local[2]");
    assertEquals(0, resumed.status(), resumed.err() + resumed.out());
    assertTrue(resumed.out().contains("retraining 2 FAILED trials"), resumed.out());
    assertTrue(resumed.out().contains("ran 2, skipped 0"), resumed.out());
    assertEquals(Set.of("COMPLETED|1"), DuckDb.strings("SELECT DISTINCT status || '|' || attempt FROM read_parquet('" + out
        + "/trials/*/*.parquet', hive_partitioning=1) WHERE sweep_id = '" + id + "'"));
    assertEquals(Set.of("2"), DuckDb.strings("SELECT count(*)::VARCHAR FROM read_parquet('" + out + "/trials/*/*.parquet')"),
        "one row per trial");

    Result again = run("run", TINY, "--out", out, "--master", "local[2]");
    assertEquals(0, again.status(), again.err());
    assertTrue(again.out().contains("ran 0, skipped 2"), "COMPLETED trials are never retrained: " + again.out());
  }

  /**
   * An output directory with non-ASCII characters in its path: run, trial, analyze and compact
   * work in it (each failed with "Bad escape").
   */
  @Test
  void runTrialAnalyzeAndCompactWorkInANonAsciiDirectory(@TempDir Path dir) throws Exception {
    String out = dir.resolve("ünï").toString();
    Result trial = run("trial", TINY, "--index", "0", "--out", out);
    assertEquals(0, trial.status(), trial.err() + trial.out());
    Result sweep = run("run", TINY, "--out", out, "--master", "local[2]", "--no-compact");
    assertEquals(0, sweep.status(), sweep.err() + sweep.out());
    assertTrue(sweep.out().contains("ran 1, skipped 1"), sweep.out());
    Result analyzed = run("analyze", out);
    assertEquals(0, analyzed.status(), analyzed.err() + analyzed.out());
    assertTrue(analyzed.out().contains("written to " + out + "/analysis/sweep_id="), analyzed.out());
    Result compacted = run("compact", out);
    assertEquals(0, compacted.status(), compacted.err() + compacted.out());
    assertTrue(compacted.out().contains("trials: 2 files -> 1 (2 rows)"), compacted.out());
    assertEquals(Set.of("2"), DuckDb.strings("SELECT count(*)::VARCHAR FROM read_parquet('" + out + "/trials/*/*.parquet')"));
  }

  /**
   * A zero-byte committed trials file (a full disk, a bad copy): the next run moves it aside, says
   * so in one line, and trains its trial again; it used to count as committed, and every rerun
   * failed with exit 1.
   */
  @Test
  void aZeroByteTrialsFileIsQuarantinedAndItsTrialRetrained(@TempDir Path dir) throws Exception {
    String id = sweepId(TINY);
    Path out = dir.resolve("out");
    assertEquals(0, run("run", TINY, "--out", out.toString(), "--master", "local[2]", "--no-compact").status());
    Path trials = out.resolve("trials/sweep_id=" + id);
    Path victim;
    try (var s = java.nio.file.Files.list(trials)) {
      victim = s.sorted().findFirst().orElseThrow();
    }
    java.nio.file.Files.write(victim, new byte[0]);
    Result resumed = run("run", TINY, "--out", out.toString(), "--master", "local[2]");
    assertEquals(0, resumed.status(), resumed.err() + resumed.out());
    assertEquals(1, resumed.out().lines().filter(l -> l.startsWith("quarantined 1 unreadable files to ")).count(), resumed.out());
    assertTrue(resumed.out().contains("trials/" + victim.getFileName() + " (0 bytes)"), resumed.out());
    assertTrue(resumed.out().contains("ran 1, skipped 1"), resumed.out());
    assertTrue(java.nio.file.Files.exists(out.resolve("quarantine/sweep_id=" + id + "/trials/" + victim.getFileName())));
    assertEquals(Set.of("2"), DuckDb.strings("SELECT count(*)::VARCHAR FROM read_parquet('" + out + "/trials/*/*.parquet')"));
  }

  /**
   * An all-FAILED sweep as an older gansweep left it: its FAILED rows compacted into a part file
   * (where a retry's row could not replace them) and no FAILED markers. The resume takes them out
   * of the part file first and retrains them.
   */
  @Test
  void failedRowsThatAnOlderVersionCompactedAreRetrained(@TempDir Path dir) throws Exception {
    assumeTrue(!new java.io.File("/dev/nvidia0").exists(), "needs a machine without a GPU, where a GPU trial FAILED");
    String id = sweepId(TINY);
    Path out = dir.resolve("out");
    assertEquals(1, run("run", TINY_GPU, "--out", out.toString(), "--master", "local[2]", "--no-compact").status());
    Path trials = out.resolve("trials/sweep_id=" + id);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("COPY (SELECT * FROM read_parquet('" + trials + "/*.parquet')) TO '" + trials.resolve("part-legacy-00000.parquet")
          + "' (FORMAT parquet)");
    }
    try (var files = java.nio.file.Files.list(trials)) {
      for (Path f : files.filter(f -> !f.getFileName().toString().startsWith("part-")).toList()) {
        java.nio.file.Files.delete(f);
      }
    }
    try (var markers = java.nio.file.Files.walk(out.resolve("sweeps/" + id + "/failed"))) {
      for (Path f : markers.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(f);
      }
    }
    java.nio.file.Files.writeString(out.resolve("sweeps/" + id + "/compacted"), "");

    Result resumed = run("run", TINY, "--out", out.toString(), "--master", "local[2]");
    assertEquals(0, resumed.status(), resumed.err() + resumed.out());
    assertTrue(resumed.out().contains("compaction: took 2 FAILED trials out of compacted files, to train them again"), resumed.out());
    assertTrue(resumed.out().contains("ran 2, skipped 0"), resumed.out());
    assertEquals(Set.of("COMPLETED|1"), DuckDb.strings("SELECT DISTINCT status || '|' || attempt FROM read_parquet('" + out + "/trials/*/*.parquet')"));
    assertEquals(Set.of("2"), DuckDb.strings("SELECT count(*)::VARCHAR FROM read_parquet('" + out + "/trials/*/*.parquet')"));
  }

  /** Sends {@code kill -<signal>} to a process. */
  private static void signal(String signal, Process p) throws Exception {
    assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor(), "kill -" + signal);
  }

  /**
   * Issue 27, item 3, as reproduced: run A is paused (SIGSTOP) part-way, its lease goes stale and
   * run B takes it over; A resumes. A used to say "lost the lease", then train and commit the
   * same trials beside B, and exit 0. Now every task and commit of A checks the lease's fencing
   * token: A exits 1 with one line naming B and both generations, and commits no trial after the
   * takeover (at most one per slot that A's pause caught between its check and its rename, the
   * window {@code LeaseFence} describes). The pause is real; its length is not: the test ages the
   * heartbeat in the lease to what a 60 s pause leaves, then takes the lease over as a run does.
   */
  @Test
  void aRunWhoseLeaseIsTakenOverMidSweepStopsAndCommitsNothingMore(@TempDir Path dir) throws Exception {
    assumeTrue(new java.io.File("/bin/kill").canExecute() || new java.io.File("/usr/bin/kill").canExecute(), "needs kill(1)");
    String id = sweepId(KillResumeTest.SPEC);
    Path out = dir.resolve("out");
    Process a = new ProcessBuilder(KillResumeTest.gansweep("run", KillResumeTest.SPEC, "--out", out.toString(), "--master", "local[2]",
        "--no-compact", "--conf", "spark.ui.showConsoleProgress=false"))
        .redirectOutput(dir.resolve("a.out").toFile()).redirectError(dir.resolve("a.err").toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (KillResumeTest.committed(out).size() < 3 && a.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertTrue(a.isAlive(), "the sweep finished before its lease could be taken:\n" + Files.readString(dir.resolve("a.out")));
      signal("STOP", a);
      Path lease = out.resolve("sweeps/" + id + "/lease");
      Instant stale = Instant.now().minus(SweepLease.STALE_AFTER).minusSeconds(5);
      Files.writeString(lease, Files.readString(lease).replaceAll("(?m)^heartbeat_at: .*$", "heartbeat_at: " + stale));
      try (SweepLease b = SweepLease.acquire(out.toString(), id)) {
        assertEquals(2, b.generation());
        Map<String, FileTime> atTakeover = KillResumeTest.committed(out);
        signal("CONT", a);
        assertTrue(a.waitFor(60, TimeUnit.SECONDS), "A stops once it finds its lease taken");
        String err = Files.readString(dir.resolve("a.err"));
        assertEquals(1, a.exitValue(), err + Files.readString(dir.resolve("a.out")));
        assertEquals(1, err.lines().count(), err);
        assertTrue(Pattern.matches("Cannot [^:]+: the lease of sweep " + Pattern.quote(id) + " was taken by " + Pattern.quote(b.owner())
            + " \\(got generation 2; allowed 1\\)\\R", err), err);

        Map<String, FileTime> after = KillResumeTest.committed(out);
        for (Map.Entry<String, FileTime> e : atTakeover.entrySet()) {
          assertEquals(e.getValue(), after.get(e.getKey()), "a row committed before the takeover stays as it was: " + e.getKey());
        }
        Set<String> late = new TreeSet<>(after.keySet());
        late.removeAll(atTakeover.keySet());
        assertTrue(late.size() <= 2, "A committed trials after the takeover: " + late + " (" + atTakeover.size() + " before)");
        assertEquals(b.owner(), Files.readString(lease).lines().filter(l -> l.startsWith("owner: ")).findFirst().orElseThrow()
            .substring("owner: ".length()), "A left B's lease in place");
      }
    } finally {
      a.destroyForcibly();
    }
  }
}
