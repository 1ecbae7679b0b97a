package io.gansweep.dispatch;

import io.gansweep.search.SweepPlanner;
import io.gansweep.spec.SpecParser;
import java.util.Map;
import org.apache.spark.SparkConf;

/** The sweep's real Spark configuration, for serializer tests. */
final class SweepConfForTest {
  private SweepConfForTest() {}

  static SparkConf kryo() {
    try {
      var plan = SweepPlanner.plan(SpecParser.parse("name: k\n", "inline"));
      return SparkSweep.conf(plan, new SparkSweep.Options("/tmp/unused", "local[1]", Map.of(), io.gansweep.train.TrialRunner::run));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
