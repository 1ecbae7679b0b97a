package io.gansweep.search;

import io.gansweep.spec.Domain;
import io.gansweep.spec.ParameterSpec;
import io.gansweep.spec.SweepSpec;
import io.gansweep.trial.Hyperparameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cartesian product of every {@code values} axis, in the spec's declaration order with the
 * last-declared axis varying fastest (like nested loops written in that order).
 */
public final class GridSearch implements SearchStrategy {

  @Override
  public List<Map<Hyperparameter<?>, Object>> configurations(SweepSpec spec) {
    return combinations(spec.configurationParameters());
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
