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

  /**
   * Issue 27, item 1, under early_terminate: a resume retrains a FAILED trial at the rung where it
   * failed while that rung's decision is not committed, and the sweep's rung rows, trials rows and
   * decisions come out as those of a run where nothing failed (training is deterministic: same
   * seed, same rows). Two cases: every trial fails at the first rung (an environment that breaks
   * every trial, fixed before the resume: the decision is dead for all, with nothing to act on),
   * and one trial of a surviving configuration fails at the last rung (resumed from its
   * checkpoint). Each retry is counted in its row (attempt 1); a second resume trains nothing.
   */
  @Test
  void aFailedTrialIsRetriedAtItsRungAndTheRungsEqualAnUninterruptedRun(@TempDir Path out) throws Exception {
    SweepPlan plan = SparkSweepTest.plan("halving.yaml");
    Path clean = out.resolve("clean");
    StringWriter cleanLog = new StringWriter();
    assertTrue(SparkSweepTest.run(plan, clean, "local[2]", TrialRunner::run, cleanLog).complete(), cleanLog.toString());
    List<String> expectedRungs = rungs(clean, plan);
    List<String> expectedTrials = trials(clean, plan);
    String decision = decisions(cleanLog.toString());

    // Every trial's first attempt fails at rung 1: nothing is decided, so every trial is retried.
    Path broken = out.resolve("broken");
    StringWriter first = new StringWriter();
    assertTrue(SparkSweepTest.run(plan, broken, "local[2]", new FailFirstAttempt(null, 100), first).complete(), first.toString());
    assertTrue(trials(broken, plan).stream().allMatch(t -> t.contains("|FAILED|")), trials(broken, plan).toString());
    StringWriter resumed = new StringWriter();
    SparkSweepTest.run(plan, broken, "local[2]", TrialRunner::run, resumed);
    assertTrue(resumed.toString().contains("retraining 12 FAILED trials at the rung where they failed"), resumed.toString());
    assertEquals(expectedRungs, rungs(broken, plan));
    assertEquals(expectedTrials, trials(broken, plan));
    assertEquals(decision, decisions(resumed.toString()));
    assertEquals(java.util.Map.of(), new TrialStore(broken.toString()).failedAttempts(plan.sweepId()));
    assertTrue(attempts(broken, plan).values().stream().allMatch(a -> a.equals(1)), "each counted as its second attempt: "
        + attempts(broken, plan));

    // One seed of a configuration trained to the end fails at the last rung (300 rounds).
    String survivor = expectedTrials.stream().filter(t -> t.contains("|COMPLETED|")).findFirst().orElseThrow().split("\\|")[0];
    Path once = out.resolve("once");
    StringWriter run1 = new StringWriter();
    assertTrue(SparkSweepTest.run(plan, once, "local[2]", new FailFirstAttempt(survivor, 300), run1).complete(), run1.toString());
    assertTrue(trials(once, plan).contains(survivor + "|FAILED|0"), trials(once, plan).toString());
    StringWriter run2 = new StringWriter();
    SparkSweep.Outcome o2 = SparkSweepTest.run(plan, once, "local[2]", TrialRunner::run, run2);
    assertTrue(run2.toString().contains("retraining 1 FAILED trials at the rung where they failed"
        + " (a FAILED trial is tried 3 times at most): " + survivor + " attempt 2 at rung 2"), run2.toString());
    assertEquals(1, o2.ran(), run2.toString());
    assertEquals(expectedRungs, rungs(once, plan));
    assertEquals(expectedTrials, trials(once, plan));
    assertEquals(decision, decisions(run2.toString()));
    assertTrue(new TrialStore(once.toString()).failedOnce(plan.sweepId()).contains(survivor), "the marker of its first attempt stays");
    assertEquals(1, attempts(once, plan).get(survivor));

    StringWriter run3 = new StringWriter();
    assertEquals(0, SparkSweepTest.run(plan, once, "local[2]", TrialRunner::run, run3).ran(), run3.toString());
  }

  /**
   * Issue 27, item 1: a FAILED trial whose rung was decided and acted on stays FAILED on resume (its
   * configuration's fate was decided with it), and the rows stay those of the first run.
   */
  @Test
  void aFailedTrialWhoseRungWasDecidedStaysFailed(@TempDir Path out) throws Exception {
    SweepPlan plan = SparkSweepTest.plan("halving.yaml");
    String first = plan.trials().get(0).trialId();
    StringWriter log = new StringWriter();
    assertTrue(SparkSweepTest.run(plan, out, "local[2]", new FailFirstAttempt(first, 100), log).complete(), log.toString());
    List<String> rungs = rungs(out, plan);
    List<String> trials = trials(out, plan);
    assertTrue(trials.contains(first + "|FAILED|0"), trials.toString());
    StringWriter again = new StringWriter();
    assertEquals(0, SparkSweepTest.run(plan, out, "local[2]", TrialRunner::run, again).ran(), again.toString());
    assertTrue(again.toString().contains("1 FAILED trials stay FAILED: the rung where they failed was decided"), again.toString());
    assertEquals(rungs, rungs(out, plan));
    assertEquals(trials, trials(out, plan));
    assertEquals(decisions(log.toString()), decisions(again.toString()));
  }

  /** Fails the first attempt of one trial ({@code null}: every trial) in its segment up to round {@code until}. */
  private record FailFirstAttempt(String trialId, int until) implements io.gansweep.dispatch.TrialExecutor {
    @Override
    public TrialResult run(TrialTask task) {
      return TrialRunner.run(task);
    }

    @Override
    public TrialRunner.Segment runSegment(TrialTask task, io.gansweep.train.TrialCheckpoint from, int until) {
      if (task.attempt() == 0 && until == this.until && (trialId == null || trialId.equals(task.config().trialId()))) {
        throw new IllegalStateException("injected failure of " + task.config().trialId() + " at round " + until);
      }
      return TrialRunner.runSegment(task, from, until);
    }
  }

  /** Every committed rung row, as what a decision reads (no wall time). */
  private static List<String> rungs(Path out, SweepPlan plan) throws Exception {
    return new TrialStore(out.toString()).rungRows(plan.sweepId()).stream().map(r -> r.trialId() + "|" + r.bracket() + "|" + r.rung()
        + "|" + r.budget() + "|" + r.stepsDone() + "|" + r.status() + "|" + r.label() + "|" + r.quality()).sorted().toList();
  }

  /** Every trials row: id, status, steps. */
  private static List<String> trials(Path out, SweepPlan plan) throws Exception {
    return new TrialStore(out.toString()).rows(io.gansweep.io.OutputLayout.TRIALS, plan.sweepId(),
        Set.of("trial_id", "status", "steps_done")).stream()
        .map(r -> r.get("trial_id") + "|" + r.get("status") + "|" + r.get("steps_done")).sorted().toList();
  }

  /** Each trials row's attempt, by trial id. */
  private static Map<String, Object> attempts(Path out, SweepPlan plan) throws Exception {
    Map<String, Object> a = new java.util.TreeMap<>();
    new TrialStore(out.toString()).rows(io.gansweep.io.OutputLayout.TRIALS, plan.sweepId(), Set.of("trial_id", "attempt"))
        .forEach(r -> a.put((String) r.get("trial_id"), r.getOrDefault("attempt", 0)));
    return a;
  }

  /** The decision lines of a run's log. */
  private static String decisions(String log) {
    return log.lines().filter(l -> l.startsWith("rung ") && !l.startsWith("rung job")).collect(Collectors.joining("\n"));
  }

  private static String row(String id, MetricRow m) {
    return id + "|" + m.step() + "|" + m.dLoss() + "|" + m.gLoss() + "|" + m.gradNormD() + "|"
        + (m.quality() == null ? null : m.quality().distance()) + "|" + (m.quality() == null ? null : m.quality().hq());
  }
}
