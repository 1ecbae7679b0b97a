package io.gansweep.trial;

import java.util.Arrays;
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

  /** The value of {@code key} as tables hold it and ids hash it (choices as wire names). */
  public Object wire(Hyperparameter<?> key) {
    return key.wireOf(values[key.ordinal()]);
  }

  /** The training seed. */
  public long seed() {
    return seed;
  }

  /** The discriminator's learning rate, {@code ttur * lr_g}. */
  public double lrD() {
    return get(Hyperparameter.TTUR) * get(Hyperparameter.LR_G);
  }

  /**
   * Stable id of the configuration without the seed: SHA-256 over the scheme version and the
   * canonical text of every key whose value differs from its catalog default, in catalog order,
   * first 16 hex digits. Identical on every machine and JVM, and across upgrades that add a key
   * with a default: a stored trial that never set it keeps its id.
   */
  public String configId() {
    StringBuilder sb = new StringBuilder(ID_SCHEME);
    for (Hyperparameter<?> h : Hyperparameter.values()) {
      String value = Values.canonical(wire(h));
      if (!value.equals(Values.canonical(h.wireOf(h.defaultValue())))) {
        sb.append('|').append(h.key()).append('=').append(value);
      }
    }
    return Values.sha256Hex(sb.toString(), 16);
  }

  /** Id of this trial: the config id and the seed, e.g. {@code 3f2a9c0d1e7b6a54-s2}. */
  public String trialId() {
    return configId() + "-s" + seed;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrialConfig c && c.seed == seed && Arrays.equals(c.values, values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(values) + Long.hashCode(seed);
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
