package io.gansweep.search;

import io.gansweep.spec.Domain;

/** Test helper: whether a drawn value belongs to a domain. */
final class InDomain {
  private InDomain() {}

  static boolean contains(Domain d, Object v) {
    if (d instanceof Domain.Fixed f) {
      return f.value().equals(v);
    }
    if (d instanceof Domain.Categorical c) {
      return c.values().contains(v);
    }
    if (d instanceof Domain.IntRange r) {
      return v instanceof Integer i && i >= r.min() && i <= r.max();
    }
    Domain.Continuous c = (Domain.Continuous) d;
    return v instanceof Double x && x >= c.min() && x <= c.max();
  }
}
