package io.gansweep.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.search.SweepPlan;
import io.gansweep.train.TrialRunner;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Population-based training on real local Spark (specs/valid/pbt.yaml: 4 members x 2 seeds, 3
 * generations of 100 rounds): the lineage table, read back by DuckDB, records every member of every
 * generation; a member that exploits goes on from its donor's weights (its rows up to the boundary
 * are the donor's, seed by seed), with values inside their bounds and the donor's held keys; every
 * trial ends with one trials row.
 */
class PbtSweepTest {

  @Test
  void aPopulationTrainsInGenerationsCopiesWeightsWithConfigurationsAndRecordsItsLineage(@TempDir Path out) throws Exception {
    SweepPlan plan = SparkSweepTest.plan("pbt.yaml");
    StringWriter log = new StringWriter();
    SparkSweep.Outcome o = SparkSweepTest.run(plan, out, "local[2]", TrialRunner::run, log);
    assertTrue(o.complete(), "missing " + o.missing() + "\n" + log);
    assertTrue(log.toString().contains("pbt, a population of 4 configurations x 2 seeds, 3 generations of 100 rounds (300 in all), "
        + "replacing 1 at each boundary"), log.toString());
    assertTrue(log.toString().contains("pbt generation 3 of 3 (rounds 200-300): best member "), log.toString());

    String lineage = "read_parquet('" + out.resolve("lineage") + "/*/*.parquet')";
    assertEquals(Set.of("0|4", "1|4", "2|4"), DuckDb.strings("SELECT generation || '|' || count(DISTINCT member) FROM " + lineage
        + " GROUP BY generation"));
    assertEquals(Set.of("start"), DuckDb.strings("SELECT DISTINCT action FROM " + lineage + " WHERE generation = 0"));
    // At each boundary one member (ceil(4 x 0.25)) is replaced: the last ranked, or one that could not go on.
    assertEquals(Set.of("1|1", "2|1"), DuckDb.strings("SELECT generation || '|' || count(*) FROM " + lineage
        + " WHERE action = 'exploit' GROUP BY generation"));
    // An exploiting member copied the first ranked member that could go on; it was last or could not go on.
    assertEquals(Set.of(), DuckDb.strings("SELECT c.generation || '|' || c.member FROM " + lineage + " c JOIN " + lineage
        + " p ON p.generation = c.generation - 1 AND p.member = c.parent_member JOIN " + lineage
        + " old ON old.generation = c.generation - 1 AND old.member = c.member WHERE c.action = 'exploit' AND (p.config_id <> "
        + "c.parent_config_id OR p.rank <> 1 OR NOT p.can_go_on OR (old.rank <> 4 AND old.can_go_on))"));
    // A member that goes on keeps its configuration; one that exploits has one no member had before.
    assertEquals(Set.of(), DuckDb.strings("SELECT c.generation || '|' || c.member FROM " + lineage + " c JOIN " + lineage
        + " old ON old.generation = c.generation - 1 AND old.member = c.member WHERE c.action = 'continue' AND c.config_id <> old.config_id"));
    assertEquals(DuckDb.strings("SELECT count(*) FROM " + lineage + " WHERE action <> 'continue'"),
        DuckDb.strings("SELECT count(DISTINCT config_id) FROM " + lineage));

    Map<String, Map<String, String>> params = new HashMap<>();
    for (String r : DuckDb.strings("SELECT generation || '|' || member || '|' || params || '|' || action || '|' || parent_member || '|' "
        + "|| coalesce(parent_config_id, '') || '|' || config_id FROM " + lineage)) {
      String[] f = r.split("\\|", -1);
      Map<String, String> values = new HashMap<>();
      for (String kv : f[2].split(", ")) {
        values.put(kv.split("=")[0], kv.split("=")[1]);
      }
      params.put(f[6], values);
      double lr = Double.parseDouble(values.get("lr_g"));
      double ttur = Double.parseDouble(values.get("ttur"));
      assertTrue(lr >= 1e-4 && lr <= 3e-2 && ttur >= 0.5 && ttur <= 4, "inside the spec's bounds: " + r);
    }
    for (String r : DuckDb.strings("SELECT config_id || '|' || parent_config_id FROM " + lineage + " WHERE action = 'exploit'")) {
      String[] f = r.split("\\|");
      assertEquals(params.get(f[1]).get("hidden"), params.get(f[0]).get("hidden"), "hidden is held: a copy takes its donor's " + r);
      assertFalse(params.get(f[1]).equals(params.get(f[0])), "explored: " + r);
    }

    // Weights with the configuration: the metrics of an exploiting member's seed up to the boundary
    // are its donor's seed's, row for row (the copied checkpoint carries them); it trains on to 300.
    String metrics = "read_parquet('" + out.resolve("metrics") + "/*/*.parquet')";
    String trials = "read_parquet('" + out.resolve("trials") + "/*/*.parquet')";
    for (String r : DuckDb.strings("SELECT config_id || '|' || parent_config_id || '|' || step_from FROM " + lineage
        + " WHERE action = 'exploit'")) {
      String[] f = r.split("\\|");
      for (int seed = 0; seed < 2; seed++) {
        TreeSet<String> child = DuckDb.strings("SELECT concat_ws('|', step, coalesce(CAST(d_loss AS VARCHAR), '-'), coalesce(CAST(g_loss AS VARCHAR), '-'), "
            + "coalesce(CAST(distance AS VARCHAR), '-')) FROM " + metrics + " WHERE trial_id = '"
            + f[0] + "-s" + seed + "' AND step <= " + f[2]);
        TreeSet<String> donor = DuckDb.strings("SELECT concat_ws('|', step, coalesce(CAST(d_loss AS VARCHAR), '-'), coalesce(CAST(g_loss AS VARCHAR), '-'), "
            + "coalesce(CAST(distance AS VARCHAR), '-')) FROM " + metrics + " WHERE trial_id = '"
            + f[1] + "-s" + seed + "' AND step <= " + f[2]);
        assertTrue(child.size() > 3, r + " " + child);
        assertEquals(donor, child, "seed " + seed + " of " + r);
      }
    }
    // One trials row per trial: 8 trained to the end (or diverged), 2 x 2 replaced ones stopped as PRUNED at their boundary.
    assertEquals(Set.of("12"), DuckDb.strings("SELECT count(DISTINCT trial_id) FROM " + trials));
    assertEquals(o.planned(), 12);
    assertEquals(Set.of("100|2", "200|2"), DuckDb.strings("SELECT steps_done || '|' || count(*) FROM " + trials
        + " WHERE status = 'PRUNED' GROUP BY steps_done"));
    assertEquals(Set.of(), DuckDb.strings("SELECT trial_id FROM " + trials + " WHERE status = 'PRUNED' AND error NOT LIKE "
        + "'pbt: replaced after generation %'"));

    List<Lineage.Row> read = Lineage.read(out.toString(), plan.sweepId());
    assertEquals(12, read.size());
    assertEquals(List.of(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2), read.stream().map(Lineage.Row::generation).toList());

    // The analysis ranks the schedules: each member by the configuration it ended with, whose trials carry every round.
    StringWriter analysis = new StringWriter();
    io.gansweep.analysis.SweepAnalysis a = io.gansweep.report.SweepReport.analyze(out.toString(), plan.sweepId(),
        new java.io.PrintWriter(analysis));
    List<io.gansweep.report.Schedules.Schedule> schedules = io.gansweep.report.Schedules.of(out.toString(), a);
    assertEquals(4, schedules.size(), analysis.toString());
    Set<String> finals = DuckDb.strings("SELECT config_id FROM " + lineage + " WHERE generation = 2");
    assertEquals(finals, Set.copyOf(schedules.stream().map(s -> s.summary().configId()).toList()));
    List<String> completed = a.ranking().stream().map(io.gansweep.analysis.ConfigSummary::configId).filter(finals::contains).toList();
    assertEquals(completed, schedules.stream().map(s -> s.summary().configId()).toList(), "in the analysis's order");
    assertTrue(analysis.toString().contains("pbt schedules of " + plan.sweepId() + ": 4 members, 3 generations"), analysis.toString());
    for (io.gansweep.report.Schedules.Schedule s : schedules) {
      // the schedule follows the weights: each generation's row is the one the next one went on from
      assertEquals(List.of(0, 1, 2), s.generations().stream().map(Lineage.Row::generation).toList(), s.text());
      for (int g = 1; g < 3; g++) {
        assertEquals(s.generations().get(g).parentMember(), s.generations().get(g - 1).member(), s.text());
      }
      long copies = s.generations().stream().filter(r -> r.action().equals("exploit")).count();
      assertEquals(copies, s.text().split(" -> explored at round ", -1).length - 1, s.text());
      assertTrue(s.text().endsWith("-300)"), s.text());
    }

    // The report carries the lineage and draws it (headless Chromium where it is installed: a canvas with ink, no console error).
    Path report = out.resolve("analysis/sweep_id=" + plan.sweepId() + "/report.html");
    String blob = io.gansweep.analysis.HtmlReport.blobOf(java.nio.file.Files.readString(report));
    assertEquals(12, new com.fasterxml.jackson.databind.ObjectMapper().readTree(blob).get("lineage").size());
    var exe = io.gansweep.analysis.HeadlessChromium.executable();
    org.junit.jupiter.api.Assumptions.assumeTrue(exe.isPresent(), "chromium not installed");
    try (io.gansweep.analysis.HeadlessChromium b = io.gansweep.analysis.HeadlessChromium.start(exe.get(), 1400, 1000)) {
      b.open(report);
      b.eval("window.gansweepReport.ready");
      var chart = b.eval("new Promise(function(done){var t0=Date.now();(function poll(){var c=document.querySelector('#lineage .chart');"
          + "if(c&&(c.getAttribute('data-rendered')==='1'||c.getAttribute('data-error'))||Date.now()-t0>60000){var v=c&&c.querySelector('canvas');"
          + "var ink=0;if(v&&v.width>0){var d=v.getContext('2d').getImageData(0,0,v.width,v.height).data;for(var i=0;i<d.length;i+=4)"
          + "{if(d[i+3]>0&&(d[i]<235||d[i+1]<235||d[i+2]<235))ink++;}}done({error:c&&c.getAttribute('data-error'),ink:ink,"
          + "marks:c?+c.getAttribute('data-marks'):0});}else setTimeout(poll,50);})();})");
      assertTrue(chart.path("error").isNull() && chart.path("ink").asInt() > 100 && chart.path("marks").asInt() >= 2, chart.toString());
      assertEquals(List.of(), b.errors(), "console errors");
    }
  }
}
