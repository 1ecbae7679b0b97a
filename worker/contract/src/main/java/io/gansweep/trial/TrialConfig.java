package io.gansweep.trial;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One fully resolved trial: every hyperparameter of {@link Hyperparameter} plus the training seed.
 * This record is what crosses to an executor; its constructor refuses any value the catalog does
 * not allow, so an executor never sees an invalid config.
 */
public record TrialConfig(
    String dataset,
    int steps,
    int batchSize,
    int latentDim,
    int hidden,
    int layers,
    double lrG,
    double ttur,
    int dSteps,
    int gSteps,
    InitScheme init,
    LossKind loss,
    PenaltyKind penalty,
    double penaltyWeight,
    double adamBeta1,
    double adamBeta2,
    boolean spectralNorm,
    boolean batchNorm,
    double bnMomentum,
    double dropoutD,
    double featureMatching,
    int logEvery,
    int evalEvery,
    int evalSamples,
    ActivationKind gActivation,
    ActivationKind dActivation,
    long seed) {

  /** Version of the id derivation; bump it only together with a migration note in the README. */
  static final String ID_SCHEME = "gansweep-config-v2";

  /**
   * Refuses any value the catalog does not allow (ranges, choices, null names), naming the first
   * one, so that a record deserialised on an executor is checked as one built on the driver.
   */
  public TrialConfig {
    Objects.requireNonNull(init, "init");
    Objects.requireNonNull(loss, "loss");
    Objects.requireNonNull(penalty, "penalty");
    Objects.requireNonNull(gActivation, "gActivation");
    Objects.requireNonNull(dActivation, "dActivation");
    if (seed < 0) {
      throw new IllegalArgumentException(
          "Cannot build trial config: negative seed (got " + seed + "; allowed >= 0)");
    }
    Object[] values = {dataset, steps, batchSize, latentDim, hidden, layers, lrG, ttur, dSteps, gSteps, init.wireName(),
        loss.wireName(), penalty.wireName(), penaltyWeight, adamBeta1, adamBeta2, spectralNorm, batchNorm, bnMomentum,
        dropoutD, featureMatching, logEvery, evalEvery, evalSamples, gActivation.wireName(), dActivation.wireName()};
    Hyperparameter[] catalog = Hyperparameter.values();
    if (values.length != catalog.length) {
      throw new AssertionError("TrialConfig's components and the catalog differ (" + values.length + " vs " + catalog.length + ")");
    }
    for (int i = 0; i < catalog.length; i++) {
      check(catalog[i], values[i]);
    }
  }

  private static Object check(Hyperparameter h, Object raw) {
    Hyperparameter.Conversion c = h.convert(raw);
    if (!c.isOk()) {
      throw new IllegalArgumentException(
          "Cannot build trial config: " + h.key() + " is " + c.reason() + " (got " + raw + "; allowed " + h.allowed() + ")");
    }
    return c.value();
  }

  /**
   * Builds a config from canonical values (as {@link Hyperparameter#convert} yields them); a
   * parameter that is absent takes its default.
   *
   * @throws IllegalArgumentException naming the first parameter whose value is not allowed
   */
  public static TrialConfig of(Map<Hyperparameter, ?> values, long seed) {
    Map<Hyperparameter, Object> v = new EnumMap<>(Hyperparameter.class);
    for (Hyperparameter h : Hyperparameter.values()) {
      v.put(h, check(h, values.containsKey(h) ? values.get(h) : h.defaultValue()));
    }
    return new TrialConfig(
        (String) v.get(Hyperparameter.DATASET),
        (Integer) v.get(Hyperparameter.STEPS),
        (Integer) v.get(Hyperparameter.BATCH_SIZE),
        (Integer) v.get(Hyperparameter.LATENT_DIM),
        (Integer) v.get(Hyperparameter.HIDDEN),
        (Integer) v.get(Hyperparameter.LAYERS),
        (Double) v.get(Hyperparameter.LR_G),
        (Double) v.get(Hyperparameter.TTUR),
        (Integer) v.get(Hyperparameter.D_STEPS),
        (Integer) v.get(Hyperparameter.G_STEPS),
        WireEnum.fromWire(InitScheme.class, (String) v.get(Hyperparameter.INIT)),
        WireEnum.fromWire(LossKind.class, (String) v.get(Hyperparameter.LOSS)),
        WireEnum.fromWire(PenaltyKind.class, (String) v.get(Hyperparameter.PENALTY)),
        (Double) v.get(Hyperparameter.PENALTY_WEIGHT),
        (Double) v.get(Hyperparameter.ADAM_BETA1),
        (Double) v.get(Hyperparameter.ADAM_BETA2),
        (Boolean) v.get(Hyperparameter.SPECTRAL_NORM),
        (Boolean) v.get(Hyperparameter.BATCH_NORM),
        (Double) v.get(Hyperparameter.BN_MOMENTUM),
        (Double) v.get(Hyperparameter.DROPOUT_D),
        (Double) v.get(Hyperparameter.FEATURE_MATCHING),
        (Integer) v.get(Hyperparameter.LOG_EVERY),
        (Integer) v.get(Hyperparameter.EVAL_EVERY),
        (Integer) v.get(Hyperparameter.EVAL_SAMPLES),
        WireEnum.fromWire(ActivationKind.class, (String) v.get(Hyperparameter.G_ACTIVATION)),
        WireEnum.fromWire(ActivationKind.class, (String) v.get(Hyperparameter.D_ACTIVATION)),
        seed);
  }

  /** The value of one hyperparameter in its canonical type (choices as wire names). */
  public Object get(Hyperparameter h) {
    return switch (h) {
      case DATASET -> dataset;
      case STEPS -> steps;
      case BATCH_SIZE -> batchSize;
      case LATENT_DIM -> latentDim;
      case HIDDEN -> hidden;
      case LAYERS -> layers;
      case LR_G -> lrG;
      case TTUR -> ttur;
      case D_STEPS -> dSteps;
      case G_STEPS -> gSteps;
      case INIT -> init.wireName();
      case LOSS -> loss.wireName();
      case PENALTY -> penalty.wireName();
      case PENALTY_WEIGHT -> penaltyWeight;
      case ADAM_BETA1 -> adamBeta1;
      case ADAM_BETA2 -> adamBeta2;
      case SPECTRAL_NORM -> spectralNorm;
      case BATCH_NORM -> batchNorm;
      case BN_MOMENTUM -> bnMomentum;
      case DROPOUT_D -> dropoutD;
      case FEATURE_MATCHING -> featureMatching;
      case LOG_EVERY -> logEvery;
      case EVAL_EVERY -> evalEvery;
      case EVAL_SAMPLES -> evalSamples;
      case G_ACTIVATION -> gActivation.wireName();
      case D_ACTIVATION -> dActivation.wireName();
    };
  }

  /** The discriminator's learning rate, {@code ttur * lr_g}. */
  public double lrD() {
    return ttur * lrG;
  }

  /**
   * Stable id of the configuration without the seed: SHA-256 over the scheme version and the
   * canonical text of every hyperparameter whose value differs from its catalog default, in
   * catalog order, first 16 hex digits. Identical on every machine and JVM, and across upgrades
   * that add a hyperparameter with a default: a stored trial that never set it keeps its id.
   */
  public String configId() {
    StringBuilder sb = new StringBuilder(ID_SCHEME);
    for (Hyperparameter h : Hyperparameter.values()) {
      String value = Values.canonical(get(h));
      if (!value.equals(Values.canonical(h.defaultValue()))) {
        sb.append('|').append(h.key()).append('=').append(value);
      }
    }
    return Values.sha256Hex(sb.toString(), 16);
  }

  /** Id of this trial: the config id and the seed, e.g. {@code 3f2a9c0d1e7b6a54-s2}. */
  public String trialId() {
    return configId() + "-s" + seed;
  }
}
