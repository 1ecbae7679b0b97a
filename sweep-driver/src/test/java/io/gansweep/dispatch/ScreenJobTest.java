package io.gansweep.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.analysis.SweepAnalysis;
import io.gansweep.report.SweepReport;
import io.gansweep.search.SweepPlan;
import io.gansweep.train.TrialRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The G-only screen on real local Spark: setups fitted once, hopeless learning rates dropped with their reason, a resume fitting nothing. */
class ScreenJobTest {

  @Test
  void dropsTheConfigurationsOfSetupsWhoseFitDivergesOrStalls(@TempDir Path out) throws Exception {
    SweepPlan plan = SparkSweepTest.plan("screen.yaml");
    assertEquals(12, plan.trials().size());
    StringWriter log = new StringWriter();
    SparkSweep.Outcome o = SparkSweepTest.run(plan, out, "local[2]", TrialRunner::run, log);
    String text = log.toString();
    assertTrue(o.complete(), "missing " + o.missing() + "\n" + text);
    assertEquals(4, o.planned(), text);
    assertEquals(8, o.dropped(), text);
    assertEquals(4, o.ran(), text);
    assertTrue(text.contains("screen (g_fit, 300 steps, MSE cut at least 1.05x): 3 generator setups fitted in "), text);
    assertTrue(text.contains("; 2 of 6 configurations go on"), text);
    assertTrue(text.contains("  dropped lr_g 10 (2 configurations): G-only fit diverged at step "), text);
    assertTrue(text.contains("(2 configurations): G-only fit cut its MSE only "), text);

    SparkSession spark = SparkTables.session();
    try {
      List<Row> screen = SparkTables.rows(spark, out.toString(), "screen", "setup", "lr_g", "passed", "reason", "diverged_step");
      assertEquals(3, screen.size(), "one row per generator setup");
      Set<Double> passed = screen.stream().filter(r -> r.getBoolean(2)).map(r -> r.getDouble(1)).collect(Collectors.toSet());
      assertEquals(Set.of(2.0e-4), passed, screen.toString());
      assertTrue(screen.stream().anyMatch(r -> r.getDouble(1) == 10.0 && !r.isNullAt(4)), "lr_g 10 diverged: " + screen);
      Set<Double> trained = new TreeSet<>();
      SparkTables.rows(spark, out.toString(), "trials", "lr_g").forEach(r -> trained.add(r.getDouble(0)));
      assertEquals(Set.of(2.0e-4), trained, "only the passing setup's configurations train");
    } finally {
      spark.stop();
    }

    // The analysis names what the screen dropped in the ranking's header.
    SparkSession reader = SweepReport.readerSession("screen analysis");
    try {
      StringWriter printed = new StringWriter();
      SweepAnalysis a = SweepReport.analyze(reader, out.toString(), plan.sweepId(), new PrintWriter(printed));
      assertEquals(2, a.ranking().size());
      assertEquals(2, a.screened().size(), a.screened().toString());
      assertTrue(printed.toString().contains("dropped before training by the G-only screen (not ranked): 2 generator setups"),
          printed.toString());
    } finally {
      reader.stop();
    }

    // A second run finds every screen row and every trial committed: it fits and trains nothing, and drops the same.
    StringWriter second = new StringWriter();
    SparkSweep.Outcome o2 = SparkSweepTest.run(plan, out, "local[2]", TrialRunner::run, second);
    assertEquals(0, o2.ran(), second.toString());
    assertEquals(8, o2.dropped(), second.toString());
    assertTrue(second.toString().contains("3 generator setups (fitted before); 2 of 6 configurations go on"), second.toString());
  }
}
