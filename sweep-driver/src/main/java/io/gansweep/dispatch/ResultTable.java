package io.gansweep.dispatch;

import io.gansweep.io.TrialStore;
import io.gansweep.report.TextTable;
import io.gansweep.search.SweepPlan;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The end-of-run table: the sweep's trials read back from Parquet with Spark SQL, completed ones
 * first by final energy distance (lower is better), then diverged and failed ones. The stability
 * ranking across seeds replaces it when the analysis module lands.
 */
public final class ResultTable {

  static final int SHOWN = 10;

  private ResultTable() {}

  /**
   * Reads the sweep's trials table in a Spark session of its own (local, default serializer),
   * prints the best trials, and returns the count of trials by status.
   */
  public static Map<String, Long> print(String outDir, SweepPlan plan, PrintWriter out) {
    SparkSession spark = SparkSession.builder().master("local[*]").appName("gansweep results " + plan.sweepId())
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate();
    try {
      return print(spark, new TrialStore(outDir), plan, out);
    } finally {
      spark.stop();
    }
  }

  private static Map<String, Long> print(SparkSession spark, TrialStore store, SweepPlan plan, PrintWriter out) {
    List<String> axes = new ArrayList<>();
    plan.sweptAxes().forEach(h -> axes.add(h.key()));
    List<String> columns = new ArrayList<>(List.of("trial_id"));
    columns.addAll(axes);
    columns.addAll(List.of("seed", "status", "final_modes", "final_distance", "diverged_step"));
    Dataset<Row> trials = spark.read().parquet(store.partition(TrialStore.TRIALS, plan.sweepId()).toString());
    List<Row> rows = trials.selectExpr(columns.toArray(String[]::new))
        .orderBy(trials.col("status").equalTo("COMPLETED").desc(), trials.col("final_distance").asc_nulls_last(),
            trials.col("trial_id").asc())
        .limit(SHOWN)
        .collectAsList();
    Map<String, Long> statuses = new TreeMap<>();
    for (Row r : trials.groupBy("status").count().collectAsList()) {
      statuses.put(r.getString(0), r.getLong(1));
    }
    long total = trials.count();
    out.printf("%ntrials by final distance to the data (best %d of %d; the stability ranking across seeds comes with 'analyze'):%n",
        Math.min(SHOWN, total), total);
    List<List<String>> cells = new ArrayList<>();
    for (Row r : rows) {
      List<String> line = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        Object v = r.get(i);
        line.add(v == null ? "-" : v instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : v.toString());
      }
      cells.add(line);
    }
    TextTable.print(out, columns, cells);
    out.flush();
    return statuses;
  }

}
