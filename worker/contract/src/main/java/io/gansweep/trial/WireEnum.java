package io.gansweep.trial;

import java.util.Arrays;
import java.util.Locale;

/**
 * An enum whose constants appear in specs and tables under a lower-case wire name ({@code
 * NORMAL02} is {@code normal02}).
 */
public interface WireEnum {

  /** The constant's Java name; every enum provides it. */
  String name();

  /** The lower-case name used in specs and tables. */
  default String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The constant of {@code type} with this wire name. */
  static <E extends Enum<E> & WireEnum> E fromWire(Class<E> type, String wire) {
    for (E v : type.getEnumConstants()) {
      if (v.wireName().equals(wire)) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "Cannot parse "
            + type.getSimpleName()
            + ": unknown name (got "
            + wire
            + "; allowed "
            + String.join(", ", wireNames(type))
            + ")");
  }

  /** All wire names of {@code type}, in declaration order. */
  static <E extends Enum<E> & WireEnum> String[] wireNames(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(WireEnum::wireName).toArray(String[]::new);
  }
}
