package io.gansweep.trial;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Canonical text forms and hashes of hyperparameter values; the one place ids are derived from. */
public final class Values {

  private Values() {}

  /**
   * Canonical text of a value: integers in decimal, reals by {@link Double#toString} (specified
   * exactly by the JLS, hence identical on every JVM), booleans and names as they are, a {@link WireEnum} by its wire name.
   */
  public static String canonical(Object value) {
    if (value instanceof Double d) {
      return Double.toString(d);
    }
    if (value instanceof WireEnum w) {
      return w.wireName();
    }
    return String.valueOf(value);
  }

  /** Rounds to {@code digits} significant digits, so random draws read well in tables. */
  public static double roundSignificant(double v, int digits) {
    if (v == 0 || !Double.isFinite(v)) {
      return v;
    }
    return new BigDecimal(v).round(new MathContext(digits)).doubleValue();
  }

  /** Lower-case hex SHA-256 of the UTF-8 text, cut to {@code hexChars} characters. */
  public static String sha256Hex(String text, int hexChars) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, hexChars);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot hash: SHA-256 is missing from this JVM", e);
    }
  }
}
