package io.gansweep.spec;

import java.util.List;

/** The values one hyperparameter takes in a sweep, as the spec states them. */
public sealed interface Domain {

  /** Whether the parameter varies across the sweep's configurations. */
  boolean swept();

  /** The number of distinct values, or {@link Long#MAX_VALUE} for a continuous distribution. */
  long cardinality();

  /** {@code {value: x}}: one value for every trial. */
  record Fixed(Object value) implements Domain {
    @Override
    public boolean swept() {
      return false;
    }

    @Override
    public long cardinality() {
      return 1;
    }
  }

  /** {@code {values: [a, b, …]}}: a grid axis, or a categorical choice under random search. */
  record Categorical(List<Object> values) implements Domain {
    public Categorical {
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("Cannot build domain: empty values (got []; allowed 1 or more)");
      }
    }

    @Override
    public boolean swept() {
      return values.size() > 1;
    }

    @Override
    public long cardinality() {
      return values.size();
    }
  }

  /** {@code {distribution: uniform|log_uniform, min, max}} over a real parameter (random only). */
  record Continuous(Distribution distribution, double min, double max) implements Domain {
    public Continuous {
      if (!(min < max) || distribution == Distribution.LOG_UNIFORM && min <= 0) {
        throw new IllegalArgumentException(
            "Cannot build domain: bad bounds (got " + min + ", " + max + "; allowed 0 < min < max for log_uniform, min < max otherwise)");
      }
    }

    @Override
    public boolean swept() {
      return true;
    }

    @Override
    public long cardinality() {
      return Long.MAX_VALUE;
    }
  }

  /** {@code {distribution: int_uniform, min, max}}: integers min..max inclusive (random only). */
  record IntRange(int min, int max) implements Domain {
    public IntRange {
      if (!(min < max)) {
        throw new IllegalArgumentException(
            "Cannot build domain: bad bounds (got " + min + ", " + max + "; allowed min < max)");
      }
    }

    @Override
    public boolean swept() {
      return true;
    }

    @Override
    public long cardinality() {
      return (long) max - min + 1;
    }
  }
}
