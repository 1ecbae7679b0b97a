package io.gansweep.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.search.SweepPlan;
import io.gansweep.train.TrialRunner;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Population-based training on real local Spark: generations, copied checkpoints, the lineage table read back by DuckDB. */
class PbtSweepTest {

  @Test
  void aPopulationTrainsInGenerationsAndRecordsItsLineage(@TempDir Path out) throws Exception {
    SweepPlan plan = SparkSweepTest.plan("pbt.yaml");
    StringWriter log = new StringWriter();
    SparkSweep.Outcome o = SparkSweepTest.run(plan, out, "local[2]", TrialRunner::run, log);
    System.out.println(log);
    assertTrue(o.complete(), "missing " + o.missing() + "\n" + log);
    List<Lineage.Row> rows = Lineage.read(out.toString(), plan.sweepId());
    rows.forEach(System.out::println);
  }
}
