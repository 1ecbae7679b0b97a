package io.gansweep.bench;

import io.gansweep.trial.Hyperparameter;
import io.gansweep.analysis.ConfigSummary;
import io.gansweep.analysis.SweepAnalysis;
import io.gansweep.analysis.TrialVerdict;
import io.gansweep.io.OutputLayout;
import io.gansweep.report.SweepReport;
import io.gansweep.search.SweepPlan;
import io.gansweep.search.SweepPlanner;
import io.gansweep.spec.InvalidSpecException;
import io.gansweep.spec.SpecParser;
import io.gansweep.io.TrialTables;
import io.gansweep.metrics.Quality;
import io.gansweep.prune.Promotion;
import io.gansweep.prune.RungRows;
import io.gansweep.prune.RungSchedule;
import io.gansweep.prune.RungState;
import io.gansweep.trial.MetricRow;
import io.gansweep.trial.RungRow;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.TrialStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Section 10 of {@code gansweep bench}: one ring8 grid of 24 configurations × 3 seeds, trained
 * in full and under Hyperband, side by side on {@code local[2]}, and compared on what the full
 * grid says: the rounds each spent, whether the full grid's best configuration trains to the end
 * under Hyperband, and how well the rounds Hyperband grants each configuration follow the full
 * grid's ranking. The previous promotion rule is replayed beside it on the full grid's rows
 * ({@link #replay}), and the current rule's replay is checked against the run.
 */
public final class EarlyTerminationBench {

  /** The grid: lr_g × ttur × loss, short enough to run twice in a few minutes on 2 cores. */
  static final String GRID = """
      replicates: 3
      parameters:
        steps:        {value: 1200}
        hidden:       {value: 32}
        log_every:    {value: 50}
        eval_every:   {value: 100}
        eval_samples: {value: 300}
        loss:         {values: [nsgan, lsgan]}
        lr_g:         {values: [1.0e-4, 3.0e-4, 1.0e-3, 3.0e-3]}
        ttur:         {values: [1, 2, 4]}
      """;

  /** Hyperband over the grid: brackets starting at 100 and 300 rounds, eta 3. */
  static final String HYPERBAND = "early_terminate: {type: hyperband, min_iter: 100, eta: 3, brackets: 2}\n";

  /**
   * What the two runs measured.
   *
   * @param configurations configurations of the grid
   * @param fullRounds rounds the full grid trained (sum of steps_done)
   * @param hyperbandRounds rounds Hyperband trained
   * @param fullSeconds the full grid's run, wall time
   * @param hyperbandSeconds Hyperband's run, wall time
   * @param survivors configurations Hyperband trained to the end
   * @param bestSurvives whether the full grid's rank-1 configuration is among them
   * @param rankCorrelation Spearman correlation between the full grid's rank of a configuration
   *     and its rank by the rounds Hyperband granted it (ties averaged); 1 when Hyperband spends
   *     its rounds in the full grid's order
   * @param oldRule the previous promotion rule ({@link Promotion.Rule#RANK_AT_RUNG}) on the same
   *     schedule, replayed on the full grid's rows ({@link #replay})
   * @param replayMatches whether the current rule, replayed the same way, trains exactly the rounds
   *     and the survivors the Hyperband run trained: what makes the old rule's replayed row
   *     comparable with the run's
   */
  public record Result(int configurations, long fullRounds, long hyperbandRounds, double fullSeconds, double hyperbandSeconds,
      int survivors, boolean bestSurvives, double rankCorrelation, Compared oldRule, boolean replayMatches) {}

  /**
   * A promotion rule's figures on the grid, replayed.
   *
   * @param rule the rule
   * @param rounds rounds it trains
   * @param survivors configurations it trains to the end
   * @param bestSurvives whether the full grid's best is among them
   */
  public record Compared(Promotion.Rule rule, long rounds, int survivors, boolean bestSurvives) {}

  private final Path work;

  public EarlyTerminationBench(Path work) {
    this.work = work;
  }

  public Result run() throws IOException, InvalidSpecException {
    Workspace.clear(work);
    SweepPlan full = plan(false);
    SweepPlan hyperband = plan(true);
    double fullSeconds = sweep(full, work.resolve("full"));
    double hyperbandSeconds = sweep(hyperband, work.resolve("hyperband"));
    return measure(full, hyperband, fullSeconds, hyperbandSeconds);
  }

  /** The figures of the two sweeps under {@code work}, trained. */
  Result measure(SweepPlan full, SweepPlan hyperband, double fullSeconds, double hyperbandSeconds) {
    SparkSession spark = SweepReport.readerSession("gansweep bench early termination");
    try {
      SweepAnalysis a = SweepAnalysis.of(spark, work.resolve("full").toString(), full.sweepId(), SweepReport.hyperparameterColumns());
      SweepAnalysis h = SweepAnalysis.of(spark, work.resolve("hyperband").toString(), hyperband.sweepId(),
          SweepReport.hyperparameterColumns());
      Map<String, Integer> stepsDone = stepsDone(spark, work.resolve("hyperband"), hyperband.sweepId());
      Map<String, Long> granted = new HashMap<>();
      long hyperbandRounds = 0;
      List<String> survivors = new ArrayList<>();
      for (TrialVerdict v : h.verdicts()) {
        long rounds = stepsDone.get(v.trial().trialId());
        hyperbandRounds += rounds;
        granted.merge(v.trial().configId(), rounds, Long::sum);
        if (v.trial().status() != TrialStatus.PRUNED && rounds == full.trials().get(0).get(Hyperparameter.STEPS)
            && !survivors.contains(v.trial().configId())) {
          survivors.add(v.trial().configId());
        }
      }
      long fullRounds = stepsDone(spark, work.resolve("full"), full.sweepId()).values().stream().mapToLong(Integer::longValue).sum();
      List<String> order = a.ranking().stream().map(ConfigSummary::configId).toList();
      double[] fullRank = new double[order.size()];
      double[] grantedRounds = new double[order.size()];
      for (int i = 0; i < order.size(); i++) {
        fullRank[i] = -(i + 1); // rank 1 highest
        grantedRounds[i] = granted.getOrDefault(order.get(i), 0L);
      }
      Map<String, List<TrialConfig>> byConfig = new LinkedHashMap<>();
      hyperband.trials().forEach(t -> byConfig.computeIfAbsent(t.configId(), k -> new ArrayList<>()).add(t));
      RungSchedule schedule = RungSchedule.of(hyperband.spec().earlyTerminate(), hyperband.trials().get(0).get(Hyperparameter.STEPS),
          List.copyOf(byConfig.keySet()), hyperband.spec().seed());
      Map<String, Trained> trained = trained(spark, work.resolve("full"), full.sweepId());
      int eta = hyperband.spec().earlyTerminate().eta();
      Replayed current = replay(Promotion.Rule.CURRENT, schedule, eta, byConfig, trained);
      Replayed old = replay(Promotion.Rule.RANK_AT_RUNG, schedule, eta, byConfig, trained);
      boolean matches = current.rounds() == hyperbandRounds && Set.copyOf(current.survivors()).equals(Set.copyOf(survivors));
      return new Result(order.size(), fullRounds, hyperbandRounds, fullSeconds, hyperbandSeconds, survivors.size(),
          survivors.contains(order.get(0)), spearman(fullRank, grantedRounds),
          new Compared(Promotion.Rule.RANK_AT_RUNG, old.rounds(), old.survivors().size(), old.survivors().contains(order.get(0))), matches);
    } finally {
      spark.stop();
    }
  }

  /** The plan of the full grid, or of the grid under Hyperband. */
  static SweepPlan plan(boolean hyperband) throws InvalidSpecException {
    return hyperband ? SweepPlanner.plan(SpecParser.parse("name: bench-grid-hyperband\n" + HYPERBAND + GRID, "bench section 10 (hyperband)"))
        : SweepPlanner.plan(SpecParser.parse("name: bench-grid-full\n" + GRID, "bench section 10 (full grid)"));
  }

  /** steps_done of every trial of a sweep, by trial id, read back from its trials table. */
  private static Map<String, Integer> stepsDone(SparkSession spark, Path out, String sweepId) {
    Map<String, Integer> m = new HashMap<>();
    for (Row r : spark.read().parquet(OutputLayout.partition(out.toString(), OutputLayout.TRIALS, sweepId).toString())
        .select("trial_id", "steps_done").collectAsList()) {
      m.put(r.getString(0), r.getInt(1));
    }
    return m;
  }

  private static double sweep(SweepPlan plan, Path out) throws IOException {
    long t0 = System.nanoTime();
    Workspace.sweep(plan, out);
    return (System.nanoTime() - t0) / 1e9;
  }

  /**
   * One trial of the full grid as its tables hold it.
   *
   * @param status how it ended
   * @param error the status's cause, null when none
   * @param divergedStep where it diverged, null when it did not
   * @param stepsDone rounds it trained
   * @param finalQuality its final evaluation, null when none
   * @param rows its metrics rows, in step order
   */
  record Trained(TrialStatus status, String error, Integer divergedStep, int stepsDone, Quality finalQuality, List<MetricRow> rows) {}

  /**
   * What a promotion rule decides on a schedule, replayed on the full grid's rows.
   *
   * @param rounds rounds the trials would train
   * @param survivors configurations that would train to the end, in schedule order
   * @param lines the rung lines a run would print
   */
  record Replayed(long rounds, List<String> survivors, List<String> lines) {}

  /**
   * Replays early termination under {@code rule} on the full grid's tables: the driver's loop
   * ({@code AdaptiveSweep}) with every pending trial's rung row rebuilt from its full run ({@link
   * #rungRow}) instead of trained. Exact, not a model: a trial resumed from a rung's checkpoint
   * writes the rows it writes uninterrupted (tested bit for bit, {@code AdaptiveSweepTest}), so
   * its rows up to a budget are the full run's rows up to that budget.
   */
  static Replayed replay(Promotion.Rule rule, RungSchedule schedule, int eta, Map<String, List<TrialConfig>> byConfig,
      Map<String, Trained> full) {
    Map<String, TrialConfig> byId = new HashMap<>();
    byConfig.values().forEach(ts -> ts.forEach(t -> byId.put(t.trialId(), t)));
    List<RungRow> rows = new ArrayList<>();
    while (true) {
      RungState state = RungState.replay(schedule, eta, rows, byConfig, rule);
      if (state.pending().isEmpty()) {
        Map<String, Integer> reached = new HashMap<>();
        List<String> survivors = new ArrayList<>();
        for (RungRow r : rows) {
          reached.merge(r.trialId(), r.stepsDone(), Math::max);
          if (r.status() == TrialStatus.COMPLETED && !survivors.contains(r.configId())) {
            survivors.add(r.configId());
          }
        }
        long rounds = reached.values().stream().mapToLong(Integer::longValue).sum();
        List<String> lines = state.decisions().stream().map(d -> d.line(schedule.brackets().size())).toList();
        return new Replayed(rounds, survivors, lines);
      }
      for (RungState.Pending p : state.pending()) {
        rows.add(rungRow(p.trial(), full.get(p.trial().trialId()), p.bracket(), p.rung(), p.budget()));
      }
    }
  }

  /**
   * The rung row {@code c} commits at {@code budget} rounds, from its full run {@code t}: as the
   * executor writes it ({@code TrialTaskFunction}), paused with its rows so far and its latest
   * evaluation, or ended (the last rung, or diverged or failed on the way) with all its rows.
   */
  static RungRow rungRow(TrialConfig c, Trained t, int bracket, int rung, int budget) {
    boolean endsBy = t.status() != TrialStatus.COMPLETED ? t.stepsDone() <= budget : t.stepsDone() == budget;
    if (endsBy) {
      return RungRows.of(c, bracket, rung, budget, Math.min(t.stepsDone(), budget), t.status(), t.error(), t.divergedStep(),
          t.finalQuality(), t.rows());
    }
    List<MetricRow> sofar = t.rows().stream().filter(r -> r.step() <= budget).toList();
    Quality latest = null;
    for (MetricRow r : sofar) {
      latest = r.quality() == null ? latest : r.quality();
    }
    return RungRows.of(c, bracket, rung, budget, budget, TrialStatus.RUNNING, null, null, latest, sofar);
  }

  /** Every trial of a sweep with its trials row and metrics rows, read back from its tables. */
  static Map<String, Trained> trained(SparkSession spark, Path out, String sweepId) {
    Map<String, List<MetricRow>> rows = new HashMap<>();
    Dataset<Row> m = spark.read().parquet(OutputLayout.partition(out.toString(), OutputLayout.METRICS, sweepId).toString());
    for (Row r : m.collectAsList()) {
      rows.computeIfAbsent(r.getAs(TrialTables.TRIAL_ID), k -> new ArrayList<>()).add(new MetricRow(r.<Integer>getAs(TrialTables.STEP),
          r.<Double>getAs("wall_seconds"), d(r, TrialTables.D_LOSS), d(r, TrialTables.G_LOSS), d(r, "d_real"), d(r, TrialTables.D_FAKE),
          d(r, TrialTables.GRAD_NORM_D), d(r, TrialTables.GRAD_NORM_G), quality(r, "")));
    }
    rows.values().forEach(list -> list.sort(java.util.Comparator.comparingInt(MetricRow::step)));
    Map<String, Trained> out2 = new HashMap<>();
    Dataset<Row> t = spark.read().parquet(OutputLayout.partition(out.toString(), OutputLayout.TRIALS, sweepId).toString());
    for (Row r : t.collectAsList()) {
      String id = r.getAs(TrialTables.TRIAL_ID);
      Object diverged = r.getAs(TrialTables.DIVERGED_STEP);
      out2.put(id, new Trained(TrialStatus.valueOf(r.getAs(TrialTables.STATUS)), r.getAs(TrialTables.ERROR),
          diverged == null ? null : ((Number) diverged).intValue(), r.<Integer>getAs(TrialTables.STEPS_DONE), quality(r, "final_"),
          rows.getOrDefault(id, List.of())));
    }
    return out2;
  }

  /** A quality read back from its columns (named with {@code prefix}), null when they are all null. */
  private static Quality quality(Row r, String prefix) {
    Quality q = new Quality(i(r, prefix + TrialTables.MODES), i(r, prefix + TrialTables.MODES_COVERED), d(r, prefix + TrialTables.HQ),
        d(r, prefix + TrialTables.RKL), d(r, prefix + TrialTables.DISTANCE), d(r, prefix + TrialTables.FD), d(r, prefix + TrialTables.PRECISION),
        d(r, prefix + TrialTables.RECALL), d(r, prefix + "density"), d(r, prefix + "coverage"));
    boolean any = java.util.stream.Stream.of(q.modes(), q.modesCovered(), q.hq(), q.rkl(), q.distance(), q.fd(), q.precision(),
        q.recall(), q.density(), q.coverage()).anyMatch(java.util.Objects::nonNull);
    return any ? q : null;
  }

  private static Double d(Row r, String column) {
    int i = r.fieldIndex(column);
    return r.isNullAt(i) ? null : ((Number) r.get(i)).doubleValue();
  }

  private static Integer i(Row r, String column) {
    int i = r.fieldIndex(column);
    return r.isNullAt(i) ? null : ((Number) r.get(i)).intValue();
  }

  /** Spearman's rank correlation of two samples, tied values given their average rank. */
  static double spearman(double[] x, double[] y) {
    double[] rx = ranks(x);
    double[] ry = ranks(y);
    double mx = 0;
    double my = 0;
    for (int i = 0; i < rx.length; i++) {
      mx += rx[i] / rx.length;
      my += ry[i] / ry.length;
    }
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < rx.length; i++) {
      sxy += (rx[i] - mx) * (ry[i] - my);
      sxx += (rx[i] - mx) * (rx[i] - mx);
      syy += (ry[i] - my) * (ry[i] - my);
    }
    return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
  }

  static double[] ranks(double[] v) {
    Integer[] idx = new Integer[v.length];
    for (int i = 0; i < v.length; i++) {
      idx[i] = i;
    }
    java.util.Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
    double[] r = new double[v.length];
    for (int i = 0; i < v.length;) {
      int j = i;
      while (j + 1 < v.length && v[idx[j + 1]] == v[idx[i]]) {
        j++;
      }
      double avg = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        r[idx[k]] = avg;
      }
      i = j + 1;
    }
    return r;
  }
}
