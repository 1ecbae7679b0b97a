package io.gansweep.analysis;

import io.gansweep.io.OutputLayout;
import io.gansweep.io.TrialTables;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.LossKind;
import io.gansweep.trial.Numbers;
import io.gansweep.trial.TrialStatus;
import io.gansweep.trial.WireEnum;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;


/**
 * The analysis of one sweep: reads its {@code trials} and {@code metrics} tables with Spark SQL,
 * labels every committed trial, ranks the configurations across seeds, and measures importance
 * and the best-of-budget curve. Each trial is labelled on the executors, grouped with its metrics
 * rows; the driver holds one verdict per trial (memory O(trials), not O(rows)) and ranks them, and
 * collects curves only for the configurations the report draws.
 *
 * @param sweepId the sweep
 * @param axes the swept hyperparameters (columns whose values vary), in the given column order
 * @param verdicts every committed trial with its label
 * @param curves the metric curves of the trials of the configurations the report draws, by trial id
 * @param ranking configurations, best first
 * @param importance hyperparameters by explained variance of quality, highest first
 * @param budget expected best distance with k random trials ({@link BestOfBudget#curve})
 * @param rungs early termination: every trial's quality at each rung it reached, in rung order per
 *     trial (empty for a sweep without rungs); one row per trial and rung, so O(trials) too
 * @param screened the G-only screen: a line per generator setup it dropped before training ("lr_g
 *     10: G-only fit diverged at step 1 of 300 …"); empty without a screen or when every setup passed
 * @param seedSources which random stream each configuration's seed-to-seed spread comes from, for the
 *     configurations whose trials vary at least two streams separately (a seeds grid), in rank order
 */
public record SweepAnalysis(String sweepId, List<String> axes, List<TrialVerdict> verdicts, Map<String, Curve> curves,
    List<ConfigSummary> ranking, List<Importance.Factor> importance, List<BestOfBudget.Point> budget, List<RungPoint> rungs,
    List<String> screened, List<SeedSources> seedSources) {

  /**
   * A trial at a rung of early termination.
   *
   * @param trialId the trial
   * @param rounds the rounds it had trained there
   * @param quality its quality at the rung's evaluation (energy or Fréchet distance), null when none
   */
  public record RungPoint(String trialId, int rounds, Double quality) {}

  /**
   * Analyses sweep {@code sweepId} under output directory {@code out}. {@code hyperparameters}
   * names the hyperparameter columns of the trials table (the caller's catalog); the swept ones
   * are those with more than one value in this sweep.
   */
  public static SweepAnalysis of(SparkSession spark, String out, String sweepId, List<String> hyperparameters) {
    Dataset<Row> trials = spark.read().parquet(OutputLayout.partition(out, OutputLayout.TRIALS, sweepId).toString());
    // Distances from different feature networks are different scales: never ranked together.
    FeatureNets.mixed(sweepId, FeatureNets.of(trials)).ifPresent(why -> {
      throw new IllegalStateException(why);
    });
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
    for (String c : List.of(TrialTables.finalOf(TrialTables.MODES_COVERED), TrialTables.finalOf(TrialTables.HQ), TrialTables.finalOf(TrialTables.PRECISION), TrialTables.finalOf(TrialTables.RECALL),
        Hyperparameter.DATA_CLASSES.key())) {
      boolean integer = c.equals(TrialTables.finalOf(TrialTables.MODES_COVERED)) || c.equals(Hyperparameter.DATA_CLASSES.key());
      cols.add(present.contains(c) ? trials.col(c) : functions.lit(null).cast(integer ? "int" : "double").alias(c));
    }
    cols.add(quality(trials, TrialTables.finalOf(TrialTables.DISTANCE), TrialTables.finalOf(TrialTables.FD)).alias(TrialTables.finalOf(TrialTables.DISTANCE)));
    for (String a : axes) {
      cols.add(trials.col(a).alias("axis_" + a));
    }
    // Labels are computed where the rows are: every trial's metrics are grouped with its trials row
    // on the executors, and only the verdicts (one per trial) come back to the driver, never the
    // metrics rows. A trial without metrics rows (a FAILED one) is labelled on an empty curve.
    Dataset<Row> t = trials.select(cols.toArray(org.apache.spark.sql.Column[]::new));
    Dataset<Row> m = metricColumns(table(spark, OutputLayout.partition(out, OutputLayout.METRICS, sweepId), TrialTables.METRICS));
    Dataset<Row> joined = t.join(m, t.col(TrialTables.TRIAL_ID).equalTo(m.col(M + TrialTables.TRIAL_ID)), "left");
    List<String> axesCopy = List.copyOf(axes);
    int offset = t.columns().length;
    List<TrialVerdict> verdicts = List.copyOf(joined
        .groupByKey((MapFunction<Row, String>) r -> r.getAs(TrialTables.TRIAL_ID), Encoders.STRING())
        .mapGroups((MapGroupsFunction<String, Row, TrialVerdict>) (id, rows) -> verdict(rows, axesCopy, offset),
            Encoders.javaSerialization(TrialVerdict.class))
        .collectAsList());
    return assemble(sweepId, axes, verdicts, streamSeeds(trials, present), trialIds -> curves(spark, out, sweepId, trialIds),
        rungs(spark, out, sweepId), screened(spark, out, sweepId));
  }

  /**
   * The analysis from every committed trial's verdict, however they were read (Spark, {@link
   * TableRows}): sorts them, ranks, measures importance, best-of-budget and seed sources, and asks
   * {@code curves} for the curves of the trials of the configurations the report draws (only
   * those come to the driver).
   */
  static SweepAnalysis assemble(String sweepId, List<String> axes, List<TrialVerdict> unsorted, Map<String, long[]> streamSeeds,
      java.util.function.Function<List<String>, Map<String, Curve>> curves, List<RungPoint> rungs, List<String> screened) {
    List<TrialVerdict> verdicts = new ArrayList<>(unsorted);
    verdicts.sort(Comparator.comparing((TrialVerdict v) -> v.trial().configId()).thenComparingLong(v -> v.trial().seed())
        .thenComparing(v -> v.trial().trialId()));
    double[] quality = verdicts.stream().mapToDouble(TrialVerdict::quality).toArray();
    List<ConfigSummary> ranking = Ranking.rank(verdicts);
    List<Importance.Factor> importance = Importance.of(verdicts, axes);
    List<BestOfBudget.Point> budget = quality.length == 0 ? List.of() : BestOfBudget.curve(quality);
    List<SeedSources> seedSources = SeedSources.of(ranking, verdicts, streamSeeds);
    SweepAnalysis ranked = new SweepAnalysis(sweepId, axes, verdicts, Map.of(), ranking, importance, budget, List.of(), List.of(), seedSources);
    Set<String> drawn = HtmlReport.detailedConfigs(ranked); // the report's detail: its curves are read once, here
    List<String> trialIds = verdicts.stream().filter(v -> drawn.contains(v.trial().configId())).map(v -> v.trial().trialId()).toList();
    return new SweepAnalysis(sweepId, axes, verdicts, curves.apply(trialIds), ranking, importance, budget, rungs, screened, seedSources);
  }

  /**
   * Each trial's init, data and noise seeds, by trial id, from the trials table's stream-seed
   * columns; empty for a table written before they existed (its streams all followed the seed).
   */
  private static Map<String, long[]> streamSeeds(Dataset<Row> trials, List<String> present) {
    List<String> columns = java.util.Arrays.stream(SeedSources.Stream.values()).map(SeedSources.Stream::column).toList();
    if (!present.containsAll(columns)) {
      return Map.of();
    }
    Map<String, long[]> out = new java.util.HashMap<>();
    for (Row r : trials.select(trials.col(TrialTables.TRIAL_ID), trials.col(columns.get(0)).cast("long"), trials.col(columns.get(1)).cast("long"),
        trials.col(columns.get(2)).cast("long")).collectAsList()) {
      out.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2), r.getLong(3)});
    }
    return out;
  }

  /**
   * Whether a sweep has a published file in a partition of a table (the adaptive tables exist only
   * for some sweeps; a run killed before its first commit leaves only hidden temporary files).
   */
  private static boolean exists(SparkSession spark, org.apache.hadoop.fs.Path dir) {
    try {
      return !OutputLayout.publishedParquet(dir.getFileSystem(spark.sparkContext().hadoopConfiguration()), dir).isEmpty();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Cannot read " + dir.getName() + ": " + e.getMessage() + " (got " + dir + "; allowed a readable folder)",
          e);
    }
  }

  /**
   * A sweep's partition of a table: its Parquet files as Spark reads them, or, when it has none
   * (every trial FAILED before its first metrics row, and compaction left the partition empty; or
   * no folder at all), no rows with the table's documented columns: an empty table is a table,
   * never Spark's {@code UNABLE_TO_INFER_SCHEMA}.
   */
  static Dataset<Row> table(SparkSession spark, org.apache.hadoop.fs.Path dir, org.apache.parquet.schema.MessageType schema) {
    if (exists(spark, dir)) {
      return spark.read().parquet(dir.toString());
    }
    return spark.createDataFrame(List.of(), sparkSchema(schema));
  }

  /** The Spark schema of a flat Parquet schema of gansweep's tables (every column nullable, as Spark reads Parquet). */
  static org.apache.spark.sql.types.StructType sparkSchema(org.apache.parquet.schema.MessageType schema) {
    org.apache.spark.sql.types.StructType t = new org.apache.spark.sql.types.StructType();
    for (org.apache.parquet.schema.Type f : schema.getFields()) {
      org.apache.parquet.schema.PrimitiveType p = f.asPrimitiveType();
      org.apache.spark.sql.types.DataType type = switch (p.getPrimitiveTypeName()) {
        case INT32 -> org.apache.spark.sql.types.DataTypes.IntegerType;
        case INT64 -> p.getLogicalTypeAnnotation() instanceof org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
            ? org.apache.spark.sql.types.DataTypes.TimestampType : org.apache.spark.sql.types.DataTypes.LongType;
        case DOUBLE -> org.apache.spark.sql.types.DataTypes.DoubleType;
        case FLOAT -> org.apache.spark.sql.types.DataTypes.FloatType;
        case BOOLEAN -> org.apache.spark.sql.types.DataTypes.BooleanType;
        default -> org.apache.spark.sql.types.DataTypes.StringType;
      };
      t = t.add(f.getName(), type, true);
    }
    return t;
  }

  /** The setups the G-only screen dropped, from the {@code screen} table, when the sweep has one. */
  static List<String> screened(SparkSession spark, String out, String sweepId) {
    org.apache.hadoop.fs.Path dir = OutputLayout.partition(out, OutputLayout.SCREEN, sweepId);
    if (!exists(spark, dir)) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    for (Row row : spark.read().parquet(dir.toString()).where("NOT passed").select("setup", "reason").orderBy("setup").collectAsList()) {
      lines.add(row.getString(0) + ": " + row.getString(1));
    }
    return lines;
  }

  /** The {@code rungs} table of a sweep, when it has one. */
  static List<RungPoint> rungs(SparkSession spark, String out, String sweepId) {
    org.apache.hadoop.fs.Path dir = OutputLayout.partition(out, OutputLayout.RUNGS, sweepId);
    if (!exists(spark, dir)) {
      return List.of();
    }
    Dataset<Row> r = spark.read().parquet(dir.toString());
    List<RungPoint> points = new ArrayList<>();
    for (Row row : r.select(r.col(TrialTables.TRIAL_ID), r.col(TrialTables.STEPS_DONE), quality(r, TrialTables.DISTANCE, TrialTables.FD))
        .orderBy(TrialTables.TRIAL_ID, TrialTables.STEPS_DONE).collectAsList()) {
      points.add(new RungPoint(row.getString(0), row.getInt(1), row.isNullAt(2) ? null : row.getDouble(2)));
    }
    return points;
  }

  /** Prefix of the metrics columns in the trials-metrics join. */
  private static final String M = "m_";

  /** The metrics columns the labels read, in {@link CurveBuilder#add}'s order, each prefixed {@link #M}. */
  private static Dataset<Row> metricColumns(Dataset<Row> all) {
    return all.select(all.col(TrialTables.TRIAL_ID).alias(M + TrialTables.TRIAL_ID), all.col(TrialTables.STEP).alias(M + TrialTables.STEP),
        all.col(TrialTables.D_LOSS).alias(M + TrialTables.D_LOSS), all.col(TrialTables.G_LOSS).alias(M + TrialTables.G_LOSS),
        all.col(TrialTables.D_FAKE).alias(M + TrialTables.D_FAKE), all.col(TrialTables.GRAD_NORM_D).alias(M + TrialTables.GRAD_NORM_D),
        all.col(TrialTables.GRAD_NORM_G).alias(M + TrialTables.GRAD_NORM_G), all.col(TrialTables.MODES).alias(M + TrialTables.MODES),
        quality(all, TrialTables.DISTANCE, TrialTables.FD).alias(M + TrialTables.DISTANCE));
  }

  /** One trial's verdict, on an executor: its trials columns and, from {@code offset} on, its metrics rows (null when none). */
  private static TrialVerdict verdict(Iterator<Row> rows, List<String> axes, int offset) {
    Row first = null;
    List<Row> metrics = new ArrayList<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      first = first == null ? r : first;
      if (!r.isNullAt(offset + 1)) {
        metrics.add(r);
      }
    }
    metrics.sort(Comparator.comparingInt(r -> r.getInt(offset + 1)));
    CurveBuilder b = new CurveBuilder();
    metrics.forEach(r -> add(b, r));
    return TrialLabeler.label(record(first, axes), b.build());
  }

  /** A trials row as the analysis reads it. */
  private static TrialRecord record(Row r, List<String> axes) {
    return record(name -> {
      int i = r.fieldIndex(name);
      return r.isNullAt(i) ? null : r.get(i);
    }, axes, "axis_");
  }

  /**
   * A trials row as the analysis reads it, by column name: {@code column} gives a column's value
   * (null when the row has none), its {@code final_distance} already the quality ({@link
   * #quality}: the energy or Fréchet distance), and the swept {@code axes} under {@code axisPrefix}
   * + name. The one reading of a trials row, for Spark's rows and {@link TableRows}' alike.
   */
  static TrialRecord record(java.util.function.Function<String, Object> column, List<String> axes, String axisPrefix) {
    Map<String, Object> params = new LinkedHashMap<>();
    for (String a : axes) {
      Object v = column.apply(axisPrefix + a); // typed as its column: Integer, Double, Boolean or String
      if (v != null) {
        params.put(a, v);
      }
    }
    return new TrialRecord((String) column.apply(TrialTables.TRIAL_ID), (String) column.apply(TrialTables.CONFIG_ID),
        ((Number) column.apply(TrialTables.SEED)).longValue(), params, TrialStatus.valueOf((String) column.apply(TrialTables.STATUS)),
        (String) column.apply(TrialTables.ERROR), (Integer) column.apply(TrialTables.DIVERGED_STEP),
        WireEnum.fromWire(LossKind.class, (String) column.apply(Hyperparameter.LOSS.key())), (String) column.apply(Hyperparameter.DATASET.key()),
        (Double) column.apply(TrialTables.finalOf(TrialTables.DISTANCE)), (Integer) column.apply(TrialTables.finalOf(TrialTables.MODES)),
        (Double) column.apply(TrialTables.finalOf(TrialTables.RKL)), (Integer) column.apply(TrialTables.finalOf(TrialTables.MODES_COVERED)),
        (Double) column.apply(TrialTables.finalOf(TrialTables.HQ)), (Double) column.apply(TrialTables.finalOf(TrialTables.PRECISION)),
        (Double) column.apply(TrialTables.finalOf(TrialTables.RECALL)), (Integer) column.apply(Hyperparameter.DATA_CLASSES.key()));
  }

  /**
   * The quality column of a table: the 2-D energy distance, or for images the Fréchet distance
   * (tables written before images existed have no Fréchet column).
   */
  static org.apache.spark.sql.Column quality(Dataset<Row> table, String distance, String fd) {
    return java.util.Arrays.asList(table.columns()).contains(fd)
        ? functions.coalesce(table.col(distance), table.col(fd)) : table.col(distance);
  }

  /** The metric curves of {@code trialIds} (all of the sweep's when null), by trial id, collected to the driver. */
  static Map<String, Curve> curves(SparkSession spark, String out, String sweepId, List<String> trialIds) {
    Dataset<Row> m = metricColumns(table(spark, OutputLayout.partition(out, OutputLayout.METRICS, sweepId), TrialTables.METRICS));
    if (trialIds != null) {
      m = m.where(m.col(M + TrialTables.TRIAL_ID).isin(trialIds.toArray()));
    }
    Map<String, CurveBuilder> builders = new LinkedHashMap<>();
    for (Row r : m.orderBy(M + TrialTables.TRIAL_ID, M + TrialTables.STEP).collectAsList()) {
      add(builders.computeIfAbsent(r.getString(0), k -> new CurveBuilder()), r);
    }
    Map<String, Curve> curves = new LinkedHashMap<>();
    builders.forEach((id, b) -> curves.put(id, b.build()));
    return curves;
  }

  /** Adds a row of {@link #metricColumns}, whose names are prefixed {@link #M}, to a curve. */
  private static void add(CurveBuilder b, Row r) {
    b.add(name -> value(r, M + name));
  }

  private static Object value(Row r, String column) {
    int i = r.fieldIndex(column);
    return r.isNullAt(i) ? null : r.get(i);
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
