package io.gansweep.trial;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The catalog of trial hyperparameters: spec key, type, default and allowed values. The order of
 * the constants is the column order of the tables and the order hashed into {@code config_id}:
 * append new parameters at the end, with a default that keeps today's behaviour, so that every
 * stored config id stays as it is ({@link TrialConfig#configId} hashes only non-default values).
 */
public enum Hyperparameter {
  DATASET("dataset", "data to learn: a 2-D mixture (SCIENCE.md), the synthetic 28x28 shapes, or IDX images",
      "ring8", "ring8", "grid25", "shapes", "idx:<path>"),
  STEPS("steps", "training rounds (each: d_steps D updates, then g_steps G updates)", 2000, ValueRange.ints(1, 10_000_000)),
  BATCH_SIZE("batch_size", "samples per batch, real and fake alike", 256, ValueRange.ints(1, 65_536)),
  LATENT_DIM("latent_dim", "dimension of z ~ N(0, I)", 16, ValueRange.ints(1, 4096)),
  HIDDEN("hidden", "units per hidden layer of G and D (images: channels of D's first conv layer)", 128, ValueRange.ints(1, 65_536)),
  LAYERS("layers", "hidden layers of G and D (MLPs; the image convnets have two conv layers)", 2, ValueRange.ints(1, 32)),
  LR_G(
      "lr_g",
      "Adam learning rate of G",
      1.0e-4,
      new ValueRange(0, false, 10, true)),
  TTUR(
      "ttur",
      "learning-rate ratio; lr_d = ttur * lr_g (Heusel et al. 2017)",
      1.0,
      new ValueRange(0, false, 1000, true)),
  D_STEPS("d_steps", "discriminator updates per round", 1, ValueRange.ints(1, 100)),
  G_STEPS("g_steps", "generator updates per round", 1, ValueRange.ints(1, 100)),
  INIT("init", "weight initialisation of G and D", "xavier", WireEnum.wireNames(InitScheme.class)),
  LOSS("loss", "adversarial loss", "nsgan", WireEnum.wireNames(LossKind.class)),
  PENALTY("penalty", "gradient penalty on D", "none", WireEnum.wireNames(PenaltyKind.class)),
  PENALTY_WEIGHT(
      "penalty_weight",
      "weight of the penalty (gp: lambda; r1: gamma, applied as gamma/2)",
      1.0,
      ValueRange.closed(0, 10_000)),
  ADAM_BETA1("adam_beta1", "Adam beta1 of both optimisers", 0.5, new ValueRange(0, true, 1, false)),
  ADAM_BETA2("adam_beta2", "Adam beta2 of both optimisers", 0.999, new ValueRange(0, true, 1, false)),
  SPECTRAL_NORM("spectral_norm", "spectral normalisation of D's weights (power iteration)", false),
  BATCH_NORM("batch_norm", "batch normalisation in G's hidden layers", false),
  BN_MOMENTUM(
      "bn_momentum",
      "batch-norm running-statistics momentum",
      0.1,
      new ValueRange(0, false, 1, true)),
  DROPOUT_D("dropout_d", "dropout rate in D's hidden layers", 0.0, new ValueRange(0, true, 1, false)),
  FEATURE_MATCHING(
      "feature_matching",
      "weight of the feature-matching term in G's loss (0 = off)",
      0.0,
      ValueRange.closed(0, 10_000)),
  LOG_EVERY("log_every", "steps between metrics rows", 10, ValueRange.ints(1, 1_000_000)),
  EVAL_EVERY("eval_every", "steps between quality evaluations", 500, ValueRange.ints(1, 10_000_000)),
  EVAL_SAMPLES(
      "eval_samples",
      "generated samples per quality evaluation (2,500 in the papers)",
      2500,
      ValueRange.ints(16, 1_000_000)),
  G_ACTIVATION("g_activation", "hidden activation of G (the image G keeps its final tanh)", "relu",
      WireEnum.wireNames(ActivationKind.class)),
  D_ACTIVATION("d_activation", "hidden activation of D (LeakyReLU slope 0.2)", "leaky_relu",
      WireEnum.wireNames(ActivationKind.class));

  /** Prefix of an IDX image dataset: {@code idx:} and the images file's path or Hadoop URI. */
  public static final String IDX_PREFIX = "idx:";

  private static final String OPEN_SUFFIX = "<path>";

  private final String key;
  private final String description;
  private final ParamType type;
  private final Object defaultValue;
  private final ValueRange range;
  private final List<String> choices;

  Hyperparameter(String key, String description, int defaultValue, ValueRange range) {
    this(key, description, ParamType.INT, defaultValue, range, List.of());
  }

  Hyperparameter(String key, String description, double defaultValue, ValueRange range) {
    this(key, description, ParamType.REAL, defaultValue, range, List.of());
  }

  Hyperparameter(String key, String description, boolean defaultValue) {
    this(key, description, ParamType.BOOL, defaultValue, null, List.of());
  }

  Hyperparameter(String key, String description, String defaultValue, String... choices) {
    this(key, description, ParamType.CHOICE, defaultValue, null, List.of(choices));
  }

  Hyperparameter(
      String key,
      String description,
      ParamType type,
      Object defaultValue,
      ValueRange range,
      List<String> choices) {
    this.key = key;
    this.description = description;
    this.type = type;
    this.defaultValue = defaultValue;
    this.range = range;
    this.choices = choices;
  }

  /** The spec key and table column name. */
  public String key() {
    return key;
  }

  public String description() {
    return description;
  }

  public ParamType type() {
    return type;
  }

  /** The default: an Integer, Double, Boolean or String according to {@link #type()}. */
  public Object defaultValue() {
    return defaultValue;
  }

  /** The numeric range of an INT or REAL parameter; empty for BOOL and CHOICE. */
  public Optional<ValueRange> range() {
    return Optional.ofNullable(range);
  }

  /**
   * The allowed names of a CHOICE parameter; empty otherwise. A choice ending in {@code <path>}
   * stands for its prefix followed by any non-empty text ({@code idx:<path>}).
   */
  public List<String> choices() {
    return choices;
  }

  private boolean allows(String s) {
    for (String c : choices) {
      if (c.endsWith(OPEN_SUFFIX) ? s.startsWith(c.substring(0, c.length() - OPEN_SUFFIX.length()))
          && s.length() > c.length() - OPEN_SUFFIX.length() : c.equals(s)) {
        return true;
      }
    }
    return false;
  }

  /** What the parameter allows, for messages and the README. */
  public String allowed() {
    return switch (type) {
      case INT, REAL -> range.describe(type);
      case BOOL -> "true or false";
      case CHOICE -> String.join(", ", choices);
    };
  }

  /**
   * Converts a parsed value to this parameter's canonical Java type, or says why it cannot: a
   * message of the form "Cannot use VALUE: REASON" without the got/allowed part (the caller knows
   * both). Integral reals are accepted for INT parameters ({@code 1e4} is 10000).
   */
  public Conversion convert(Object value) {
    switch (type) {
      case INT -> {
        if (!(value instanceof Number n) || value instanceof Double d && d != Math.rint(d)) {
          return Conversion.error("not an integer");
        }
        double v = n.doubleValue();
        if (!range.contains(v)) {
          return Conversion.error("out of range");
        }
        return Conversion.ok((int) v);
      }
      case REAL -> {
        if (!(value instanceof Number n)) {
          return Conversion.error("not a number");
        }
        double v = n.doubleValue();
        if (!Double.isFinite(v)) {
          return Conversion.error("not finite");
        }
        if (!range.contains(v)) {
          return Conversion.error("out of range");
        }
        return Conversion.ok(v);
      }
      case BOOL -> {
        return value instanceof Boolean b ? Conversion.ok(b) : Conversion.error("not a boolean");
      }
      case CHOICE -> {
        if (!(value instanceof String s)) {
          return Conversion.error("not a name");
        }
        return allows(s) ? Conversion.ok(s) : Conversion.error("unknown name");
      }
    }
    throw new AssertionError(type);
  }

  /** The parameter with this spec key, if any. */
  public static Optional<Hyperparameter> byKey(String key) {
    return Arrays.stream(values()).filter(h -> h.key.equals(key)).findFirst();
  }

  /**
   * The result of {@link #convert}: a canonical value or the reason it was refused.
   *
   * @param value the canonical value, null when refused
   * @param reason why it was refused, null when accepted
   */
  public record Conversion(Object value, String reason) {
    static Conversion ok(Object value) {
      return new Conversion(value, null);
    }

    static Conversion error(String reason) {
      return new Conversion(null, reason);
    }

    public boolean isOk() {
      return reason == null;
    }
  }
}
