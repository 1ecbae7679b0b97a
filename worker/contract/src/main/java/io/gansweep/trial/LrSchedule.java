package io.gansweep.trial;

/**
 * Values of the {@code lr_schedule} hyperparameter: how each optimiser's learning rate decays over
 * its T updates (steps x d_steps for D, steps x g_steps for G), update t = 0 .. T-1 running at
 * lr x {@link #factor}; specs and tables use {@link #wireName()}.
 */
public enum LrSchedule implements WireEnum {
  /** lr throughout. */
  CONSTANT,
  /** Linear decay: lr x (1 - t/T), from lr at the first update towards 0 at the last. */
  LINEAR,
  /** Cosine annealing (Loshchilov and Hutter 2017, without restarts): lr x (1 + cos(pi t/T)) / 2. */
  COSINE;

  /** The learning-rate multiplier of update {@code t} (0-based) of {@code total}. */
  public double factor(long t, long total) {
    double x = Math.min(1.0, (double) t / total);
    return switch (this) {
      case CONSTANT -> 1.0;
      case LINEAR -> 1.0 - x;
      case COSINE -> 0.5 * (1.0 + Math.cos(Math.PI * x));
    };
  }
}
