package io.gansweep.dispatch;

import java.util.List;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Test helper: reads output tables back with Spark SQL in a session of its own. */
final class SparkTables {

  private SparkTables() {}

  static SparkSession session() {
    return SparkSession.builder().master("local[2]").appName("gansweep-test-reader")
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate();
  }

  static List<Row> rows(SparkSession spark, String dir, String table, String... columns) {
    return spark.read().parquet(dir + "/" + table).selectExpr(columns).orderBy(columns[0]).collectAsList();
  }

  /** Every metrics row of a run without its wall time, as sorted text: what equality compares. */
  static TreeSet<String> metricsWithoutTime(SparkSession spark, String dir) {
    Dataset<Row> m = spark.read().parquet(dir + "/metrics").drop("wall_seconds");
    TreeSet<String> out = new TreeSet<>();
    m.collectAsList().forEach(r -> out.add(r.mkString("|")));
    return out;
  }
}
