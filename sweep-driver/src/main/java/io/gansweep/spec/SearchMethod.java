package io.gansweep.spec;

import io.gansweep.trial.WireEnum;

/** How a sweep chooses its configurations. */
public enum SearchMethod implements WireEnum {
  /** The cartesian product of every {@code values} axis. */
  GRID,
  /** {@code samples} configurations drawn with the sampler {@code seed}. */
  RANDOM,
  /**
   * {@code samples} configurations, the first {@code n_startup} drawn as random search draws them,
   * the rest asked in waves by Parzen estimators fitted to the ranked results so far.
   */
  TPE;

  /** Whether the method draws {@code samples} configurations (random, tpe) rather than enumerating them (grid). */
  public boolean samples() {
    return this != GRID;
  }
}
