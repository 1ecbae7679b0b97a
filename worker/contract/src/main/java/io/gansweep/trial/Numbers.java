package io.gansweep.trial;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * How gansweep prints a number, everywhere a person reads one (terminal ranking, {@code why}
 * text, CSV, report): {@code 0.001}, {@code 0.4436}, {@code 12.5}, {@code 1e-4}, {@code 2.5e-5},
 * {@code 1.2e6} — plain decimals for 0.001 ≤ |v| < 1e6, otherwise a mantissa without trailing
 * zeros and a bare exponent; never {@code 1.0E-4} beside {@code 0.001}. Undefined values print
 * {@code n/a} (never 0), infinities {@code inf}.
 */
public final class Numbers {

  /** Significant digits of a measured value (distances, scores, losses). */
  public static final int DIGITS = 4;

  private Numbers() {}

  /** A measured value to {@link #DIGITS} significant digits. */
  public static String format(double v) {
    return format(v, DIGITS);
  }

  /** A measured value to {@code digits} significant digits. */
  public static String format(double v, int digits) {
    if (digits < 1) {
      throw new IllegalArgumentException("Cannot format " + v + ": too few digits (got " + digits + "; allowed 1 or more)");
    }
    String special = special(v);
    return special != null ? special : render(new BigDecimal(v).round(new MathContext(digits, RoundingMode.HALF_EVEN)));
  }

  /**
   * A value as given (a hyperparameter such as lr_g): the shortest digits that read back as the
   * same double, in the same style ({@code 1e-4}, {@code 3e-4}, {@code 0.001}, {@code 2}).
   */
  public static String exact(double v) {
    String special = special(v);
    return special != null ? special : render(new BigDecimal(Double.toString(v)));
  }

  /**
   * A value of a typed column as text: doubles and floats by {@link #exact}, a {@link WireEnum} by its wire name, everything else by
   * {@code toString}, null as the empty string.
   */
  public static String exact(Object v) {
    if (v instanceof Double d) {
      return exact(d.doubleValue());
    }
    if (v instanceof Float f) {
      return exact(Double.parseDouble(f.toString()));
    }
    if (v instanceof WireEnum w) {
      return w.wireName();
    }
    return v == null ? "" : v.toString();
  }

  private static String special(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return v == 0 ? "0" : null;
  }

  private static String render(BigDecimal d) {
    if (d.signum() == 0) {
      return "0";
    }
    BigDecimal abs = d.abs();
    if (abs.compareTo(new BigDecimal("0.001")) >= 0 && abs.compareTo(new BigDecimal("1e6")) < 0) {
      return d.stripTrailingZeros().toPlainString();
    }
    BigDecimal s = d.stripTrailingZeros();
    int exponent = s.precision() - s.scale() - 1;
    String mantissa = s.movePointLeft(exponent).stripTrailingZeros().toPlainString();
    return mantissa + "e" + exponent;
  }
}
