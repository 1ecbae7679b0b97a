package io.gansweep.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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

  /** A JSON string can hold anything and still not end the script element it sits in. */
  @Test
  void jsonStringsAreSafeInsideScript() {
    assertEquals("\"\\u003c/script\\u003e\\u003c!-- \\u0026amp; \\u2028\\u2029 \\\"q\\\" \\\\ \\n\\u0001\"",
        HtmlReport.json("</script><!-- &amp; \u2028\u2029 \"q\" \\ \n\u0001"));
    assertEquals("&lt;img src=x onerror=&quot;a()&quot;&gt; &amp; &#39;", HtmlReport.esc("<img src=x onerror=\"a()\"> & '"));
  }

  @Test
  void measuredValuesKeepFourDigits() {
    HtmlReport.Json j = new HtmlReport.Json();
    j.open('[').num4(0.000123456).num4(123456.7).num4(-2.0).num4(Double.NaN).num4(1.0 / 3).num(3.0).num(Double.POSITIVE_INFINITY).close(']');
    assertEquals("[1.235E-4,123500,-2,null,0.3333,3,null]", j.toString());
  }

  @Test
  void inlinedScriptsCannotCloseTheirElement() {
    for (String lib : List.of("vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "report.js")) {
      assertEquals(HtmlReport.resource(lib), HtmlReport.inline(HtmlReport.resource(lib)), lib);
    }
    try {
      HtmlReport.inline("var a = '</SCRIPT>';");
      fail("a script holding </script was inlined");
    } catch (IllegalStateException e) {
      assertTrue(e.getMessage().startsWith("Cannot inline a script"), e.getMessage());
    }
  }

  /** The vendored files are those VENDORED.txt records (analysis/tools/vendor-charts.sh checks them against npm). */
  @Test
  void vendoredLibrariesMatchTheirRecord() throws Exception {
    String record = HtmlReport.resource("VENDORED.txt");
    for (String lib : List.of("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")) {
      byte[] bytes;
      try (var in = HtmlReport.class.getResourceAsStream("report/" + lib)) {
        bytes = in.readAllBytes();
      }
      String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
      assertTrue(record.lines().anyMatch(l -> l.startsWith(lib + " ") && l.contains(" " + sha + " ")), lib + " " + sha + " not in VENDORED.txt");
      assertTrue(HtmlReport.resource("LICENSE-" + lib.replace(".min.js", "")).contains("Copyright"), "licence of " + lib);
    }
  }

  /** Chromium for a report test: skipped where it is not installed, a failure on CI (CI=true), where .ci/run installs it. */
  static HeadlessChromium browser() throws IOException {
    var exe = HeadlessChromium.executable();
    if (exe.isEmpty() && "true".equals(System.getenv("CI"))) {
      fail("Cannot test the report: chromium is not installed (got no /usr/bin/chromium; allowed Debian's chromium, which .ci/run installs)");
    }
    assumeTrue(exe.isPresent(), "chromium not installed; .ci/run installs it");
    return HeadlessChromium.start(exe.get(), 1400, 1000);
  }

  /**
   * Waits for the page's overview and its open detail to draw; asserts every chart container holds
   * a canvas with drawn pixels; returns how many charts there are.
   */
  static int awaitRendered(HeadlessChromium b) throws IOException {
    b.eval("window.gansweepReport.ready");
    int charts = b.eval("document.querySelectorAll('.chart').length").asInt();
    waitCharts(b, ".chart", charts);
    return charts;
  }

  /** Waits for the detail of {@code config} to show with {@code charts} drawn charts. */
  static void awaitDetail(HeadlessChromium b, String config, int charts) throws IOException {
    String sel = "#detail-body[data-config=" + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(config) + "] .chart";
    waitCharts(b, sel, charts);
  }

  private static void waitCharts(HeadlessChromium b, String selector, int expected) throws IOException {
    String js = "new Promise(function(done){var t0=Date.now();(function poll(){"
        + "var cs=[].slice.call(document.querySelectorAll(" + quote(selector) + "));"
        + "var ok=cs.length===" + expected + "&&cs.every(function(c){return c.getAttribute('data-rendered')==='1'||c.getAttribute('data-error');});"
        + "if(ok||Date.now()-t0>60000){done(cs.map(function(c){var v=c.querySelector('canvas');var ink=0;"
        + "if(v&&v.width>0){var d=v.getContext('2d').getImageData(0,0,v.width,v.height).data;"
        + "for(var i=0;i<d.length;i+=4){if(d[i+3]>0&&(d[i]<235||d[i+1]<235||d[i+2]<235))ink++;}}"
        + "return {title:c.getAttribute('data-title'),error:c.getAttribute('data-error'),canvas:!!v,ink:ink,marks:+c.getAttribute('data-marks')};}));}"
        + "else setTimeout(poll,50);})();})";
    var charts = b.eval(js);
    List<String> bad = new ArrayList<>();
    charts.forEach(c -> {
      if (!c.path("error").isNull() || !c.path("canvas").asBoolean() || c.path("ink").asInt() < 100 || c.path("marks").asInt() < 2) {
        bad.add(c.toString());
      }
    });
    assertEquals(expected, charts.size(), "charts matching " + selector + ": " + charts);
    assertEquals(List.of(), bad, "charts without a drawing");
  }

  static List<String> texts(HeadlessChromium b, String selector) throws IOException {
    List<String> out = new ArrayList<>();
    b.eval("[].map.call(document.querySelectorAll(" + quote(selector) + "),function(e){return e.textContent;})").forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String quote(String s) throws IOException {
    return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
  }

}
