package io.gansweep.spec;

import io.gansweep.io.UserFileException;
import io.gansweep.data.Datasets;
import io.gansweep.data.DataFiles;
import io.gansweep.data.DataForm;
import io.gansweep.model.Conflicts;
import io.gansweep.model.GanModel;
import io.gansweep.trial.TrialConfig;
import io.gansweep.model.Models;
import io.gansweep.model.TorchScriptModel;
import io.gansweep.search.Sampler;
import io.gansweep.io.PinnedFiles;
import io.gansweep.metrics.FeatureFile;
import io.gansweep.metrics.TorchScriptFeatures;
import io.gansweep.trial.InitScheme;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.Numbers;
import io.gansweep.trial.ParamType;
import io.gansweep.trial.WireEnum;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a sweep spec from YAML 1.2 (core schema, so {@code 1e-4} is a number and {@code yes} is a
 * string) and validates it against the {@link Hyperparameter} catalog. Every problem in the file
 * is collected, with its spec path and line, and reported at once in an {@link
 * InvalidSpecException}.
 */
public final class SpecParser {

  /** Largest sweep one spec may expand to; a typo in a grid should not plan a billion trials. */
  public static final long MAX_TRIALS = 100_000;

  static final int MAX_SAMPLES = 100_000;
  static final int MAX_REPLICATES = 1_000;

  private static final List<String> TOP_KEYS =
      List.of("name", "description", "method", "samples", "n_startup", "seed", "replicates", "parameters", "resources",
          "early_terminate", "screen", "model", "feature_net", "pbt");

  /** tpe's default random start (Optuna's n_startup_trials default, 10), capped at samples. */
  static final int DEFAULT_N_STARTUP = 10;
  private static final List<String> PARAM_KEYS = List.of("value", "values", "distribution", "min", "max");
  private static final List<String> RESOURCE_KEYS = List.of("gpus_per_trial", "cpus_per_trial", "pack");
  private static final List<String> EARLY_TERMINATE_KEYS = List.of("type", "min_iter", "eta", "brackets");
  private static final List<String> SCREEN_KEYS = List.of("type", "steps", "factor");
  private static final List<String> PBT_KEYS = List.of("interval", "quantile", "resample");
  private static final List<String> MODEL_KEYS = List.of("type", "generator", "discriminator");
  private static final List<String> FEATURE_NET_KEYS = List.of("file", "input_size", "range", "channels");
  /** The keys the model section sets: a spec never gives them under parameters. */
  private static final List<Hyperparameter<?>> MODEL_PARAMETERS =
      List.of(Hyperparameter.MODEL, Hyperparameter.GENERATOR_FILE, Hyperparameter.DISCRIMINATOR_FILE);

  private final String source;
  /** The folder a model section's relative file names start from: the spec file's. */
  private final Path folder;
  private final List<SpecProblem> problems = new ArrayList<>();
  /** The model section's files: checksum to where they were read. */
  private final Map<String, String> modelFiles = new java.util.LinkedHashMap<>();
  /** A points dataset's file: checksum to where it was read. */
  private final Map<String, String> dataFiles = new java.util.LinkedHashMap<>();
  /** One sample's shape of each points dataset read: its coordinates. */
  private final Map<String, ai.djl.ndarray.types.Shape> pointShapes = new java.util.HashMap<>();

  private SpecParser(String source, Path folder) {
    this.source = source;
    this.folder = folder;
  }

  /** Reads and validates the spec file at {@code path}. */
  public static SweepSpec parse(Path path) throws InvalidSpecException {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidSpecException(
          path.toString(),
          List.of(new SpecProblem("(file)", 0, "read spec", e.getClass().getSimpleName() + " " + e.getMessage(), path.toString(), "a readable UTF-8 YAML file")));
    }
    return new SpecParser(path.toString(), path.toAbsolutePath().getParent()).read(text);
  }

  /** Validates spec text; {@code source} names it in messages; a model section's files are relative to the working folder. */
  public static SweepSpec parse(String text, String source) throws InvalidSpecException {
    return new SpecParser(source, Path.of("").toAbsolutePath()).read(text);
  }

  private SweepSpec read(String text) throws InvalidSpecException {
    Optional<Node> root;
    try {
      LoadSettings settings =
          LoadSettings.builder().setLabel(source).setSchema(new CoreSchema()).setUseMarks(true).build();
      root = new Compose(settings).composeString(text);
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
      String got = line < 1 ? "?" : text.lines().skip(line - 1).findFirst().map(String::strip)
          .filter(l -> !l.isEmpty()).map(l -> "'" + l + "'").orElse("the end of the file");
      problem("(yaml)", line, "parse YAML", e.getProblem(), got, "YAML 1.2 syntax");
      throw new InvalidSpecException(source, problems);
    } catch (YamlEngineException e) {
      problem("(yaml)", 0, "parse YAML", e.getMessage(), "?", "YAML 1.2");
      throw new InvalidSpecException(source, problems);
    }
    if (root.isEmpty() || !(root.get() instanceof MappingNode rootMap)) {
      problem("(root)", root.map(SpecParser::line).orElse(0), "read spec", "the document is not a mapping", root.map(SpecParser::describe).orElse("an empty document"), "a mapping with keys " + String.join(", ", TOP_KEYS));
      throw new InvalidSpecException(source, problems);
    }

    Map<String, Node> top = mapping("", rootMap, TOP_KEYS);
    String name = readName(top.get("name"));
    String description = top.containsKey("description") ? readString("description", top.get("description")) : "";
    SearchMethod method = readMethod(top.get("method"));
    int samples = readSamples(method, top.get("samples"));
    int nStartup = readNStartup(method, samples, top.get("n_startup"));
    long seed = top.containsKey("seed") ? readLong("seed", top.get("seed"), 0, Long.MAX_VALUE, 0) : 0;
    int replicates = top.containsKey("replicates") ? (int) readLong("replicates", top.get("replicates"), 1, MAX_REPLICATES, 3) : 3;
    List<ParameterSpec> parameters = readParameters(method, top.get("parameters"));
    Resources resources = readResources(top.get("resources"));
    EarlyTerminate earlyTerminate = top.containsKey("early_terminate") ? readEarlyTerminate(top.get("early_terminate")) : null;
    Screen screen = top.containsKey("screen") ? readScreen(top.get("screen")) : null;
    Pbt pbt = readPbt(method, top.get("pbt"));
    if (problems.isEmpty()) {
      parameters = readDataFile(parameters, top.get("parameters"));
    }
    if (top.containsKey("model") && problems.isEmpty()) {
      parameters = readModel(top.get("model"), parameters, top.get("parameters"));
    }
    if (top.containsKey("feature_net") && problems.isEmpty()) {
      parameters = readFeatureNet(top.get("feature_net"), parameters);
    }

    if (method != null && problems.isEmpty()) {
      checkSize(method, samples, replicates, parameters, top);
    }
    if (problems.isEmpty()) {
      checkNetworkSize(parameters, top.get("parameters"));
    }
    Set<Sampler.Feature> supports = method == null ? EnumSet.allOf(Sampler.Feature.class) : method.sampler().supports();
    if (earlyTerminate != null && !supports.contains(Sampler.Feature.EARLY_TERMINATE)) {
      problem("early_terminate", line(top.get("early_terminate")), "use early_terminate", method.wireName() + " search does not support rungs",
          "early_terminate with method: " + method.wireName(), "early_terminate with method " + supporting(Sampler.Feature.EARLY_TERMINATE));
    }
    if (screen != null && !supports.contains(Sampler.Feature.SCREEN)) {
      problem("screen", line(top.get("screen")), "use screen", "the screen filters planned configurations, and " + method.wireName()
          + " asks its own from results", "screen with method: " + method.wireName(), "screen with method " + supporting(Sampler.Feature.SCREEN));
    }
    if (!supports.contains(Sampler.Feature.SEEDS_GRID) && parameters != null) {
      for (ParameterSpec p : parameters) {
        if (p.param().target() == Hyperparameter.Target.SEED && p.domain().swept()) {
          problem("parameters." + p.param().key(), line(top.get("parameters")), "use " + p.param().key(), method.wireName()
              + " search does not cross a seeds grid", p.param().key() + " with values", "one value, or method " + supporting(Sampler.Feature.SEEDS_GRID));
        }
      }
    }
    if (earlyTerminate != null && problems.isEmpty()) {
      checkRungs(earlyTerminate, parameters, top.get("early_terminate"));
    }
    if (problems.isEmpty()) {
      checkModelKeys(parameters, top.get("parameters"));
    }
    if (pbt != null && problems.isEmpty()) {
      checkPbt(pbt, samples, parameters, resources, top);
    }
    if (!problems.isEmpty()) {
      problems.sort(Comparator.comparingInt(SpecProblem::line));
      throw new InvalidSpecException(source, problems);
    }
    return new SweepSpec(name, method, samples, nStartup, seed, replicates, description, parameters, resources, earlyTerminate, screen,
        text, modelFiles, dataFiles, pbt);
  }

  // ---- top level --------------------------------------------------------------------------

  private String readName(Node node) {
    if (node == null) {
      problem("name", 0, "read spec", "name is missing", "nothing", "a name matching " + SweepSpec.NAME.pattern());
      return null;
    }
    String name = readString("name", node);
    if (name != null && !SweepSpec.NAME.matcher(name).matches()) {
      problem("name", line(node), "use name", "bad characters or length", name, "lower-case letters, digits, '_' and '-', starting with a letter or digit, at most 64 (" + SweepSpec.NAME.pattern() + ")");
      return null;
    }
    return name;
  }

  private SearchMethod readMethod(Node node) {
    if (node == null) {
      return SearchMethod.GRID;
    }
    String text = readString("method", node);
    if (text == null) {
      return null;
    }
    return readChoice("method", node, text, SearchMethod.class);
  }

  private int readSamples(SearchMethod method, Node node) {
    if (method != null && method.samples()) {
      if (node == null) {
        problem("samples", 0, "use method " + method.wireName(), "samples is missing", "nothing", "samples: an integer 1 to " + MAX_SAMPLES);
        return 1;
      }
      return (int) readLong("samples", node, 1, MAX_SAMPLES, 1);
    }
    if (node != null && method == SearchMethod.GRID) {
      problem("samples", line(node), "use samples", "grid search takes every combination, it does not sample", text(node), "samples only with method: " + sampling());
    }
    return 0;
  }

  private int readNStartup(SearchMethod method, int samples, Node node) {
    if (method == null || !method.sampler().settings().contains("n_startup")) {
      if (node != null && method != null) {
        problem("n_startup", line(node), "use n_startup", method.wireName() + " search asks no model, so it has no random start", text(node),
            "n_startup only with method: " + String.join(" or ", Arrays.stream(SearchMethod.values())
                .filter(m -> m.sampler().settings().contains("n_startup")).map(SearchMethod::wireName).toList()));
      }
      return 0;
    }
    int n = node == null ? Math.min(DEFAULT_N_STARTUP, samples) : (int) readLong("n_startup", node, 1, Math.max(1, samples), 1);
    return Math.min(n, samples);
  }

  /** "random or tpe or …": the methods that draw {@code samples}. */
  private static String sampling() {
    return String.join(" or ", Arrays.stream(SearchMethod.values()).filter(SearchMethod::samples).map(SearchMethod::wireName).toList());
  }

  /** "grid or random": the methods whose sampler supports {@code f}. */
  private static String supporting(Sampler.Feature f) {
    return String.join(" or ", Arrays.stream(SearchMethod.values()).filter(m -> m.sampler().supports().contains(f)).map(SearchMethod::wireName)
        .toList());
  }

  private Resources readResources(Node node) {
    if (node == null) {
      return Resources.DEFAULT;
    }
    if (!(node instanceof MappingNode m)) {
      problem("resources", line(node), "read resources", "not a mapping", describe(node), "a mapping with " + String.join(", ", RESOURCE_KEYS));
      return Resources.DEFAULT;
    }
    Map<String, Node> keys = mapping("resources", m, RESOURCE_KEYS);
    double gpus = Resources.DEFAULT.gpusPerTrial();
    Node g = keys.get("gpus_per_trial");
    if (g != null) {
      Object v = scalar("resources.gpus_per_trial", g);
      if (v instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 64 && (n.doubleValue() <= 1 || n.doubleValue() == Math.rint(n.doubleValue()))) {
        gpus = n.doubleValue();
      } else if (v != null) {
        problem("resources.gpus_per_trial", line(g), "use value", "not a GPU amount Spark can schedule", text(g), "0 (CPU), a fraction in (0, 1] to pack trials on a GPU, or a whole number up to 64");
      }
    }
    int cpus = keys.containsKey("cpus_per_trial") ? (int) readLong("resources.cpus_per_trial", keys.get("cpus_per_trial"), 1, 256, 1) : Resources.DEFAULT.cpusPerTrial();
    int pack = keys.containsKey("pack") ? (int) readLong("resources.pack", keys.get("pack"), 1, Resources.MAX_PACK, 1) : Resources.DEFAULT.pack();
    return new Resources(gpus, cpus, pack);
  }

  private EarlyTerminate readEarlyTerminate(Node node) {
    String allowed = "a mapping with " + String.join(", ", EARLY_TERMINATE_KEYS);
    if (!(node instanceof MappingNode m)) {
      problem("early_terminate", line(node), "read early_terminate", "not a mapping", describe(node), allowed);
      return null;
    }
    Map<String, Node> keys = mapping("early_terminate", m, EARLY_TERMINATE_KEYS);
    EarlyTerminate.Type type = null;
    if (!keys.containsKey("type")) {
      problem("early_terminate.type", line(node), "read early_terminate", "type is missing", "nothing",
          String.join(", ", WireEnum.wireNames(EarlyTerminate.Type.class)));
    } else {
      String text = readString("early_terminate.type", keys.get("type"));
      type = text == null ? null : readChoice("early_terminate.type", keys.get("type"), text, EarlyTerminate.Type.class);
    }
    if (!keys.containsKey("min_iter")) {
      problem("early_terminate.min_iter", line(node), "read early_terminate", "min_iter is missing", "nothing",
          "min_iter: the rounds of the first rung, a multiple of eval_every below steps");
    }
    int minIter = keys.containsKey("min_iter") ? (int) readLong("early_terminate.min_iter", keys.get("min_iter"), 1, 10_000_000, 1) : 1;
    int eta = keys.containsKey("eta") ? (int) readLong("early_terminate.eta", keys.get("eta"), 2, EarlyTerminate.MAX_ETA, 3) : 3;
    int brackets = 1;
    if (keys.containsKey("brackets")) {
      if (type == EarlyTerminate.Type.SUCCESSIVE_HALVING) {
        problem("early_terminate.brackets", line(keys.get("brackets")), "use brackets", "successive halving has one bracket",
            text(keys.get("brackets")), "brackets only with type: hyperband");
      } else {
        brackets = (int) readLong("early_terminate.brackets", keys.get("brackets"), 1, EarlyTerminate.MAX_BRACKETS, 3);
      }
    } else if (type == EarlyTerminate.Type.HYPERBAND) {
      brackets = 3;
    }
    return type == null ? null : new EarlyTerminate(type, minIter, eta, brackets);
  }

  /** {@code pbt:}, required with method pbt and refused with any other ({@link Pbt}). */
  private Pbt readPbt(SearchMethod method, Node node) {
    boolean wanted = method == SearchMethod.PBT;
    if (node == null) {
      if (wanted) {
        problem("pbt", 0, "use method pbt", "pbt is missing", "nothing", "pbt: {interval: N, quantile: 0.25, resample: 0.25}");
      }
      return null;
    }
    if (!wanted) {
      problem("pbt", line(node), "use pbt", "pbt settings belong to population-based training", text(node), "pbt only with method: pbt");
      return null;
    }
    if (!(node instanceof MappingNode m)) {
      problem("pbt", line(node), "read pbt", "not a mapping", describe(node), "a mapping with " + String.join(", ", PBT_KEYS));
      return null;
    }
    Map<String, Node> keys = mapping("pbt", m, PBT_KEYS);
    if (!keys.containsKey("interval")) {
      problem("pbt.interval", line(node), "read pbt", "interval is missing", "nothing", "interval: the rounds of a generation, a multiple of "
          + "eval_every below steps");
      return null;
    }
    int interval = (int) readLong("pbt.interval", keys.get("interval"), 1, 10_000_000, 1);
    double quantile = pbtShare(keys.get("quantile"), "pbt.quantile", Pbt.DEFAULT_QUANTILE, false, 0.5,
        "a number above 0, at most 0.5 (the share of members replaced at each boundary)");
    double resample = pbtShare(keys.get("resample"), "pbt.resample", Pbt.DEFAULT_RESAMPLE, true, 1,
        "a number 0 to 1 (the chance a value is drawn again instead of multiplied by 0.8 or 1.2)");
    return new Pbt(interval, quantile, resample);
  }

  private double pbtShare(Node n, String path, double fallback, boolean zero, double max, String allowed) {
    if (n == null) {
      return fallback;
    }
    Object v = scalar(path, n);
    if (v instanceof Number x && (zero ? x.doubleValue() >= 0 : x.doubleValue() > 0) && x.doubleValue() <= max) {
      return x.doubleValue();
    }
    if (v != null) {
      problem(path, line(n), "use value", "out of range", text(n), allowed);
    }
    return fallback;
  }

  /**
   * A population trains in generations of one length that end on an evaluation: steps and
   * eval_every fixed, the interval below steps and a multiple of eval_every; two members at least;
   * a swept key that may change between generations ({@link Pbt#MUTABLE}), or the members could
   * not explore; each trial alone (its checkpoint is copied, with Adam's counts, to another member).
   */
  private void checkPbt(Pbt pbt, int samples, List<ParameterSpec> parameters, Resources resources, Map<String, Node> top) {
    Node node = top.get("pbt");
    if (samples < 2) {
      problem("samples", line(top.get("samples")), "use method pbt", "a population of one has no one to copy", Integer.toString(samples),
          "samples >= 2");
    }
    checkRungs(new EarlyTerminate(EarlyTerminate.Type.SUCCESSIVE_HALVING, pbt.interval(), 3, 1), parameters, node, "pbt", "interval");
    List<String> swept = parameters.stream().filter(p -> p.domain().swept()).map(p -> p.param().key()).toList();
    if (parameters.stream().noneMatch(p -> p.domain().swept() && Pbt.MUTABLE.contains(p.param()))) {
      problem("parameters", line(top.get("parameters")), "use method pbt", "no swept parameter may change during training, so members "
          + "could not explore", swept.isEmpty() ? "nothing swept" : String.join(", ", swept), "at least one of "
          + String.join(", ", Pbt.MUTABLE.stream().map(Hyperparameter::key).toList()) + " swept");
    }
    if (resources.pack() > 1) {
      problem("resources.pack", line(top.get("resources")), "use method pbt", "a member's checkpoints are copied to others, each "
          + "trial alone", Integer.toString(resources.pack()), "pack: 1 with method pbt");
    }
  }

  private Screen readScreen(Node node) {
    if (!(node instanceof MappingNode m)) {
      problem("screen", line(node), "read screen", "not a mapping", describe(node), "a mapping with " + String.join(", ", SCREEN_KEYS));
      return null;
    }
    Map<String, Node> keys = mapping("screen", m, SCREEN_KEYS);
    Screen.Type type = null;
    if (!keys.containsKey("type")) {
      problem("screen.type", line(node), "read screen", "type is missing", "nothing", String.join(", ", WireEnum.wireNames(Screen.Type.class)));
    } else {
      String text = readString("screen.type", keys.get("type"));
      type = text == null ? null : readChoice("screen.type", keys.get("type"), text, Screen.Type.class);
    }
    int steps = keys.containsKey("steps") ? (int) readLong("screen.steps", keys.get("steps"), 1, Screen.MAX_STEPS, Screen.DEFAULT_STEPS)
        : Screen.DEFAULT_STEPS;
    double factor = Screen.DEFAULT_FACTOR;
    Node f = keys.get("factor");
    if (f != null) {
      Object v = scalar("screen.factor", f);
      if (v instanceof Number n && n.doubleValue() > 1 && n.doubleValue() <= Screen.MAX_FACTOR) {
        factor = n.doubleValue();
      } else if (v != null) {
        problem("screen.factor", line(f), "use value", "not a cut of the MSE the fit can be held to", text(f),
            "a number above 1, at most " + (long) Screen.MAX_FACTOR + " (the fit's first MSE over its last)");
      }
    }
    return type == null ? null : new Screen(type, steps, factor);
  }

  /**
   * Rungs need one round budget for every trial and an evaluation at every rung: steps and
   * eval_every fixed, min_iter below steps and a multiple of eval_every (so are the later rungs,
   * min_iter·eta^k).
   */
  private void checkRungs(EarlyTerminate e, List<ParameterSpec> parameters, Node node) {
    checkRungs(e, parameters, node, "early_terminate", "min_iter");
  }

  /** {@link #checkRungs} for {@code section}, whose first budget is {@code key} (pbt's interval). */
  private void checkRungs(EarlyTerminate e, List<ParameterSpec> parameters, Node node, String section, String key) {
    boolean pbt = section.equals("pbt");
    String unit = pbt ? "generation" : "rung";
    Map<Hyperparameter<?>, Object> fixed = Hyperparameter.newMap();
    for (Hyperparameter<?> h : List.of(Hyperparameter.STEPS, Hyperparameter.EVAL_EVERY)) {
      fixed.put(h, h.defaultValue());
    }
    for (ParameterSpec p : parameters) {
      if (!fixed.containsKey(p.param())) {
        continue;
      }
      if (p.domain() instanceof Domain.Fixed f) {
        fixed.put(p.param(), f.value());
      } else if (p.domain() instanceof Domain.Categorical c && c.values().size() == 1) {
        fixed.put(p.param(), c.values().get(0));
      } else {
        problem("parameters." + p.param().key(), line(node), "use " + section, p.param().key() + " is swept, so the trials have no "
            + "common " + unit + "s", p.param().key(), "one value of " + p.param().key() + " with " + section);
        return;
      }
    }
    int steps = ((Number) fixed.get(Hyperparameter.STEPS)).intValue();
    int evalEvery = ((Number) fixed.get(Hyperparameter.EVAL_EVERY)).intValue();
    if (e.minIter() >= steps) {
      problem(section + "." + key, line(node), "use " + key, "the first " + unit + " must " + (pbt ? "end" : "come") + " before the last round",
          Integer.toString(e.minIter()), "below steps (" + steps + ")");
    } else if (e.minIter() % evalEvery != 0) {
      problem(section + "." + key, line(node), "use " + key, "a " + unit + " is judged on an evaluation, and eval_every is " + evalEvery,
          Integer.toString(e.minIter()), "a multiple of eval_every (" + evalEvery + ")");
    }
  }

  /**
   * The model section: which model builds G and D, and for torchscript its two files, read (relative
   * to the spec's folder, or any Hadoop URI), checked by a one-batch dry run for every dataset and
   * latent_dim of the sweep ({@link TorchScriptModel#check}) and named by checksum in the trials'
   * configs. Returns the parameters with the keys it sets; a model that is a dataset's own built-in
   * sets nothing, so its trials keep their ids.
   */
  private List<ParameterSpec> readModel(Node node, List<ParameterSpec> parameters, Node parametersNode) {
    List<String> names = Models.all().stream().map(GanModel::name).toList();
    if (!(node instanceof MappingNode m)) {
      problem("model", line(node), "read model", "not a mapping", describe(node), "a mapping with type (" + String.join(", ", names)
          + ") and, for torchscript, generator and discriminator");
      return parameters;
    }
    Map<String, Node> keys = mapping("model", m, MODEL_KEYS);
    if (!keys.containsKey("type")) {
      problem("model.type", line(node), "read model", "type is missing", "nothing", String.join(", ", names));
      return parameters;
    }
    String type = readString("model.type", keys.get("type"));
    if (type == null) {
      return parameters;
    }
    GanModel model;
    try {
      model = Models.named(type);
    } catch (IllegalArgumentException e) {
      problem("model.type", line(keys.get("type")), "use model", "no model of that name is on the class path", type,
          String.join(", ", names) + ", or a plug-in's name with its jar on the class path");
      return parameters;
    }
    boolean files = type.equals(TorchScriptModel.NAME);
    for (String k : List.of("generator", "discriminator")) {
      if (files && !keys.containsKey(k)) {
        problem("model." + k, line(node), "read model", k + " is missing", "nothing",
            "the " + k + "'s TorchScript file, relative to the spec's folder or a Hadoop URI");
      } else if (!files && keys.containsKey(k)) {
        problem("model." + k, line(keys.get(k)), "read model", "the " + type + " model reads no files", text(keys.get(k)),
            k + " only with type: torchscript");
      }
    }
    List<Object> datasets = values(parameters, Hyperparameter.DATASET);
    for (Object dataset : datasets) {
      if (!model.accepts((String) dataset)) {
        problem("model.type", line(keys.get("type")), "use model " + type, "it does not train on dataset " + dataset, type,
            "a model that takes " + dataset + ": " + Models.all().stream().filter(x -> x.accepts((String) dataset))
                .map(GanModel::name).collect(java.util.stream.Collectors.joining(", ")));
      }
    }
    if (!problems.isEmpty()) {
      return parameters;
    }
    List<ParameterSpec> out = new ArrayList<>(parameters);
    if (files) {
      String gText = readString("model.generator", keys.get("generator"));
      String dText = readString("model.discriminator", keys.get("discriminator"));
      byte[] g = gText == null ? null : readModelFile("model.generator", keys.get("generator"), gText);
      byte[] d = dText == null ? null : readModelFile("model.discriminator", keys.get("discriminator"), dText);
      if (g == null || d == null) {
        return parameters;
      }
      List<String> sums = List.of();
      for (Object dataset : datasets) {
        for (Object latent : values(parameters, Hyperparameter.LATENT_DIM)) {
          try {
            sums = TorchScriptModel.check(g, gText, d, dText, ((Number) latent).intValue(), sample((String) dataset), (String) dataset);
          } catch (UserFileException e) {
            String path = e.action().contains("discriminator") ? "model.discriminator" : "model.generator";
            problem(path, line(keys.get(path.substring("model.".length()))), e.action(), e.reason(), e.got(), e.allowed());
            return parameters;
          }
        }
      }
      modelFiles.put(sums.get(0), location(gText).toString());
      modelFiles.put(sums.get(1), location(dText).toString());
      out.add(new ParameterSpec(Hyperparameter.GENERATOR_FILE, new Domain.Fixed(sums.get(0))));
      out.add(new ParameterSpec(Hyperparameter.DISCRIMINATOR_FILE, new Domain.Fixed(sums.get(1))));
      if (parameters.stream().noneMatch(p -> p.param() == Hyperparameter.INIT)) {
        out.add(new ParameterSpec(Hyperparameter.INIT, new Domain.Fixed(InitScheme.TORCH_DEFAULT)));
      }
    }
    if (!datasets.stream().allMatch(ds -> Models.forDataset((String) ds) == model)) {
      out.add(new ParameterSpec(Hyperparameter.MODEL, new Domain.Fixed(type)));
    }
    return out;
  }

  /**
   * A dataset read from the user's files ({@link DataFiles}: {@code points:<file>}, {@code
   * folder:<path>}): read (relative to the spec's folder, or any Hadoop URI) and checked by its
   * form, and named by checksum in the trials' configs ({@code data_file}), so changed data is a new
   * configuration. Such a dataset is the sweep's only one: data_file is one value for all its
   * trials; so are image_size and channels, which only an image folder takes. Returns the
   * parameters with data_file and data_classes (the data's class count, 0 if unlabelled).
   */
  private List<ParameterSpec> readDataFile(List<ParameterSpec> parameters, Node parametersNode) {
    List<Object> datasets = values(parameters, Hyperparameter.DATASET);
    String path = "parameters.dataset";
    int line = keyLine(parametersNode, "dataset");
    boolean anyFolder = datasets.stream().anyMatch(d -> Datasets.isFolder((String) d));
    for (Hyperparameter<?> h : List.of(Hyperparameter.IMAGE_SIZE, Hyperparameter.CHANNELS)) {
      List<Object> v = values(parameters, h);
      if (!anyFolder && !v.equals(List.of(h.defaultValue()))) {
        problem("parameters." + h.key(), keyLine(parametersNode, h.key()), "use parameter " + h.key(), "only an image folder takes it",
            v.toString(), "dataset: {value: \"folder:<path>\"} with one " + h.key());
        return parameters;
      }
      if (anyFolder && v.size() != 1) {
        problem("parameters." + h.key(), keyLine(parametersNode, h.key()), "use parameter " + h.key(),
            "an image folder is decoded once for the sweep", v.toString(), "one value: {value: N}");
        return parameters;
      }
    }
    Optional<DataForm> form = datasets.stream().map(d -> DataFiles.form((String) d)).flatMap(Optional::stream).findFirst();
    if (form.isEmpty()) {
      return parameters;
    }
    if (datasets.size() > 1) {
      problem(path, line, "use dataset", "a dataset read from files must be the sweep's only dataset (its checksum, data_file, is one"
          + " value for all trials)", datasets.toString(), "{value: \"" + form.get().prefix() + "…\"} alone");
      return parameters;
    }
    String dataset = (String) datasets.get(0);
    String written = dataset.substring(form.get().prefix().length());
    org.apache.hadoop.fs.Path file = location(written);
    String allowed = form.get().allowed() + ", relative to the spec's folder (" + this.folder + ") or a Hadoop URI";
    String what = Datasets.isFolder(dataset) ? "image folder " : "points file ";
    DataFiles.Kept kept;
    try {
      kept = DataFiles.check(dataset, file, new DataForm.Options(largest(parameters, Hyperparameter.BATCH_SIZE),
          ((Number) values(parameters, Hyperparameter.IMAGE_SIZE).get(0)).intValue(),
          ((Number) values(parameters, Hyperparameter.CHANNELS).get(0)).intValue()));
    } catch (UserFileException e) {
      problem(path, line, e.action(), e.reason(), e.got(), e.allowed().startsWith(form.get().allowed()) ? allowed : e.allowed());
      return parameters;
    } catch (java.io.FileNotFoundException e) {
      problem(path, line, "read " + what + file, Datasets.isFolder(dataset) ? "no such folder" : "no such file", file.toString(), allowed);
      return parameters;
    } catch (IOException | RuntimeException e) {
      problem(path, line, "read " + what + file, e.getClass().getSimpleName() + " " + UserFileException.firstLine(e), file.toString(),
          allowed);
      return parameters;
    }
    dataFiles.put(kept.checksum(), file.toString());
    pointShapes.put(dataset, kept.checked().sample());
    List<ParameterSpec> out = new ArrayList<>(parameters);
    out.add(new ParameterSpec(Hyperparameter.DATA_FILE, new Domain.Fixed(kept.checksum())));
    out.add(new ParameterSpec(Hyperparameter.DATA_CLASSES, new Domain.Fixed(kept.checked().classes())));
    return out;
  }

  /**
   * The {@code feature_net} section: a TorchScript feature network for the image quality columns
   * ({@code {file: x.pt, input_size: 299, range: [0, 255], channels: 3}}; channels defaults to 3),
   * its file read (relative to the spec's folder, or any Hadoop URI) and run once on two images of
   * that shape ({@link TorchScriptFeatures#check}: it must load and return {@code [2, D]} finite
   * features), then named in the trials' configs with its preprocessing ({@code feature_file}).
   * Image datasets only. Returns the parameters with feature_file.
   */
  private List<ParameterSpec> readFeatureNet(Node node, List<ParameterSpec> parameters) {
    String shape = "{file: <TorchScript file>, input_size: <side, 1 to " + FeatureFile.MAX_INPUT_SIZE
        + ">, range: [<low>, <high>], channels: <1 or 3, default 3>}";
    if (!(node instanceof MappingNode m)) {
      problem("feature_net", line(node), "read feature_net", "not a mapping", describe(node), shape);
      return parameters;
    }
    Map<String, Node> keys = mapping("feature_net", m, FEATURE_NET_KEYS);
    for (String k : List.of("file", "input_size", "range")) {
      if (!keys.containsKey(k)) {
        problem("feature_net." + k, line(node), "read feature_net", k + " is missing", "nothing", shape);
      }
    }
    List<Object> datasets = values(parameters, Hyperparameter.DATASET);
    List<Object> notImages = datasets.stream().filter(d -> !Datasets.isImages((String) d)).toList();
    if (!notImages.isEmpty()) {
      problem("feature_net", line(node), "use feature_net", "a feature network scores images, and the sweep has other data",
          notImages.toString(), "image datasets only (" + Datasets.SHAPES + ", " + Datasets.IDX_PREFIX + "<path>)");
    }
    if (!problems.isEmpty()) {
      return parameters;
    }
    int size = (int) readLong("feature_net.input_size", keys.get("input_size"), 1, FeatureFile.MAX_INPUT_SIZE, -1);
    int channels = keys.containsKey("channels") ? (int) readLong("feature_net.channels", keys.get("channels"), 1, 3, -1) : 3;
    if (channels == 2) {
      problem("feature_net.channels", line(keys.get("channels")), "use feature_net", "a network takes greyscale or RGB images", "2",
          "1 or 3");
    }
    double[] range = readRange(keys.get("range"));
    String written = readString("feature_net.file", keys.get("file"));
    if (!problems.isEmpty() || range == null || written == null) {
      return parameters;
    }
    for (Object dataset : datasets) {
      long dataChannels = sample((String) dataset).get(0);
      if (dataChannels != channels && !(dataChannels == 1 && channels == 3)) {
        problem("feature_net.channels", line(keys.containsKey("channels") ? keys.get("channels") : node), "use feature_net",
            "dataset " + dataset + " has " + dataChannels + " channels", String.valueOf(channels),
            dataChannels + ", or 3 for greyscale data (repeated)");
        return parameters;
      }
    }
    org.apache.hadoop.fs.Path file = location(written);
    byte[] bytes;
    try {
      bytes = PinnedFiles.read(file);
    } catch (java.io.FileNotFoundException e) {
      problem("feature_net.file", line(keys.get("file")), "read feature network file", "no such file", file.toString(),
          "a TorchScript file, relative to the spec's folder (" + folder + ") or a Hadoop URI");
      return parameters;
    } catch (IOException | RuntimeException e) {
      problem("feature_net.file", line(keys.get("file")), "read feature network file", e.getClass().getSimpleName() + " "
          + UserFileException.firstLine(e), file.toString(), "a readable TorchScript file, relative to the spec's folder or a Hadoop URI");
      return parameters;
    }
    String sum;
    try {
      sum = TorchScriptFeatures.check(bytes, file.toString(), size, range[0], range[1], channels);
    } catch (UserFileException e) {
      problem("feature_net.file", line(keys.get("file")), e.action(), e.reason(), e.got(), e.allowed());
      return parameters;
    }
    FeatureFile f = new FeatureFile(sum, size, range[0], range[1], channels);
    List<ParameterSpec> out = new ArrayList<>(parameters);
    out.add(new ParameterSpec(Hyperparameter.FEATURE_FILE, new Domain.Fixed(f.value())));
    return out;
  }

  /** {@code [low, high]}: two finite numbers, low &lt; high; null after recording a problem. */
  private double[] readRange(Node node) {
    String allowed = "[low, high], two numbers with low < high: [-1, 1], [0, 1] or [0, 255] as the network expects";
    if (!(node instanceof SequenceNode seq) || seq.getValue().size() != 2) {
      problem("feature_net.range", line(node), "use feature_net", "not a pair of numbers", describe(node), allowed);
      return null;
    }
    double[] out = new double[2];
    for (int i = 0; i < 2; i++) {
      Object v = scalar("feature_net.range", seq.getValue().get(i));
      if (!(v instanceof Number n)) {
        if (v != null) {
          problem("feature_net.range", line(node), "use feature_net", "not a number", text(seq.getValue().get(i)), allowed);
        }
        return null;
      }
      out[i] = n.doubleValue();
    }
    if (!(out[0] < out[1])) {
      problem("feature_net.range", line(node), "use feature_net", "low is not below high", "[" + text(seq.getValue().get(0)) + ", "
          + text(seq.getValue().get(1)) + "]", allowed);
      return null;
    }
    return out;
  }

  /** A dataset's sample shape as trials see it; an IDX file that cannot be read is run's to report, so its nominal shape here. */
  private ai.djl.ndarray.types.Shape sample(String dataset) {
    if (pointShapes.containsKey(dataset)) {
      return pointShapes.get(dataset);
    }
    try {
      return Models.sample(dataset);
    } catch (RuntimeException e) {
      return Models.nominalSample(dataset);
    }
  }

  /** A model file as written in the spec: any Hadoop URI ({@code scheme://…}) as it is, else relative to the spec's folder. */
  private org.apache.hadoop.fs.Path location(String written) {
    return written.matches("[A-Za-z][A-Za-z0-9+.-]*://.*") ? new org.apache.hadoop.fs.Path(written)
        : new org.apache.hadoop.fs.Path(folder.resolve(written).normalize().toUri());
  }

  private byte[] readModelFile(String path, Node node, String written) {
    org.apache.hadoop.fs.Path file = location(written);
    try {
      return TorchScriptModel.read(file);
    } catch (java.io.FileNotFoundException e) {
      problem(path, line(node), "read model file", "no such file", file.toString(),
          "a TorchScript file, relative to the spec's folder (" + folder + ") or a Hadoop URI");
    } catch (IOException | RuntimeException e) {
      problem(path, line(node), "read model file", e.getClass().getSimpleName() + " " + UserFileException.firstLine(e), file.toString(),
          "a readable TorchScript file, relative to the spec's folder or a Hadoop URI");
    }
    return null;
  }

  /**
   * Refuses an architecture key that the model of some dataset of the sweep does not read: its
   * values would give trials new ids that train identically (duplicates under other names); and
   * values that cannot meet in one configuration ({@link Conflicts}) where any configuration of
   * the sweep could hold them: the whole spec, so a grid or a random sample never starts with
   * configurations that would fail.
   */
  private void checkModelKeys(List<ParameterSpec> parameters, Node node) {
    List<Object> named = values(parameters, Hyperparameter.MODEL);
    for (Object dataset : values(parameters, Hyperparameter.DATASET)) {
      GanModel model;
      try {
        model = named.get(0).equals(Hyperparameter.MODEL.defaultValue()) ? Models.forDataset((String) dataset) : Models.named((String) named.get(0));
      } catch (IllegalArgumentException e) {
        problem("parameters.dataset", line(node), "choose a model", "no model on the class path takes this dataset",
            String.valueOf(dataset), Models.all().stream().map(GanModel::name).toList().toString());
        continue;
      }
      for (Object init : values(parameters, Hyperparameter.INIT)) {
        if (!model.initSchemes().contains(init)) {
          problem("parameters.init", keyLine(node, "init"), "use init " + ((InitScheme) init).wireName(), "the " + model.name()
              + " model cannot start from it", ((InitScheme) init).wireName(), "for " + model.name() + ": " + model.initSchemes().stream()
              .map(InitScheme::wireName).collect(java.util.stream.Collectors.joining(", ")));
        }
      }
      for (ParameterSpec p : parameters) {
        Hyperparameter<?> h = p.param();
        if (!Conflicts.reads(model, h)) {
          problem("parameters." + h.key(), keyLine(node, h.key()), "use parameter " + h.key(),
              "the " + model.name() + " model of dataset " + dataset + " does not read it, so its values would train identical trials under new ids",
              h.key(), "for " + model.name() + ": " + Hyperparameter.values().stream()
                  .filter(model.architectureKeys()::contains).map(Hyperparameter::key).collect(java.util.stream.Collectors.joining(", "))
                  + " and the recipe keys");
        }
      }
      // values that cannot meet in one configuration: refused when any two of the sweep's values could (each key drawn apart)
      Object ds = dataset;
      Conflicts.first(model, h -> h == Hyperparameter.DATASET ? List.of(ds) : values(parameters, h)).ifPresent(hit ->
          problem("parameters." + hit.rule().a().key().key(), keyLine(node, hit.rule().a().key().key()), hit.rule().action(),
              hit.rule().why(), hit.rule().got(hit.a(), hit.b()), hit.rule().allowed()));
    }
  }

  /** The line of {@code key}'s value in mapping {@code node}, else the mapping's own line. */
  private static int keyLine(Node node, String key) {
    if (node instanceof MappingNode m) {
      for (var t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          return line(t.getValueNode());
        }
      }
    }
    return line(node);
  }

  // ---- parameters ---------------------------------------------------------------------------

  private List<ParameterSpec> readParameters(SearchMethod method, Node node) {
    List<ParameterSpec> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    if (!(node instanceof MappingNode m)) {
      problem("parameters", line(node), "read parameters", "not a mapping", describe(node), "a mapping from parameter name to {value: …}, {values: […]} or {distribution: …, min: …, max: …}");
      return out;
    }
    List<String> known = Hyperparameter.values().stream().map(Hyperparameter::key).toList();
    for (Map.Entry<String, Node> e : mapping("parameters", m, null).entrySet()) {
      String key = e.getKey();
      String path = "parameters." + key;
      Optional<Hyperparameter<?>> h = Hyperparameter.byKey(key);
      if (h.isEmpty()) {
        unknownParameter(path, key, e.getValue(), known);
        continue;
      }
      if (h.get() == Hyperparameter.FEATURE_FILE) {
        problem(path, line(e.getValue()), "use parameter " + key, "the feature_net section sets it, from its file's checksum", key,
            "feature_net: {file: …, input_size: …, range: [low, high]} at the top level of the spec");
        continue;
      }
      if (h.get() == Hyperparameter.DATA_FILE || h.get() == Hyperparameter.DATA_CLASSES) {
        problem(path, line(e.getValue()), "use parameter " + key, "a dataset read from files sets it, from its checksum", key,
            "dataset: {value: \"points:<file>\"} or {value: \"folder:<path>\"}");
        continue;
      }
      if (MODEL_PARAMETERS.contains(h.get())) {
        problem(path, line(e.getValue()), "use parameter " + key, "the model section sets it", key,
            "model: {type: …, generator: …, discriminator: …} at the top level of the spec");
        continue;
      }
      Domain d = readDomain(path, h.get(), method, e.getValue());
      if (d != null) {
        out.add(new ParameterSpec(h.get(), d));
      }
    }
    return out;
  }

  private void unknownParameter(String path, String key, Node node, List<String> known) {
    switch (key) {
      case "lr_d" -> problem(path, line(node), "use parameter lr_d", "lr_d is derived as ttur * lr_g", key, "sweep lr_g and ttur");
      case "seed" -> problem(path, line(node), "use parameter seed", "training seeds come from replicates (seeds 0 .. replicates-1)", key, "the top-level replicates: N");
      default -> {
        String hint = Suggestions.closest(key, known).map(s -> "unknown parameter; did you mean " + s + "?").orElse("unknown parameter");
        problem(path, line(node), "use parameter", hint, key, String.join(", ", known));
      }
    }
  }

  private Domain readDomain(String path, Hyperparameter<?> h, SearchMethod method, Node node) {
    if (!(node instanceof MappingNode m)) {
      problem(path, line(node), "read parameter", "a parameter takes a mapping", describe(node), "{value: X}, {values: [X, Y]} or {distribution: D, min: A, max: B}");
      return null;
    }
    Map<String, Node> keys = mapping(path, m, PARAM_KEYS);
    List<String> forms = keys.keySet().stream().filter(k -> List.of("value", "values", "distribution").contains(k)).toList();
    if (forms.size() != 1) {
      problem(path, line(node), "read parameter", forms.isEmpty() ? "no value, values or distribution" : "more than one form", forms.isEmpty() ? String.join(", ", keys.keySet()) : String.join(" and ", forms), "exactly one of value, values, distribution");
      return null;
    }
    String form = forms.get(0);
    if (!form.equals("distribution")) {
      for (String k : List.of("min", "max")) {
        if (keys.containsKey(k)) {
          problem(path + "." + k, line(keys.get(k)), "use " + k, k + " belongs to a distribution", text(keys.get(k)), "min and max only beside distribution:");
        }
      }
    }
    return switch (form) {
      case "value" -> {
        Object v = convert(path + ".value", h, keys.get("value"));
        yield v == null ? null : new Domain.Fixed(v);
      }
      case "values" -> readValues(path + ".values", h, keys.get("values"));
      default -> readDistribution(path, h, method, keys);
    };
  }

  private Domain readValues(String path, Hyperparameter<?> h, Node node) {
    if (!(node instanceof SequenceNode seq)) {
      problem(path, line(node), "read values", "not a list", describe(node), "a non-empty list such as [1.0e-4, 3.0e-4]");
      return null;
    }
    if (seq.getValue().isEmpty()) {
      problem(path, line(node), "read values", "the list is empty", "[]", "one or more values of " + h.key() + ": " + h.allowed());
      return null;
    }
    List<Object> values = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < seq.getValue().size(); i++) {
      Node el = seq.getValue().get(i);
      Object v = convert(path + "[" + i + "]", h, el);
      if (v == null) {
        ok = false;
      } else if (values.contains(v)) {
        problem(path + "[" + i + "]", line(el), "use value", "duplicate of " + path + "[" + values.indexOf(v) + "] (it would run the same trials twice)", text(el), "each value once");
        ok = false;
      } else {
        values.add(v);
      }
    }
    return ok ? new Domain.Categorical(values) : null;
  }

  private Domain readDistribution(String path, Hyperparameter<?> h, SearchMethod method, Map<String, Node> keys) {
    Node dn = keys.get("distribution");
    String dPath = path + ".distribution";
    String text = readString(dPath, dn);
    if (text == null) {
      return null;
    }
    Distribution dist = readChoice(dPath, dn, text, Distribution.class);
    if (dist == null) {
      return null;
    }
    if (h.target() == Hyperparameter.Target.SEED) {
      problem(dPath, line(dn), "use " + h.key(), "a seed is given, not drawn (a seeds grid crosses each training seed)", text,
          "value or values");
      return null;
    }
    if (method == SearchMethod.GRID) {
      problem(dPath, line(dn), "expand grid", "a grid cannot enumerate a distribution", text, "value or values with method: grid, or method: " + sampling());
      return null;
    }
    ParamType wanted = dist == Distribution.INT_UNIFORM ? ParamType.INT : ParamType.REAL;
    if (h.type() != wanted) {
      String allowed = switch (h.type()) {
        case INT -> "int_uniform for integer parameter " + h.key();
        case REAL -> "uniform or log_uniform for real parameter " + h.key();
        default -> "value or values for " + h.key() + " (" + h.allowed() + ")";
      };
      String kind = switch (h.type()) {
        case INT -> "an integer";
        case REAL -> "a real";
        case BOOL -> "a boolean";
        case CHOICE -> "a named-choice";
      };
      problem(dPath, line(dn), "use distribution", "it does not fit " + kind + " parameter", text, allowed);
      return null;
    }
    Node minNode = keys.get("min");
    Node maxNode = keys.get("max");
    for (String k : List.of("min", "max")) {
      if (!keys.containsKey(k)) {
        problem(path + "." + k, line(dn), "use distribution", k + " is missing", "nothing", k + ": a value of " + h.key() + " in " + h.allowed());
      }
    }
    Object min = minNode == null ? null : convert(path + ".min", h, minNode);
    Object max = maxNode == null ? null : convert(path + ".max", h, maxNode);
    if (min == null || max == null) {
      return null;
    }
    double lo = ((Number) min).doubleValue();
    double hi = ((Number) max).doubleValue();
    if (!(lo < hi)) {
      problem(path + ".min", line(minNode), "use min", "min is not below max", Numbers.exact(lo) + " >= " + Numbers.exact(hi), "min < max");
      return null;
    }
    if (dist == Distribution.LOG_UNIFORM && lo <= 0) {
      problem(path + ".min", line(minNode), "use min", "log_uniform needs a positive lower bound", Numbers.exact(lo), "min > 0");
      return null;
    }
    return dist == Distribution.INT_UNIFORM ? new Domain.IntRange((int) lo, (int) hi) : new Domain.Continuous(dist, lo, hi);
  }

  /** Converts one scalar node to the parameter's canonical value, or records why not. */
  private Object convert(String path, Hyperparameter<?> h, Node node) {
    Object raw = scalar(path, node);
    if (raw == null) {
      return null;
    }
    Hyperparameter.Conversion<?> c = h.convert(raw);
    if (c.isOk()) {
      return c.value();
    }
    String reason = c.reason() + " for " + h.key();
    if (raw instanceof String s && h.type() != ParamType.CHOICE && h.type() != ParamType.BOOL && looksNumeric(s)) {
      reason += " (it is a quoted string; drop the quotes)";
    }
    if (h.type() == ParamType.CHOICE && raw instanceof String s) {
      Optional<String> near = Suggestions.closest(s, h.choices());
      if (near.isPresent()) {
        reason += "; did you mean " + near.get() + "?";
      }
    }
    problem(path, line(node), "use value", reason, text(node), h.allowed());
    return null;
  }

  private void checkSize(SearchMethod method, int samples, int replicates, List<ParameterSpec> parameters, Map<String, Node> top) {
    long configs = 1;
    long seeds = replicates;
    for (ParameterSpec p : parameters) {
      long c = p.domain().cardinality();
      if (p.param().target() == Hyperparameter.Target.SEED) { // the seeds grid: values, never a distribution
        seeds = seeds > MAX_TRIALS ? seeds : Math.multiplyExact(seeds, c);
        continue;
      }
      configs = c == Long.MAX_VALUE || configs > MAX_TRIALS ? Long.MAX_VALUE : Math.multiplyExact(configs, c);
    }
    if (method.samples()) {
      if (configs < samples) {
        problem("samples", line(top.get("samples")), "use samples", "the parameters allow only " + configs + " distinct configurations", Integer.toString(samples), "at most " + configs + ", or a wider space");
      }
      configs = samples;
    }
    if (configs == Long.MAX_VALUE || seeds > MAX_TRIALS || configs * seeds > MAX_TRIALS) {
      String got = configs == Long.MAX_VALUE ? "more than " + MAX_TRIALS : configs + " configurations x " + seeds + " seeds";
      problem(method.samples() ? "samples" : "parameters", line(top.get(method.samples() ? "samples" : "parameters")), "expand sweep", "too many trials", got, "at most " + MAX_TRIALS + " trials per spec");
    }
  }

  /**
   * The most parameters G and D may have together: 4 GB of float32 weights (about 16 GB to train
   * with their gradients and Adam's two moments), and each weight tensor well inside a Java array.
   */
  public static final long MAX_NETWORK_PARAMETERS = 1_000_000_000L;

  /**
   * Refuses a spec whose largest networks would be too big, though each of hidden, layers and
   * latent_dim is in its own range ({@code hidden: 65536, layers: 32} overflowed int in the worker
   * and failed every trial): the count is taken at the largest value each key can take, for the
   * networks of every dataset the spec can use (for images, the convnets at 28x28, the least
   * image side they take: larger images have more).
   */
  private void checkNetworkSize(List<ParameterSpec> parameters, Node node) {
    long h = largest(parameters, Hyperparameter.HIDDEN);
    long layers = largest(parameters, Hyperparameter.LAYERS);
    long latent = largest(parameters, Hyperparameter.LATENT_DIM);
    long hiddenD = largest(parameters, Hyperparameter.HIDDEN_D); // D's own size (0: G's); only the MLPs read them
    long layersD = largest(parameters, Hyperparameter.LAYERS_D);
    long count = 0;
    for (Object dataset : values(parameters, Hyperparameter.DATASET)) {
      count = Math.max(count, networkParameters((String) dataset, (int) h, (int) layers, (int) latent, (int) hiddenD, (int) layersD,
          pointShapes.getOrDefault((String) dataset, Models.nominalSample((String) dataset))));
    }
    long evalSamples = largest(parameters, Hyperparameter.EVAL_SAMPLES);
    if (evalSamples * latent > Integer.MAX_VALUE) { // the evaluation's fixed z is one array of eval_samples x latent_dim
      problem("parameters", node == null ? 0 : line(node), "size evaluations", "the evaluation's latent vectors would not fit one array",
          "eval_samples " + evalSamples + " x latent_dim " + latent, String.format(Locale.ROOT,
              "at most %,d values together: fewer eval_samples or a smaller latent_dim", Integer.MAX_VALUE));
    }
    if (count > MAX_NETWORK_PARAMETERS) {
      boolean swept = parameters.stream().anyMatch(p -> p.domain().swept() && List.of(Hyperparameter.HIDDEN, Hyperparameter.LAYERS,
          Hyperparameter.LATENT_DIM, Hyperparameter.HIDDEN_D, Hyperparameter.LAYERS_D).contains(p.param()));
      problem("parameters", node == null ? 0 : line(node), "size networks", "G and D would have " + String.format(Locale.ROOT, "%,d", count)
          + " parameters together", (swept ? "up to " : "") + "hidden " + h + " x layers " + layers + ", latent_dim " + latent
          + (hiddenD > 0 || layersD > 0 ? ", D's hidden_d " + hiddenD + " x layers_d " + layersD : ""),
          String.format(Locale.ROOT, "at most %,d parameters for G and D together (4 GB of float32 weights): a smaller hidden or fewer"
              + " layers", MAX_NETWORK_PARAMETERS));
    }
  }

  /**
   * Parameters of G and D together as the dataset's model builds them ({@link GanModel#size}), for
   * 2-D points or 28x28 greyscale images (the least image side the convnets take).
   */
  static long networkParameters(String dataset, int hidden, int layers, int latent) {
    return networkParameters(dataset, hidden, layers, latent, Models.nominalSample(dataset));
  }

  /** {@link #networkParameters(String, int, int, int)} for samples of {@code sample} (a points file's dimension). */
  static long networkParameters(String dataset, int hidden, int layers, int latent, ai.djl.ndarray.types.Shape sample) {
    return networkParameters(dataset, hidden, layers, latent, 0, 0, sample);
  }

  /** {@link #networkParameters(String, int, int, int, ai.djl.ndarray.types.Shape)} with D's own size (hidden_d, layers_d; 0: G's). */
  static long networkParameters(String dataset, int hidden, int layers, int latent, int hiddenD, int layersD,
      ai.djl.ndarray.types.Shape sample) {
    TrialConfig c = TrialConfig.of(Map.of(Hyperparameter.DATASET, dataset, Hyperparameter.HIDDEN, hidden,
        Hyperparameter.LAYERS, layers, Hyperparameter.LATENT_DIM, latent, Hyperparameter.HIDDEN_D, hiddenD,
        Hyperparameter.LAYERS_D, layersD), 0);
    return Models.forDataset(dataset).size(c, sample).parameters();
  }

  /** The largest value an integer parameter takes in the sweep (its default when the spec leaves it out). */
  private static long largest(List<ParameterSpec> parameters, Hyperparameter<?> h) {
    return values(parameters, h).stream().mapToLong(v -> ((Number) v).longValue()).max().orElseThrow();
  }

  /** The values a parameter takes in the sweep: its listed values, its range's ends, or its default. */
  private static List<Object> values(List<ParameterSpec> parameters, Hyperparameter<?> h) {
    for (ParameterSpec p : parameters) {
      if (p.param() == h) {
        Domain d = p.domain();
        if (d instanceof Domain.Fixed f) {
          return List.of(f.value());
        } else if (d instanceof Domain.Categorical c) {
          return c.values();
        } else if (d instanceof Domain.IntRange r) {
          return List.of(r.min(), r.max());
        } else if (d instanceof Domain.Continuous c) {
          return List.of(c.min(), c.max());
        }
      }
    }
    return List.of(h.defaultValue());
  }

  // ---- YAML helpers -------------------------------------------------------------------------

  /**
   * The keys of a mapping in file order; records duplicates, non-string keys and, when {@code
   * allowed} is given, unknown keys (with a near-miss suggestion).
   */
  private Map<String, Node> mapping(String path, MappingNode m, List<String> allowed) {
    Map<String, Node> out = new LinkedHashMap<>();
    Map<String, Integer> firstLine = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      Node k = t.getKeyNode();
      String keyPath = path.isEmpty() ? "" : path + ".";
      if (!(k instanceof ScalarNode ks) || ks.getTag() != Tag.STR) {
        problem(keyPath + text(k), line(k), "read key", "keys are names", describe(k), allowed == null ? "parameter names" : String.join(", ", allowed));
        continue;
      }
      String key = ks.getValue();
      if (firstLine.containsKey(key)) {
        problem(keyPath + key, line(k), "read key", "duplicate key, first given on line " + firstLine.get(key), key, "each key once");
        continue;
      }
      firstLine.put(key, line(k));
      if (allowed != null && !allowed.contains(key)) {
        String hint = Suggestions.closest(key, allowed).map(s -> "unknown key; did you mean " + s + "?").orElse("unknown key");
        problem(keyPath + key, line(k), "read key", hint, key, String.join(", ", allowed));
        continue;
      }
      out.put(key, t.getValueNode());
    }
    return out;
  }

  /** A scalar node's value under the YAML 1.2 core schema: Long, Double, Boolean, String. */
  private Object scalar(String path, Node node) {
    if (!(node instanceof ScalarNode s)) {
      problem(path, line(node), "read value", "not a single value", describe(node), "a number, boolean or name");
      return null;
    }
    String v = s.getValue();
    Tag tag = s.getTag();
    try {
      if (tag == Tag.INT) {
        String t = v.startsWith("+") ? v.substring(1) : v;
        if (t.startsWith("0x")) {
          return Long.parseLong(t.substring(2), 16);
        }
        if (t.startsWith("0o")) {
          return Long.parseLong(t.substring(2), 8);
        }
        return Long.parseLong(t);
      }
      if (tag == Tag.FLOAT) {
        String t = v.toLowerCase(Locale.ROOT);
        if (t.endsWith(".inf") || t.equals(".nan")) {
          problem(path, line(node), "use value", "not a finite number", v, "finite numbers");
          return null;
        }
        return Double.parseDouble(v);
      }
    } catch (NumberFormatException e) {
      problem(path, line(node), "read number", "too large", v, "64-bit integers and finite doubles");
      return null;
    }
    if (tag == Tag.BOOL) {
      return Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
    }
    if (tag == Tag.NULL) {
      problem(path, line(node), "read value", "the value is empty (null)", v.isEmpty() ? "nothing" : v, "a number, boolean or name");
      return null;
    }
    return v;
  }

  private String readString(String path, Node node) {
    Object v = scalar(path, node);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      problem(path, line(node), "read " + path, "not text", text(node), "text");
      return null;
    }
    return s;
  }

  private long readLong(String path, Node node, long min, long max, long fallback) {
    Object v = scalar(path, node);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Long l && l >= min && l <= max) {
      return l;
    }
    problem(path, line(node), "use value", v instanceof Long ? "out of range" : "not an integer", text(node), "integers " + min + " to " + max);
    return fallback;
  }

  private <E extends Enum<E> & WireEnum> E readChoice(String path, Node node, String text, Class<E> type) {
    try {
      return WireEnum.fromWire(type, text);
    } catch (IllegalArgumentException e) {
      List<String> names = List.of(WireEnum.wireNames(type));
      String hint = Suggestions.closest(text, names).map(s -> "unknown name; did you mean " + s + "?").orElse("unknown name");
      problem(path, line(node), "use " + path.substring(path.lastIndexOf('.') + 1), hint, text, String.join(", ", names));
      return null;
    }
  }

  private void problem(String path, int line, String action, String reason, String got, String allowed) {
    problems.add(new SpecProblem(path, line, action, reason, got, allowed));
  }

  private static boolean looksNumeric(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static int line(Node node) {
    return node == null ? 0 : node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }

  private static String text(Node node) {
    if (node instanceof ScalarNode s) {
      return s.getValue().isEmpty() ? "nothing" : s.getValue();
    }
    return describe(node);
  }

  private static String describe(Node node) {
    if (node instanceof MappingNode m) {
      Set<String> keys = m.getValue().stream().map(t -> text(t.getKeyNode())).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
      return "a mapping {" + String.join(", ", keys) + "}";
    }
    if (node instanceof SequenceNode s) {
      return "a list of " + s.getValue().size();
    }
    return node == null ? "nothing" : text(node);
  }
}
