package io.gansweep.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LrScheduleTest {

  /** Each schedule starts at the full rate, and reaches its end value in the closed forms the enum states. */
  @Test
  void factorsFollowTheirClosedForms() {
    for (LrSchedule s : LrSchedule.values()) {
      assertEquals(1.0, s.factor(0, 1000), 0, s + " starts at lr");
    }
    assertEquals(1.0, LrSchedule.CONSTANT.factor(999, 1000), 0);
    assertEquals(0.5, LrSchedule.LINEAR.factor(500, 1000), 1e-15);
    assertEquals(0.001, LrSchedule.LINEAR.factor(999, 1000), 1e-15, "the last update at 1/T of lr");
    assertEquals(0.5, LrSchedule.COSINE.factor(500, 1000), 1e-15);
    assertEquals(0.5 * (1 + Math.cos(Math.PI * 0.25)), LrSchedule.COSINE.factor(250, 1000), 1e-15);
    assertEquals(0.0, LrSchedule.LINEAR.factor(2000, 1000), 0, "past the end: no negative rate");
    assertEquals("cosine", LrSchedule.COSINE.wireName());
  }
}
