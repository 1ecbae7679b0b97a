package io.gansweep.analysis;

import io.gansweep.io.OutputLayout;
import io.gansweep.io.TrialTables;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Which feature networks scored a sweep's images, from the {@code feature_net} column of its
 * {@code trials} rows that have a Fréchet distance: Fréchet distances, precision and recall from
 * different networks are different scales, so the ranking and {@code compare} refuse to mix them.
 * Old tables: a bare 64-hex checksum is {@code classifier:<it>}, and a row without the column (or
 * without a value) is {@link #BUILT_IN}, which matches any {@code classifier:} network.
 */
public final class FeatureNets {

  /** The network of a row that does not name one: the built-in classifier, checksum unknown. */
  public static final String BUILT_IN = TrialTables.CLASSIFIER;
  /** The column. */
  public static final String COLUMN = TrialTables.FEATURE_NET;

  private FeatureNets() {}

  /** The networks of {@code trials}' image rows (those with a final Fréchet distance), canonical, sorted. */
  public static Set<String> of(Dataset<Row> trials) {
    Set<String> nets = new TreeSet<>();
    String fd = TrialTables.finalOf(TrialTables.FD);
    List<String> columns = List.of(trials.columns());
    if (!columns.contains(fd)) {
      return nets;
    }
    Dataset<Row> scored = trials.where(trials.col(fd).isNotNull());
    org.apache.spark.sql.Column net = columns.contains(COLUMN) ? scored.col(COLUMN) : functions.lit(null).cast("string");
    for (Row r : scored.select(net).distinct().collectAsList()) {
      nets.add(canonical(r.isNullAt(0) ? null : r.getString(0)));
    }
    return nets;
  }

  /** The networks of sweep {@code sweepId} under {@code out}. */
  public static Set<String> of(SparkSession spark, String out, String sweepId) {
    return of(spark.read().parquet(OutputLayout.partition(out, OutputLayout.TRIALS, sweepId).toString()));
  }

  /** A column value as a network's name: a bare checksum is the classifier's; nothing is {@link #BUILT_IN}. */
  public static String canonical(String column) {
    if (column == null || column.isEmpty()) {
      return BUILT_IN;
    }
    return column.matches("[0-9a-f]{64}") ? BUILT_IN + ":" + column : column;
  }

  /** Whether distances under networks {@code a} and {@code b} can be compared: equal, or the unnamed built-in and a classifier. */
  public static boolean same(String a, String b) {
    return a.equals(b) || a.equals(BUILT_IN) && b.startsWith(BUILT_IN + ":") || b.equals(BUILT_IN) && a.startsWith(BUILT_IN + ":");
  }

  /** Whether every network of {@code a} and of {@code b} can be compared with every other. */
  public static boolean comparable(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    for (String x : all) {
      for (String y : all) {
        if (!same(x, y)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Why the ranking of sweep {@code sweepId} cannot mix its rows, or empty: its image rows name
   * networks that cannot be compared.
   */
  public static Optional<String> mixed(String sweepId, Set<String> nets) {
    if (comparable(nets, Set.of())) {
      return Optional.empty();
    }
    return Optional.of("Cannot rank sweep " + sweepId + ": its Fréchet distances come from different feature networks (got "
        + String.join(", ", nets) + "; allowed one feature_net per sweep: run each network's trials into their own sweep)");
  }
}
