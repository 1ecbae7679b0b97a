package io.gansweep.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gansweep.analysis.HeadlessChromium;
import io.gansweep.analysis.HtmlReport;
import io.gansweep.analysis.Label;
import io.gansweep.analysis.SweepAnalysis;
import io.gansweep.analysis.TrialVerdict;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportRenderBenchTest {

  /**
   * The synthetic sweep is labelled by the analysis' rules into healthy and failing trials (so the
   * page has several labels and rank groups to draw), and carries curves only where the page details.
   */
  @Test
  void syntheticSweepHasRealLabelsAndOnlyTheDetailedCurves() {
    SweepAnalysis a = ReportRenderBench.synthetic(600, 7L);
    assertEquals(600, a.verdicts().size());
    assertEquals(200, a.ranking().size());
    Set<Label> labels = a.verdicts().stream().map(TrialVerdict::label).collect(Collectors.toSet());
    assertTrue(labels.containsAll(Set.of(Label.STABLE, Label.D_COLLAPSE, Label.DIVERGED)), labels.toString());
    Set<String> detailed = HtmlReport.detailedConfigs(a);
    assertEquals(HtmlReport.DETAIL_TRIALS / ReportRenderBench.SEEDS, detailed.size(), "the detail budget in whole configurations");
    assertEquals(a.verdicts().stream().filter(v -> detailed.contains(v.trial().configId())).count(), a.curves().size());
  }

  /** A small page renders in headless Chromium with every chart and no console error (skipped without chromium). */
  @Test
  void smallPageRenders(@TempDir Path dir) throws Exception {
    var chromium = HeadlessChromium.executable();
    assumeTrue(chromium.isPresent(), "chromium not installed; .ci/run installs it");
    ReportRenderBench.Result r = new ReportRenderBench(dir).run(60, chromium.get());
    assertEquals(20, r.configurations());
    assertEquals(7 + 6, r.charts(), "overview (parallel coordinates, 3 heatmaps, labels, importance, budget) and one detail");
    assertEquals(java.util.List.of(), r.errors());
    assertTrue(r.renderMs() > 0 && r.cpuMs() > 0 && r.detailMs() > 0 && r.bytes() > 800_000, r.toString());
  }
}
