package io.gansweep.bench;

import io.gansweep.io.OutputLayout;
import io.gansweep.io.TrialStore;
import io.gansweep.io.TrialTables;
import io.gansweep.report.SweepReport;
import io.gansweep.train.TrialRunner;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.TrialResult;
import io.gansweep.trial.TrialTask;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Bench section 9: {@code analyze} at scale. One real trial (the quickstart's shape, 2-D ring8,
 * 3,000 rounds logged every 25 as the quickstart logs) is trained and committed once; its trials
 * row and metrics rows are replicated in Spark under new ids into a sweep of n trials (3 seeds per
 * configuration, lr_g over 10 values, final distances spread so the ranking has an order), written
 * in the real schema as a few files per table. Then the whole analysis runs as {@code analyze}
 * runs it (labels, ranking, importance, budget, every output file and the report), timed. The
 * driver's memory: the heap the analysis ran in ({@code -Xmx}; it finished there) and what it
 * still holds when done (live after a GC: the verdicts and summaries, O(trials)). And {@link #fresh}:
 * a quickstart-sized sweep analysed in a fresh process, with Spark and without.
 */
public final class AnalyzeBench {

  /** Sweep id of the synthetic sweeps. */
  static final String SWEEP = "bench-analyze-00000000";

  /** Sweep id of the one real trial they are made from. */
  static final String TEMPLATE = "template-00000000";

  /** What one size measured. */
  public record Result(int trials, long metricsRows, double seconds, double maxHeapMiB, double liveHeapMiB) {}

  private final Path dir;

  public AnalyzeBench(Path dir) {
    this.dir = dir;
  }

  /** The template trial, trained once: ring8, 3x128, 3,000 rounds, a row every 25 and an evaluation every 500. */
  static TrialConfig template() {
    return TrialConfig.of(Map.of(Hyperparameter.HIDDEN, 128, Hyperparameter.LAYERS, 3, Hyperparameter.LATENT_DIM, 2,
        Hyperparameter.STEPS, 3000, Hyperparameter.LOG_EVERY, 25, Hyperparameter.EVAL_EVERY, 500,
        Hyperparameter.EVAL_SAMPLES, 1000, Hyperparameter.LR_G, 1e-4), 0);
  }

  /** Trains and commits the template trial under {@code dir/template}; returns its output directory. */
  public String trainTemplate() throws IOException {
    String out = dir.resolve("template").toString();
    TrialResult r = TrialRunner.run(new TrialTask(TEMPLATE, 0, template(), 0, "cpu", 0, null));
    new TrialStore(out).commit(r);
    return out;
  }

  /** Writes the synthetic sweep of {@code n} trials and analyses it as {@code analyze} does. */
  public Result run(SparkSession spark, String template, int n) throws IOException {
    String out = write(spark, template, n);
    long rows = spark.read().parquet(OutputLayout.partition(out, OutputLayout.METRICS, SWEEP).toString()).count();
    long t0 = System.nanoTime();
    Object analysis = SweepReport.analyze(spark, out, SWEEP, new PrintWriter(Writer.nullWriter()));
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.gc();
    Runtime rt = Runtime.getRuntime();
    double live = (rt.totalMemory() - rt.freeMemory()) / (1024.0 * 1024.0);
    java.util.Objects.requireNonNull(analysis); // held across the GC: its size is part of what is live
    return new Result(n, rows, seconds, rt.maxMemory() / (1024.0 * 1024.0), live);
  }

  /** Trials of the quickstart: 4 configurations x 3 seeds. */
  public static final int QUICKSTART_TRIALS = 12;

  /** What a fresh {@code gansweep analyze} of a quickstart-sized sweep took, Spark's path and the one without Spark ({@link SweepReport#analyzeSmall}). */
  public record Fresh(double sparkSeconds, double rowsSeconds, int runs) {}

  /** Runs {@code gansweep analyze} with these JVM options and arguments in a fresh JVM; returns its exit status. */
  @FunctionalInterface
  public interface Analyze {
    int run(List<String> jvmOptions, List<String> args) throws IOException, InterruptedException;
  }

  /**
   * {@code analyze} of a sweep shaped as the quickstart ({@value #QUICKSTART_TRIALS} trials, 121
   * metrics rows and 1,000 points each), each time in a fresh process as a user runs it (JVM start,
   * the reads, labels, ranking, report): Spark's path ({@code -Dgansweep.analyze.spark=true}) and
   * the one without Spark, alternated {@code runs} times on the same directory; the fastest of each
   * (the machine is shared: the least disturbed run).
   */
  public Fresh fresh(SparkSession spark, String template, int runs, Analyze analyze) throws IOException, InterruptedException {
    String out = write(spark, template, QUICKSTART_TRIALS);
    double withSpark = Double.MAX_VALUE;
    double rows = Double.MAX_VALUE;
    for (int i = 0; i < runs; i++) {
      for (boolean sparkPath : new boolean[] {true, false}) {
        long t0 = System.nanoTime();
        int status = analyze.run(List.of("-Dgansweep.analyze.spark=" + sparkPath), List.of("analyze", out));
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (status != 0) {
          throw new IllegalStateException("Cannot bench analyze: it exited " + status + " (got " + (sparkPath ? "Spark's" : "the rows'")
              + " path on " + out + "; allowed 0)");
        }
        if (sparkPath) {
          withSpark = Math.min(withSpark, seconds);
        } else {
          rows = Math.min(rows, seconds);
        }
      }
    }
    return new Fresh(withSpark, rows, runs);
  }

  /** The synthetic sweep of {@code n} trials made from the template's rows (trials, metrics, points); returns its output directory. */
  private String write(SparkSession spark, String template, int n) {
    String out = dir.resolve("n" + n).toString();
    Dataset<Row> trials = spark.read().parquet(OutputLayout.partition(template, OutputLayout.TRIALS, TEMPLATE).toString());
    Dataset<Row> metrics = spark.read().parquet(OutputLayout.partition(template, OutputLayout.METRICS, TEMPLATE).toString());
    Dataset<Row> ids = spark.range(n).toDF("i");
    Column config = functions.lpad(functions.hex(functions.floor(ids.col("i").divide(3))), 16, "0");
    Column trialId = functions.concat(config, functions.lit("-s"), ids.col("i").mod(3).cast("string"));
    Dataset<Row> idCols = ids.select(ids.col("i"), trialId.alias("new_trial_id"), config.alias("new_config_id"));
    Dataset<Row> t = idCols.crossJoin(trials)
        .withColumn(TrialTables.TRIAL_ID, functions.col("new_trial_id"))
        .withColumn(TrialTables.CONFIG_ID, functions.col("new_config_id"))
        .withColumn(TrialTables.SEED, functions.col("i").mod(3))
        .withColumn(Hyperparameter.LR_G.key(), functions.lit(1e-4).multiply(functions.floor(functions.col("i").divide(3)).mod(10).plus(1)))
        .withColumn(TrialTables.finalOf(TrialTables.DISTANCE),
            functions.col(TrialTables.finalOf(TrialTables.DISTANCE)).multiply(functions.col("i").mod(7).plus(1)))
        .drop("i", "new_trial_id", "new_config_id");
    t.repartition(4).write().mode("overwrite").parquet(OutputLayout.partition(out, OutputLayout.TRIALS, SWEEP).toString());
    Dataset<Row> m = idCols.crossJoin(metrics).withColumn(TrialTables.TRIAL_ID, functions.col("new_trial_id"))
        .drop("i", "new_trial_id", "new_config_id");
    m.repartition(8).write().mode("overwrite").parquet(OutputLayout.partition(out, OutputLayout.METRICS, SWEEP).toString());
    if (n <= QUICKSTART_TRIALS) { // the points the report draws for its detailed configurations, as a real sweep has them
      Dataset<Row> points = spark.read().parquet(OutputLayout.partition(template, OutputLayout.SAMPLES, TEMPLATE).toString());
      idCols.crossJoin(points).withColumn(TrialTables.TRIAL_ID, functions.col("new_trial_id")).drop("i", "new_trial_id", "new_config_id")
          .repartition(1).write().mode("overwrite").parquet(OutputLayout.partition(out, OutputLayout.SAMPLES, SWEEP).toString());
    }
    return out;
  }
}
