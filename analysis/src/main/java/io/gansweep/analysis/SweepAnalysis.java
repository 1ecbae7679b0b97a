package io.gansweep.analysis;

import io.gansweep.io.OutputLayout;
import io.gansweep.io.TrialTables;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.LossKind;
import io.gansweep.trial.Numbers;
import io.gansweep.trial.TrialStatus;
import io.gansweep.trial.WireEnum;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;


/**
 * The analysis of one sweep: reads its {@code trials} and {@code metrics} tables with Spark SQL,
 * labels every committed trial, ranks the configurations across seeds, and measures importance
 * and the best-of-budget curve. Labels and ranks are computed on the driver from the collected
 * rows (a few hundred rows per trial), the reading and grouping in Spark.
 *
 * @param sweepId the sweep
 * @param axes the swept hyperparameters (columns whose values vary), in the given column order
 * @param verdicts every committed trial with its label
 * @param curves every trial's metric curve, by trial id
 * @param ranking configurations, best first
 * @param importance hyperparameters by explained variance of quality, highest first
 * @param budget expected best distance with k random trials ({@link BestOfBudget#curve})
 */
public record SweepAnalysis(String sweepId, List<String> axes, List<TrialVerdict> verdicts, Map<String, Curve> curves,
    List<ConfigSummary> ranking, List<Importance.Factor> importance, List<BestOfBudget.Point> budget) {

  /**
   * Analyses sweep {@code sweepId} under output directory {@code out}. {@code hyperparameters}
   * names the hyperparameter columns of the trials table (the caller's catalog); the swept ones
   * are those with more than one value in this sweep.
   */
  public static SweepAnalysis of(SparkSession spark, String out, String sweepId, List<String> hyperparameters) {
    Dataset<Row> trials = spark.read().parquet(OutputLayout.partition(out, OutputLayout.TRIALS, sweepId).toString());
    List<String> present = List.of(trials.columns());
    List<String> candidates = hyperparameters.stream().filter(present::contains).toList();
    List<String> axes = new ArrayList<>();
    if (!candidates.isEmpty()) {
      // One job counts the distinct values of every hyperparameter column at once.
      org.apache.spark.sql.Column[] counts = candidates.stream()
          .map(h -> functions.countDistinct(trials.col(h)).alias(h)).toArray(org.apache.spark.sql.Column[]::new);
      Row distinct = trials.agg(counts[0], java.util.Arrays.copyOfRange(counts, 1, counts.length)).first();
      for (int i = 0; i < candidates.size(); i++) {
        if (distinct.getLong(i) > 1) {
          axes.add(candidates.get(i));
        }
      }
    }
    List<org.apache.spark.sql.Column> cols = new ArrayList<>();
    for (String c : List.of(TrialTables.TRIAL_ID, TrialTables.CONFIG_ID, TrialTables.SEED, TrialTables.STATUS, TrialTables.ERROR, TrialTables.DIVERGED_STEP, Hyperparameter.LOSS.key(),
        Hyperparameter.DATASET.key(), TrialTables.finalOf(TrialTables.MODES), TrialTables.finalOf(TrialTables.RKL))) {
      cols.add(trials.col(c));
    }
    // Columns added after the first release: null in tables written before them.
    for (String c : List.of(TrialTables.finalOf(TrialTables.MODES_COVERED), TrialTables.finalOf(TrialTables.HQ), TrialTables.finalOf(TrialTables.PRECISION), TrialTables.finalOf(TrialTables.RECALL))) {
      cols.add(present.contains(c) ? trials.col(c)
          : functions.lit(null).cast(c.equals(TrialTables.finalOf(TrialTables.MODES_COVERED)) ? "int" : "double").alias(c));
    }
    cols.add(quality(trials, TrialTables.finalOf(TrialTables.DISTANCE), TrialTables.finalOf(TrialTables.FD)).alias(TrialTables.finalOf(TrialTables.DISTANCE)));
    for (String a : axes) {
      cols.add(trials.col(a).alias("axis_" + a));
    }
    List<TrialRecord> records = new ArrayList<>();
    for (Row r : trials.select(cols.toArray(org.apache.spark.sql.Column[]::new)).orderBy(TrialTables.CONFIG_ID, TrialTables.SEED).collectAsList()) {
      Map<String, String> params = new LinkedHashMap<>();
      for (String a : axes) {
        params.put(a, Numbers.exact(r.<Object>getAs("axis_" + a))); // 1e-4 and 0.001, not 1.0E-4
      }
      records.add(new TrialRecord(r.getAs(TrialTables.TRIAL_ID), r.getAs(TrialTables.CONFIG_ID), r.<Long>getAs(TrialTables.SEED), params,
          TrialStatus.valueOf(r.getAs(TrialTables.STATUS)), r.getAs(TrialTables.ERROR), r.getAs(TrialTables.DIVERGED_STEP),
          WireEnum.fromWire(LossKind.class, r.getAs(Hyperparameter.LOSS.key())), r.getAs(Hyperparameter.DATASET.key()),
          r.getAs(TrialTables.finalOf(TrialTables.DISTANCE)), r.getAs(TrialTables.finalOf(TrialTables.MODES)), r.getAs(TrialTables.finalOf(TrialTables.RKL)),
          r.getAs(TrialTables.finalOf(TrialTables.MODES_COVERED)), r.getAs(TrialTables.finalOf(TrialTables.HQ)), r.getAs(TrialTables.finalOf(TrialTables.PRECISION)),
          r.getAs(TrialTables.finalOf(TrialTables.RECALL))));
    }
    Map<String, Curve> curves = curves(spark, out, sweepId);
    List<TrialVerdict> verdicts = new ArrayList<>();
    for (TrialRecord t : records) {
      verdicts.add(TrialLabeler.label(t, curves.getOrDefault(t.trialId(), Curve.EMPTY)));
    }
    double[] quality = verdicts.stream().mapToDouble(TrialVerdict::quality).toArray();
    return new SweepAnalysis(sweepId, axes, verdicts, curves, Ranking.rank(verdicts), Importance.of(verdicts, axes),
        quality.length == 0 ? List.of() : BestOfBudget.curve(quality));
  }

  /**
   * The quality column of a table: the 2-D energy distance, or for images the Fréchet distance
   * (tables written before images existed have no Fréchet column).
   */
  static org.apache.spark.sql.Column quality(Dataset<Row> table, String distance, String fd) {
    return java.util.Arrays.asList(table.columns()).contains(fd)
        ? functions.coalesce(table.col(distance), table.col(fd)) : table.col(distance);
  }

  static Map<String, Curve> curves(SparkSession spark, String out, String sweepId) {
    Dataset<Row> all = spark.read().parquet(OutputLayout.partition(out, OutputLayout.METRICS, sweepId).toString());
    Dataset<Row> m = all.select(all.col(TrialTables.TRIAL_ID), all.col(TrialTables.STEP), all.col(TrialTables.D_LOSS), all.col(TrialTables.G_LOSS), all.col(TrialTables.D_FAKE),
            all.col(TrialTables.GRAD_NORM_D), all.col(TrialTables.GRAD_NORM_G), all.col(TrialTables.MODES), quality(all, TrialTables.DISTANCE, TrialTables.FD))
        .orderBy(TrialTables.TRIAL_ID, TrialTables.STEP);
    Map<String, CurveBuilder> builders = new LinkedHashMap<>();
    for (Row r : m.collectAsList()) {
      CurveBuilder b = builders.computeIfAbsent(r.getString(0), k -> new CurveBuilder());
      int step = r.getInt(1);
      if (!r.isNullAt(2)) {
        b.steps.add(step);
        b.dLoss.add(r.getDouble(2));
        b.gLoss.add(r.isNullAt(3) ? Double.NaN : r.getDouble(3));
        b.dFake.add(r.isNullAt(4) ? Double.NaN : r.getDouble(4));
        double gd = r.isNullAt(5) ? Double.NaN : r.getDouble(5);
        double gg = r.isNullAt(6) ? Double.NaN : r.getDouble(6);
        b.gradNorm.add(Double.isNaN(gd) ? gg : Double.isNaN(gg) ? gd : Math.max(gd, gg));
      }
      if (!r.isNullAt(7)) {
        b.evalSteps.add(step);
        b.modes.add(r.getInt(7));
        b.distance.add(r.isNullAt(8) ? Double.NaN : r.getDouble(8));
      }
    }
    Map<String, Curve> out2 = new LinkedHashMap<>();
    builders.forEach((id, b) -> out2.put(id, b.build()));
    return out2;
  }

  private static final class CurveBuilder {
    final List<Integer> steps = new ArrayList<>();
    final List<Double> dLoss = new ArrayList<>();
    final List<Double> gLoss = new ArrayList<>();
    final List<Double> dFake = new ArrayList<>();
    final List<Double> gradNorm = new ArrayList<>();
    final List<Integer> evalSteps = new ArrayList<>();
    final List<Integer> modes = new ArrayList<>();
    final List<Double> distance = new ArrayList<>();

    Curve build() {
      return new Curve(steps, dLoss, gLoss, dFake, gradNorm, evalSteps, modes, distance);
    }
  }

  /** Sweep ids present under {@code out/trials}. */
  public static List<String> sweepIds(SparkSession spark, String out) {
    List<String> ids = new ArrayList<>();
    for (Row r : spark.read().parquet(OutputLayout.table(out, OutputLayout.TRIALS).toString()).select(OutputLayout.PARTITION_COLUMN).distinct()
        .orderBy(OutputLayout.PARTITION_COLUMN).collectAsList()) {
      ids.add(r.getString(0));
    }
    return ids;
  }

}
