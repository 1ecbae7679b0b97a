package io.gansweep.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

  @Test
  void numericAxesRunInNumericOrder() {
    assertEquals(List.of("1e-4", "3e-4", "0.001", "0.01"), HtmlReport.axisOrder(List.of(0.001, 1e-4, 0.01, 3e-4, 1e-4)));
    assertEquals(List.of("1", "2", "10"), HtmlReport.axisOrder(List.of(10, 2, 1)));
    assertEquals(List.of("gp", "none", "r1"), HtmlReport.axisOrder(List.of("r1", "none", "gp")));
    assertEquals(List.of("false", "true"), HtmlReport.axisOrder(List.of(true, false)));
    assertEquals(List.of("2", "10", "n/a"), HtmlReport.axisOrder(java.util.Arrays.asList(10, null, 2)));
  }

  @Test
  void logTickLabelsReadAsValues() {
    assertEquals("0.63", new HtmlReport.PowerOfTen().format(-0.2));
    assertEquals("1e-4", new HtmlReport.PowerOfTen().format(-4.0));
    assertEquals("0.02", new HtmlReport.Plain().format(0.02));
  }
}
