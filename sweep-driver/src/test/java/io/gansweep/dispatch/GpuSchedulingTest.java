package io.gansweep.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.search.SweepPlanner;
import io.gansweep.spec.SpecParser;
import io.gansweep.train.TrialRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPU path with Spark's own resource scheduling, on a CPU machine: a local-cluster (a real
 * worker and a separate executor JVM) whose discovery script reports two fake GPUs. Each task must
 * train on the address Spark gave it, two concurrent tasks on different addresses, and a trial
 * whose GPU is not usable must end FAILED with a message that says so, while the sweep completes.
 */
class GpuSchedulingTest {

  @Test
  void eachTaskTrainsOnItsOwnGpuAddressAndFailsClearlyWithoutAUsableGpu(@TempDir Path out) throws Exception {
    var plan = SweepPlanner.plan(SpecParser.parse(Path.of("src/test/resources/specs/valid/gpu-trials.yaml")));
    String script = Path.of("src/test/resources/gpu/fake-two-gpus.sh").toAbsolutePath().toString();
    Map<String, String> conf = Map.of(
        "spark.worker.resource.gpu.amount", "2",
        "spark.worker.resource.gpu.discoveryScript", script,
        "spark.executor.resource.gpu.amount", "2",
        "spark.executor.extraClassPath", System.getProperty("java.class.path"),
        "spark.executor.extraJavaOptions", System.getProperty("gansweep.jvm.opens"),
        // Let the worker build the executor command from this classpath instead of a Spark
        // distribution's jars/ folder (there is none: Spark comes from Maven).
        "spark.executorEnv.SPARK_TESTING", "1",
        "spark.executorEnv.SPARK_SCALA_VERSION", "2.13");
    StringWriter log = new StringWriter();
    SparkSweep.Outcome o = SparkSweep.run(plan,
        new SparkSweep.Options(out.toString(), "local-cluster[1,2,2048]", conf, TrialRunner::run), new PrintWriter(log, true));
    assertTrue(o.complete(), log.toString());
    SparkSession spark = SparkTables.session();
    try {
      Set<String> devices = new TreeSet<>();
      for (Row r : SparkTables.rows(spark, out.toString(), "trials", "trial_index", "device", "status", "error")) {
        devices.add(r.getString(1));
        assertEquals("FAILED", r.getString(2), r.toString());
        assertTrue(r.getString(3).contains("Cannot train on " + r.getString(1) + ": the PyTorch engine sees 0 GPU(s)"), r.getString(3));
      }
      assertEquals(Set.of("gpu:0", "gpu:1"), devices, "two executor slots, two GPU addresses, both used");
    } finally {
      spark.stop();
    }
  }
}
