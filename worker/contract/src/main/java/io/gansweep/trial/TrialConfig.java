package io.gansweep.trial;

import java.util.List;
import java.util.Map;

/**
 * One fully resolved trial: a value for every {@link Hyperparameter} key, in its key's type, plus
 * the training seed. Immutable; it is what crosses to an executor. Every way of building one checks
 * each value against its key, so an executor never sees an invalid config, and there is no second
 * list of fields to keep in step with the catalog: a new key is read with {@link #get} at once.
 */
public final class TrialConfig {

  /** Version of the id derivation; bump it only together with a migration note in docs/guide/writing-specs.md. */
  static final String ID_SCHEME = "gansweep-config-v2";

  private final Object[] values;
  private final long seed;

  private TrialConfig(Object[] values, long seed) {
    if (seed < 0) {
      throw new IllegalArgumentException("Cannot build trial config: negative seed (got " + seed + "; allowed >= 0)");
    }
    this.values = values;
    this.seed = seed;
  }

  /**
   * Builds a config from values in their keys' types, or as a spec or table gives them (numbers,
   * booleans, wire names); a key that is absent takes its default.
   *
   * @throws IllegalArgumentException naming the first key whose value is not allowed
   */
  public static TrialConfig of(Map<Hyperparameter<?>, ?> given, long seed) {
    List<Hyperparameter<?>> keys = Hyperparameter.values();
    Object[] v = new Object[keys.size()];
    for (Hyperparameter<?> h : keys) {
      v[h.ordinal()] = h.require(given.containsKey(h) ? given.get(h) : h.defaultValue(), "build trial config");
    }
    return new TrialConfig(v, seed);
  }

  /** This config with {@code key} set to {@code value} (checked as {@link #of} checks it). */
  public <T> TrialConfig with(Hyperparameter<T> key, Object value) {
    Object[] v = values.clone();
    v[key.ordinal()] = key.require(value, "build trial config");
    return new TrialConfig(v, seed);
  }

  /** This config with another training seed. */
  public TrialConfig withSeed(long seed) {
    return new TrialConfig(values, seed);
  }

  /** The value of {@code key}, in its type. */
  public <T> T get(Hyperparameter<T> key) {
    return key.javaType().cast(values[key.ordinal()]);
  }

  /**
   * The value of {@code key} as tables hold it and ids hash it (choices as wire names; a seed key
   * as the seed it resolves to, {@link #seed(Hyperparameter)}).
   */
  public Object wire(Hyperparameter<?> key) {
    if (key.target() == Hyperparameter.Target.SEED) {
      return Math.toIntExact(seed(key));
    }
    return key.wireOf(values[key.ordinal()]);
  }

  /** The training seed. */
  public long seed() {
    return seed;
  }

  /**
   * The seed of one of the trial's random streams ({@link Hyperparameter#INIT_SEED}, {@link
   * Hyperparameter#DATA_SEED}, {@link Hyperparameter#NOISE_SEED}): its own value, or the trial's
   * seed where it is {@link Hyperparameter#FOLLOW}.
   */
  public long seed(Hyperparameter<?> source) {
    if (source.target() != Hyperparameter.Target.SEED) {
      throw new IllegalArgumentException("Cannot resolve seed: not a seed key (got " + source.key() + "; allowed "
          + Hyperparameter.seedKeys().stream().map(Hyperparameter::key).toList() + ")");
    }
    int v = (Integer) values[source.ordinal()];
    return v == Hyperparameter.FOLLOW ? seed : v;
  }

  /** The discriminator's learning rate, {@code ttur * lr_g}. */
  public double lrD() {
    return get(Hyperparameter.TTUR) * get(Hyperparameter.LR_G);
  }

  /** D's units per hidden layer: {@code hidden_d}, or G's {@code hidden} where it is 0. */
  public int hiddenD() {
    int v = get(Hyperparameter.HIDDEN_D);
    return v == 0 ? get(Hyperparameter.HIDDEN) : v;
  }

  /** D's hidden layers: {@code layers_d}, or G's {@code layers} where it is 0. */
  public int layersD() {
    int v = get(Hyperparameter.LAYERS_D);
    return v == 0 ? get(Hyperparameter.LAYERS) : v;
  }

  /**
   * Stable id of the configuration without the seeds: SHA-256 over the scheme version and the
   * canonical text of every configuration key ({@link Hyperparameter#configurationKeys}) whose
   * value differs from its catalog default, in catalog order, first 16 hex digits. Identical on
   * every machine and JVM, and across upgrades that add a key with a default: a stored trial that
   * never set it keeps its id.
   */
  public String configId() {
    StringBuilder sb = new StringBuilder(ID_SCHEME);
    for (Hyperparameter<?> h : Hyperparameter.configurationKeys()) {
      String value = Values.canonical(wire(h));
      if (!value.equals(Values.canonical(h.wireOf(h.defaultValue())))) {
        sb.append('|').append(h.key()).append('=').append(value);
      }
    }
    return Values.sha256Hex(sb.toString(), 16);
  }

  /**
   * Id of this trial: the config id and the seed, e.g. {@code 3f2a9c0d1e7b6a54-s2}, then each
   * stream seed that differs from the seed, named without its {@code _seed}: {@code
   * 3f2a9c0d1e7b6a54-s2-init0-data5}. A trial whose streams all follow its seed keeps the id it had
   * before stream seeds existed.
   */
  public String trialId() {
    StringBuilder sb = new StringBuilder(configId()).append("-s").append(seed);
    for (Hyperparameter<?> h : Hyperparameter.seedKeys()) {
      long s = seed(h);
      if (s != seed) {
        sb.append('-').append(h.key(), 0, h.key().length() - "_seed".length()).append(s);
      }
    }
    return sb.toString();
  }

  /** Equal when every key's {@link #wire} value and the seed are: a seed key given as the seed equals one that follows it. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TrialConfig c) || c.seed != seed) {
      return false;
    }
    for (Hyperparameter<?> h : Hyperparameter.values()) {
      if (!wire(h).equals(c.wire(h))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int hash = Long.hashCode(seed);
    for (Hyperparameter<?> h : Hyperparameter.values()) {
      hash = 31 * hash + wire(h).hashCode();
    }
    return hash;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("TrialConfig[");
    for (Hyperparameter<?> h : Hyperparameter.values()) {
      sb.append(h.key()).append('=').append(Values.canonical(wire(h))).append(", ");
    }
    return sb.append("seed=").append(seed).append(']').toString();
  }
}
