package io.gansweep.io;

import io.gansweep.metrics.Quality;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.MetricRow;
import io.gansweep.trial.Provenance;
import io.gansweep.trial.RungRow;
import io.gansweep.trial.SamplePoints;
import io.gansweep.trial.ScreenRow;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.TrialStatus;
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

  // Column names: the one spelling every writer and reader uses (quality columns are named alike in
  // metrics and, as final_<name> (finalOf), in trials).
  public static final String TRIAL_ID = "trial_id";
  public static final String CONFIG_ID = "config_id";
  public static final String SEED = "seed";
  public static final String STATUS = "status";
  public static final String ERROR = "error";
  public static final String DIVERGED_STEP = "diverged_step";
  public static final String STEP = "step";
  public static final String D_LOSS = "d_loss";
  public static final String G_LOSS = "g_loss";
  public static final String D_FAKE = "d_fake";
  public static final String GRAD_NORM_D = "grad_norm_d";
  public static final String GRAD_NORM_G = "grad_norm_g";
  public static final String MODES = "modes";
  public static final String HQ = "hq";
  public static final String RKL = "rkl";
  public static final String DISTANCE = "distance";
  /** Column of the {@code trials} table naming the network whose features gave a row's image quality ({@code Features#id}). */
  public static final String FEATURE_NET = "feature_net";
  /** The kind of the built-in classifier in {@link #FEATURE_NET}: {@code classifier:<sha256>}. */
  public static final String CLASSIFIER = "classifier";
  public static final String FD = "fd";
  public static final String MODES_COVERED = "modes_covered";
  public static final String PRECISION = "precision";
  public static final String RECALL = "recall";
  public static final String X = "x";
  public static final String Y = "y";

  /** The trials column of a quality column's last value: {@code final_<name>}. */
  public static String finalOf(String quality) {
    return "final_" + quality;
  }

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
      new QualityColumn(MODES, PrimitiveTypeName.INT32, Quality::modes),
      new QualityColumn(HQ, PrimitiveTypeName.DOUBLE, Quality::hq),
      new QualityColumn(RKL, PrimitiveTypeName.DOUBLE, Quality::rkl),
      new QualityColumn(DISTANCE, PrimitiveTypeName.DOUBLE, Quality::distance),
      new QualityColumn(FD, PrimitiveTypeName.DOUBLE, Quality::fd),
      new QualityColumn(MODES_COVERED, PrimitiveTypeName.INT32, Quality::modesCovered),
      new QualityColumn(PRECISION, PrimitiveTypeName.DOUBLE, Quality::precision),
      new QualityColumn(RECALL, PrimitiveTypeName.DOUBLE, Quality::recall),
      new QualityColumn("density", PrimitiveTypeName.DOUBLE, Quality::density),
      new QualityColumn("coverage", PrimitiveTypeName.DOUBLE, Quality::coverage));

  /** Schema of the {@code trials} table: one row per trial. */
  public static final MessageType TRIALS = trialsSchema();

  /** Schema of the {@code metrics} table: one row per logged step per trial. */
  public static final MessageType METRICS = metricsSchema();

  private static MessageType metricsSchema() {
    var b = Types.buildMessage()
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(TRIAL_ID)
      .required(PrimitiveTypeName.INT32).named(STEP)
      .required(PrimitiveTypeName.DOUBLE).named("wall_seconds")
      .optional(PrimitiveTypeName.DOUBLE).named(D_LOSS)
      .optional(PrimitiveTypeName.DOUBLE).named(G_LOSS)
      .optional(PrimitiveTypeName.DOUBLE).named("d_real")
      .optional(PrimitiveTypeName.DOUBLE).named(D_FAKE)
      .optional(PrimitiveTypeName.DOUBLE).named(GRAD_NORM_D)
      .optional(PrimitiveTypeName.DOUBLE).named(GRAD_NORM_G);
    for (QualityColumn q : QUALITY) {
      b = b.optional(q.type()).named(q.name());
    }
    return b.named("metrics");
  }

  /** Schema of the {@code samples} table: the generated 2-D points of a trial's last evaluation. */
  public static final MessageType SAMPLES = Types.buildMessage()
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(TRIAL_ID)
      .required(PrimitiveTypeName.INT32).named(STEP)
      .required(PrimitiveTypeName.DOUBLE).named(X)
      .required(PrimitiveTypeName.DOUBLE).named(Y)
      .named("samples");

  /** Schema of the {@code rungs} table: one row per trial and rung of early termination ({@link RungRow}). */
  public static final MessageType RUNGS = rungsSchema();

  public static final String BRACKET = "bracket";
  public static final String RUNG = "rung";
  public static final String BUDGET = "budget";
  public static final String STEPS_DONE = "steps_done";
  public static final String LABEL = "label";
  public static final String EVIDENCE = "evidence";

  private static MessageType rungsSchema() {
    var b = Types.buildMessage()
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(TRIAL_ID)
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(CONFIG_ID)
        .required(PrimitiveTypeName.INT64).named(SEED)
        .required(PrimitiveTypeName.INT32).named(BRACKET)
        .required(PrimitiveTypeName.INT32).named(RUNG)
        .required(PrimitiveTypeName.INT32).named(BUDGET)
        .required(PrimitiveTypeName.INT32).named(STEPS_DONE)
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(STATUS)
        .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(ERROR)
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(LABEL)
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(EVIDENCE);
    for (QualityColumn q : QUALITY) {
      b = b.optional(q.type()).named(q.name());
    }
    return b.named("rungs");
  }

  /** The {@code rungs} row of {@code r}. */
  static Group rungRow(RungRow r) {
    Group g = new SimpleGroupFactory(RUNGS).newGroup();
    g.add(TRIAL_ID, r.trialId());
    g.add(CONFIG_ID, r.configId());
    g.add(SEED, r.seed());
    g.add(BRACKET, r.bracket());
    g.add(RUNG, r.rung());
    g.add(BUDGET, r.budget());
    g.add(STEPS_DONE, r.stepsDone());
    g.add(STATUS, r.status().name());
    addOptional(g, ERROR, r.error());
    g.add(LABEL, r.label());
    g.add(EVIDENCE, r.evidence());
    addQuality(g, "", r.quality());
    return g;
  }

  /** A {@code rungs} row read back. */
  static RungRow rungRow(Group g) {
    Object[] q = new Object[QUALITY.size()];
    boolean any = false;
    for (int i = 0; i < q.length; i++) {
      QualityColumn c = QUALITY.get(i);
      if (g.getFieldRepetitionCount(c.name()) > 0) {
        q[i] = c.type() == PrimitiveTypeName.INT32 ? (Object) g.getInteger(c.name(), 0) : (Object) g.getDouble(c.name(), 0);
        any = true;
      }
    }
    Quality quality = any ? new Quality((Integer) q[0], (Integer) q[5], (Double) q[1], (Double) q[2], (Double) q[3], (Double) q[4],
        (Double) q[6], (Double) q[7], (Double) q[8], (Double) q[9]) : null;
    return new RungRow(g.getString(TRIAL_ID, 0), g.getString(CONFIG_ID, 0), g.getLong(SEED, 0), g.getInteger(BRACKET, 0),
        g.getInteger(RUNG, 0), g.getInteger(BUDGET, 0), g.getInteger(STEPS_DONE, 0), TrialStatus.valueOf(g.getString(STATUS, 0)),
        g.getFieldRepetitionCount(ERROR) > 0 ? g.getString(ERROR, 0) : null, g.getString(LABEL, 0), g.getString(EVIDENCE, 0), quality);
  }

  /** Schema of the {@code screen} table: one row per generator setup fitted alone before the sweep ({@link ScreenRow}). */
  public static final MessageType SCREEN = Types.buildMessage()
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("setup_id")
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("setup")
      .required(PrimitiveTypeName.DOUBLE).named("lr_g")
      .required(PrimitiveTypeName.INT32).named("steps")
      .optional(PrimitiveTypeName.DOUBLE).named("first_mse")
      .optional(PrimitiveTypeName.DOUBLE).named("last_mse")
      .optional(PrimitiveTypeName.INT32).named(DIVERGED_STEP)
      .required(PrimitiveTypeName.BOOLEAN).named("passed")
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("reason")
      .required(PrimitiveTypeName.DOUBLE).named("seconds")
      .named("screen");

  /** The {@code screen} row of {@code r}. */
  static Group screenRow(ScreenRow r) {
    Group g = new SimpleGroupFactory(SCREEN).newGroup();
    g.add("setup_id", r.setupId());
    g.add("setup", r.setup());
    g.add("lr_g", r.lrG());
    g.add("steps", r.steps());
    if (r.firstMse() != null) {
      g.add("first_mse", r.firstMse());
    }
    if (r.lastMse() != null) {
      g.add("last_mse", r.lastMse());
    }
    if (r.divergedStep() != null) {
      g.add(DIVERGED_STEP, r.divergedStep());
    }
    g.add("passed", r.passed());
    g.add("reason", r.reason());
    g.add("seconds", r.seconds());
    return g;
  }

  /** A {@code screen} row read back. */
  static ScreenRow screenRow(Group g) {
    return new ScreenRow(g.getString("setup_id", 0), g.getString("setup", 0), g.getDouble("lr_g", 0), g.getInteger("steps", 0),
        g.getFieldRepetitionCount("first_mse") > 0 ? g.getDouble("first_mse", 0) : null,
        g.getFieldRepetitionCount("last_mse") > 0 ? g.getDouble("last_mse", 0) : null,
        g.getFieldRepetitionCount(DIVERGED_STEP) > 0 ? g.getInteger(DIVERGED_STEP, 0) : null, g.getBoolean("passed", 0),
        g.getString("reason", 0), g.getDouble("seconds", 0));
  }

  private static MessageType trialsSchema() {
    var b = Types.buildMessage()
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(TRIAL_ID)
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(CONFIG_ID)
        .required(PrimitiveTypeName.INT32).named("trial_index")
        .required(PrimitiveTypeName.INT64).named(SEED);
    for (Hyperparameter<?> h : Hyperparameter.values()) {
      b = switch (h.type()) {
        case INT -> b.required(PrimitiveTypeName.INT32).named(h.key());
        case REAL -> b.required(PrimitiveTypeName.DOUBLE).named(h.key());
        case BOOL -> b.required(PrimitiveTypeName.BOOLEAN).named(h.key());
        case CHOICE -> b.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(h.key());
      };
    }
    LogicalTypeAnnotation timestamp = LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS);
    b = b.required(PrimitiveTypeName.DOUBLE).named("lr_d")
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(STATUS)
        .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(ERROR)
        .required(PrimitiveTypeName.INT32).named("steps_done")
        .optional(PrimitiveTypeName.INT32).named(DIVERGED_STEP)
        .required(PrimitiveTypeName.DOUBLE).named("wall_seconds")
        .required(PrimitiveTypeName.DOUBLE).named("train_seconds")
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("device")
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("host")
        .required(PrimitiveTypeName.INT32).named("attempt")
        .required(PrimitiveTypeName.INT64).as(timestamp).named("started_at")
        .required(PrimitiveTypeName.INT64).as(timestamp).named("finished_at");
    for (QualityColumn q : QUALITY) {
      b = b.optional(q.type()).named(finalOf(q.name()));
    }
    b = b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(FEATURE_NET)
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
    g.add(TRIAL_ID, c.trialId());
    g.add(CONFIG_ID, c.configId());
    g.add("trial_index", s.task().index());
    g.add(SEED, c.seed());
    for (Hyperparameter<?> h : Hyperparameter.values()) {
      Object v = c.wire(h);
      switch (h.type()) {
        case INT -> g.add(h.key(), (Integer) v);
        case REAL -> g.add(h.key(), (Double) v);
        case BOOL -> g.add(h.key(), (Boolean) v);
        case CHOICE -> g.add(h.key(), (String) v);
      }
    }
    g.add("lr_d", c.lrD());
    g.add(STATUS, s.status().name());
    addOptional(g, ERROR, s.error());
    g.add("steps_done", s.stepsDone());
    addOptional(g, DIVERGED_STEP, s.divergedStep());
    g.add("wall_seconds", s.wallSeconds());
    g.add("train_seconds", s.trainSeconds());
    g.add("device", s.task().device());
    g.add("host", s.host());
    g.add("attempt", s.task().attempt());
    g.add("started_at", s.startedAt().toEpochMilli());
    g.add("finished_at", s.finishedAt().toEpochMilli());
    addQuality(g, "final_", s.finalQuality());
    addOptional(g, FEATURE_NET, s.featureNet());
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
    g.add(TRIAL_ID, trialId);
    g.add(STEP, r.step());
    g.add("wall_seconds", r.wallSeconds());
    addOptional(g, D_LOSS, r.dLoss());
    addOptional(g, G_LOSS, r.gLoss());
    addOptional(g, "d_real", r.dReal());
    addOptional(g, D_FAKE, r.dFake());
    addOptional(g, GRAD_NORM_D, r.gradNormD());
    addOptional(g, GRAD_NORM_G, r.gradNormG());
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
      g.add(TRIAL_ID, trialId);
      g.add(STEP, p.step());
      g.add(X, (double) xy[2 * i]);
      g.add(Y, (double) xy[2 * i + 1]);
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
