package io.gansweep.trial;

/**
 * A numeric interval with open or closed ends, as a hyperparameter allows it.
 *
 * @param min lower end
 * @param minInclusive whether {@code min} itself is allowed
 * @param max upper end
 * @param maxInclusive whether {@code max} itself is allowed
 */
public record ValueRange(double min, boolean minInclusive, double max, boolean maxInclusive) {

  public ValueRange {
    if (!(min <= max)) {
      throw new IllegalArgumentException(
          "Cannot build range: min above max (got " + min + " > " + max + "; allowed min <= max)");
    }
  }

  /** A closed integer interval [min, max]. */
  public static ValueRange ints(int min, int max) {
    return new ValueRange(min, true, max, true);
  }

  public static ValueRange closed(double min, double max) {
    return new ValueRange(min, true, max, true);
  }

  public boolean contains(double v) {
    boolean aboveMin = minInclusive ? v >= min : v > min;
    boolean belowMax = maxInclusive ? v <= max : v < max;
    return aboveMin && belowMax;
  }

  /** Clamps a value into the closed hull of the range (used after rounding random draws). */
  public double clamp(double v) {
    return Math.max(min, Math.min(max, v));
  }

  /** Human form, e.g. {@code (0, 10]} or {@code 1 to 100} for integers. */
  public String describe(ParamType type) {
    if (type == ParamType.INT) {
      return "integers " + (long) min + " to " + (long) max;
    }
    return (minInclusive ? "[" : "(")
        + Numbers.exact(min)
        + ", "
        + Numbers.exact(max)
        + (maxInclusive ? "]" : ")");
  }
}
