package io.gansweep.search;

import io.gansweep.spec.Distribution;
import io.gansweep.spec.Domain;
import io.gansweep.spec.ParameterSpec;
import io.gansweep.spec.SweepSpec;
import io.gansweep.trial.Values;
import io.gansweep.trial.Hyperparameter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code samples} distinct configurations drawn with the sampler seed. Each parameter draws from
 * its own stream, seeded by the sampler seed and the parameter's name, so adding an axis to a
 * spec leaves the draws of the other axes unchanged. {@link SplittableRandom}'s algorithm is
 * specified and the log-uniform transform is {@link StrictMath}'s, so the draws are the same on
 * every JVM. Real draws are rounded to {@value
 * #SIGNIFICANT_DIGITS} significant digits (readable tables, stable ids) and clamped into range.
 */
public final class RandomSearch implements Sampler {

  static final int SIGNIFICANT_DIGITS = 4;

  /** Draw attempts per wanted sample before giving up on finding distinct configurations. */
  private static final int ATTEMPTS_PER_SAMPLE = 100;

  @Override
  public Set<Feature> supports() {
    return EnumSet.allOf(Feature.class);
  }

  @Override
  public int budget(SweepSpec spec) {
    return spec.samples();
  }

  @Override
  public String identity(SweepSpec spec) {
    return "";
  }

  /** The draws after those asked, in order: it ignores results. */
  @Override
  public List<Map<Hyperparameter<?>, Object>> ask(SweepSpec spec, History history, int n) {
    int from = history.asked().size();
    int to = Math.min(budget(spec), from + Math.max(0, n));
    return to <= from ? List.of() : List.copyOf(draws(spec, to).subList(from, to));
  }

  /**
   * The first {@code n} distinct configurations random search draws for the spec. Draws are
   * sequential, so fewer are a prefix of more: tpe's random start is random search's first
   * {@code n_startup} configurations.
   */
  static List<Map<Hyperparameter<?>, Object>> draws(SweepSpec spec, int n) {
    Map<Hyperparameter<?>, SplittableRandom> streams = new HashMap<>();
    for (ParameterSpec p : spec.configurationParameters()) {
      long salt = Long.parseUnsignedLong(Values.sha256Hex(p.param().key(), 16), 16);
      streams.put(p.param(), new SplittableRandom(spec.seed() ^ salt));
    }
    Set<Map<Hyperparameter<?>, Object>> drawn = new LinkedHashSet<>();
    long attempts = (long) n * ATTEMPTS_PER_SAMPLE;
    while (drawn.size() < n && attempts-- > 0) {
      Map<Hyperparameter<?>, Object> m = Hyperparameter.newMap();
      for (ParameterSpec p : spec.configurationParameters()) {
        m.put(p.param(), draw(p.domain(), streams.get(p.param())));
      }
      drawn.add(m);
    }
    if (drawn.size() < n) {
      throw new IllegalArgumentException(
          "Cannot draw samples: the space holds too few distinct configurations (got "
              + drawn.size() + " distinct after " + (long) n * ATTEMPTS_PER_SAMPLE
              + " draws; allowed samples <= the number of distinct configurations)");
    }
    return new ArrayList<>(drawn);
  }

  static Object draw(Domain domain, SplittableRandom rng) {
    if (domain instanceof Domain.Fixed f) {
      return f.value();
    }
    if (domain instanceof Domain.Categorical c) {
      return c.values().get(rng.nextInt(c.values().size()));
    }
    if (domain instanceof Domain.IntRange r) {
      return rng.nextInt(r.min(), r.max() + 1);
    }
    return at((Domain.Continuous) domain, rng.nextDouble());
  }

  /** The value of a continuous domain at {@code u} in [0, 1): uniform or log-uniform, rounded and clamped as every draw is. */
  static double at(Domain.Continuous c, double u) {
    double v = c.distribution() == Distribution.LOG_UNIFORM
        ? StrictMath.exp(StrictMath.log(c.min()) + u * (StrictMath.log(c.max()) - StrictMath.log(c.min())))
        : c.min() + u * (c.max() - c.min());
    return Math.max(c.min(), Math.min(c.max(), Values.roundSignificant(v, SIGNIFICANT_DIGITS)));
  }
}
