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
import io.gansweep.trial.TrialStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Section 10 of {@code gansweep bench}: one ring8 grid of 24 configurations × 3 seeds, trained
 * in full and under Hyperband, side by side on {@code local[2]}, and compared on what the full
 * grid says: the rounds each spent, whether the full grid's best configuration trains to the end
 * under Hyperband, and how well the rounds Hyperband grants each configuration follow the full
 * grid's ranking.
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
   */
  public record Result(int configurations, long fullRounds, long hyperbandRounds, double fullSeconds, double hyperbandSeconds,
      int survivors, boolean bestSurvives, double rankCorrelation) {}

  private final Path work;

  public EarlyTerminationBench(Path work) {
    this.work = work;
  }

  public Result run() throws IOException, InvalidSpecException {
    Workspace.clear(work);
    SweepPlan full = SweepPlanner.plan(SpecParser.parse("name: bench-grid-full\n" + GRID, "bench section 10 (full grid)"));
    SweepPlan hyperband = SweepPlanner.plan(SpecParser.parse("name: bench-grid-hyperband\n" + HYPERBAND + GRID,
        "bench section 10 (hyperband)"));
    double fullSeconds = sweep(full, work.resolve("full"));
    double hyperbandSeconds = sweep(hyperband, work.resolve("hyperband"));
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
      return new Result(order.size(), fullRounds, hyperbandRounds, fullSeconds, hyperbandSeconds, survivors.size(),
          survivors.contains(order.get(0)), spearman(fullRank, grantedRounds));
    } finally {
      spark.stop();
    }
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
