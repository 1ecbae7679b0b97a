package io.gansweep.model;

import io.gansweep.data.Datasets;
import io.gansweep.trial.DataRange;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.InitScheme;
import io.gansweep.trial.InstanceNormKind;
import io.gansweep.trial.PenaltyKind;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.Values;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What a model cannot train, per model: the architecture keys it does not read and the init
 * schemes it cannot start from ({@link GanModel#architectureKeys}, {@link GanModel#initSchemes}),
 * and the pairs of values that cannot meet in one configuration ({@link #RULES}). The one
 * definition of each: the spec parser refuses a sweep in which any configuration it may make
 * meets one ({@link #first(GanModel, Function)} over each key's values: exit 2 before Spark), and
 * every trial checks its own config when it starts ({@link #check}: a FAILED row for a trial made
 * some other way).
 */
public final class Conflicts {

  private Conflicts() {}

  /**
   * One side of a rule: a key and the values of it that take part.
   *
   * @param key the key
   * @param values the values that take part, for messages ({@code true}, {@code above 0}, {@code gp or r1})
   * @param holds whether a value (of the key's type) takes part
   */
  public record Side(Hyperparameter<?> key, String values, Predicate<Object> holds) {}

  /**
   * Two sides that cannot meet in one configuration.
   *
   * @param a the first side
   * @param b the second side
   * @param why the reason, for the message
   */
  public record Rule(Side a, Side b, String why) {

    /** The rule's verb phrase: {@code combine A with B}. */
    public String action() {
      return "combine " + a.key().key() + " with " + b.key().key();
    }

    /** What a configuration meeting it got: {@code A x and B y}. */
    public String got(Object av, Object bv) {
      return a.key().key() + " " + Values.canonical(av) + " and " + b.key().key() + " " + Values.canonical(bv);
    }

    /** What it allows: either side, not both. */
    public String allowed() {
      return a.key().key() + " " + a.values() + " or " + b.key().key() + " " + b.values() + ", not both";
    }

    /** The one-line refusal of values {@code av} and {@code bv}. */
    public String message(Object av, Object bv) {
      return "Cannot " + action() + ": " + why + " (got " + got(av, bv) + "; allowed " + allowed() + ")";
    }
  }

  /** A refusal found among a sweep's values: the rule and the two values that meet. */
  public record Hit(Rule rule, Object a, Object b) {
    public String message() {
      return rule.message(a, b);
    }
  }

  private static Side on(Hyperparameter<Boolean> h) {
    return new Side(h, "true", Boolean.TRUE::equals);
  }

  private static Side positive(Hyperparameter<Double> h) {
    return new Side(h, "above 0", v -> ((Number) v).doubleValue() > 0);
  }

  private static final Side PENALTY = new Side(Hyperparameter.PENALTY, "gp or r1", v -> v != PenaltyKind.NONE);
  private static final Side INSTANCE_NORM_G = new Side(Hyperparameter.INSTANCE_NORM, "g or both",
      v -> ((InstanceNormKind) v).generator());
  private static final Side INSTANCE_NORM_D = new Side(Hyperparameter.INSTANCE_NORM, "d or both",
      v -> ((InstanceNormKind) v).discriminator());

  /**
   * The pairs that cannot meet. A rule binds a model only when the model reads both its keys
   * ({@link #rules}): the DCGAN, whose batch norm is G's and dropout D's, meets none of the norm rules.
   */
  public static final List<Rule> RULES = List.of(
      new Rule(on(Hyperparameter.BATCH_NORM), positive(Hyperparameter.DROPOUT_G), "batch norm and dropout in one network (G)"),
      new Rule(on(Hyperparameter.BATCH_NORM_D), positive(Hyperparameter.DROPOUT_D), "batch norm and dropout in one network (D)"),
      new Rule(on(Hyperparameter.BATCH_NORM), INSTANCE_NORM_G, "batch norm and instance norm in one network (G)"),
      new Rule(on(Hyperparameter.BATCH_NORM_D), INSTANCE_NORM_D, "batch norm and instance norm in one network (D)"),
      new Rule(PENALTY, on(Hyperparameter.BATCH_NORM_D), "a gradient penalty takes D's input gradient per sample, and batch norm "
          + "couples a batch's samples"),
      new Rule(PENALTY, on(Hyperparameter.MINIBATCH_STDDEV), "a gradient penalty takes D's input gradient per sample, and the "
          + "minibatch std feature couples a batch's samples"),
      new Rule(PENALTY, INSTANCE_NORM_D, "a gradient penalty takes D's input gradient in closed form, which instance norm's has not"),
      new Rule(new Side(Hyperparameter.DATA_RANGE, "zero_one", v -> v != DataRange.MINUS_ONE_ONE),
          new Side(Hyperparameter.DATASET, "of points (a 2-D mixture or a points file)", v -> !Datasets.isImages((String) v)),
          "data_range maps image pixels, and points have none"));

  /** The rules that bind {@code model}: those whose keys it all reads (every model reads the recipe keys). */
  public static List<Rule> rules(GanModel model) {
    return RULES.stream().filter(r -> reads(model, r.a().key()) && reads(model, r.b().key())).toList();
  }

  /** Whether {@code model} reads {@code h}: a recipe key, or an architecture key it declares. */
  public static boolean reads(GanModel model, Hyperparameter<?> h) {
    return h.scope() == Hyperparameter.Scope.RECIPE || model.architectureKeys().contains(h);
  }

  /**
   * The first rule of {@code model} that some values of the sweep meet, each key's values given by
   * {@code values} (a grid axis's values, a distribution's bounds: each key is drawn apart from the
   * others, so any two of them can meet in one configuration).
   */
  public static Optional<Hit> first(GanModel model, Function<Hyperparameter<?>, List<Object>> values) {
    for (Rule r : rules(model)) {
      Optional<Object> a = values.apply(r.a().key()).stream().filter(r.a().holds()).findFirst();
      Optional<Object> b = values.apply(r.b().key()).stream().filter(r.b().holds()).findFirst();
      if (a.isPresent() && b.isPresent()) {
        return Optional.of(new Hit(r, a.get(), b.get()));
      }
    }
    return Optional.empty();
  }

  /**
   * The trial-start guard: refuses a config that {@code model} cannot train as asked, for the
   * same reasons the spec parser refuses a sweep.
   *
   * @throws IllegalArgumentException one line: "Cannot …: … (got …; allowed …)"
   */
  public static void check(GanModel model, TrialConfig c) {
    for (Hyperparameter<?> h : Hyperparameter.values()) {
      if (!reads(model, h) && !c.get(h).equals(h.defaultValue())) {
        throw new IllegalArgumentException("Cannot use parameter " + h.key() + ": the " + model.name()
            + " model does not read it (got " + h.key() + " " + Values.canonical(c.get(h)) + "; allowed " + h.key() + " "
            + Values.canonical(h.defaultValue()) + " for " + model.name() + ")");
      }
    }
    InitScheme init = c.get(Hyperparameter.INIT);
    if (!model.initSchemes().contains(init)) {
      throw new IllegalArgumentException("Cannot use init " + init.wireName() + ": the " + model.name() + " model cannot start from it (got "
          + init.wireName() + "; allowed " + model.initSchemes().stream().map(InitScheme::wireName).collect(Collectors.joining(", ")) + ")");
    }
    first(model, h -> List.of(c.get(h))).ifPresent(hit -> {
      throw new IllegalArgumentException(hit.message());
    });
  }
}
