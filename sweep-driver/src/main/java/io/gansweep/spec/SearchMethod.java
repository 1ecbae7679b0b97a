package io.gansweep.spec;

import io.gansweep.trial.WireEnum;

/** How a sweep chooses its configurations. */
public enum SearchMethod implements WireEnum {
  /** The cartesian product of every {@code values} axis. */
  GRID,
  /** {@code samples} configurations drawn with the sampler {@code seed}. */
  RANDOM
}
