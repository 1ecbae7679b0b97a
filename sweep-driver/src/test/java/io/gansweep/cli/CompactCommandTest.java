package io.gansweep.cli;

import static io.gansweep.cli.GansweepTest.run;
import static io.gansweep.cli.GansweepTest.sweepId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.cli.GansweepTest.Result;
import io.gansweep.dispatch.SweepLease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gansweep run} compacts a sweep that completes; {@code gansweep compact} does it on demand, under the sweep's lease. */
class CompactCommandTest {

  static final String SPEC = "src/test/resources/specs/valid/compact.yaml";
  static final String TINY = "src/test/resources/specs/valid/tiny.yaml";

  static Set<String> names(Path partition) throws Exception {
    try (Stream<Path> s = Files.list(partition)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
  }

  @Test
  void runCompactsWhatOneFilePerTrialHeldAndResumeTrainsNothing(@TempDir Path dir) throws Exception {
    String id = sweepId(SPEC);
    Path compacted = dir.resolve("compacted");
    Path perTrial = dir.resolve("per-trial");
    Result a = run("run", SPEC, "--out", compacted.toString(), "--master", "local[2]");
    assertEquals(0, a.status(), a.err() + a.out());
    assertTrue(a.out().contains("compacted in ") && a.out().contains("trials: 6 files -> 1 (6 rows)"), a.out());
    Result b = run("run", SPEC, "--out", perTrial.toString(), "--master", "local[2]", "--no-compact");
    assertEquals(0, b.status(), b.err() + b.out());
    assertTrue(!b.out().contains("compacted"), b.out());
    for (String table : List.of("trials", "metrics", "samples")) {
      Set<String> files = names(compacted.resolve(table + "/sweep_id=" + id));
      assertEquals(1, files.size(), table + ": " + files);
      assertTrue(files.iterator().next().startsWith("part-"), table + ": " + files);
      assertEquals(6, names(perTrial.resolve(table + "/sweep_id=" + id)).size(), table);
    }
    Result resumed = run("run", SPEC, "--out", compacted.toString(), "--master", "local[2]");
    assertEquals(0, resumed.status(), resumed.err());
    assertTrue(resumed.out().contains("ran 0, skipped 6"), "a compacted sweep is committed: " + resumed.out());

    Path copy = dir.resolve("per-trial-copy");
    copyTree(perTrial, copy);
    Result c = run("compact", perTrial.toString());
    assertEquals(0, c.status(), c.err());
    assertTrue(c.out().contains("metrics: 6 files -> 1 (") && c.out().contains("compacted sweep " + id), c.out());
    SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
    try {
      for (String table : List.of("trials", "metrics", "samples")) {
        Set<String> rows = KillResumeTest.deterministicRows(spark, copy, table);
        assertEquals(rows, KillResumeTest.deterministicRows(spark, compacted, table), table + ": run's compaction");
        assertEquals(rows, KillResumeTest.deterministicRows(spark, perTrial, table), table + ": gansweep compact");
        assertEquals(spark.read().parquet(copy.resolve(table).toString()).count(), spark.read().parquet(perTrial.resolve(table).toString()).count(),
            table + ": no duplicate");
      }
    } finally {
      spark.stop();
    }
    Result again = run("compact", perTrial.toString(), "--sweep", id);
    assertEquals(0, again.status(), again.err());
    assertTrue(again.out().contains("trials: 1 files, kept (no per-trial file of an ended trial)"), again.out());
  }

  @Test
  void compactIsRefusedWhileARunHoldsTheLeaseAndOnBadInput(@TempDir Path dir) throws Exception {
    String id = sweepId(TINY);
    Path out = dir.resolve("out");
    assertEquals(0, run("run", TINY, "--out", out.toString(), "--master", "local[2]", "--no-compact").status());
    Set<String> before = names(out.resolve("trials/sweep_id=" + id));
    try (SweepLease live = SweepLease.acquire(out.toString(), id)) {
      Result r = run("compact", out.toString());
      assertEquals(1, r.status(), r.err() + r.out());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().startsWith("Cannot compact sweep " + id + ": another run holds its lease in " + out + " (got owner " + live.owner()), r.err());
    }
    assertEquals(before, names(out.resolve("trials/sweep_id=" + id)), "nothing rewritten");

    Result missing = run("compact", dir.resolve("nope").toString());
    assertEquals(2, missing.status());
    assertTrue(missing.err().startsWith("Cannot compact " + dir.resolve("nope") + ": no such directory"), missing.err());
    Files.createDirectories(dir.resolve("empty"));
    Result empty = run("compact", dir.resolve("empty").toString());
    assertEquals(2, empty.status());
    assertTrue(empty.err().contains(": it holds no sweep"), empty.err());
    Result other = run("compact", out.toString(), "--sweep", "no-such-sweep");
    assertEquals(2, other.status());
    assertTrue(other.err().startsWith("Cannot compact sweep: not in " + out + " (got no-such-sweep; allowed [" + id + "])"), other.err());
    Result size = run("compact", out.toString(), "--target-mb", "0");
    assertEquals(2, size.status());
    assertTrue(size.err().startsWith("Cannot use --target-mb: out of range (got 0; allowed 1 to 4096)"), size.err());
    assertEquals(before, names(out.resolve("trials/sweep_id=" + id)), "nothing rewritten");
  }

  /**
   * {@code compact} killed between its two renames of the metrics partition (the partition in
   * {@code .compaction/…/old}, the compacted files staged in {@code new/}), then {@code trial} into
   * the same directory, then {@code run}: every writer takes the lease and finishes the swap first,
   * so no metrics row is lost (it used to go from 30 rows of 6 trials to 5 rows of 1, exit 0).
   */
  @Test
  void trialAndRunAfterACompactionKilledBetweenItsRenamesLoseNoRows(@TempDir Path dir) throws Exception {
    String id = sweepId(SPEC);
    Path out = dir.resolve("out");
    assertEquals(0, run("run", SPEC, "--out", out.toString(), "--master", "local[2]", "--no-compact").status());
    Path compacted = dir.resolve("compacted");
    copyTree(out, compacted);
    assertEquals(0, run("compact", compacted.toString()).status());
    // The state a SIGKILL between the renames leaves (Compaction.compactTable's staging, READY with its count).
    Path partition = out.resolve("metrics/sweep_id=" + id);
    Path stage = Files.createDirectories(out.resolve(".compaction/sweep_id=" + id + "/metrics/new")).getParent();
    for (String name : names(compacted.resolve("metrics/sweep_id=" + id))) {
      Files.copy(compacted.resolve("metrics/sweep_id=" + id).resolve(name), stage.resolve("new").resolve(name));
    }
    Files.writeString(stage.resolve("READY"), "rows: 30\n");
    Files.writeString(out.resolve("sweeps/" + id + "/compacted"), "");
    Files.move(partition, stage.resolve("old"));

    Result trial = run("trial", SPEC, "--index", "0", "--out", out.toString());
    assertEquals(0, trial.status(), trial.err() + trial.out());
    assertTrue(trial.out().contains("compaction: finished 1 partition swaps an interrupted compaction left"), trial.out());
    Result resumed = run("run", SPEC, "--out", out.toString(), "--master", "local[2]");
    assertEquals(0, resumed.status(), resumed.err() + resumed.out());
    assertTrue(resumed.out().contains("ran 0, skipped 6"), resumed.out());
    assertTrue(!Files.exists(out.resolve(".compaction")), "nothing staged is left");
    SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false").getOrCreate();
    try {
      assertEquals(30, spark.read().parquet(out.resolve("metrics").toString()).count(), "5 rows of each of 6 trials");
      assertEquals(6, spark.read().parquet(out.resolve("metrics").toString()).select("trial_id").distinct().count());
      assertEquals(KillResumeTest.deterministicRows(spark, compacted, "metrics"), KillResumeTest.deterministicRows(spark, out, "metrics"));
    } finally {
      spark.stop();
    }
  }

  /** {@code trial} is a writer too: it refuses while a run holds the sweep's lease (exit 1, one line) and writes nothing. */
  @Test
  void trialIsRefusedWhileARunHoldsTheLease(@TempDir Path dir) throws Exception {
    String id = sweepId(TINY);
    Path out = dir.resolve("out");
    try (SweepLease live = SweepLease.acquire(out.toString(), id)) {
      Result r = run("trial", TINY, "--index", "0", "--out", out.toString());
      assertEquals(1, r.status(), r.err() + r.out());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().startsWith("Cannot train a trial of sweep " + id + ": another run holds its lease"), r.err());
    }
    assertTrue(!Files.exists(out.resolve("trials")), "nothing written");
  }

  /** compact moves a zero-byte per-trial file aside (one line) instead of failing on it; the next run trains its trial again. */
  @Test
  void compactQuarantinesAZeroByteFile(@TempDir Path dir) throws Exception {
    String id = sweepId(TINY);
    Path out = dir.resolve("out");
    assertEquals(0, run("run", TINY, "--out", out.toString(), "--master", "local[2]", "--no-compact").status());
    String victim = names(out.resolve("metrics/sweep_id=" + id)).iterator().next();
    Files.write(out.resolve("metrics/sweep_id=" + id + "/" + victim), new byte[0]);
    Result r = run("compact", out.toString());
    assertEquals(0, r.status(), r.err() + r.out());
    assertEquals(1, r.out().lines().filter(l -> l.startsWith("quarantined 2 unreadable files")).count(), r.out());
    assertTrue(r.out().contains("metrics/" + victim + " (0 bytes)"), r.out());
    Result resumed = run("run", TINY, "--out", out.toString(), "--master", "local[2]");
    assertEquals(0, resumed.status(), resumed.err() + resumed.out());
    assertTrue(resumed.out().contains("ran 1, skipped 1"), resumed.out());
  }
}
