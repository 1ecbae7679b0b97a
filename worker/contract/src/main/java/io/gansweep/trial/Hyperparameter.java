package io.gansweep.trial;

import io.gansweep.data.Datasets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One typed key of the trial catalog, carrying all that the code knows of it in its one
 * declaration (as Spark's {@code ConfigEntry} does): spec key and column name, Java type, default,
 * allowed values, what it acts on, which models read it, and how packs treat it. A trial's values
 * are read with {@link TrialConfig#get(Hyperparameter)} in the key's own type.
 *
 * <p>The order of the declarations is the column order of the tables and the order hashed into
 * {@code config_id}: append new keys at the end, with a default that keeps today's behaviour, so
 * that every stored config id stays as it is ({@link TrialConfig#configId} hashes only non-default
 * values). A new key is this one declaration plus the code that honours it: the tables, the spec
 * parser, the ids, the packing rule and the G-only screen all read its metadata from here.
 *
 * @param <T> the value's Java type: Integer, Double, Boolean, String or a {@link WireEnum}
 */
public final class Hyperparameter<T> {

  private static final List<Hyperparameter<?>> ALL = new ArrayList<>();
  private static final String OPEN = "<path>";
  /** A choice entry that stands for any name (a plug-in model's). */
  private static final String ANY_NAME = "<name>";
  private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z][a-z0-9_-]{0,63}");
  /** Prefix of a file checksum value: {@code sha256:} and 64 hex digits. */
  public static final String SHA256 = "sha256:";

  public static final Hyperparameter<String> DATASET = open("dataset",
      "data to learn: a 2-D mixture (ring8, grid25), the synthetic 28x28 shapes, IDX images, points from a Parquet or CSV file,"
          + " or a folder of PNG/JPEG images",
      Target.DATA, Scope.RECIPE, Packing.SHARED, "ring8", List.of("ring8", "grid25", Datasets.SHAPES, Datasets.IDX_PREFIX + OPEN,
          Datasets.POINTS_PREFIX + OPEN, Datasets.FOLDER_PREFIX + OPEN));
  public static final Hyperparameter<Integer> STEPS = integer("steps",
      "training rounds (each: d_steps D updates, then g_steps G updates)", Target.RUN, Scope.RECIPE, Packing.SHARED,
      2000, ValueRange.ints(1, 10_000_000));
  public static final Hyperparameter<Integer> BATCH_SIZE = integer("batch_size", "samples per batch, real and fake alike",
      Target.DATA, Scope.RECIPE, Packing.SHARED, 256, ValueRange.ints(1, 65_536));
  public static final Hyperparameter<Integer> LATENT_DIM = integer("latent_dim", "dimension of z ~ N(0, I)",
      Target.G, Scope.RECIPE, Packing.SHARED, 16, ValueRange.ints(1, 4096));
  public static final Hyperparameter<Integer> HIDDEN = integer("hidden",
      "units per hidden layer of G and D (images: channels of D's first conv layer)", Target.BOTH, Scope.ARCHITECTURE,
      Packing.SHARED, 128, ValueRange.ints(1, 65_536));
  public static final Hyperparameter<Integer> LAYERS = integer("layers",
      "hidden layers of G and D (MLPs; the image convnets have two conv layers)", Target.BOTH, Scope.ARCHITECTURE,
      Packing.SHARED, 2, ValueRange.ints(1, 32));
  public static final Hyperparameter<Double> LR_G = real("lr_g", "learning rate of G's optimiser", Target.G, Scope.RECIPE,
      Packing.PER_TRIAL, 1.0e-4, new ValueRange(0, false, 10, true));
  public static final Hyperparameter<Double> TTUR = real("ttur",
      "learning-rate ratio; lr_d = ttur * lr_g (Heusel et al. 2017)", Target.D, Scope.RECIPE, Packing.PER_TRIAL, 1.0,
      new ValueRange(0, false, 1000, true));
  public static final Hyperparameter<Integer> D_STEPS = integer("d_steps", "discriminator updates per round",
      Target.RUN, Scope.RECIPE, Packing.SHARED, 1, ValueRange.ints(1, 100));
  public static final Hyperparameter<Integer> G_STEPS = integer("g_steps", "generator updates per round",
      Target.RUN, Scope.RECIPE, Packing.SHARED, 1, ValueRange.ints(1, 100));
  public static final Hyperparameter<InitScheme> INIT = choice("init", "weight initialisation of G and D",
      Target.BOTH, Scope.RECIPE, Packing.SHARED, InitScheme.XAVIER);
  public static final Hyperparameter<LossKind> LOSS = choice("loss", "adversarial loss", Target.RUN, Scope.RECIPE,
      Packing.SHARED, LossKind.NSGAN);
  public static final Hyperparameter<PenaltyKind> PENALTY = choice("penalty", "gradient penalty on D", Target.D,
      Scope.RECIPE, Packing.SHARED, PenaltyKind.NONE);
  public static final Hyperparameter<Double> PENALTY_WEIGHT = real("penalty_weight",
      "weight of the penalty (gp: lambda; r1: gamma, applied as gamma/2)", Target.D, Scope.RECIPE, Packing.SHARED,
      1.0, ValueRange.closed(0, 10_000));
  public static final Hyperparameter<Double> ADAM_BETA1 = real("adam_beta1", "Adam beta1 of both optimisers",
      Target.BOTH, Scope.RECIPE, Packing.SHARED, 0.5, new ValueRange(0, true, 1, false));
  public static final Hyperparameter<Double> ADAM_BETA2 = real("adam_beta2", "Adam beta2 of both optimisers",
      Target.BOTH, Scope.RECIPE, Packing.SHARED, 0.999, new ValueRange(0, true, 1, false));
  // Spectral norm, batch norm and dropout keep their state per row of a stack (u vectors, running
  // statistics, masks from each trial's stream), so they pack: see StackedMlp and StackedConvNet.
  public static final Hyperparameter<Boolean> SPECTRAL_NORM = bool("spectral_norm",
      "spectral normalisation of D's weights (power iteration)", Target.D, Scope.ARCHITECTURE, Packing.SHARED, false);
  public static final Hyperparameter<Boolean> BATCH_NORM = bool("batch_norm", "batch normalisation in G's hidden layers",
      Target.G, Scope.ARCHITECTURE, Packing.SHARED, false);
  public static final Hyperparameter<Double> BN_MOMENTUM = real("bn_momentum", "batch-norm running-statistics momentum",
      Target.G, Scope.ARCHITECTURE, Packing.SHARED, 0.1, new ValueRange(0, false, 1, true));
  public static final Hyperparameter<Double> DROPOUT_D = real("dropout_d", "dropout rate in D's hidden layers",
      Target.D, Scope.ARCHITECTURE, Packing.SHARED, 0.0, new ValueRange(0, true, 1, false));
  // D's features of G's batch (feature matching's target) are not stacked: such trials train alone.
  public static final Hyperparameter<Double> FEATURE_MATCHING = real("feature_matching",
      "weight of the feature-matching term in G's loss (0 = off)", Target.RUN, Scope.ARCHITECTURE,
      Packing.ALONE_UNLESS_DEFAULT, 0.0, ValueRange.closed(0, 10_000));
  public static final Hyperparameter<Integer> LOG_EVERY = integer("log_every", "steps between metrics rows",
      Target.RUN, Scope.RECIPE, Packing.SHARED, 10, ValueRange.ints(1, 1_000_000));
  public static final Hyperparameter<Integer> EVAL_EVERY = integer("eval_every", "steps between quality evaluations",
      Target.RUN, Scope.RECIPE, Packing.SHARED, 500, ValueRange.ints(1, 10_000_000));
  public static final Hyperparameter<Integer> EVAL_SAMPLES = integer("eval_samples",
      "generated samples per quality evaluation (2,500 in the papers)", Target.RUN, Scope.RECIPE, Packing.SHARED,
      2500, ValueRange.ints(16, 1_000_000));
  public static final Hyperparameter<ActivationKind> G_ACTIVATION = choice("g_activation",
      "hidden activation of G (the image G keeps its final tanh)", Target.G, Scope.ARCHITECTURE, Packing.SHARED,
      ActivationKind.RELU);
  public static final Hyperparameter<ActivationKind> D_ACTIVATION = choice("d_activation",
      "hidden activation of D (LeakyReLU slope 0.2)", Target.D, Scope.ARCHITECTURE, Packing.SHARED,
      ActivationKind.LEAKY_RELU);
  // Per trial in packs too: Adam clips each row of a stack by its own norm and its own bound.
  public static final Hyperparameter<Double> GRAD_CLIP = real("grad_clip",
      "clip each network's global gradient L2 norm to this before its optimiser step, per trial (0 = off; as PyTorch's clip_grad_norm_)",
      Target.BOTH, Scope.RECIPE, Packing.PER_TRIAL, 0.0, ValueRange.closed(0, 1.0e6));
  // The model and its files: set by the spec's model section, never under parameters (SpecParser).
  public static final Hyperparameter<String> MODEL = open("model",
      "the model that builds G and D: the dataset's built-in (auto: mlp for points, dcgan for images), torchscript, or a "
          + "plug-in's name", Target.BOTH, Scope.RECIPE, Packing.SHARED, "auto", List.of("auto", ANY_NAME));
  public static final Hyperparameter<String> GENERATOR_FILE = open("generator_file",
      "checksum of a TorchScript model's generator file (none: the model has no file)", Target.G, Scope.ARCHITECTURE,
      Packing.ALONE_UNLESS_DEFAULT, "none", List.of("none", SHA256 + OPEN));
  public static final Hyperparameter<String> DISCRIMINATOR_FILE = open("discriminator_file",
      "checksum of a TorchScript model's discriminator file (none: the model has no file)", Target.D, Scope.ARCHITECTURE,
      Packing.ALONE_UNLESS_DEFAULT, "none", List.of("none", SHA256 + OPEN));
  // Packs apply it alike (GanTrainer's round is the same code for a pack and a trial alone).
  public static final Hyperparameter<GStepNoise> G_STEP_NOISE = choice("g_step_noise",
      "z of G's first update in a round: same (D's last z, its G forward reused) or fresh (a new draw); later G steps always draw",
      Target.G, Scope.RECIPE, Packing.SHARED, GStepNoise.SAME);
  // Per pack alike: both optimisers of every row follow it (Adam reads it with the steps).
  public static final Hyperparameter<LrSchedule> LR_SCHEDULE = choice("lr_schedule",
      "decay of both learning rates over each optimiser's updates (steps x d_steps for D, steps x g_steps for G): "
          + "constant, linear (to 0) or cosine (Loshchilov and Hutter 2017)", Target.BOTH, Scope.RECIPE, Packing.SHARED,
      LrSchedule.CONSTANT);
  // Separate seeds: which random stream of a trial differs (the first practitioner note's claim that
  // identical code diverges by which draws differ). FOLLOW, the default, is the trial's own seed.
  public static final Hyperparameter<Integer> INIT_SEED = seed("init_seed",
      "seed of G's and D's initial weights");
  public static final Hyperparameter<Integer> DATA_SEED = seed("data_seed",
      "seed of the real samples each batch draws (the minibatch order)");
  public static final Hyperparameter<Integer> NOISE_SEED = seed("noise_seed",
      "seed of the z draws (training and evaluation), dropout masks and gp's interpolation points");
  // Set by the spec parser from a points:<file> dataset, never under parameters (SpecParser).
  public static final Hyperparameter<String> DATA_FILE = open("data_file",
      "checksum of a points dataset's file or of an image folder's decoded pixels (none: the dataset has no file)", Target.DATA,
      Scope.RECIPE, Packing.SHARED, "none", List.of("none", SHA256 + OPEN));
  // Set by the spec parser with data_file, never under parameters: what class coverage counts against, in every row.
  public static final Hyperparameter<Integer> DATA_CLASSES = integer("data_classes",
      "classes of a dataset read from files: an image folder's class subfolders, a points file's labels (0: unlabelled, or no file)",
      Target.DATA, Scope.RECIPE, Packing.SHARED, 0, ValueRange.ints(0, Integer.MAX_VALUE));
  // Per pack alike: both optimisers of every row follow it (gan.Adam applies each rule by row too).
  public static final Hyperparameter<OptimizerKind> OPTIMIZER = choice("optimizer",
      "update rule of both networks, as torch.optim's class of that name: adam (adam_beta1, adam_beta2), sgd or rmsprop "
          + "(alpha 0.99), the latter two with momentum", Target.BOTH, Scope.RECIPE, Packing.SHARED, OptimizerKind.ADAM);
  public static final Hyperparameter<Double> MOMENTUM = real("momentum",
      "momentum of sgd and rmsprop (PyTorch's: b = momentum * b + update; adam does not read it: its momentum is adam_beta1)",
      Target.BOTH, Scope.RECIPE, Packing.SHARED, 0.0, new ValueRange(0, true, 1, false));
  // D's own shape and normalisation (note 002: a G:D size ratio around 0.5, a shallower D; batch norm in D).
  public static final Hyperparameter<Integer> HIDDEN_D = integer("hidden_d",
      "units per hidden layer of D (0, the default: hidden, G's)", Target.D, Scope.ARCHITECTURE, Packing.SHARED, 0,
      ValueRange.ints(0, 65_536));
  public static final Hyperparameter<Integer> LAYERS_D = integer("layers_d",
      "hidden layers of D (0, the default: layers, G's)", Target.D, Scope.ARCHITECTURE, Packing.SHARED, 0,
      ValueRange.ints(0, 32));
  public static final Hyperparameter<Boolean> BATCH_NORM_D = bool("batch_norm_d",
      "batch normalisation in D's hidden layers, with bn_momentum (batch_norm is G's; not with dropout_d, gp or r1: "
          + "it couples the samples)", Target.D, Scope.ARCHITECTURE, Packing.SHARED, false);
  // G's masks come from the trial's dropout stream, drawn between D's; the stacked G draws none: such trials train alone.
  public static final Hyperparameter<Double> DROPOUT_G = real("dropout_g",
      "dropout rate in G's hidden layers, while training (dropout_d is D's; not with batch_norm)", Target.G,
      Scope.ARCHITECTURE, Packing.ALONE_UNLESS_DEFAULT, 0.0, new ValueRange(0, true, 1, false));
  // Read by the models that declare it (the MLPs, the DCGAN); init normal elsewhere keeps 0.02.
  public static final Hyperparameter<Double> INIT_STD = real("init_std",
      "std of init normal's N(0, std) weights (normal02 keeps 0.02; other schemes do not read it)", Target.BOTH,
      Scope.ARCHITECTURE, Packing.SHARED, 0.02, new ValueRange(0, false, 100, true));
  // The feature couples a batch's samples; the stacked D does not compute it per row: such trials train alone.
  public static final Hyperparameter<Boolean> MINIBATCH_STDDEV = bool("minibatch_stddev",
      "minibatch standard deviation feature before D's output layer (Karras et al. 2018; the simple successor of Salimans "
          + "et al. 2016's minibatch discrimination; not with gp or r1)", Target.D, Scope.ARCHITECTURE,
      Packing.ALONE_UNLESS_DEFAULT, false);
  public static final Hyperparameter<Double> LR_MULTIPLIER = real("lr_multiplier",
      "equalized learning rate's per-layer multiplier: init equalized stores N(0, 1/m) weights used times m * gain / sqrt(fan_in), "
          + "so each update moves them m times as far (Karras et al. 2019's lr_mul; other schemes do not read it)", Target.BOTH,
      Scope.ARCHITECTURE, Packing.SHARED, 1.0, new ValueRange(0, false, 1000, true));
  // Per sample, but the stacked networks do not compute it per row: such trials train alone.
  public static final Hyperparameter<InstanceNormKind> INSTANCE_NORM = choice("instance_norm",
      "normalise each sample's hidden pre-activations over its units in G, D or both (Ulyanov et al. 2016; not with "
          + "that network's batch norm, nor in D with gp or r1)", Target.BOTH, Scope.ARCHITECTURE, Packing.ALONE_UNLESS_DEFAULT,
      InstanceNormKind.NONE);

  // Set by the spec parser from the spec's feature_net section, never under parameters (SpecParser).
  public static final Hyperparameter<String> FEATURE_FILE = open("feature_file",
      "the spec's feature_net: a TorchScript feature network's checksum with its input_size, range and channels, whose features "
          + "give the image FD, precision/recall and density/coverage (none: the built-in network)", Target.RUN, Scope.RECIPE,
      Packing.SHARED, "none", List.of("none", SHA256 + OPEN));
  public static final Hyperparameter<Integer> IMAGE_SIZE = integer("image_size",
      "side an image folder's images are resized to, by area averaging at decode (0: as they are; all the same size)",
      Target.DATA, Scope.RECIPE, Packing.SHARED, 0, ValueRange.ints(0, 256));
  public static final Hyperparameter<Integer> CHANNELS = integer("channels",
      "an image folder's channels: 1 greyscale, 3 RGB (0: from the data, 3 if any image has colour)",
      Target.DATA, Scope.RECIPE, Packing.SHARED, 0, ValueRange.ints(0, 3));
  // Images only (the spec parser refuses it for points); every model gets the data, the DCGAN's G its range too (DcganModel).
  public static final Hyperparameter<DataRange> DATA_RANGE = choice("data_range",
      "interval image pixels are trained in: minus_one_one ([-1, 1]; the DCGAN's G ends in tanh) or zero_one ([0, 1]; "
          + "(tanh + 1) / 2); a TorchScript G must output it. The quality columns and sample grids see the same pixels either way",
      Target.DATA, Scope.RECIPE, Packing.SHARED, DataRange.MINUS_ONE_ONE);

  /** The value of a seed key that stands for the trial's own {@code seed}. */
  public static final int FOLLOW = -1;

  /** What a key acts on: which network, the data, or the run around them. */
  public enum Target {
    /** The generator (its size, optimiser, activation). */
    G,
    /** The discriminator. */
    D,
    /** Both networks alike. */
    BOTH,
    /** The data and how it is batched. */
    DATA,
    /** The training loop and its evaluation (losses, step counts, logging). */
    RUN,
    /**
     * One of a trial's random streams ({@link #INIT_SEED} …): which draws a trial makes, not what it
     * is, so, like the trial's seed, never part of a configuration's identity ({@link TrialConfig#configId}).
     */
    SEED
  }

  /** Which models read a key. */
  public enum Scope {
    /** The training recipe: every model gets it (losses, learning rates, steps, init, seeds …). */
    RECIPE,
    /** The network's architecture: only a model that declares it reads it. */
    ARCHITECTURE
  }

  /** How packs ({@code resources.pack}) treat a key. */
  public enum Packing {
    /** Each trial of a pack keeps its own value (Adam per row of the stack). */
    PER_TRIAL,
    /** Applied by the packed path exactly as a trial alone applies it; equal within a pack. */
    SHARED,
    /** Not applied by the packed path: a trial with a value other than the default trains alone. */
    ALONE_UNLESS_DEFAULT
  }

  private final int ordinal;
  private final String key;
  private final String description;
  private final ParamType type;
  private final Class<T> javaType;
  private final T defaultValue;
  private final ValueRange range;
  private final List<String> choices;
  private final Target target;
  private final Scope scope;
  private final Packing packing;

  private Hyperparameter(String key, String description, ParamType type, Class<T> javaType, T defaultValue,
      ValueRange range, List<String> choices, Target target, Scope scope, Packing packing) {
    this.ordinal = ALL.size();
    this.key = key;
    this.description = description;
    this.type = type;
    this.javaType = javaType;
    this.defaultValue = defaultValue;
    this.range = range;
    this.choices = List.copyOf(choices);
    this.target = target;
    this.scope = scope;
    this.packing = packing;
    ALL.add(this);
  }

  private static Hyperparameter<Integer> integer(String key, String description, Target target, Scope scope,
      Packing packing, int defaultValue, ValueRange range) {
    return new Hyperparameter<>(key, description, ParamType.INT, Integer.class, defaultValue, range, List.of(), target,
        scope, packing);
  }

  private static Hyperparameter<Double> real(String key, String description, Target target, Scope scope,
      Packing packing, double defaultValue, ValueRange range) {
    return new Hyperparameter<>(key, description, ParamType.REAL, Double.class, defaultValue, range, List.of(), target,
        scope, packing);
  }

  private static Hyperparameter<Boolean> bool(String key, String description, Target target, Scope scope,
      Packing packing, boolean defaultValue) {
    return new Hyperparameter<>(key, description, ParamType.BOOL, Boolean.class, defaultValue, null, List.of(), target,
        scope, packing);
  }

  private static <E extends Enum<E> & WireEnum> Hyperparameter<E> choice(String key, String description,
      Target target, Scope scope, Packing packing, E defaultValue) {
    return new Hyperparameter<>(key, description, ParamType.CHOICE, defaultValue.getDeclaringClass(), defaultValue,
        null, List.of(WireEnum.wireNames(defaultValue.getDeclaringClass())), target, scope, packing);
  }

  private static Hyperparameter<Integer> seed(String key, String description) {
    return new Hyperparameter<>(key, description + " (" + FOLLOW + ", the default: the trial's seed)", ParamType.INT, Integer.class,
        FOLLOW, ValueRange.ints(FOLLOW, Integer.MAX_VALUE), List.of(), Target.SEED, Scope.RECIPE, Packing.PER_TRIAL);
  }

  /** A name from a list in which an entry ending in {@code <path>} stands for its prefix and any text. */
  private static Hyperparameter<String> open(String key, String description, Target target, Scope scope,
      Packing packing, String defaultValue, List<String> choices) {
    return new Hyperparameter<>(key, description, ParamType.CHOICE, String.class, defaultValue, null, choices, target,
        scope, packing);
  }

  /** Every key, in declaration order (the tables' column order and the id's hash order). */
  public static List<Hyperparameter<?>> values() {
    return Collections.unmodifiableList(ALL);
  }

  /** The keys that make a configuration what it is: every key but the {@link Target#SEED} ones, in catalog order. */
  public static List<Hyperparameter<?>> configurationKeys() {
    return ALL.stream().filter(h -> h.target != Target.SEED).toList();
  }

  /** The seed keys ({@link Target#SEED}), in catalog order. */
  public static List<Hyperparameter<?>> seedKeys() {
    return ALL.stream().filter(h -> h.target == Target.SEED).toList();
  }

  /** An empty map from keys, iterated in catalog order (as an EnumMap would be). */
  public static <V> Map<Hyperparameter<?>, V> newMap() {
    return new TreeMap<>(Comparator.comparingInt(Hyperparameter::ordinal));
  }

  /** A copy of {@code m}, iterated in catalog order. */
  public static <V> Map<Hyperparameter<?>, V> newMap(Map<Hyperparameter<?>, ? extends V> m) {
    Map<Hyperparameter<?>, V> copy = newMap();
    copy.putAll(m);
    return copy;
  }

  /** The key with this spec name, if any. */
  public static Optional<Hyperparameter<?>> byKey(String key) {
    return ALL.stream().filter(h -> h.key.equals(key)).findFirst();
  }

  /** Position in {@link #values()}. */
  public int ordinal() {
    return ordinal;
  }

  /** The spec key and table column name. */
  public String key() {
    return key;
  }

  public String description() {
    return description;
  }

  /** The column and spec type. */
  public ParamType type() {
    return type;
  }

  /** The Java type of values: Integer, Double, Boolean, String or a {@link WireEnum}. */
  public Class<T> javaType() {
    return javaType;
  }

  public T defaultValue() {
    return defaultValue;
  }

  /** The numeric range of an INT or REAL key; empty for BOOL and CHOICE. */
  public Optional<ValueRange> range() {
    return Optional.ofNullable(range);
  }

  /**
   * The allowed names of a CHOICE key; empty otherwise. A choice ending in {@code <path>} stands
   * for its prefix followed by any non-empty text ({@code idx:<path>}).
   */
  public List<String> choices() {
    return choices;
  }

  public Target target() {
    return target;
  }

  public Scope scope() {
    return scope;
  }

  public Packing packing() {
    return packing;
  }

  /** What the key allows, for messages and the docs (docs/reference/hyperparameters.md). */
  public String allowed() {
    return switch (type) {
      case INT, REAL -> range.describe(type);
      case BOOL -> "true or false";
      case CHOICE -> String.join(", ", choices);
    };
  }

  /** The value as it is written to tables and hashed into ids: a WireEnum as its wire name, others as they are. */
  public Object wire(T value) {
    return value instanceof WireEnum w ? w.wireName() : value;
  }

  /** {@link #wire} of a value known to be of this key's type (from a {@link TrialConfig}). */
  Object wireOf(Object value) {
    return wire(javaType.cast(value));
  }

  private boolean allows(String s) {
    for (String c : choices) {
      if (c.equals(ANY_NAME) ? NAME.matcher(s).matches()
          : c.endsWith(OPEN) ? s.startsWith(c.substring(0, c.length() - OPEN.length())) && s.length() > c.length() - OPEN.length()
          : c.equals(s)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Converts a parsed value (a number, boolean or name from a spec or a table, or a value already of
   * this key's type) to this key's type, or says why it cannot: a reason without the got/allowed
   * part (the caller knows both). Integral reals are accepted for INT keys ({@code 1e4} is 10000).
   */
  public Conversion<T> convert(Object value) {
    Objects.requireNonNull(value, "value");
    switch (type) {
      case INT -> {
        if (!(value instanceof Number n) || value instanceof Double d && d != Math.rint(d)) {
          return Conversion.error("not an integer");
        }
        double v = n.doubleValue();
        return range.contains(v) ? Conversion.ok(javaType.cast((int) v)) : Conversion.error("out of range");
      }
      case REAL -> {
        if (!(value instanceof Number n)) {
          return Conversion.error("not a number");
        }
        double v = n.doubleValue();
        if (!Double.isFinite(v)) {
          return Conversion.error("not finite");
        }
        return range.contains(v) ? Conversion.ok(javaType.cast(v)) : Conversion.error("out of range");
      }
      case BOOL -> {
        return value instanceof Boolean b ? Conversion.ok(javaType.cast(b)) : Conversion.error("not a boolean");
      }
      case CHOICE -> {
        if (javaType.isInstance(value) && javaType != String.class) {
          return Conversion.ok(javaType.cast(value));
        }
        if (!(value instanceof String s)) {
          return Conversion.error("not a name");
        }
        if (!allows(s)) {
          return Conversion.error("unknown name");
        }
        if (javaType == String.class) {
          return Conversion.ok(javaType.cast(s));
        }
        for (T constant : javaType.getEnumConstants()) {
          if (((WireEnum) constant).wireName().equals(s)) {
            return Conversion.ok(constant);
          }
        }
        return Conversion.error("unknown name");
      }
    }
    throw new AssertionError(type);
  }

  /**
   * {@link #convert} or an exception naming the key, the value and what is allowed.
   *
   * @throws IllegalArgumentException "Cannot VERB: KEY is REASON (got VALUE; allowed …)"
   */
  public T require(Object value, String verb) {
    Conversion<T> c = value == null ? Conversion.error("missing") : convert(value);
    if (!c.isOk()) {
      throw new IllegalArgumentException(
          "Cannot " + verb + ": " + key + " is " + c.reason() + " (got " + value + "; allowed " + allowed() + ")");
    }
    return c.value();
  }

  @Override
  public String toString() {
    return key;
  }

  /**
   * The result of {@link #convert}: a value of the key's type, or the reason it was refused.
   *
   * @param value the value, null when refused
   * @param reason why it was refused, null when accepted
   */
  public record Conversion<T>(T value, String reason) {
    static <T> Conversion<T> ok(T value) {
      return new Conversion<>(value, null);
    }

    static <T> Conversion<T> error(String reason) {
      return new Conversion<>(null, reason);
    }

    public boolean isOk() {
      return reason == null;
    }
  }
}
