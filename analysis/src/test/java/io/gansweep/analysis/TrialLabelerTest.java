package io.gansweep.analysis;

import static io.gansweep.analysis.Curves.LN4;
import static io.gansweep.analysis.Curves.curve;
import static io.gansweep.analysis.Curves.good;
import static io.gansweep.analysis.Curves.healthy;
import static io.gansweep.analysis.Curves.trial;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each label from a hand-built curve that shows its failure, and not from a healthy one. */
class TrialLabelerTest {

  @Test
  void healthyTrialIsStable() {
    TrialVerdict v = TrialLabeler.label(good("a", 0, 0.01), healthy());
    assertEquals(Label.STABLE, v.label(), v.evidence());
    assertEquals(0.0, v.dominance(), 0.02);
    assertTrue(v.oscillation() < 0.1, "oscillation " + v.oscillation());
    assertEquals(0.01, v.bestDistance());
  }

  @Test
  void failedAndDivergedComeFromTheStatus() {
    assertEquals(Label.FAILED, TrialLabeler.label(trial("a", 0, "FAILED", "nsgan", null, null, null), Curve.EMPTY).label());
    TrialVerdict d = TrialLabeler.label(trial("a", 0, "DIVERGED", "nsgan", null, null, null), healthy());
    assertEquals(Label.DIVERGED, d.label());
    assertEquals(812, d.evidenceStep());
    assertTrue(d.evidence().startsWith("diverged at step 812"), d.evidence());
  }

  @Test
  void gradientExplosionCountsAsDivergence() {
    Curve c = curve(i -> LN4, i -> Math.log(2), i -> 0.5, i -> i == 73 ? 250.0 : 1.0);
    TrialVerdict v = TrialLabeler.label(good("a", 0, 0.01), c);
    assertEquals(Label.DIVERGED, v.label(), v.evidence());
    assertEquals(740, v.evidenceStep());
    assertEquals(250.0, v.evidenceValue());
    // 50x its early median is large but below the 100x threshold: not divergence.
    assertEquals(Label.STABLE, TrialLabeler.label(good("a", 0, 0.01), curve(i -> LN4, i -> Math.log(2), i -> 0.5, i -> i == 73 ? 50.0 : 1.0)).label());
  }

  /** D wins: its loss falls to 0.1 (vs 2 ln 2) and it rejects the fakes (D(G(z)) ~ 0.02). */
  @Test
  void discriminatorCollapse() {
    Curve c = curve(i -> i < 50 ? LN4 : 0.1, i -> i < 50 ? Math.log(2) : 4.0, i -> i < 50 ? 0.5 : 0.02, i -> 1.0);
    TrialVerdict v = TrialLabeler.label(good("a", 0, 0.01), c);
    assertEquals(Label.D_COLLAPSE, v.label(), v.evidence());
    assertEquals(1 - 0.1 / LN4, v.dominance(), 1e-9);
    assertEquals(910, v.evidenceStep(), "the final window: last 10 of 100 rows");
    assertTrue(v.evidence().contains("D loss 0.1 vs 1.386"), v.evidence());
    // A low D loss with fakes still accepted (D(G(z)) ~ 0.45) is not collapse.
    assertEquals(Label.STABLE, TrialLabeler.label(good("a", 0, 0.01), curve(i -> 0.5, i -> 0.8, i -> 0.45, i -> 1.0)).label());
    // A collapse early on that recovered by the end is not judged: only the final window counts.
    assertEquals(Label.STABLE, TrialLabeler.label(good("a", 0, 0.01), curve(i -> i < 50 ? 0.1 : LN4, i -> 0.7, i -> i < 50 ? 0.02 : 0.5, i -> 1.0)).label());
  }

  @Test
  void wganIsNotJudgedForDominance() {
    TrialVerdict v = TrialLabeler.label(trial("a", 0, "COMPLETED", "wgan", 0.01, 8, 0.01),
        curve(i -> -3.0, i -> 1.0, i -> -2.0, i -> 1.0));
    assertTrue(Double.isNaN(v.dominance()));
    assertEquals(Label.STABLE, v.label(), v.evidence());
  }

  @Test
  void modeCollapseFromCoverageOrImbalance() {
    TrialVerdict few = TrialLabeler.label(trial("a", 0, "COMPLETED", "nsgan", 0.9, 3, 0.05), healthy());
    assertEquals(Label.MODE_COLLAPSE, few.label());
    assertEquals("3/8 modes covered, HQ 0.9, reverse KL 0.05, distance 0.9 at the end", few.evidence());
    // Just across: 7 of 8 covered is still collapse, 8 of 8 is not.
    assertEquals(Label.MODE_COLLAPSE, TrialLabeler.label(trial("a", 0, "COMPLETED", "nsgan", 0.1, 7, 0.05), healthy()).label());
    assertEquals(Label.STABLE, TrialLabeler.label(trial("a", 0, "COMPLETED", "nsgan", 0.1, 8, 0.05), healthy()).label());
    assertEquals(Label.MODE_COLLAPSE, TrialLabeler.label(trial("a", 0, "COMPLETED", "nsgan", 0.1, 8, 0.4), healthy()).label(),
        "all modes present but the sharp samples' histogram far from uniform");
    assertEquals(Label.STABLE, TrialLabeler.label(trial("a", 0, "COMPLETED", "nsgan", 0.1, 8, 0.099), healthy()).label(),
        "reverse KL just below 0.1");
  }

  /**
   * Coverage fine, fidelity low: the blurry ring of the issue (8/8 covered, HQ 0.03) is
   * unconverged, not mode collapse; at HQ 0.5 (the threshold) it is stable, just below it not.
   */
  @Test
  void blurrySamplesAreUnconvergedNotCollapsed() {
    TrialVerdict blurry = TrialLabeler.label(trial("a", 0, "COMPLETED", "nsgan", 0.03, 8, 0.1, 0.03), healthy());
    assertEquals(Label.UNCONVERGED, blurry.label(), blurry.evidence());
    assertTrue(blurry.evidence().contains("not yet sharp (train longer)"), blurry.evidence());
    assertEquals(0.03, blurry.evidenceValue());
    assertEquals(Label.UNCONVERGED, TrialLabeler.label(trial("a", 0, "COMPLETED", "nsgan", 0.03, 8, 0.0, 0.499), healthy()).label());
    assertEquals(Label.STABLE, TrialLabeler.label(trial("a", 0, "COMPLETED", "nsgan", 0.03, 8, 0.0, 0.5), healthy()).label());
    // An imbalanced histogram over a few sharp samples says nothing: low fidelity decides.
    assertEquals(Label.UNCONVERGED, TrialLabeler.label(trial("a", 0, "COMPLETED", "nsgan", 0.03, 8, 0.9, 0.02), healthy()).label());
    // Low coverage and low fidelity: collapse comes first (a different recipe, not more rounds).
    assertEquals(Label.MODE_COLLAPSE, TrialLabeler.label(trial("a", 0, "COMPLETED", "nsgan", 2.0, 2, null, 0.02), healthy()).label());
  }

  /** An image trial on a dataset read from files, with its data_classes (null: a table written before the column). */
  static TrialRecord folderTrial(String dataset, Integer covered, Double precision, Integer dataClasses) {
    return new TrialRecord("f-s0", "f", 0, java.util.Map.of(), io.gansweep.trial.TrialStatus.COMPLETED, null, null,
        io.gansweep.trial.LossKind.NSGAN, dataset, 150.0, covered, covered == null ? null : 0.05, covered, null, precision, 0.5,
        dataClasses);
  }

  /**
   * A 3-class folder's count comes from its rows (data_classes), so coverage reads "2/3" and 2 of 3
   * is mode collapse as on shapes; an unlabelled folder (0) says so and is never judged on classes;
   * without the column (older tables), and for IDX files, the count stays unknown ("?").
   */
  @Test
  void aFoldersClassCountComesFromItsRows() {
    TrialVerdict two = TrialLabeler.label(folderTrial("folder:photos", 2, 0.9, 3), healthy());
    assertEquals(Label.MODE_COLLAPSE, two.label(), two.evidence());
    assertEquals("2/3 modes covered, precision 0.9, reverse KL 0.05, distance 150 at the end", two.evidence());
    assertEquals(Label.STABLE, TrialLabeler.label(folderTrial("folder:photos", 3, 0.9, 3), healthy()).label());
    TrialVerdict unlabelled = TrialLabeler.label(folderTrial("folder:flat", null, 0.9, 0), healthy());
    assertEquals(Label.STABLE, unlabelled.label(), unlabelled.evidence());
    assertEquals("unlabelled data, no classes to cover, precision 0.9, reverse KL n/a, distance 150", unlabelled.evidence());
    assertTrue(!unlabelled.evidence().contains("?"), unlabelled.evidence());
    assertEquals("2/? modes covered", folderTrial("folder:photos", 2, 0.9, null).coverage());
    assertEquals("2/? modes covered", folderTrial("idx:/data/x-images-idx3-ubyte", 2, 0.9, 7).coverage(), "an IDX row has no data_classes");
    assertEquals("unlabelled data, no classes to cover", folderTrial("points:a.csv", null, 0.9, 0).coverage());
    String why = Ranking.why(Label.MODE_COLLAPSE, java.util.List.of(two));
    assertTrue(why.contains("2 of 3 modes covered"), why);
    String whyUnlabelled = Ranking.why(Label.STABLE, java.util.List.of(unlabelled));
    assertTrue(whyUnlabelled.contains("unlabelled data, no classes to cover") && !whyUnlabelled.contains("?"), whyUnlabelled);
  }

  /** An undefined reverse KL (no HQ sample) prints n/a, never 0. */
  @Test
  void undefinedMetricsPrintAsNa() {
    TrialVerdict v = TrialLabeler.label(trial("a", 0, "COMPLETED", "nsgan", 2.0, 0, null, 0.0), healthy());
    assertEquals("0/8 modes covered, HQ 0, reverse KL n/a, distance 2 at the end", v.evidence());
  }

  /** Non-finite gradient norms in old tables never make the evidence read "Infinity" or "NaN". */
  @Test
  void gradientEvidenceIsFinite() {
    Curve c = curve(i -> LN4, i -> Math.log(2), i -> 0.5, i -> i == 73 ? 250.0 : i > 90 ? Double.POSITIVE_INFINITY : 1.0);
    TrialVerdict v = TrialLabeler.label(good("a", 0, 0.01), c);
    assertEquals(Label.DIVERGED, v.label());
    assertEquals("gradient norm 250 at step 740, 250x its early median 1", v.evidence());
  }

  @Test
  void oscillation() {
    Curve c = curve(i -> LN4, i -> 0.7 + Math.sin(i * 0.9), i -> 0.5, i -> 1.0);
    TrialVerdict v = TrialLabeler.label(good("a", 0, 0.01), c);
    assertEquals(Label.OSCILLATING, v.label(), v.evidence());
    assertTrue(v.oscillation() > 0.5);
  }

  @Test
  void priorityPutsCausesBeforeSymptoms() {
    Curve collapsed = curve(i -> 0.1, i -> 4.0, i -> 0.02, i -> 1.0);
    assertEquals(Label.D_COLLAPSE, TrialLabeler.label(trial("a", 0, "COMPLETED", "nsgan", 2.4, 1, Math.log(8)), collapsed).label(),
        "a winning D is the cause of the collapse it produces");
  }
}
