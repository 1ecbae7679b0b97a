package io.gansweep.dispatch;

import io.gansweep.spec.Domain;
import io.gansweep.trial.Values;
import java.util.stream.Collectors;

/** A parameter's domain as spec YAML, with canonical numbers. */
final class ValuesYaml {

  private ValuesYaml() {}

  static String of(Domain d) {
    if (d instanceof Domain.Fixed f) {
      return "{value: " + Values.canonical(f.value()) + "}";
    }
    if (d instanceof Domain.Categorical c) {
      return c.values().stream().map(Values::canonical).collect(Collectors.joining(", ", "{values: [", "]}"));
    }
    if (d instanceof Domain.Continuous c) {
      return "{distribution: " + c.distribution().wireName() + ", min: " + Values.canonical(c.min()) + ", max: " + Values.canonical(c.max()) + "}";
    }
    Domain.IntRange r = (Domain.IntRange) d;
    return "{distribution: int_uniform, min: " + r.min() + ", max: " + r.max() + "}";
  }
}
