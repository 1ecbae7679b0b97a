package io.gansweep.cli;

import static io.gansweep.cli.GansweepTest.run;
import static io.gansweep.cli.GansweepTest.sweepId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gansweep.cli.GansweepTest.Result;
import io.gansweep.dispatch.DuckDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Set;
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
}
