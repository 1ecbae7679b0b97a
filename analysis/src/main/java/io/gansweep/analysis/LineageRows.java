package io.gansweep.analysis;

import io.gansweep.io.OutputLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * The {@code lineage} table of a population-based training sweep ({@code method: pbt}; written by
 * the driver's {@code dispatch.Lineage}), as the report draws it: every member of every generation,
 * with the member it went on from. A sweep of any other method has none.
 */
public final class LineageRows {

  /** The table's folder under {@code OUT}. */
  public static final String TABLE = "lineage";

  private LineageRows() {}

  /** One member in one generation: its rounds, where it came from, its configuration and how it did. */
  public record Row(int generation, int member, int stepFrom, int stepTo, int parentMember, String action, double fitness,
      Double medianDistance, String params, String change, String configId) {}

  /** Every row of the sweep's lineage, by generation then member; none when it has no lineage. */
  public static List<Row> read(FileSystem fs, Configuration conf, String out, String sweepId) throws IOException {
    Path dir = OutputLayout.partition(out, TABLE, sweepId);
    List<Row> rows = new ArrayList<>();
    if (!fs.exists(dir)) {
      return rows;
    }
    for (Path f : OutputLayout.publishedParquet(fs, dir)) {
      try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), f).withConf(conf).build()) {
        for (Group g = r.read(); g != null; g = r.read()) {
          rows.add(new Row(g.getInteger("generation", 0), g.getInteger("member", 0), g.getInteger("step_from", 0),
              g.getInteger("step_to", 0), g.getInteger("parent_member", 0), g.getString("action", 0), g.getDouble("fitness", 0),
              g.getFieldRepetitionCount("median_distance") > 0 ? g.getDouble("median_distance", 0) : null, g.getString("params", 0),
              g.getString("change", 0), g.getString("config_id", 0)));
        }
      }
    }
    rows.sort(Comparator.comparingInt(Row::generation).thenComparingInt(Row::member));
    return rows;
  }
}
