package io.gansweep.cli;

import static io.gansweep.cli.GansweepTest.run;
import static io.gansweep.cli.GansweepTest.sweepId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.cli.GansweepTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gansweep analyze} on tables that other tools rewrote. */
class AnalyzeCommandTest {

  static final String TINY = "src/test/resources/specs/valid/tiny.yaml";

  /**
   * A sweep's tables rewritten by DuckDB (a notebook user merging or moving sweeps): every column
   * optional where gansweep writes them required, file names that are not trial ids, an extra
   * column, and the partition column in the path (trials, samples) or in the files as well
   * (metrics). analyze ranks it, run sees every trial committed, compact rewrites it; each used to
   * fail on "required binary trial_id (STRING) found: expected optional".
   */
  @Test
  void tablesRewrittenByDuckDbAreAnalysedResumedAndCompacted(@TempDir Path dir) throws Exception {
    String id = sweepId(TINY);
    Path out = dir.resolve("out");
    assertEquals(0, run("run", TINY, "--out", out.toString(), "--master", "local[2]").status());
    Result original = run("analyze", out.toString());
    assertEquals(0, original.status(), original.err());

    Path copy = Files.createDirectories(dir.resolve("rewritten"));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      // pyarrow's file name (part-0.parquet), sweep_id in the file as well as in the path, an extra column
      Files.createDirectories(copy.resolve("trials/sweep_id=" + id));
      s.execute("COPY (SELECT *, 42 AS extra_column FROM read_parquet('" + out + "/trials/*/*.parquet', hive_partitioning=1)) TO '"
          + copy.resolve("trials/sweep_id=" + id + "/part-0.parquet") + "' (FORMAT parquet)");
      // DuckDB's partitioned write: data_0.parquet, sweep_id in the path only
      s.execute("COPY (SELECT * FROM read_parquet('" + out + "/samples/*/*.parquet', hive_partitioning=1)) TO '"
          + copy.resolve("samples") + "' (FORMAT parquet, PARTITION_BY (sweep_id))");
      s.execute("COPY (SELECT * FROM read_parquet('" + out + "/metrics/*/*.parquet', hive_partitioning=1)) TO '"
          + copy.resolve("metrics") + "' (FORMAT parquet, PARTITION_BY (sweep_id))");
    }
    assertTrue(Files.exists(copy.resolve("metrics/sweep_id=" + id + "/data_0.parquet")), "DuckDB's own file names");

    Result analyzed = run("analyze", copy.toString());
    assertEquals(0, analyzed.status(), analyzed.err() + analyzed.out());
    assertEquals(ranking(original.out()), ranking(analyzed.out()), "the same ranking as from gansweep's own files");
    Result resumed = run("run", TINY, "--out", copy.toString(), "--master", "local[2]", "--no-compact");
    assertEquals(0, resumed.status(), resumed.err() + resumed.out());
    assertTrue(resumed.out().contains("ran 0, skipped 2"), "every trial is committed: " + resumed.out());
    Result compacted = run("compact", copy.toString());
    assertEquals(0, compacted.status(), compacted.err() + compacted.out());
    Result again = run("analyze", copy.toString());
    assertEquals(0, again.status(), again.err() + again.out());
    assertEquals(ranking(original.out()), ranking(again.out()));
  }

  /**
   * A zero-byte committed metrics file (a crash, a full disk): analyze behaves as run does. It
   * moves the file, and its trial's trials row, to OUT/quarantine (one line naming them), says that
   * 1 of 2 planned trials is committed and ranks that one (it used to fail on the file, exit 1,
   * at every try); the next run trains the missing trial again. While a run holds the lease it
   * moves nothing and refuses with one line, exit 1.
   */
  @Test
  void analyzeQuarantinesAZeroByteFileAndAnalysesTheRest(@TempDir Path dir) throws Exception {
    String id = sweepId(TINY);
    Path out = dir.resolve("out");
    assertEquals(0, run("run", TINY, "--out", out.toString(), "--master", "local[2]", "--no-compact").status());
    Path metrics = out.resolve("metrics/sweep_id=" + id);
    String victim;
    try (var s = Files.list(metrics)) {
      victim = s.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
    }
    Files.write(metrics.resolve(victim), new byte[0]);
    try (io.gansweep.dispatch.SweepLease live = io.gansweep.dispatch.SweepLease.acquire(out.toString(), id)) {
      Result refused = run("analyze", out.toString()); // a live run's lease: nothing is moved under it
      assertEquals(1, refused.status(), refused.err() + refused.out());
      assertEquals(1, refused.err().lines().count(), refused.err());
      assertTrue(refused.err().startsWith("Cannot analyze sweep " + id + ": another run holds its lease"), refused.err());
      assertTrue(Files.exists(metrics.resolve(victim)), "left where it is");
    }

    Result analyzed = run("analyze", out.toString());
    assertEquals(0, analyzed.status(), analyzed.err() + analyzed.out());
    assertEquals(1, analyzed.out().lines().filter(l -> l.startsWith("quarantined 2 unreadable files to ")).count(), analyzed.out());
    assertTrue(analyzed.out().contains("metrics/" + victim + " (0 bytes), trials/" + victim + " (its metrics file was unreadable)"),
        analyzed.out());
    assertTrue(analyzed.out().contains("partial sweep: 1 of 2 planned trials committed"), analyzed.out());
    assertTrue(analyzed.out().contains("stability ranking of"), analyzed.out());
    assertTrue(Files.exists(out.resolve("quarantine/sweep_id=" + id + "/metrics/" + victim)), "moved aside, not deleted");
    assertTrue(!Files.exists(out.resolve("sweeps/" + id + "/lease")), "the lease is released");

    Result resumed = run("run", TINY, "--out", out.toString(), "--master", "local[2]");
    assertEquals(0, resumed.status(), resumed.err() + resumed.out());
    assertTrue(resumed.out().contains("ran 1, skipped 1"), resumed.out());
  }

  /** The ranking table of analyze's output. */
  static String ranking(String out) {
    int from = out.indexOf("stability ranking of");
    int to = out.indexOf("written to", from);
    return out.substring(from, to);
  }
}
