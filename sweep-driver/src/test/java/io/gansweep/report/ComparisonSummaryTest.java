package io.gansweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.analysis.ConfigSummary;
import io.gansweep.analysis.RankGroup;
import io.gansweep.analysis.SweepComparison;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonSummaryTest {

  static ConfigSummary config(String label, double median) {
    return new ConfigSummary(1, new RankGroup(1, 1), "c1", Map.of("loss", "nsgan"), 3, label.equals("stable") ? 3 : 0, 1, 0.44, label,
        "why", median, 0.001, median, List.of(label, label, label));
  }

  /** Text from the sweeps (messages, ids, params) is escaped: quotes, backslashes, line breaks, control characters. */
  @Test
  void jsonEscapesEveryString() {
    ComparisonSummary s = new ComparisonSummary(ComparisonSummary.Status.INVALID_INPUT, 2, "a\"b", "c\\d", "line\none\ttab\u0001", null,
        null);
    assertEquals("{\"status\":\"invalid_input\",\"exit_code\":2,\"before\":\"a\\\"b\",\"after\":\"c\\\\d\","
        + "\"message\":\"line\\none\\ttab\\u0001\",\"report\":null}", s.json());
  }

  /** A regression lists the changed configuration in both forms; unchanged ones are only counted. */
  @Test
  void aRegressionIsListedInTheJsonAndTheMarkdown() {
    SweepComparison.Result r = SweepComparison.compare(List.of(config("stable", 0.01)), java.util.Map.of(), List.of(config("d_collapse", 0.5)), java.util.Map.of());
    ComparisonSummary s = new ComparisonSummary(ComparisonSummary.Status.REGRESSED, 1, "n-2026-12-06-x", "n-2026-12-07-y",
        "1 configurations in both: 1 new failures", r, "/out/analysis/sweep_id=n-2026-12-07-y/report.html");
    assertTrue(s.json().endsWith(",\"in_both\":1,\"only_before\":0,\"only_after\":0,\"counts\":{\"new_failure\":1,\"regressed\":0,"
        + "\"fixed\":0,\"improved\":0,\"unchanged\":0},\"changes\":[{\"change\":\"new_failure\",\"config_id\":\"c1\","
        + "\"params\":\"loss=nsgan\",\"label_before\":\"stable\",\"label_after\":\"d_collapse\",\"median_before\":\"0.01\","
        + "\"median_after\":\"0.5\"}]}"), s.json());
    String md = s.markdown();
    assertTrue(md.startsWith("# gansweep compare: n-2026-12-06-x \u2192 n-2026-12-07-y\n\n**regressed** (exit 1): "), md);
    assertTrue(md.contains("| new_failure | 1 |"), md);
    assertTrue(md.contains("| new_failure | c1 | loss=nsgan | stable \u2192 d_collapse | 0.01 \u2192 0.5 |"), md);
    assertTrue(md.endsWith("Report: [report.html](report.html)\n"), md);
  }
}
