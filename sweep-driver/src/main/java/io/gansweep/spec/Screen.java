package io.gansweep.spec;

import io.gansweep.trial.WireEnum;

/**
 * The G-only screen ({@code screen:}): before the sweep, each distinct generator setup is fitted
 * alone for {@code steps} updates (see {@code io.gansweep.train.GeneratorFit}); the configurations
 * of a setup whose fit diverges, fails, or does not cut its MSE at least {@code factor} times are
 * dropped from the sweep.
 *
 * @param type the screen ({@code g_fit}, the only one)
 * @param steps fit updates per setup
 * @param factor the least MSE cut (first / last) a setup must reach
 */
public record Screen(Type type, int steps, double factor) {

  /** The screens. */
  public enum Type implements WireEnum {
    /** G alone regresses a fixed z batch onto a fixed batch of real samples (MSE). */
    G_FIT
  }

  public static final int DEFAULT_STEPS = 300;
  public static final double DEFAULT_FACTOR = 1.05;
  public static final int MAX_STEPS = 100_000;
  public static final double MAX_FACTOR = 1e6;

  public Screen {
    if (type == null || steps < 1 || steps > MAX_STEPS || !(factor > 1 && factor <= MAX_FACTOR)) {
      throw new IllegalArgumentException("Cannot build screen: bad settings (got " + type + ", steps " + steps + ", factor " + factor
          + "; allowed steps 1.." + MAX_STEPS + ", factor in (1, " + (long) MAX_FACTOR + "])");
    }
  }
}
