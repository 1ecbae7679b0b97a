package io.gansweep.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NumbersTest {

  @Test
  void measuredValuesUseOneStyleWithFourSignificantDigits() {
    assertEquals("0.001", Numbers.format(0.001));
    assertEquals("1e-4", Numbers.format(1e-4));
    assertEquals("2.5e-5", Numbers.format(2.5e-5));
    assertEquals("0.4436", Numbers.format(0.44364));
    assertEquals("12.5", Numbers.format(12.5));
    assertEquals("1235", Numbers.format(1234.56));
    assertEquals("1.235e6", Numbers.format(1234567.0));
    assertEquals("-0.03", Numbers.format(-0.03));
    assertEquals("0.0948", Numbers.format(0.0948, 3));
    assertEquals("1", Numbers.format(0.99999));
  }

  @Test
  void undefinedIsNotAvailableAndInfinityIsInf() {
    assertEquals("n/a", Numbers.format(Double.NaN));
    assertEquals("inf", Numbers.format(Double.POSITIVE_INFINITY));
    assertEquals("-inf", Numbers.format(Double.NEGATIVE_INFINITY));
    assertEquals("0", Numbers.format(0.0));
  }

  @Test
  void exactValuesKeepEveryDigitThatDistinguishesThem() {
    assertEquals("1e-4", Numbers.exact(1.0e-4));
    assertEquals("3e-4", Numbers.exact(3.0e-4));
    assertEquals("0.001", Numbers.exact(0.001));
    assertEquals("2", Numbers.exact(2.0));
    assertEquals("1.23449e-4", Numbers.exact(1.23449e-4));
    assertEquals("0.123456789", Numbers.exact(0.123456789));
    assertEquals("0.5", Numbers.exact((Object) 0.5f));
    assertEquals("7", Numbers.exact((Object) 7));
    assertEquals("", Numbers.exact((Object) null));
  }

  @Test
  void exactValuesSortNumericallyWhenParsedBack() {
    for (double v : new double[] {1e-4, 3e-4, 0.001, 0.25, 4, 1e7, 123456.789}) {
      assertEquals(v, Double.parseDouble(Numbers.exact(v)), Numbers.exact(v));
    }
  }

  @Test
  void tooFewDigitsIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> Numbers.format(1, 0));
  }
}
