package io.gansweep.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which networks scored a sweep, read from its trials rows as Spark reads them: tables written
 * before the column (none, or the bare checksum) read as the classifier; only rows with a Fréchet
 * distance count (2-D rows have no network); networks that differ are refused in one line.
 */
class FeatureNetsTest {

  static SparkSession spark;
  static final String SHA = "ab".repeat(32);

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Dataset<Row> table(boolean withColumn, Object[]... rows) {
    StructType t = new StructType().add("final_fd", DataTypes.DoubleType, true);
    if (withColumn) {
      t = t.add("feature_net", DataTypes.StringType, true);
    }
    final boolean with = withColumn;
    List<Row> list = Arrays.stream(rows).map(r -> with ? RowFactory.create(r) : RowFactory.create(r[0])).toList();
    return spark.createDataFrame(list, t);
  }

  @Test
  void oldTablesReadAsTheClassifierAndOnlyScoredRowsCount() {
    assertEquals(Set.of("classifier"), FeatureNets.of(table(false, new Object[] {3.0, null})), "no column: the built-in classifier");
    assertEquals(Set.of("classifier:" + SHA), FeatureNets.of(table(true, new Object[] {3.0, SHA}, new Object[] {null, "torchscript:x"})),
        "a bare checksum is the classifier's; a row without fd names no network that counts");
    assertEquals(Set.of(), FeatureNets.of(spark.createDataFrame(List.of(RowFactory.create(1.0)),
        new StructType().add("final_distance", DataTypes.DoubleType, true))), "a 2-D table has no network");
  }

  @Test
  void differentNetworksAreNotComparedAndAreRefusedInOneLine() {
    String ts = "torchscript:sha256:" + SHA + ";input_size=299;range=0,255;channels=3";
    assertTrue(FeatureNets.comparable(Set.of("classifier"), Set.of("classifier:" + SHA)), "old and new rows of the classifier");
    assertTrue(FeatureNets.comparable(Set.of(ts), Set.of(ts)));
    assertFalse(FeatureNets.comparable(Set.of("classifier:" + SHA), Set.of(ts)));
    assertFalse(FeatureNets.comparable(Set.of("classifier:" + SHA), Set.of("classifier:" + "cd".repeat(32))), "two classifiers");
    assertFalse(FeatureNets.comparable(Set.of("classifier"), Set.of("random-conv:7@0123456789abcdef")));
    assertEquals(Optional.empty(), FeatureNets.mixed("s", Set.of("classifier", "classifier:" + SHA)));
    Optional<String> why = FeatureNets.mixed("s", FeatureNets.of(table(true, new Object[] {3.0, SHA}, new Object[] {2.0, ts})));
    assertEquals(Optional.of("Cannot rank sweep s: its Fréchet distances come from different feature networks (got classifier:" + SHA
        + ", " + ts + "; allowed one feature_net per sweep: run each network's trials into their own sweep)"), why);
  }
}
