package io.gansweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.cli.Gansweep;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a real ring8 sweep with a known-bad configuration (an overpowered D with the plain
 * non-saturating loss, which collapses: measured D loss 0.09 vs 2 ln 2 = 1.386 in every seed) and
 * the stabilised recipe (R1) under the same D. `run` must print the ranking, the known-bad
 * configuration must rank below both R1 configurations with the d_collapse label, and the R1 ones
 * must carry none of the training-failure labels.
 */
class SweepReportTest {

  @Test
  void knownBadRanksBelowKnownGoodWithItsLabel(@TempDir Path dir) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Gansweep.run(new PrintWriter(out), new PrintWriter(err), "run",
        "src/test/resources/specs/valid/known-good-bad.yaml", "--out", dir.toString(), "--master", "local[2]");
    assertEquals(0, status, err.toString());
    assertTrue(out.toString().contains("stability ranking of known-good-bad-"), out.toString());

    SparkSession spark = SweepReport.readerSession("test");
    try {
      Path ranking;
      try (var s = Files.list(dir.resolve("analysis"))) {
        ranking = s.findFirst().orElseThrow().resolve("ranking.parquet");
      }
      List<Row> rows = spark.read().parquet(ranking.toString()).orderBy("rank").collectAsList();
      assertEquals(4, rows.size());
      Row last = rows.get(3);
      assertEquals("none", last.getAs("penalty"));
      assertEquals(5, last.<Integer>getAs("d_steps"));
      assertEquals("d_collapse", last.getAs("label"));
      String why = last.getAs("why");
      assertTrue(why.startsWith("d_collapse in 3/3 seeds: D loss"), why);
      for (Row r : rows) {
        if (r.getAs("penalty").equals("r1")) {
          assertTrue(r.<Integer>getAs("rank") < 4);
          for (String label : r.<String>getAs("seed_labels").split(",")) {
            assertTrue(!Set.of("d_collapse", "diverged", "failed", "oscillating").contains(label), r.toString());
          }
        }
      }
    } finally {
      spark.stop();
    }
  }
}
