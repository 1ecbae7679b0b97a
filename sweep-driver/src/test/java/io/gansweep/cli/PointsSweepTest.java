package io.gansweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.data.PointsFixtures;
import io.gansweep.dispatch.DuckDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dataset: points:<file>} through the command line on local Spark: a CSV file relative to
 * the spec's folder and a Parquet file written by pyarrow train, the file is pinned under
 * OUT/data and named by checksum in every trial (read back by DuckDB), and every bad file exits 2
 * before Spark with one line naming the file, nothing written.
 */
class PointsSweepTest {

  private static String spec(String name, String dataset, String extra) {
    return """
        name: %s
        method: grid
        replicates: 2
        parameters:
          dataset:      {value: "%s"}
          steps:        {value: 60}
          batch_size:   {value: 32}
          latent_dim:   {value: 4}
          hidden:       {value: 32}
          eval_every:   {value: 30}
          eval_samples: {value: 100}
          log_every:    {value: 10}
          lr_g:         {values: [1.0e-4, 1.0e-3]}
        %sresources: {gpus_per_trial: 0, cpus_per_trial: 1, pack: 2}
        """.formatted(name, dataset, extra);
  }

  /** Three labelled blobs in 3-D: 300 rows of a, b, c and a label. */
  private static Path blobs(Path file) throws Exception {
    StringBuilder s = new StringBuilder("a,b,c,label\n");
    float[] g = io.gansweep.data.SeededRandom.stream(4, "blobs").gaussians(3 * 300);
    for (int i = 0; i < 300; i++) {
      int k = i % 3;
      s.append(g[3 * i] * 0.1f + k).append(',').append(g[3 * i + 1] * 0.1f - k).append(',').append(g[3 * i + 2] * 0.1f)
          .append(',').append("blob").append(k).append('\n');
    }
    Files.createDirectories(file.getParent());
    return Files.writeString(file, s);
  }

  private static String hex(Path file) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  void aCsvFileRelativeToTheSpecTrainsIsPinnedAndRanks(@TempDir Path dir) throws Exception {
    Path csv = blobs(dir.resolve("data/blobs.csv"));
    Path spec = Files.writeString(dir.resolve("blobs.yaml"), spec("blobs", "points:data/blobs.csv", ""));
    String out = dir.resolve("out").toString();
    GansweepTest.Result r = GansweepTest.run("run", spec.toString(), "--out", out, "--master", "local[2]");
    assertEquals(0, r.status(), r.err() + r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("data file ") && l.contains("data/blobs.csv: sha256:")
        && l.endsWith("(pinned under data/)")), r.out());
    assertEquals(Files.readString(csv), Files.readString(Path.of(out, "data", hex(csv) + ".csv")), "the pinned copy");
    String trials = "read_parquet('" + out + "/trials/*/*.parquet')";
    assertEquals(Set.of("points:data/blobs.csv|sha256:" + hex(csv) + "|COMPLETED|4"), DuckDb.strings(
        "SELECT DISTINCT dataset || '|' || data_file || '|' || status || '|' || count(*) OVER ()::VARCHAR FROM " + trials));
    assertEquals(Set.of("true"), DuckDb.strings("SELECT DISTINCT (final_distance IS NOT NULL AND final_precision IS NOT NULL AND "
        + "final_recall IS NOT NULL AND final_density IS NOT NULL AND final_coverage IS NOT NULL AND final_modes BETWEEN 0 AND 3"
        + " AND final_hq IS NULL)::VARCHAR FROM " + trials));
    assertTrue(r.out().contains("stability ranking of blobs-"), r.out());

    // Run again: every trial committed, the pinned file kept.
    GansweepTest.Result again = GansweepTest.run("run", spec.toString(), "--out", out, "--master", "local[2]");
    assertEquals(0, again.status(), again.err());
    assertTrue(again.out().contains("pinned already"), again.out());
  }

  /** {@code gansweep trial} pins the file too, trains one trial and prints its labels as modes. */
  @Test
  void trialTrainsOneTrialOfAPointsFile(@TempDir Path dir) throws Exception {
    Path csv = blobs(dir.resolve("blobs.csv"));
    Path spec = Files.writeString(dir.resolve("blobs.yaml"), spec("one", "points:blobs.csv", ""));
    String out = dir.resolve("out").toString();
    GansweepTest.Result r = GansweepTest.run("trial", spec.toString(), "--index", "1", "--out", out);
    assertEquals(0, r.status(), r.err() + r.out());
    assertTrue(r.out().contains("status      COMPLETED after 60 of 60 steps"), r.out());
    assertTrue(r.out().matches("(?s).*final       \\d/3 modes covered, precision \\S+, recall .*"), r.out());
    assertTrue(Files.exists(Path.of(out, "data", hex(csv) + ".csv")), r.out());
  }

  /**
   * A Parquet file as pandas users write it (pyarrow: snappy, dictionary pages; examples/points/make_points.py
   * --parquet), with the G-only screen, which fits G to the file's rows.
   */
  @Test
  void aParquetFileWrittenByPyarrowTrains(@TempDir Path dir) throws Exception {
    Path file = Files.copy(Path.of("src/test/resources/points/ring8_pyarrow.parquet"), dir.resolve("ring8.parquet"));
    Path spec = Files.writeString(dir.resolve("ring8.yaml"), spec("pyarrow", "points:ring8.parquet",
        "screen: {type: g_fit, steps: 20}\n"));
    String out = dir.resolve("out").toString();
    GansweepTest.Result r = GansweepTest.run("run", spec.toString(), "--out", out, "--master", "local[2]");
    assertEquals(0, r.status(), r.err() + r.out());
    assertTrue(Files.exists(Path.of(out, "data", hex(file) + ".parquet")));
    assertTrue(Files.isDirectory(Path.of(out, "screen")), "the G-only screen fitted G to the file's rows");
    String trials = "read_parquet('" + out + "/trials/*/*.parquet')";
    assertEquals(Set.of("COMPLETED|true"), DuckDb.strings("SELECT DISTINCT status || '|' || (final_modes BETWEEN 0 AND 8 AND "
        + "final_modes_covered BETWEEN 0 AND 8 AND final_distance IS NOT NULL)::VARCHAR FROM " + trials));
  }

  /** Each bad file: exit 2 before Spark, one line naming the file and what is allowed, nothing written. */
  @Test
  void everyBadFileExitsTwoNamingItAndWritesNothing(@TempDir Path dir) throws Exception {
    PointsFixtures.csv(dir.resolve("empty.csv"));
    PointsFixtures.csv(dir.resolve("words.csv"), "x,y", "1,2", "3,four", "5,6", "7,8");
    PointsFixtures.csv(dir.resolve("nan.csv"), "x,y", "1,2", "3,NaN", "5,6", "7,8");
    PointsFixtures.csv(dir.resolve("inf.csv"), "x,y", "1,2", "3,-inf", "5,6", "7,8");
    PointsFixtures.csv(dir.resolve("labels-only.csv"), "label", "a", "b", "c", "d");
    PointsFixtures.ring8Csv(dir.resolve("few.csv"), 20, 1, false); // fewer rows than batch_size 32
    PointsFixtures.parquet(dir.resolve("words.parquet"), "message m { required double x; required binary name (STRING); }",
        List.of(new Object[] {1d, "a"}, new Object[] {2d, "b"}, new Object[] {3d, "c"}, new Object[] {4d, "d"}));
    Files.writeString(dir.resolve("table.tsv"), "x\ty\n1\t2\n");
    record Case(String file, String says) {}
    List<Case> cases = List.of(new Case("missing.csv", "no such file"), new Case("empty.csv", "the file is empty"),
        new Case("words.csv", "column 'y' is not numeric (got 'four' in row 2; allowed decimal numbers"),
        new Case("nan.csv", "column 'y' has a value that is not finite (got 'NaN' in row 2"),
        new Case("inf.csv", "not finite (got '-inf' in row 2"),
        new Case("labels-only.csv", "it has no coordinate column"),
        new Case("few.csv", "fewer rows than a batch (got 20 rows; batch_size up to 32; allowed at least batch_size rows"),
        new Case("words.parquet", "column 'name' is not numeric"),
        new Case("table.tsv", "its format is unknown"));
    for (Case c : cases) {
      Path spec = Files.writeString(dir.resolve("bad.yaml"), spec("bad", "points:" + c.file(), ""));
      Path out = dir.resolve("out-" + c.file());
      GansweepTest.Result r = GansweepTest.run("run", spec.toString(), "--out", out.toString(), "--master", "local[2]");
      assertEquals(2, r.status(), c + ": " + r.err() + r.out());
      assertTrue(r.err().contains("parameters.dataset (line 5): Cannot read points file ") && r.err().contains(c.file())
          && r.err().contains(c.says()) && r.err().contains("; allowed "), c + ": " + r.err());
      assertEquals(1, r.err().lines().filter(l -> l.contains("Cannot read points file")).count(), r.err());
      assertFalse(Files.exists(out), c + ": nothing written");
    }
  }

  /** The file's checksum is part of every trial's id: the same spec over a changed file plans other trials. */
  @Test
  void aChangedFileIsAnotherSweep(@TempDir Path dir) throws Exception {
    Path spec = Files.writeString(dir.resolve("ring.yaml"), spec("ring", "points:ring.csv", ""));
    PointsFixtures.ring8Csv(dir.resolve("ring.csv"), 100, 1, true);
    GansweepTest.Result first = GansweepTest.run("plan", spec.toString());
    assertEquals(0, first.status(), first.err());
    PointsFixtures.ring8Csv(dir.resolve("ring.csv"), 100, 2, true);
    GansweepTest.Result second = GansweepTest.run("plan", spec.toString());
    assertEquals(0, second.status(), second.err());
    assertNotEquals(first.out(), second.out());
    assertEquals(first.out().lines().count(), second.out().lines().count());

    Files.writeString(spec, spec("ring", "points:ring.csv", "").replace("  lr_g:", "  data_file:    {value: none}\n  lr_g:"));
    GansweepTest.Result set = GansweepTest.run("validate", spec.toString());
    assertEquals(2, set.status());
    assertTrue(set.err().contains("parameters.data_file") && set.err().contains("a dataset read from files sets it"), set.err());
    Files.writeString(spec, spec("ring", "points:ring.csv", "").replace("{value: \"points:ring.csv\"}",
        "{values: [ring8, \"points:ring.csv\"]}"));
    GansweepTest.Result two = GansweepTest.run("validate", spec.toString());
    assertEquals(2, two.status());
    assertTrue(two.err().contains("a dataset read from files must be the sweep's only dataset"), two.err());
  }
}
