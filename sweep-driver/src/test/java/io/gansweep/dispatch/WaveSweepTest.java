package io.gansweep.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.analysis.Ranking;
import io.gansweep.analysis.TrialVerdict;
import io.gansweep.io.TrialStore;
import io.gansweep.prune.RungRows;
import io.gansweep.search.Sampler;
import io.gansweep.search.SweepPlan;
import io.gansweep.search.TpeSearch;
import io.gansweep.train.TrialRunner;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.RungRow;
import io.gansweep.trial.TrialConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wave engine with TPE on real local Spark: waves as Spark jobs, the sampler reading committed rows only, a resumed run asking the same. */
class WaveSweepTest {

  @Test
  void asksWavesFromTheCommittedRowsAndAResumedRunAsksTheSame(@TempDir Path out) throws Exception {
    SweepPlan plan = SparkSweepTest.plan("tpe.yaml");
    assertEquals(4, plan.trials().size(), "the plan holds the random start: 2 configurations x 2 seeds");
    StringWriter log = new StringWriter();
    SparkSweep.Outcome o = SparkSweepTest.run(plan, out, "local[2]", TrialRunner::run, log);
    assertTrue(o.complete(), "missing " + o.missing() + "\n" + log);
    assertEquals(8, o.planned());
    assertEquals(8, o.ran());
    String text = log.toString();
    assertTrue(text.contains("tpe, 4 configurations x 2 seeds (2 at the start, then waves of 1 asked from the results)"), text);
    assertTrue(text.contains("tpe wave 1: configurations 1-2 of 4 trained (the start); best so far "), text);
    assertTrue(text.contains("tpe wave 2: configurations 3-3 of 4 trained (asked from 2 ranked)"), text);
    assertTrue(text.contains("tpe wave 3: configurations 4-4 of 4 trained (asked from 3 ranked)"), text);
    assertTrue(Files.readString(out.resolve("sweeps/" + plan.sweepId() + "/waves.yaml")).contains("wave_width: 1\nsampler_rules: 2\n"));

    // One trials row and one rung row (rung 0, the trial's full budget) per trial, in the order asked.
    SparkSession spark = SparkTables.session();
    Map<String, Map<Hyperparameter<?>, Object>> asked = new LinkedHashMap<>();
    try {
      List<Row> trials = SparkTables.rows(spark, out.toString(), "trials", "trial_index", "config_id", "loss", "lr_g", "status",
          "steps_done", "steps");
      assertEquals(8, trials.size());
      trials.stream().sorted((a, b) -> Integer.compare(a.getInt(0), b.getInt(0))).forEach(r -> {
        asked.putIfAbsent(r.getString(1), Map.of(Hyperparameter.LOSS, r.getString(2), Hyperparameter.LR_G, r.getDouble(3),
            Hyperparameter.STEPS, r.getInt(6)));
        assertEquals(r.getInt(6), r.getInt(5), "trained its own steps, not the first trial's: " + r);
      });
      List<Row> rungs = SparkTables.rows(spark, out.toString(), "rungs", "trial_id", "rung", "budget", "steps_done");
      assertEquals(8, rungs.size());
      assertTrue(rungs.stream().allMatch(r -> r.getInt(1) == 0 && r.getInt(2) == r.getInt(3)), rungs.toString());
    } finally {
      spark.stop();
    }
    assertEquals(4, asked.size(), "4 distinct configurations");

    // The waves follow from the committed rows alone: the sampler fed with those rows, ranked as the
    // final ranking ranks them, asks exactly the configurations the sweep trained.
    Map<String, RungRow> rows = new HashMap<>();
    new TrialStore(out.toString()).rungRows(plan.sweepId()).forEach(r -> rows.put(r.trialId(), r));
    java.util.function.UnaryOperator<List<Map<Hyperparameter<?>, Object>>> rank = configs -> {
      List<TrialVerdict> verdicts = new ArrayList<>();
      Map<String, Map<Hyperparameter<?>, Object>> byId = new HashMap<>();
      for (Map<Hyperparameter<?>, Object> c : configs) {
        for (int seed = 0; seed < 2; seed++) {
          TrialConfig t = TrialConfig.of(c, seed);
          verdicts.add(RungRows.verdict(rows.get(t.trialId()), t));
          byId.put(t.configId(), c);
        }
      }
      return Ranking.rank(verdicts).stream().map(s -> byId.get(s.configId())).toList();
    };
    Sampler tpe = new TpeSearch();
    List<Map<Hyperparameter<?>, Object>> replayed = new ArrayList<>(tpe.ask(plan.spec(), Sampler.History.NONE, tpe.start(plan.spec())));
    while (replayed.size() < tpe.budget(plan.spec())) {
      replayed.addAll(tpe.ask(plan.spec(), new Sampler.History(replayed, rank.apply(replayed)), 1));
    }
    List<Map<Hyperparameter<?>, Object>> trained = new ArrayList<>(asked.values());
    assertEquals(trained, replayed.stream().map(c -> Map.of(Hyperparameter.LOSS, io.gansweep.trial.Values.canonical(c.get(Hyperparameter.LOSS)), Hyperparameter.LR_G,
        c.get(Hyperparameter.LR_G), Hyperparameter.STEPS, c.get(Hyperparameter.STEPS))).toList());
    assertEquals(plan.trials().get(0).configId(), TrialConfig.of(replayed.get(0), 0).configId(), "wave 1 is the planned random start");

    // A second run finds every trial committed: it trains nothing and re-derives the same waves.
    StringWriter second = new StringWriter();
    SparkSweep.Outcome o2 = SparkSweepTest.run(plan, out, "local[2]", TrialRunner::run, second);
    assertEquals(0, o2.ran(), second.toString());
    assertTrue(o2.complete(), second.toString());
    assertEquals(lines(text), lines(second.toString()));
  }

  /**
   * The sampler's rules are the sweep's first run's: a new sweep records the latest; one an older
   * gansweep started (its record names no rules, in waves.yaml or tpe.yaml) resumes with rules 1;
   * a recorded version wins over the one proposed now.
   */
  @Test
  void aSweepKeepsTheSamplerRulesItStartedWith(@TempDir Path out) throws Exception {
    assertEquals(new WaveSweep.Recorded(3, 2), WaveSweep.recorded(out.toString(), "new-1", 3, 2));
    assertEquals(new WaveSweep.Recorded(3, 2), WaveSweep.recorded(out.toString(), "new-1", 5, 1), "the first record wins");
    Files.createDirectories(out.resolve("sweeps/old-1"));
    Files.writeString(out.resolve("sweeps/old-1/waves.yaml"), "wave_width: 4\n");
    assertEquals(new WaveSweep.Recorded(4, 1), WaveSweep.recorded(out.toString(), "old-1", 3, 2));
    Files.createDirectories(out.resolve("sweeps/older-1"));
    Files.writeString(out.resolve("sweeps/older-1/tpe.yaml"), "wave_width: 2\n");
    assertEquals(new WaveSweep.Recorded(2, 1), WaveSweep.recorded(out.toString(), "older-1", 3, 2));
    assertEquals(1, new TpeSearch().atRules(WaveSweep.recorded(out.toString(), "older-1", 3, 2).rules()).rules());
  }

  /** Plan index 1 crashes at its first attempt, as a full disk or a lost device would; its retry trains (tpe trains in segments). */
  static final class CrashSecondOnce implements TrialExecutor {
    @Override
    public io.gansweep.trial.TrialResult run(io.gansweep.trial.TrialTask task) {
      return TrialRunner.run(check(task));
    }

    @Override
    public TrialRunner.Segment runSegment(io.gansweep.trial.TrialTask task, io.gansweep.train.TrialCheckpoint from, int until) {
      return TrialRunner.runSegment(check(task), from, until);
    }

    private static io.gansweep.trial.TrialTask check(io.gansweep.trial.TrialTask task) {
      if (task.index() == 1 && task.attempt() == 0) {
        throw new IllegalStateException("injected failure of trial " + task.index());
      }
      return task;
    }
  }

  /**
   * Under tpe a resume retries a FAILED trial too, with the configuration it was asked with, and
   * asks the same later waves: the sampler is told the trial as its first attempt ended (FAILED),
   * whatever the retry got. The retry's row replaces the FAILED one (attempt 1) and is the only
   * trial the resume trains.
   */
  @Test
  void aResumeRetriesFailedTrialsAndAsksTheSameWaves(@TempDir Path out) throws Exception {
    SweepPlan plan = SparkSweepTest.plan("tpe.yaml");
    StringWriter first = new StringWriter();
    SparkSweep.Outcome o = SparkSweepTest.run(plan, out, "local[2]", new CrashSecondOnce(), first);
    assertTrue(o.complete(), first.toString());
    assertEquals(8, o.ran());
    assertEquals(java.util.Set.of("1|FAILED|0"), DuckDb.strings("SELECT trial_index || '|' || status || '|' || attempt FROM read_parquet('"
        + out.resolve("trials") + "/*/*.parquet') WHERE status = 'FAILED'"));

    StringWriter second = new StringWriter();
    SparkSweep.Outcome o2 = SparkSweepTest.run(plan, out, "local[2]", new CrashSecondOnce(), second);
    assertTrue(o2.complete(), second.toString());
    assertEquals(1, o2.ran(), second.toString());
    assertEquals(7, o2.skipped(), second.toString());
    assertTrue(second.toString().contains("retraining 1 FAILED trials (a FAILED trial is tried 3 times at most): "
        + plan.trials().get(1).trialId() + " attempt 2"), second.toString());
    List<String> asked = waveConfigs(first.toString());
    assertEquals(asked, waveConfigs(second.toString()), "the same waves after the retry");
    assertEquals(java.util.Set.of(), DuckDb.strings("SELECT trial_id FROM read_parquet('" + out.resolve("trials")
        + "/*/*.parquet') WHERE status = 'FAILED'"), "the retry trained");
    assertEquals(java.util.Set.of("1|1"), DuckDb.strings("SELECT trial_index || '|' || attempt FROM read_parquet('" + out.resolve("trials")
        + "/*/*.parquet') WHERE attempt > 0"));
    assertEquals(8L, Long.parseLong(DuckDb.strings("SELECT count(DISTINCT trial_id) FROM read_parquet('" + out.resolve("trials")
        + "/*/*.parquet')").iterator().next()), "no other configuration was asked");
  }

  /**
   * tpe with successive halving (BOHB's idea) on real Spark: every wave trains through its rungs,
   * the estimators learn from the rung rows, and a second run trains nothing and decides the same.
   */
  @Test
  void tpeWithEarlyTerminationTrainsEachWaveThroughRungsAndResumesTheSame(@TempDir Path out) throws Exception {
    SweepPlan plan = SparkSweepTest.plan("tpe-early-terminate.yaml");
    StringWriter log = new StringWriter();
    SparkSweep.Outcome o = SparkSweepTest.run(plan, out, "local[2]", TrialRunner::run, log);
    String text = log.toString();
    assertTrue(o.complete(), "missing " + o.missing() + "\n" + text);
    assertEquals(6, o.planned(), text);
    assertEquals(6, o.ran(), text);
    assertTrue(text.contains("tpe, 6 configurations x 1 seeds (3 at the start, then waves of 2 asked from the results)"), text);
    assertTrue(text.contains("tpe wave 1: configurations 1-3 of 6 trained (the start); learning at 50 rounds; best so far "), text);
    assertTrue(text.contains("tpe wave 2: configurations 4-5 of 6 trained (asked from 3 ranked); learning at 50 rounds;"), text);
    assertTrue(text.contains("tpe wave 3: configurations 6-6 of 6 trained (asked from 5 ranked); learning at 50 rounds;"), text);
    long stopped = Long.parseLong(DuckDb.strings("SELECT count(*) FROM read_parquet('" + out.resolve("trials")
        + "/*/*.parquet') WHERE steps_done < 150").iterator().next());
    assertTrue(stopped >= 2, "wave 1's first rung keeps 1 of 3 configurations: " + stopped + " stopped early\n" + text);
    StringWriter again = new StringWriter();
    SparkSweep.Outcome o2 = SparkSweepTest.run(plan, out, "local[2]", TrialRunner::run, again);
    assertEquals(0, o2.ran(), again.toString());
    assertTrue(o2.complete(), again.toString());
    assertEquals(lines(text), lines(again.toString()));
  }

  /** The configurations each wave line names as best, in order: what the waves asked and learnt. */
  private static List<String> waveConfigs(String log) {
    return lines(log);
  }

  private static List<String> lines(String log) {
    return log.lines().filter(l -> l.startsWith("tpe wave ")).toList();
  }
}
