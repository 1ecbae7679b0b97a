package io.gansweep.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ValuesTest {

  @Test
  void canonicalFormsAreJavaSpecified() {
    assertEquals("1.0E-4", Values.canonical(1.0e-4));
    assertEquals("3", Values.canonical(3));
    assertEquals("true", Values.canonical(true));
  }

  @Test
  void roundsToSignificantDigits() {
    assertEquals(0.0001235, Values.roundSignificant(0.00012345678, 4));
    assertEquals(98770.0, Values.roundSignificant(98765.4, 4));
    assertEquals(0.0, Values.roundSignificant(0.0, 4));
  }

  @Test
  void sha256IsTheStandardDigest() {
    // FIPS 180-2 test vector: SHA-256("abc").
    assertEquals("ba7816bf8f01cfea", Values.sha256Hex("abc", 16));
  }
}
