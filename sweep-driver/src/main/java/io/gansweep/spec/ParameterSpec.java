package io.gansweep.spec;

import io.gansweep.trial.Hyperparameter;
import java.util.Objects;

/** One entry of the spec's {@code parameters:} block. */
public record ParameterSpec(Hyperparameter<?> param, Domain domain) {
  public ParameterSpec {
    Objects.requireNonNull(param, "param");
    Objects.requireNonNull(domain, "domain");
  }
}
