package io.gansweep.data;

import io.gansweep.io.UserFileException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads the file of a {@code points:<file>} dataset into a {@link PointSet}: a Parquet file
 * ({@code .parquet}) or a CSV file ({@code .csv}), chosen by the file name's extension.
 *
 * <ul>
 *   <li>Every column is a coordinate, except one called exactly {@value #LABEL_COLUMN} (optional):
 *       each row's class, any value (compared as text), used only by the mode metrics.
 *   <li>Coordinates are numbers, all finite (no NaN, no infinities, no empty cells), used as they
 *       are: no scaling, no centring (the MLPs' last layer is linear, so any scale trains, but
 *       unit-scale data suits the default learning rates best).
 *   <li>At least {@value #MIN_ROWS} rows (the k-NN radii of precision, recall, density and coverage
 *       need k = 3 neighbours besides each point), and at least one coordinate column.
 *   <li>CSV: UTF-8, a header row naming the columns, then one row per point, fields separated by
 *       commas; a field may be wrapped in double quotes (no commas or quotes inside). Numbers are
 *       decimal ({@code -1.5}, {@code 2e-3}).
 *   <li>Parquet: a flat schema; coordinates are INT32, INT64, FLOAT or DOUBLE columns (integers may
 *       carry an integer annotation, nothing else: a date or decimal column is not a coordinate).
 * </ul>
 *
 * Every refusal is a {@link UserFileException} naming the file, what it found and what is allowed.
 */
public final class PointsFile {

  /** The name of the optional label column. */
  public static final String LABEL_COLUMN = "label";

  /** Least rows a points file may have: k + 1 for the k = 3 nearest-neighbour radii of the PRDC metrics. */
  public static final int MIN_ROWS = 4;

  /** The file formats, by extension. */
  public static final List<String> EXTENSIONS = List.of("parquet", "csv");

  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern NOT_FINITE = Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

  private PointsFile() {}

  /** The extension that decides the format of {@code path} ({@code parquet} or {@code csv}), or null for any other. */
  public static String extension(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().filter(e -> lower.endsWith("." + e)).findFirst().orElse(null);
  }

  /**
   * The points of {@code bytes}, a file named {@code name} (its extension decides the format).
   *
   * @throws UserFileException when the file is not a points file gansweep can train on
   */
  public static PointSet read(byte[] bytes, String name) {
    String ext = extension(name);
    if (ext == null) {
      throw bad(name, "its format is unknown", "a file named " + name, "a name ending in .parquet or .csv");
    }
    if (bytes.length == 0) {
      throw bad(name, "the file is empty", "0 bytes", "a " + ext + " file with a header and at least " + MIN_ROWS + " rows");
    }
    Table t = ext.equals("csv") ? csv(bytes, name) : parquet(bytes, name);
    return build(t, name);
  }

  /** Columns as read: coordinates by name in file order, the label column's texts (null: none). */
  private record Table(Map<String, double[]> coordinates, String[] labels, int rows) {}

  private static PointSet build(Table t, String name) {
    if (t.coordinates().isEmpty()) {
      throw bad(name, "it has no coordinate column", t.labels() == null ? "no columns" : "only the " + LABEL_COLUMN + " column",
          "at least one numeric column besides " + LABEL_COLUMN);
    }
    if (t.rows() < MIN_ROWS) {
      throw bad(name, "too few rows", t.rows() + " rows", "at least " + MIN_ROWS + " rows, and at least batch_size");
    }
    List<String> columns = new ArrayList<>(t.coordinates().keySet());
    int d = columns.size();
    float[] values = new float[t.rows() * d];
    for (int j = 0; j < d; j++) {
      double[] col = t.coordinates().get(columns.get(j));
      for (int i = 0; i < t.rows(); i++) {
        float v = (float) col[i];
        if (!Float.isFinite(v)) {
          throw bad(name, "column '" + columns.get(j) + "' has a value float32 cannot hold", col[i] + " in row " + (i + 1),
              "finite numbers within ±3.4e38");
        }
        values[i * d + j] = v;
      }
    }
    int[] labels = null;
    List<String> names = new ArrayList<>();
    if (t.labels() != null) {
      Map<String, Integer> index = new LinkedHashMap<>();
      labels = new int[t.rows()];
      for (int i = 0; i < t.rows(); i++) {
        labels[i] = index.computeIfAbsent(t.labels()[i], k -> index.size());
      }
      names.addAll(index.keySet());
    }
    return new PointSet(name, columns, values, labels, names);
  }

  // ---- CSV ----------------------------------------------------------------------------------

  private static Table csv(byte[] bytes, String name) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    if (lines.isEmpty()) {
      throw bad(name, "the file is empty", "no lines", "a header row and at least " + MIN_ROWS + " rows");
    }
    List<String> header = fields(lines.get(0));
    int label = -1;
    for (int j = 0; j < header.size(); j++) {
      String h = header.get(j);
      if (h.isEmpty() || header.indexOf(h) != j) {
        throw bad(name, "the header names column " + (j + 1) + (h.isEmpty() ? " with nothing" : " twice"), "'" + lines.get(0) + "'",
            "a header row of distinct, non-empty column names");
      }
      if (h.equals(LABEL_COLUMN)) {
        label = j;
      }
    }
    int rows = lines.size() - 1;
    Map<String, double[]> coordinates = new LinkedHashMap<>();
    for (int j = 0; j < header.size(); j++) {
      if (j != label) {
        coordinates.put(header.get(j), new double[rows]);
      }
    }
    String[] labels = label < 0 ? null : new String[rows];
    for (int i = 0; i < rows; i++) {
      List<String> f = fields(lines.get(i + 1));
      if (f.size() != header.size()) {
        throw bad(name, "row " + (i + 1) + " has " + f.size() + " fields", "'" + lines.get(i + 1) + "'",
            header.size() + " fields, one per header column");
      }
      for (int j = 0; j < f.size(); j++) {
        if (j == label) {
          labels[i] = f.get(j);
        } else {
          coordinates.get(header.get(j))[i] = number(f.get(j), header.get(j), i, name);
        }
      }
    }
    return new Table(coordinates, labels, rows);
  }

  private static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    for (String f : line.split(",", -1)) {
      String s = f.strip();
      out.add(s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1).strip() : s);
    }
    return out;
  }

  private static double number(String field, String column, int row, String name) {
    if (NOT_FINITE.matcher(field).matches()) {
      throw bad(name, "column '" + column + "' has a value that is not finite", "'" + field + "' in row " + (row + 1),
          "finite numbers only");
    }
    if (!DECIMAL.matcher(field).matches()) {
      throw bad(name, "column '" + column + "' is not numeric", "'" + field + "' in row " + (row + 1),
          "decimal numbers in every column but " + LABEL_COLUMN);
    }
    return Double.parseDouble(field);
  }

  // ---- Parquet ------------------------------------------------------------------------------

  private static Table parquet(byte[] bytes, String name) {
    try (ParquetFileReader reader = ParquetFileReader.open(new BytesInputFile(bytes))) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      long total = reader.getRecordCount();
      if (total > Integer.MAX_VALUE / Math.max(1, schema.getFieldCount())) {
        throw bad(name, "too many values for one JVM array", total + " rows of " + schema.getFieldCount() + " columns",
            "fewer than " + Integer.MAX_VALUE + " values");
      }
      int rows = (int) total;
      Map<String, double[]> coordinates = new LinkedHashMap<>();
      String[] labels = null;
      for (Type f : schema.getFields()) {
        if (f.getName().equals(LABEL_COLUMN)) {
          if (!f.isPrimitive() || f.isRepetition(Type.Repetition.REPEATED)) {
            throw bad(name, "the " + LABEL_COLUMN + " column is not one value per row", f.toString().strip(), "a plain column");
          }
          labels = new String[rows];
        } else if (!numeric(f)) {
          throw bad(name, "column '" + f.getName() + "' is not numeric", f.toString().strip(),
              "INT32, INT64, FLOAT or DOUBLE columns, besides an optional " + LABEL_COLUMN + " column");
        } else {
          coordinates.put(f.getName(), new double[rows]);
        }
      }
      int at = 0;
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema).getRecordReader(pages, new GroupRecordConverter(schema));
        for (long r = 0; r < pages.getRowCount(); r++, at++) {
          Group g = records.read();
          for (Type f : schema.getFields()) {
            String column = f.getName();
            if (g.getFieldRepetitionCount(column) == 0) {
              throw bad(name, "column '" + column + "' has a missing value", "null in row " + (at + 1), "a value in every row");
            }
            if (column.equals(LABEL_COLUMN)) {
              labels[at] = g.getValueToString(schema.getFieldIndex(column), 0);
              continue;
            }
            double v = switch (f.asPrimitiveType().getPrimitiveTypeName()) {
              case INT32 -> g.getInteger(column, 0);
              case INT64 -> g.getLong(column, 0);
              case FLOAT -> g.getFloat(column, 0);
              default -> g.getDouble(column, 0);
            };
            if (!Double.isFinite(v)) {
              throw bad(name, "column '" + column + "' has a value that is not finite", v + " in row " + (at + 1), "finite numbers only");
            }
            coordinates.get(column)[at] = v;
          }
        }
      }
      return new Table(coordinates, labels, rows);
    } catch (IOException | RuntimeException e) {
      if (e instanceof UserFileException d) {
        throw d;
      }
      throw bad(name, "it is not a Parquet file gansweep can read", e.getClass().getSimpleName() + " " + e.getMessage(),
          "a Parquet file with a flat schema");
    }
  }

  private static boolean numeric(Type f) {
    if (!f.isPrimitive() || f.isRepetition(Type.Repetition.REPEATED)) {
      return false;
    }
    PrimitiveType p = f.asPrimitiveType();
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    return switch (p.getPrimitiveTypeName()) {
      case INT32, INT64 -> a == null || a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation;
      case FLOAT, DOUBLE -> a == null;
      default -> false;
    };
  }

  /** A Parquet file held in memory (read once, checksummed, then parsed). */
  private static final class BytesInputFile implements InputFile {
    private final byte[] bytes;

    BytesInputFile(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public long getLength() {
      return bytes.length;
    }

    @Override
    public SeekableInputStream newStream() {
      Positioned in = new Positioned(bytes);
      return new DelegatingSeekableInputStream(in) {
        @Override
        public long getPos() {
          return in.position();
        }

        @Override
        public void seek(long to) {
          in.seekTo((int) to);
        }
      };
    }
  }

  private static final class Positioned extends ByteArrayInputStream {
    Positioned(byte[] bytes) {
      super(bytes);
    }

    int position() {
      return pos;
    }

    void seekTo(int to) {
      pos = Math.max(0, Math.min(to, count));
    }
  }

  private static UserFileException bad(String name, String reason, String got, String allowed) {
    return new UserFileException("read points file " + name, reason, got, allowed);
  }
}
