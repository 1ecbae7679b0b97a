package io.gansweep.spec;

import io.gansweep.trial.WireEnum;

/**
 * Early termination ({@code early_terminate:}): trials train in rungs, and after each rung only
 * the configurations stable across their seeds go on (see {@code io.gansweep.prune}).
 *
 * @param type successive halving (one bracket) or Hyperband (several, each starting later)
 * @param minIter rounds at the first rung of the first bracket
 * @param eta keep the best 1/eta configurations at each rung; rung budgets grow by eta
 * @param brackets Hyperband brackets (1 for successive halving)
 */
public record EarlyTerminate(Type type, int minIter, int eta, int brackets) {

  /** The schedulers. */
  public enum Type implements WireEnum {
    /** Jamieson and Talwalkar 2016: one bracket starting at min_iter. */
    SUCCESSIVE_HALVING,
    /** Li et al. 2018: brackets starting at min_iter·eta^b, fewer configurations in later ones. */
    HYPERBAND
  }

  public static final int MAX_ETA = 100;
  public static final int MAX_BRACKETS = 10;

  public EarlyTerminate {
    if (type == null || minIter < 1 || eta < 2 || eta > MAX_ETA || brackets < 1 || brackets > MAX_BRACKETS
        || type == Type.SUCCESSIVE_HALVING && brackets != 1) {
      throw new IllegalArgumentException("Cannot build early_terminate: bad settings (got " + type + ", min_iter " + minIter + ", eta "
          + eta + ", brackets " + brackets + "; allowed min_iter >= 1, eta 2.." + MAX_ETA + ", brackets 1.." + MAX_BRACKETS
          + ", 1 for successive_halving)");
    }
  }
}
