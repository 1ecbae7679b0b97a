package io.gansweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.analysis.ConfigSummary;
import io.gansweep.analysis.RankGroup;
import io.gansweep.analysis.SweepAnalysis;
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

  /**
   * The console shows a rank group as "1–2" in the rank column and says what it means, once; a
   * ranking of groups of one prints plain ranks and no note.
   */
  @Test
  void consoleShowsRankGroups() {
    List<ConfigSummary> tied = List.of(config(1, new RankGroup(1, 2), "minimax", 0.006256), config(2, new RankGroup(1, 2), "nsgan", 0.009529),
        config(3, new RankGroup(3, 3), "wgan", 0.05473));
    String text = printed(tied);
    List<String> lines = text.lines().toList();
    assertTrue(lines.get(2).matches("rank\\s+loss\\s+seeds.*"), text);
    assertTrue(lines.get(3).matches("1\u20132\\s+minimax\\s+3\\s+3\\s+0.4385\\s+0.006256.*"), text);
    assertTrue(lines.get(4).matches("1\u20132\\s+nsgan\\s+.*"), text);
    assertTrue(lines.get(5).matches("3\\s+wgan\\s+.*"), text);
    assertTrue(lines.get(6).startsWith("rank 1\u20132: a rank group, configurations whose seeds do not separate (Mann\u2013Whitney over"
        + " seeds, two-sided p > 0.1 against the group's first; docs/concepts/ranking.md)"), text);
    String apart = printed(List.of(config(1, new RankGroup(1, 1), "minimax", 0.006), config(2, new RankGroup(2, 2), "nsgan", 0.06)));
    assertTrue(apart.lines().anyMatch(l -> l.matches("2\\s+nsgan\\s+.*")) && !apart.contains("rank group"), apart);
  }

  private static ConfigSummary config(int rank, RankGroup group, String loss, double median) {
    return new ConfigSummary(rank, group, loss, java.util.Map.of("loss", loss), 3, 3, 1.0, 0.4385, "stable", "3/3 seeds stable",
        median, median / 2, median * 2, List.of("stable", "stable", "stable"));
  }

  private static String printed(List<ConfigSummary> ranking) {
    StringWriter w = new StringWriter();
    SweepReport.print(new SweepAnalysis("q-00000000", List.of("loss"), List.of(), java.util.Map.of(), ranking, List.of(), List.of(),
        List.of(), List.of(), List.of()), new PrintWriter(w));
    return w.toString();
  }
}
