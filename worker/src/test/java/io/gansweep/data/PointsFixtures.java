package io.gansweep.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Points files written by Java for tests (so CI needs no Python): CSV text, Parquet files of a
 * given schema, and ring8 samples with their mode index as label.
 */
public final class PointsFixtures {

  private PointsFixtures() {}

  /** Writes {@code lines} (a header first) as a CSV file. */
  public static Path csv(Path file, String... lines) throws IOException {
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  /**
   * Writes a Parquet file of {@code schema} (Parquet's message syntax, e.g. {@code message m {
   * required double x; optional binary label (STRING); }}); each row gives the fields' values in
   * order, null for a missing optional value.
   */
  public static Path parquet(Path file, String schema, List<Object[]> rows) throws IOException {
    MessageType type = MessageTypeParser.parseMessageType(schema);
    SimpleGroupFactory groups = new SimpleGroupFactory(type);
    Files.deleteIfExists(file);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(type).build()) {
      for (Object[] row : rows) {
        Group g = groups.newGroup();
        for (int i = 0; i < row.length; i++) {
          String name = type.getFieldName(i);
          Object v = row[i];
          if (v == null) {
            continue;
          } else if (v instanceof Double d) {
            g.add(name, d);
          } else if (v instanceof Float f) {
            g.add(name, f);
          } else if (v instanceof Long l) {
            g.add(name, l);
          } else if (v instanceof Integer n) {
            g.add(name, n);
          } else if (v instanceof Boolean b) {
            g.add(name, b);
          } else {
            g.add(name, v.toString());
          }
        }
        w.write(g);
      }
    }
    return file;
  }

  /**
   * {@code n} samples of ring8 drawn from the stream ({@code seed}, "fixture"), each with the index
   * of the mode it was drawn from as a label when {@code labels}.
   */
  public static List<Object[]> ring8(int n, long seed, boolean labels) {
    float[] xy = SeededRandom.stream(seed, "fixture").sample(Mixture.RING8, n);
    List<Object[]> rows = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      double x = xy[2 * i];
      double y = xy[2 * i + 1];
      long mode = Math.floorMod(Math.round(Math.atan2(y, x) / (2 * Math.PI / 8)), 8L);
      rows.add(labels ? new Object[] {x, y, mode} : new Object[] {x, y});
    }
    return rows;
  }

  /** {@link #ring8} as a CSV file with columns x, y (and label). */
  public static Path ring8Csv(Path file, int n, long seed, boolean labels) throws IOException {
    StringBuilder s = new StringBuilder(labels ? "x,y,label\n" : "x,y\n");
    for (Object[] r : ring8(n, seed, labels)) {
      s.append(String.format(Locale.ROOT, "%.6f,%.6f", (Double) r[0], (Double) r[1]));
      s.append(labels ? "," + r[2] : "").append('\n');
    }
    Files.writeString(file, s.toString(), StandardCharsets.UTF_8);
    return file;
  }

  /** {@link #ring8} as a Parquet file: x, y DOUBLE (and label INT64). */
  public static Path ring8Parquet(Path file, int n, long seed, boolean labels) throws IOException {
    return parquet(file, "message ring8 { required double x; required double y;" + (labels ? " required int64 label;" : "") + " }",
        ring8(n, seed, labels));
  }
}
