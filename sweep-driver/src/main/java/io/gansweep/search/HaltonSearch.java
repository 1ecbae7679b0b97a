package io.gansweep.search;

import io.gansweep.spec.Domain;
import io.gansweep.spec.ParameterSpec;
import io.gansweep.spec.SweepSpec;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.Values;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code method: halton}: {@code samples} configurations from the Halton sequence (Halton 1960),
 * which covers the space more evenly than independent draws. Swept parameter k (in spec order)
 * takes the radical inverse of the point's index in the k-th prime base, shifted modulo 1 by an
 * offset drawn from the sampler seed and the parameter's name (a Cranley-Patterson rotation: other
 * seeds give other, equally even, point sets); the unit value maps to the domain as random search
 * maps its draws (a {@code values} list or an integer range by equal slices). Points that round to
 * a configuration asked before are skipped. It ignores results: one wave.
 */
public final class HaltonSearch implements Sampler {

  private static final int[] PRIMES = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97};

  /** Points looked at per wanted configuration before giving up on distinct ones. */
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
    return ""; // its planned trials fix every configuration
  }

  @Override
  public List<Map<Hyperparameter<?>, Object>> ask(SweepSpec spec, History history, int n) {
    int from = history.asked().size();
    int to = Math.min(budget(spec), from + Math.max(0, n));
    return to <= from ? List.of() : List.copyOf(points(spec, to).subList(from, to));
  }

  /** The first {@code n} distinct configurations of the rotated sequence. */
  static List<Map<Hyperparameter<?>, Object>> points(SweepSpec spec, int n) {
    List<ParameterSpec> params = spec.configurationParameters();
    if (params.stream().filter(p -> p.domain().swept()).count() > PRIMES.length) {
      throw new IllegalArgumentException("Cannot draw halton points: too many swept parameters (got "
          + params.stream().filter(p -> p.domain().swept()).count() + "; allowed at most " + PRIMES.length + ")");
    }
    double[] shift = new double[params.size()];
    for (int k = 0; k < params.size(); k++) {
      long salt = Long.parseUnsignedLong(Values.sha256Hex("halton-" + params.get(k).param().key(), 16), 16);
      shift[k] = new SplittableRandom(spec.seed() ^ salt).nextDouble();
    }
    Set<Map<Hyperparameter<?>, Object>> out = new LinkedHashSet<>();
    for (long i = 1; out.size() < n && i <= (long) n * ATTEMPTS_PER_SAMPLE; i++) {
      Map<Hyperparameter<?>, Object> c = Hyperparameter.newMap();
      int base = 0;
      for (int k = 0; k < params.size(); k++) {
        Domain d = params.get(k).domain();
        double u = d.swept() ? (radicalInverse(i, PRIMES[base++]) + shift[k]) % 1.0 : 0;
        c.put(params.get(k).param(), value(d, u));
      }
      out.add(c);
    }
    if (out.size() < n) {
      throw new IllegalArgumentException("Cannot draw samples: the space holds too few distinct configurations (got " + out.size()
          + " distinct halton points; allowed samples <= the number of distinct configurations)");
    }
    return new ArrayList<>(out);
  }

  /** The digits of {@code i} in base {@code b}, mirrored after the point: the Halton sequence's coordinate. */
  static double radicalInverse(long i, int b) {
    double f = 1.0 / b;
    double r = 0;
    for (long x = i; x > 0; x /= b, f /= b) {
      r += f * (x % b);
    }
    return r;
  }

  private static Object value(Domain d, double u) {
    if (d instanceof Domain.Fixed f) {
      return f.value();
    }
    if (d instanceof Domain.Categorical c) {
      return c.values().get(Math.min(c.values().size() - 1, (int) (u * c.values().size())));
    }
    if (d instanceof Domain.IntRange r) {
      return (int) Math.min(r.max(), r.min() + (long) (u * ((long) r.max() - r.min() + 1)));
    }
    return RandomSearch.at((Domain.Continuous) d, u);
  }
}
