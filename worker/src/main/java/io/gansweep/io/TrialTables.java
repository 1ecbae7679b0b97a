package io.gansweep.io;

import io.gansweep.metrics.Quality;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.MetricRow;
import io.gansweep.trial.Provenance;
import io.gansweep.trial.SamplePoints;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.TrialSummary;
import java.util.List;
import java.util.function.Function;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * The Parquet schemas of the {@code trials}, {@code metrics} and {@code samples} tables (column
 * names are the contract of DESIGN.md) and the conversion of rows to Parquet groups. Every
 * hyperparameter is a typed column named as in the spec; nothing is a JSON blob or a stringly
 * number. {@code sweep_id} is the Hive partition ({@code sweep_id=<id>/} in the path) and is not
 * stored inside the files: as in Hive and Spark, a partition column lives in the path only, which
 * is what pandas/pyarrow, Polars and PyArrow datasets need to merge the partitions (a column in
 * both reads as string in the file and dictionary in the path, and the merge fails).
 */
public final class TrialTables {

  private TrialTables() {}

  /**
   * A quality column: {@code name} in {@code metrics}, {@code final_<name>} in {@code trials}.
   *
   * @param name column name
   * @param type INT32 or DOUBLE
   * @param value its value in a quality evaluation, null where undefined
   */
  private record QualityColumn(String name, PrimitiveTypeName type, Function<Quality, Object> value) {}

  /** Every quality column, in table order: the same list for both tables. */
  private static final List<QualityColumn> QUALITY = List.of(
      new QualityColumn("modes", PrimitiveTypeName.INT32, Quality::modes),
      new QualityColumn("hq", PrimitiveTypeName.DOUBLE, Quality::hq),
      new QualityColumn("rkl", PrimitiveTypeName.DOUBLE, Quality::rkl),
      new QualityColumn("distance", PrimitiveTypeName.DOUBLE, Quality::distance),
      new QualityColumn("fd", PrimitiveTypeName.DOUBLE, Quality::fd),
      new QualityColumn("modes_covered", PrimitiveTypeName.INT32, Quality::modesCovered),
      new QualityColumn("precision", PrimitiveTypeName.DOUBLE, Quality::precision),
      new QualityColumn("recall", PrimitiveTypeName.DOUBLE, Quality::recall),
      new QualityColumn("density", PrimitiveTypeName.DOUBLE, Quality::density),
      new QualityColumn("coverage", PrimitiveTypeName.DOUBLE, Quality::coverage));

  /** Schema of the {@code trials} table: one row per trial. */
  public static final MessageType TRIALS = trialsSchema();

  /** Schema of the {@code metrics} table: one row per logged step per trial. */
  public static final MessageType METRICS = metricsSchema();

  private static MessageType metricsSchema() {
    var b = Types.buildMessage()
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("trial_id")
      .required(PrimitiveTypeName.INT32).named("step")
      .required(PrimitiveTypeName.DOUBLE).named("wall_seconds")
      .optional(PrimitiveTypeName.DOUBLE).named("d_loss")
      .optional(PrimitiveTypeName.DOUBLE).named("g_loss")
      .optional(PrimitiveTypeName.DOUBLE).named("d_real")
      .optional(PrimitiveTypeName.DOUBLE).named("d_fake")
      .optional(PrimitiveTypeName.DOUBLE).named("grad_norm_d")
      .optional(PrimitiveTypeName.DOUBLE).named("grad_norm_g");
    for (QualityColumn q : QUALITY) {
      b = b.optional(q.type()).named(q.name());
    }
    return b.named("metrics");
  }

  /** Schema of the {@code samples} table: the generated 2-D points of a trial's last evaluation. */
  public static final MessageType SAMPLES = Types.buildMessage()
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("trial_id")
      .required(PrimitiveTypeName.INT32).named("step")
      .required(PrimitiveTypeName.DOUBLE).named("x")
      .required(PrimitiveTypeName.DOUBLE).named("y")
      .named("samples");

  private static MessageType trialsSchema() {
    var b = Types.buildMessage()
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("trial_id")
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("config_id")
        .required(PrimitiveTypeName.INT32).named("trial_index")
        .required(PrimitiveTypeName.INT64).named("seed");
    for (Hyperparameter h : Hyperparameter.values()) {
      b = switch (h.type()) {
        case INT -> b.required(PrimitiveTypeName.INT32).named(h.key());
        case REAL -> b.required(PrimitiveTypeName.DOUBLE).named(h.key());
        case BOOL -> b.required(PrimitiveTypeName.BOOLEAN).named(h.key());
        case CHOICE -> b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(h.key());
      };
    }
    LogicalTypeAnnotation timestamp = LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS);
    b = b.required(PrimitiveTypeName.DOUBLE).named("lr_d")
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("status")
        .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("error")
        .required(PrimitiveTypeName.INT32).named("steps_done")
        .optional(PrimitiveTypeName.INT32).named("diverged_step")
        .required(PrimitiveTypeName.DOUBLE).named("wall_seconds")
        .required(PrimitiveTypeName.DOUBLE).named("train_seconds")
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("device")
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("host")
        .required(PrimitiveTypeName.INT32).named("attempt")
        .required(PrimitiveTypeName.INT64).as(timestamp).named("started_at")
        .required(PrimitiveTypeName.INT64).as(timestamp).named("finished_at");
    for (QualityColumn q : QUALITY) {
      b = b.optional(q.type()).named("final_" + q.name());
    }
    b = b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("feature_net")
        .optional(PrimitiveTypeName.DOUBLE).named("final_d_loss")
        .optional(PrimitiveTypeName.DOUBLE).named("final_g_loss");
    for (String v : List.of("gansweep_version", "djl_version", "pytorch_version", "java_version", "os")) {
      b = b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(v);
    }
    return b.named("trials");
  }

  /** The {@code trials} row of a summary. */
  static Group trialRow(TrialSummary s) {
    Group g = new SimpleGroupFactory(TRIALS).newGroup();
    TrialConfig c = s.task().config();
    g.add("trial_id", c.trialId());
    g.add("config_id", c.configId());
    g.add("trial_index", s.task().index());
    g.add("seed", c.seed());
    for (Hyperparameter h : Hyperparameter.values()) {
      Object v = c.get(h);
      switch (h.type()) {
        case INT -> g.add(h.key(), (Integer) v);
        case REAL -> g.add(h.key(), (Double) v);
        case BOOL -> g.add(h.key(), (Boolean) v);
        case CHOICE -> g.add(h.key(), (String) v);
      }
    }
    g.add("lr_d", c.lrD());
    g.add("status", s.status().name());
    addOptional(g, "error", s.error());
    g.add("steps_done", s.stepsDone());
    addOptional(g, "diverged_step", s.divergedStep());
    g.add("wall_seconds", s.wallSeconds());
    g.add("train_seconds", s.trainSeconds());
    g.add("device", s.task().device());
    g.add("host", s.host());
    g.add("attempt", s.task().attempt());
    g.add("started_at", s.startedAt().toEpochMilli());
    g.add("finished_at", s.finishedAt().toEpochMilli());
    addQuality(g, "final_", s.finalQuality());
    addOptional(g, "feature_net", s.featureNet());
    addOptional(g, "final_d_loss", s.finalDLoss());
    addOptional(g, "final_g_loss", s.finalGLoss());
    Provenance p = s.provenance();
    g.add("gansweep_version", p.gansweep());
    g.add("djl_version", p.djl());
    g.add("pytorch_version", p.pytorch());
    g.add("java_version", p.java());
    g.add("os", p.os());
    return g;
  }

  /** One {@code metrics} row. */
  static Group metricRow(String trialId, MetricRow r) {
    Group g = new SimpleGroupFactory(METRICS).newGroup();
    g.add("trial_id", trialId);
    g.add("step", r.step());
    g.add("wall_seconds", r.wallSeconds());
    addOptional(g, "d_loss", r.dLoss());
    addOptional(g, "g_loss", r.gLoss());
    addOptional(g, "d_real", r.dReal());
    addOptional(g, "d_fake", r.dFake());
    addOptional(g, "grad_norm_d", r.gradNormD());
    addOptional(g, "grad_norm_g", r.gradNormG());
    addQuality(g, "", r.quality());
    return g;
  }

  /** The quality columns of {@code q}, named with {@code prefix}; all null when {@code q} is. */
  private static void addQuality(Group g, String prefix, Quality q) {
    if (q != null) {
      for (QualityColumn c : QUALITY) {
        addOptional(g, prefix + c.name(), c.value().apply(q));
      }
    }
  }

  /** The {@code samples} rows of a trial's points, one per point. */
  static List<Group> sampleRows(String trialId, SamplePoints p) {
    SimpleGroupFactory f = new SimpleGroupFactory(SAMPLES);
    float[] xy = p.xy();
    List<Group> rows = new java.util.ArrayList<>(p.size());
    for (int i = 0; i < p.size(); i++) {
      Group g = f.newGroup();
      g.add("trial_id", trialId);
      g.add("step", p.step());
      g.add("x", (double) xy[2 * i]);
      g.add("y", (double) xy[2 * i + 1]);
      rows.add(g);
    }
    return rows;
  }

  private static void addOptional(Group g, String field, Object v) {
    if (v instanceof Integer i) {
      g.add(field, i);
    } else if (v instanceof Double d) {
      g.add(field, d);
    } else if (v instanceof String s) {
      g.add(field, s);
    } else if (v != null) {
      throw new IllegalArgumentException(
          "Cannot write column " + field + ": unsupported type (got " + v.getClass().getName() + "; allowed Integer, Double, String)");
    }
  }

}
