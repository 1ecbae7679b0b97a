package io.gansweep.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.io.TrialStore;
import io.gansweep.prune.Promotion;
import io.gansweep.prune.RungSchedule;
import io.gansweep.prune.RungState;
import io.gansweep.search.SweepPlan;
import io.gansweep.train.TrialRunner;
import io.gansweep.trial.MetricRow;
import io.gansweep.trial.RungRow;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.TrialResult;
import io.gansweep.trial.TrialTask;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Successive halving on real local Spark: rungs, PRUNED rows, resumed trials, decisions replayed from the committed rows. */
class AdaptiveSweepTest {

  /**
   * The promotion rule is the sweep's from its first run on: a new sweep records the current rule;
   * a sweep that committed rungs under a gansweep without the record gets the rule that gansweep
   * had, recorded then; a record is never rewritten; a record of an unknown rule is refused.
   */
  @Test
  void aSweepKeepsThePromotionRuleItStartedWith(@TempDir Path out) throws Exception {
    assertEquals(Promotion.Rule.CURRENT, AdaptiveSweep.promotionRule(out.toString(), "new-00000001", false));
    assertEquals(Promotion.Rule.CURRENT, AdaptiveSweep.promotionRule(out.toString(), "new-00000001", true), "the record wins");
    Path record = out.resolve("sweeps/new-00000001/" + AdaptiveSweep.PROMOTION_FILE);
    assertTrue(java.nio.file.Files.readString(record).contains("\npromotion_rule: " + Promotion.Rule.CURRENT.version() + "\n"));
    assertEquals(Promotion.Rule.RANK_AT_RUNG, AdaptiveSweep.promotionRule(out.toString(), "old-00000002", true));
    assertEquals(Promotion.Rule.RANK_AT_RUNG, AdaptiveSweep.promotionRule(out.toString(), "old-00000002", false), "recorded at the resume");
    Path bad = out.resolve("sweeps/bad-00000003/" + AdaptiveSweep.PROMOTION_FILE);
    java.nio.file.Files.createDirectories(bad.getParent());
    java.nio.file.Files.writeString(bad, "promotion_rule: 9\n");
    java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
        () -> AdaptiveSweep.promotionRule(out.toString(), "bad-00000003", false));
    assertTrue(e.getMessage().startsWith("Cannot resume the sweep: unknown promotion rule (got 9; allowed 1, 2) in "), e.getMessage());
  }

  @Test
  void successiveHalvingPrunesWholeConfigurationsAndResumesSurvivorsExactly(@TempDir Path out) throws Exception {
    SweepPlan plan = SparkSweepTest.plan("halving.yaml");
    StringWriter log = new StringWriter();
    SparkSweep.Outcome o = SparkSweepTest.run(plan, out, "local[2]", TrialRunner::run, log);
    assertTrue(o.complete(), "missing " + o.missing() + "\n" + log);
    assertTrue(log.toString().contains("rungs at 100, 300 rounds"), log.toString());
    assertTrue(log.toString().contains("rung 1/2 (round 100): 2 of 6 configurations continue; 2 pruned dead, 2 below the cut"),
        log.toString());

    SparkSession spark = SparkTables.session();
    Map<String, String> status = new HashMap<>();
    Map<String, Integer> stepsDone = new HashMap<>();
    Map<String, String> error = new HashMap<>();
    Map<String, Set<String>> statusByConfig = new LinkedHashMap<>();
    try {
      for (Row r : SparkTables.rows(spark, out.toString(), "trials", "trial_id", "config_id", "status", "steps_done", "error")) {
        status.put(r.getString(0), r.getString(2));
        stepsDone.put(r.getString(0), r.getInt(3));
        error.put(r.getString(0), r.isNullAt(4) ? null : r.getString(4));
        statusByConfig.computeIfAbsent(r.getString(1), k -> new TreeSet<>()).add(r.getString(2));
      }
      assertEquals(12, status.size(), "one trials row per trial");
      // All seeds of a configuration go on or stop together: a configuration is all COMPLETED,
      // all PRUNED, or dead (DIVERGED, with PRUNED for a seed that survived the rung alive).
      long completed = statusByConfig.values().stream().filter(s -> s.equals(Set.of("COMPLETED"))).count();
      long pruned = statusByConfig.values().stream().filter(s -> s.equals(Set.of("PRUNED"))).count();
      assertEquals(2, completed, statusByConfig.toString());
      assertEquals(2, pruned, statusByConfig.toString());
      for (String id : status.keySet()) {
        if (status.get(id).equals("PRUNED")) {
          assertEquals(100, stepsDone.get(id), id);
          assertTrue(error.get(id).startsWith("pruned at rung 1/2 (round 100): below the cut: rank "), error.get(id));
        }
      }
      // A pruned trial keeps its rows up to its rung; rung rows: one per trial at rung 0, one per survivor at rung 1.
      List<Row> metrics = SparkTables.rows(spark, out.toString(), "metrics", "trial_id", "step");
      for (String id : status.keySet()) {
        int last = metrics.stream().filter(r -> r.getString(0).equals(id)).mapToInt(r -> r.getInt(1)).max().orElse(-1);
        assertEquals(stepsDone.get(id), last, id + " (" + status.get(id) + ")");
      }
      List<Row> rungs = SparkTables.rows(spark, out.toString(), "rungs", "trial_id", "rung", "status", "label");
      assertEquals(12, rungs.stream().filter(r -> r.getInt(1) == 0).count());
      assertEquals(4, rungs.stream().filter(r -> r.getInt(1) == 1).count());
    } finally {
      spark.stop();
    }

    // The rows written by rungs are the rows of the trial trained uninterrupted (paused at 100,
    // resumed from its checkpoint on an executor), wall time aside.
    TrialConfig survivor = plan.trials().stream().filter(t -> status.get(t.trialId()).equals("COMPLETED")).findFirst().orElseThrow();
    TrialResult alone = TrialRunner.run(new TrialTask(plan.sweepId(), 0, survivor, 0, "cpu", 1, null));
    SparkSession again = SparkTables.session();
    try {
      List<String> written = SparkTables.rows(again, out.toString(), "metrics", "trial_id", "step", "d_loss", "g_loss", "grad_norm_d",
          "distance", "hq").stream().filter(r -> r.getString(0).equals(survivor.trialId())).map(r -> r.mkString("|")).sorted().toList();
      List<String> expected = alone.metrics().stream().map(m -> row(survivor.trialId(), m)).sorted().toList();
      assertEquals(expected, written);
    } finally {
      again.stop();
    }

    // The decisions come from the committed rung rows alone: replayed, they are the ones the run printed.
    Map<String, List<TrialConfig>> byConfig = plan.trials().stream()
        .collect(Collectors.groupingBy(TrialConfig::configId, LinkedHashMap::new, Collectors.toList()));
    RungSchedule schedule = RungSchedule.of(plan.spec().earlyTerminate(), 300, new ArrayList<>(byConfig.keySet()), 0);
    List<RungRow> rows = new TrialStore(out.toString()).rungRows(plan.sweepId());
    RungState state = RungState.replay(schedule, 3, rows, byConfig, Promotion.Rule.CURRENT);
    assertTrue(state.pending().isEmpty());
    Promotion.Decision d = state.decisions().get(0);
    assertEquals(Set.copyOf(d.promoted()), statusByConfig.entrySet().stream().filter(e -> e.getValue().equals(Set.of("COMPLETED")))
        .map(Map.Entry::getKey).collect(Collectors.toSet()));

    // The analysis labels pruned trials "pruned", ranks their configurations below those trained to
    // the end, and the report draws every trial's quality at each rung.
    SparkSession reader = io.gansweep.report.SweepReport.readerSession("adaptive analysis");
    try {
      io.gansweep.analysis.SweepAnalysis a = io.gansweep.report.SweepReport.analyze(reader, out.toString(), plan.sweepId(),
          new java.io.PrintWriter(new StringWriter()));
      assertEquals(4, a.verdicts().stream().filter(v -> v.label() == io.gansweep.analysis.Label.PRUNED).count());
      assertEquals(Set.copyOf(d.promoted()), Set.of(a.ranking().get(0).configId(), a.ranking().get(1).configId()),
          "the configurations trained to the end rank first");
      assertEquals(12 + 4, a.rungs().size(), "a point per trial and rung reached");
      String html = java.nio.file.Files.readString(out.resolve("analysis/sweep_id=" + plan.sweepId() + "/report.html"));
      long drawn = a.rungs().stream().filter(p -> p.quality() != null && Double.isFinite(p.quality()) && p.quality() > 0).count();
      assertTrue(drawn > 0, "some rung has a quality");
      assertEquals(drawn, new com.fasterxml.jackson.databind.ObjectMapper().readTree(io.gansweep.analysis.HtmlReport.blobOf(html)).get("rungs").size(),
          "the report's rung chart gets every rung point with a quality");
    } finally {
      reader.stop();
    }

    // A second run finds everything committed and trains nothing.
    StringWriter second = new StringWriter();
    SparkSweep.Outcome o2 = SparkSweepTest.run(plan, out, "local[2]", TrialRunner::run, second);
    assertEquals(0, o2.ran(), second.toString());
    assertTrue(!second.toString().contains("rung job:"), second.toString());
    assertTrue(second.toString().contains("rung 1/2 (round 100): 2 of 6 configurations continue"), second.toString());
  }

  private static String row(String id, MetricRow m) {
    return id + "|" + m.step() + "|" + m.dLoss() + "|" + m.gLoss() + "|" + m.gradNormD() + "|"
        + (m.quality() == null ? null : m.quality().distance()) + "|" + (m.quality() == null ? null : m.quality().hq());
  }
}
