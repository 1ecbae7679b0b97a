package io.gansweep.search;

import io.gansweep.spec.Domain;
import io.gansweep.spec.ParameterSpec;
import io.gansweep.spec.SweepSpec;
import io.gansweep.trial.Hyperparameter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cartesian product of every {@code values} axis, in the spec's declaration order with the
 * last-declared axis varying fastest (like nested loops written in that order).
 */
public final class GridSearch implements Sampler {

  @Override
  public Set<Feature> supports() {
    return EnumSet.allOf(Feature.class);
  }

  @Override
  public int budget(SweepSpec spec) {
    long n = 1;
    for (ParameterSpec p : spec.configurationParameters()) {
      n *= p.domain().cardinality();
    }
    return Math.toIntExact(n);
  }

  @Override
  public String identity(SweepSpec spec) {
    return "";
  }

  /** The combinations after those asked, in order: it ignores results. */
  @Override
  public List<Map<Hyperparameter<?>, Object>> ask(SweepSpec spec, History history, int n) {
    List<Map<Hyperparameter<?>, Object>> all = combinations(spec.configurationParameters());
    int from = Math.min(history.asked().size(), all.size());
    return List.copyOf(all.subList(from, Math.min(all.size(), from + Math.max(0, n))));
  }

  /** Every combination of the values of {@code parameters} (each given as value or values), the last one varying fastest. */
  static List<Map<Hyperparameter<?>, Object>> combinations(List<ParameterSpec> parameters) {
    List<Map<Hyperparameter<?>, Object>> out = new ArrayList<>();
    out.add(Hyperparameter.newMap());
    for (ParameterSpec p : parameters) {
      List<Object> axis;
      if (p.domain() instanceof Domain.Fixed f) {
        axis = List.of(f.value());
      } else if (p.domain() instanceof Domain.Categorical c) {
        axis = c.values();
      } else {
        throw new IllegalArgumentException(
            "Cannot expand grid: " + p.param().key() + " has a distribution (got " + p.domain() + "; allowed value or values)");
      }
      List<Map<Hyperparameter<?>, Object>> next = new ArrayList<>(out.size() * axis.size());
      for (Map<Hyperparameter<?>, Object> partial : out) {
        for (Object v : axis) {
          Map<Hyperparameter<?>, Object> m = Hyperparameter.newMap(partial);
          m.put(p.param(), v);
          next.add(m);
        }
      }
      out = next;
    }
    return out;
  }
}
