package io.gansweep.analysis;

import io.gansweep.io.OutputLayout;
import io.gansweep.io.Publisher;
import io.gansweep.io.TrialTables;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.Numbers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes an analysis under {@code OUT/analysis/sweep_id=<id>/}: {@code ranking.parquet} and
 * {@code ranking.csv} (one row per configuration), {@code trial_labels.parquet} (one row per
 * trial), {@code importance.csv}, {@code seed_sources.csv} (one row per configuration of a seeds grid and stream
 * group, {@link SeedSources}; the header alone when the sweep has no seeds grid), {@code budget.csv} and {@code report.html}. Each Parquet table is one plain file (Spark
 * writes it to a hidden folder, the single part file is published by {@link Publisher}), so every reader can
 * open it by name; a re-analysis replaces each file atomically.
 */
public final class AnalysisOutput {

  private AnalysisOutput() {}

  public static Path dir(String out, String sweepId) {
    return OutputLayout.partition(out, OutputLayout.ANALYSIS, sweepId);
  }

  static final StructType RANKING = new StructType()
      .add("rank", DataTypes.IntegerType, false)
      .add("rank_group", DataTypes.IntegerType, false)
      .add("rank_group_last", DataTypes.IntegerType, false)
      .add("config_id", DataTypes.StringType, false)
      .add("seeds", DataTypes.IntegerType, false)
      .add("stable_seeds", DataTypes.IntegerType, false)
      .add("stable_share", DataTypes.DoubleType, false)
      .add("score", DataTypes.DoubleType, false)
      .add("label", DataTypes.StringType, false)
      .add("why", DataTypes.StringType, false)
      .add("median_quality", DataTypes.DoubleType, false)
      .add("iqr_quality", DataTypes.DoubleType, false)
      .add("worst_quality", DataTypes.DoubleType, false)
      .add("seed_labels", DataTypes.StringType, false);

  static final StructType TRIAL_LABELS = new StructType()
      .add("trial_id", DataTypes.StringType, false)
      .add("config_id", DataTypes.StringType, false)
      .add("seed", DataTypes.LongType, false)
      .add("label", DataTypes.StringType, false)
      .add("evidence", DataTypes.StringType, false)
      .add("evidence_step", DataTypes.IntegerType, true)
      .add("evidence_value", DataTypes.DoubleType, true)
      .add("dominance", DataTypes.DoubleType, true)
      .add("oscillation", DataTypes.DoubleType, true)
      .add("gradient_ratio", DataTypes.DoubleType, true)
      .add("best_distance", DataTypes.DoubleType, true)
      .add("final_distance", DataTypes.DoubleType, true);

  /** Writes every table; returns the analysis directory. */
  public static Path write(SparkSession spark, String out, SweepAnalysis a) throws IOException {
    return write(spark, out, a, List.of());
  }

  /**
   * Writes every table, the report showing {@code notes} first (a partial sweep: "partial sweep:
   * 5 of 12 planned trials committed, …"); returns the analysis directory.
   */
  public static Path write(SparkSession spark, String out, SweepAnalysis a, List<String> notes) throws IOException {
    Path dir = dir(out, a.sweepId());
    FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
    fs.setWriteChecksum(false); // no .crc files beside the outputs on local file systems
    fs.mkdirs(dir);
    Dataset<Row> ranking = rankingFrame(spark, a);
    writeSingleParquet(fs, ranking, new Path(dir, "ranking.parquet"));
    writeText(fs, new Path(dir, "ranking.csv"), csv(ranking));
    writeSingleParquet(fs, frame(spark, labelRows(a), TRIAL_LABELS).orderBy("config_id", "seed", "trial_id"), new Path(dir, "trial_labels.parquet"));
    writeSmallFiles(fs, out, a, finalPoints(spark, fs, out, a), spark.version(), notes);
    return dir;
  }

  /**
   * Writes every table as {@link #write(SparkSession, String, SweepAnalysis)} does, without Spark:
   * the same rows and schemas, each Parquet file written by parquet-hadoop and published atomically
   * ({@link Publisher}); {@code points} the report's sample points ({@link #points}), {@code notes}
   * shown first on the report. For sweeps whose tables fit the driver (the analysis then reads them
   * without Spark too).
   */
  public static Path write(FileSystem fs, String out, SweepAnalysis a, Map<String, TrialPoints> points, List<String> notes)
      throws IOException {
    Path dir = dir(out, a.sweepId());
    fs.setWriteChecksum(false);
    fs.mkdirs(dir);
    StructType rankingSchema = rankingSchema(a);
    List<Row> ranking = rankingRows(a); // in rank order, as the ranking is
    writeParquet(fs, rankingSchema, ranking, new Path(dir, "ranking.parquet"));
    writeText(fs, new Path(dir, "ranking.csv"), csv(rankingSchema.fieldNames(), ranking));
    writeParquet(fs, TRIAL_LABELS, labelRows(a), new Path(dir, "trial_labels.parquet")); // verdicts are in config, seed, trial order
    writeSmallFiles(fs, out, a, points, null, notes);
    return dir;
  }

  private static List<Row> labelRows(SweepAnalysis a) {
    List<Row> labels = new ArrayList<>();
    for (TrialVerdict v : a.verdicts()) {
      labels.add(RowFactory.create(v.trial().trialId(), v.trial().configId(), v.trial().seed(), v.label().wireName(),
          v.evidence(), v.evidenceStep(), v.evidenceValue(), nan(v.dominance()), nan(v.oscillation()),
          nan(v.gradientRatio()), v.bestDistance(), v.trial().finalDistance()));
    }
    return labels;
  }

  /** The CSV files and the report. */
  private static void writeSmallFiles(FileSystem fs, String out, SweepAnalysis a, Map<String, TrialPoints> points, String sparkVersion,
      List<String> notes) throws IOException {
    Path dir = dir(out, a.sweepId());
    StringBuilder imp = new StringBuilder("parameter,eta_squared,levels\n");
    a.importance().forEach(f -> imp.append(f.parameter()).append(',').append(Numbers.format(f.etaSquared(), 6)).append(',')
        .append(f.levels()).append('\n'));
    writeText(fs, new Path(dir, "importance.csv"), imp.toString());
    StringBuilder sources = new StringBuilder("config_id,source,levels,verdict_eta_squared,quality_eta_squared\n");
    for (SeedSources c : a.seedSources()) {
      for (SeedSources.Source src : c.sources()) {
        sources.append(c.configId()).append(',').append(src.name()).append(',').append(src.levels()).append(',')
            .append(Numbers.format(src.verdictShare(), 6)).append(',').append(Numbers.format(src.qualityShare(), 6)).append('\n');
      }
    }
    writeText(fs, new Path(dir, "seed_sources.csv"), sources.toString());
    StringBuilder budget = new StringBuilder("trials,expected_best_distance\n");
    for (BestOfBudget.Point p : a.budget()) {
      budget.append(p.trials()).append(',').append(Numbers.format(p.expectedBest(), 6)).append('\n');
    }
    writeText(fs, new Path(dir, "budget.csv"), budget.toString());
    writeReport(fs, out, a, points, null, sparkVersion, notes);
  }

  /** One Parquet file of {@code rows} in {@code schema} (Spark's mapping: text as UTF-8 binary, nullable as optional), published atomically. */
  static void writeParquet(FileSystem fs, StructType schema, List<Row> rows, Path target) throws IOException {
    org.apache.parquet.schema.Types.MessageTypeBuilder b = org.apache.parquet.schema.Types.buildMessage();
    for (org.apache.spark.sql.types.StructField f : schema.fields()) {
      org.apache.parquet.schema.Type.Repetition rep = f.nullable() ? org.apache.parquet.schema.Type.Repetition.OPTIONAL
          : org.apache.parquet.schema.Type.Repetition.REQUIRED;
      DataType t = f.dataType();
      if (t == DataTypes.StringType) {
        b.primitive(org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY, rep)
            .as(org.apache.parquet.schema.LogicalTypeAnnotation.stringType()).named(f.name());
      } else {
        b.primitive(t == DataTypes.IntegerType ? org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32
            : t == DataTypes.LongType ? org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64
            : t == DataTypes.BooleanType ? org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN
            : org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE, rep).named(f.name());
      }
    }
    org.apache.parquet.schema.MessageType type = b.named("spark_schema");
    org.apache.parquet.example.data.simple.SimpleGroupFactory groups = new org.apache.parquet.example.data.simple.SimpleGroupFactory(type);
    new Publisher(fs.getConf()).publish(target, Publisher.IfPresent.REPLACE, (f, file) -> {
      try (org.apache.parquet.hadoop.ParquetWriter<org.apache.parquet.example.data.Group> w =
          org.apache.parquet.hadoop.example.ExampleParquetWriter.builder(Publisher.parquetFile(f, file, fs.getConf()))
              .withType(type).withConf(fs.getConf())
              .withCompressionCodec(org.apache.parquet.hadoop.metadata.CompressionCodecName.SNAPPY)
              .withWriteMode(org.apache.parquet.hadoop.ParquetFileWriter.Mode.OVERWRITE).build()) {
        for (Row r : rows) {
          org.apache.parquet.example.data.Group g = groups.newGroup();
          for (int i = 0; i < r.size(); i++) {
            Object v = r.get(i);
            String name = schema.fields()[i].name();
            if (v == null) {
              continue;
            }
            if (v instanceof String str) {
              g.add(name, str);
            } else if (v instanceof Integer n) {
              g.add(name, n);
            } else if (v instanceof Long n) {
              g.add(name, n);
            } else if (v instanceof Boolean n) {
              g.add(name, n);
            } else {
              g.add(name, ((Number) v).doubleValue());
            }
          }
          w.write(g);
        }
      }
    });
  }

  /**
   * The last evaluation's points of the trials the report draws ({@link HtmlReport#detailedConfigs}),
   * from rows of the samples table read without Spark: {@code samples} gives the rows (trial_id,
   * step, x, y at least) of the trial ids it is asked for.
   */
  public static Map<String, TrialPoints> points(SweepAnalysis a,
      java.util.function.Function<Set<String>, List<Map<String, Object>>> samples) {
    Set<String> configs = HtmlReport.detailedConfigs(a);
    Set<String> trials = new HashSet<>();
    a.verdicts().stream().filter(v -> configs.contains(v.trial().configId())).forEach(v -> trials.add(v.trial().trialId()));
    Map<String, List<double[]>> xy = new java.util.TreeMap<>();
    Map<String, Integer> steps = new HashMap<>();
    for (Map<String, Object> r : samples.apply(trials)) {
      String id = (String) r.get(TrialTables.TRIAL_ID);
      if (id == null || !trials.contains(id) || !(r.get(TrialTables.X) instanceof Number x) || !(r.get(TrialTables.Y) instanceof Number y)) {
        continue;
      }
      xy.computeIfAbsent(id, k -> new ArrayList<>()).add(new double[] {x.doubleValue(), y.doubleValue()});
      steps.putIfAbsent(id, ((Number) r.get(TrialTables.STEP)).intValue());
    }
    Map<String, TrialPoints> points = new LinkedHashMap<>();
    xy.forEach((id, list) -> {
      double[] flat = new double[2 * list.size()];
      for (int i = 0; i < list.size(); i++) {
        flat[2 * i] = list.get(i)[0];
        flat[2 * i + 1] = list.get(i)[1];
      }
      points.put(id, new TrialPoints(steps.get(id), flat));
    });
    return points;
  }

  /** The id of the banner a partial report carries ({@link #writeReport}); a final report has none. */
  public static final String PARTIAL_MARKER = "gansweep-partial";

  /**
   * Writes {@code report.html} alone (replacing the last one atomically): {@link HtmlReport} of
   * {@code a}, with the sample {@code points} of its configurations of interest. When {@code
   * partial} is not null (a sweep that still runs) the page opens with a banner that says so,
   * {@code <div id="gansweep-partial">partial: …</div>}, right after its {@code <body>} tag; the
   * run's final analysis writes the page without it.
   */
  public static Path writeReport(FileSystem fs, String out, SweepAnalysis a, Map<String, TrialPoints> points, String partial)
      throws IOException {
    return writeReport(fs, out, a, points, partial, null, List.of());
  }

  /**
   * {@link #writeReport(FileSystem, String, SweepAnalysis, Map, String)}, the page showing {@code
   * notes} first; {@code sparkVersion} the Spark that read the tables (null: read without Spark).
   */
  static Path writeReport(FileSystem fs, String out, SweepAnalysis a, Map<String, TrialPoints> points, String partial,
      String sparkVersion, List<String> notes) throws IOException {
    Path dir = dir(out, a.sweepId());
    fs.mkdirs(dir);
    HtmlReport.Context context = context(fs, out, a, sparkVersion);
    for (int i = notes.size() - 1; i >= 0; i--) {
      context = context.withNote(notes.get(i));
    }
    String html = HtmlReport.render(a, finalGrids(fs, out, a), points, context);
    if (partial != null) {
      java.util.regex.Matcher body = java.util.regex.Pattern.compile("<body[^>]*>").matcher(html);
      int at = body.find() ? body.end() : 0;
      String banner = "\n<div id=\"" + PARTIAL_MARKER + "\" role=\"status\" style=\"background:#fff3cd;border:1px solid #e0c36a;"
          + "padding:6px 10px;margin:6px 0;font:14px sans-serif\">" + escape(partial) + "</div>\n";
      html = html.substring(0, at) + banner + html.substring(at);
    }
    writeText(fs, new Path(dir, "report.html"), html);
    return dir;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }

  /**
   * What the report says beyond the analysis, from the record a run leaves in {@code
   * OUT/sweeps/<id>/spec.yaml}: the spec's description and text, the fixed (unswept) values and the
   * versions that ran it, plus those of this analysis. A sweep without a readable record (written by
   * {@code gansweep trial}, or hand-edited) gets the analysis' versions only.
   */
  static HtmlReport.Context context(FileSystem fs, String out, SweepAnalysis a, String sparkVersion) {
    Map<String, String> versions = new LinkedHashMap<>();
    Map<String, String> fixed = new LinkedHashMap<>();
    String description = null;
    String specText = null;
    Path record = new Path(OutputLayout.sweepDir(out, a.sweepId()), "spec.yaml");
    try {
      if (fs.exists(record)) {
        String text;
        try (FSDataInputStream in = fs.open(record)) {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        org.snakeyaml.engine.v2.api.Load load = new org.snakeyaml.engine.v2.api.Load(org.snakeyaml.engine.v2.api.LoadSettings.builder().build());
        Map<?, ?> yaml = (Map<?, ?>) load.loadFromString(text);
        specText = yaml.get("source") instanceof String s ? s : text;
        if (yaml.get("source") instanceof String s && new org.snakeyaml.engine.v2.api.Load(org.snakeyaml.engine.v2.api.LoadSettings.builder()
            .build()).loadFromString(s) instanceof Map<?, ?> spec && spec.get("description") != null) {
          description = spec.get("description").toString();
        }
        if (yaml.get("provenance") instanceof Map<?, ?> p) {
          p.forEach((k, v) -> versions.put("sweep ran with " + k, String.valueOf(v)));
        }
        if (yaml.get("resolved") instanceof Map<?, ?> r && r.get("parameters") instanceof Map<?, ?> params) {
          params.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m && m.containsKey("value") && !a.axes().contains(String.valueOf(k))) {
              fixed.put(String.valueOf(k), m.get("value") instanceof Double d ? Numbers.exact(d) : String.valueOf(m.get("value")));
            }
          });
        }
      }
    } catch (IOException | RuntimeException e) { // an old or hand-edited record: the page goes without it
      versions.put("run record", "unreadable: " + e.getMessage());
    }
    String gansweep = AnalysisOutput.class.getPackage().getImplementationVersion();
    versions.put("analysis: gansweep", gansweep == null ? "development" : gansweep);
    versions.put("analysis: Java", System.getProperty("java.version"));
    versions.put("analysis: Spark", sparkVersion == null ? "not used (a small sweep's tables were read directly)" : sparkVersion);
    List<LineageRows.Row> lineage = List.of();
    try {
      lineage = LineageRows.read(fs, fs.getConf(), out, a.sweepId());
    } catch (IOException | RuntimeException e) { // the page goes without the lineage, and says why
      versions.put("lineage", "unreadable: " + e.getMessage());
    }
    return new HtmlReport.Context(List.of(), description, specText, fixed, versions, lineage);
  }

  /**
   * The last sample grid (PNG) of every trial of the report's {@link HtmlReport#detailedConfigs}, by trial id;
   * empty for 2-D sweeps, which write none. The worker writes them as {@code
   * samples/sweep_id=<id>/<trial_id>/step-NNNNNNNN.png}.
   */
  static Map<String, byte[]> finalGrids(FileSystem fs, String out, SweepAnalysis a) throws IOException {
    Map<String, byte[]> grids = new LinkedHashMap<>();
    if (a.ranking().isEmpty()) {
      return grids;
    }
    Set<String> configs = HtmlReport.detailedConfigs(a);
    for (TrialVerdict v : a.verdicts()) {
      if (!configs.contains(v.trial().configId())) {
        continue;
      }
      Path trialDir = new Path(OutputLayout.partition(out, OutputLayout.SAMPLES, a.sweepId()), v.trial().trialId());
      if (!fs.exists(trialDir)) {
        continue;
      }
      Path last = null;
      for (FileStatus f : fs.listStatus(trialDir)) {
        String name = f.getPath().getName();
        if (name.startsWith("step-") && name.endsWith(".png") && (last == null || name.compareTo(last.getName()) > 0)) {
          last = f.getPath();
        }
      }
      if (last != null) {
        try (FSDataInputStream in = fs.open(last)) {
          grids.put(v.trial().trialId(), in.readAllBytes());
        }
      }
    }
    return grids;
  }

  /**
   * The last evaluation's generated points of every seed of the report's {@link
   * HtmlReport#detailedConfigs}, by trial id, from {@code samples/sweep_id=<id>/<trial_id>.parquet}; empty where the
   * sweep has none (images, or sweeps written before the table existed).
   */
  static Map<String, TrialPoints> finalPoints(SparkSession spark, FileSystem fs, String out, SweepAnalysis a) throws IOException {
    Map<String, TrialPoints> points = new LinkedHashMap<>();
    Path dir = OutputLayout.partition(out, OutputLayout.SAMPLES, a.sweepId());
    if (!fs.exists(dir) || !java.util.Arrays.stream(fs.listStatus(dir)).anyMatch(f -> f.getPath().getName().endsWith(".parquet"))) {
      return points;
    }
    Set<String> configs = HtmlReport.detailedConfigs(a);
    List<String> trials = a.verdicts().stream().filter(v -> configs.contains(v.trial().configId())).map(v -> v.trial().trialId()).toList();
    // The partition directory, not a glob inside it: Spark probes a glob path for a _spark_metadata
    // folder and logs a FileNotFoundException stack trace when there is none.
    Dataset<Row> samples = spark.read().parquet(dir.toString());
    Map<String, List<Row>> rows = new LinkedHashMap<>();
    for (Row r : samples.where(samples.col(TrialTables.TRIAL_ID).isin(trials.toArray())).select(TrialTables.TRIAL_ID, TrialTables.STEP, TrialTables.X, TrialTables.Y).collectAsList()) {
      rows.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r);
    }
    rows.forEach((id, rs) -> {
      double[] xy = new double[2 * rs.size()];
      for (int i = 0; i < rs.size(); i++) {
        xy[2 * i] = rs.get(i).getDouble(2);
        xy[2 * i + 1] = rs.get(i).getDouble(3);
      }
      points.put(id, new TrialPoints(rs.get(0).getInt(1), xy));
    });
    return points;
  }

  private static Double nan(double v) {
    return Double.isNaN(v) ? null : v;
  }

  /** The ranking's leading columns, before the swept hyperparameters. */
  private static final int LEADING = 4;

  /**
   * The ranking as a table: rank, its rank group (first and last rank of the configurations its
   * seeds cannot tell apart: {@code rank_group} 1 and {@code rank_group_last} 2 print as "1–2"),
   * config_id, each swept hyperparameter as a column of its catalog type (the configurations' own
   * typed values), then the summary columns.
   */
  static Dataset<Row> rankingFrame(SparkSession spark, SweepAnalysis a) {
    return frame(spark, rankingRows(a), rankingSchema(a)).orderBy("rank");
  }

  private static StructType rankingSchema(SweepAnalysis a) {
    StructType schema = new StructType();
    for (int i = 0; i < LEADING; i++) {
      schema = schema.add(RANKING.fields()[i]);
    }
    for (String axis : a.axes()) {
      schema = schema.add(axis, columnType(axis), true);
    }
    for (int i = LEADING; i < RANKING.fields().length; i++) {
      schema = schema.add(RANKING.fields()[i]);
    }
    return schema;
  }

  private static List<Row> rankingRows(SweepAnalysis a) {
    List<Row> rows = new ArrayList<>();
    for (ConfigSummary s : a.ranking()) {
      List<Object> v = new ArrayList<>(List.of(s.rank(), s.rankGroup().first(), s.rankGroup().last(), s.configId()));
      a.axes().forEach(axis -> v.add(asColumn(s.params().get(axis), columnType(axis))));
      v.addAll(List.of(s.seeds(), s.stableSeeds(), s.stableShare(), s.score(), s.label(), s.why(), s.medianQuality(),
          s.iqrQuality(), s.worstQuality(), String.join(",", s.labels())));
      rows.add(RowFactory.create(v.toArray()));
    }
    rows.sort(java.util.Comparator.comparingInt(r -> r.getInt(0)));
    return rows;
  }

  /**
   * A swept value as its column's type: a table another tool wrote may hold an INT key as a
   * 64-bit integer or a REAL one as a float (pandas, DuckDB), and a row must match its schema.
   */
  private static Object asColumn(Object v, DataType type) {
    if (v instanceof Number n) {
      if (type == DataTypes.IntegerType) {
        return n.intValue();
      }
      if (type == DataTypes.DoubleType) {
        return n.doubleValue();
      }
    }
    return v == null || type != DataTypes.StringType ? v : v.toString();
  }

  /** The Spark type of a swept hyperparameter's column: its catalog type (text for a key this version lacks). */
  private static DataType columnType(String axis) {
    return Hyperparameter.byKey(axis).map(h -> switch (h.type()) {
      case INT -> DataTypes.IntegerType;
      case REAL -> DataTypes.DoubleType;
      case BOOL -> DataTypes.BooleanType;
      case CHOICE -> DataTypes.StringType;
    }).orElse(DataTypes.StringType);
  }

  /**
   * Publishes a frame as one plain Parquet file: Spark writes it to a hidden staging folder
   * ({@code ._<name>.<uuid>}), and its single part file becomes the content {@link Publisher}
   * puts in place, replacing an earlier analysis atomically.
   */
  /** Rows per slice of a driver-side table sent to Spark: a task carries at most one slice. */
  static final int SLICE_ROWS = 2000;

  /**
   * A driver-side list of rows as a frame, in slices of {@link #SLICE_ROWS}: one local relation
   * would ship every row in one task (Spark warns of a "task of very large size" from about
   * 10,000 trials on). Sort it before a single-file write: the sort's shuffle gathers the slices,
   * where coalescing would put them all back into one task.
   */
  static Dataset<Row> frame(SparkSession spark, List<Row> rows, StructType schema) {
    int slices = Math.max(1, (rows.size() + SLICE_ROWS - 1) / SLICE_ROWS);
    return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, slices), schema);
  }

  static void writeSingleParquet(FileSystem fs, Dataset<Row> df, Path target) throws IOException {
    Path staging = new Path(target.getParent(), "._" + target.getName() + "." + UUID.randomUUID());
    try {
      df.coalesce(1).write().parquet(staging.toString());
      FileStatus part = null;
      for (FileStatus f : fs.listStatus(staging)) {
        if (f.getPath().getName().startsWith("part-") && f.getPath().getName().endsWith(".parquet")) {
          part = f;
        }
      }
      if (part == null) {
        throw new IOException("Cannot write " + target + ": Spark wrote no part file (got " + List.of(fs.listStatus(staging))
            + "; allowed one part-*.parquet)");
      }
      Path written = part.getPath();
      new Publisher(fs.getConf()).publish(target, Publisher.IfPresent.REPLACE, (f, file) -> {
        f.delete(file, false); // only an object store's target itself can exist here; the rename then copies
        if (!f.rename(written, file)) {
          throw new IOException("Cannot write " + target + ": rename failed (got false; allowed a rename within one file system)");
        }
      });
    } finally {
      fs.delete(staging, true);
    }
  }

  static void writeText(FileSystem fs, Path target, String text) throws IOException {
    new Publisher(fs.getConf()).publish(target, Publisher.IfPresent.REPLACE, text.getBytes(StandardCharsets.UTF_8));
  }

  /** RFC 4180 CSV of a small frame (collected on the driver); doubles as {@link Numbers#exact}, which every CSV reader parses. */
  static String csv(Dataset<Row> df) {
    return csv(df.columns(), df.collectAsList());
  }

  /** RFC 4180 CSV of rows under {@code columns}. */
  static String csv(String[] columns, List<Row> rows) {
    StringBuilder sb = new StringBuilder(String.join(",", columns)).append('\n');
    for (Row r : rows) {
      for (int i = 0; i < r.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        Object v = r.get(i);
        String s = Numbers.exact(v); // 1e-4 and 0.001, as in the terminal and the report
        sb.append(s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s);
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
