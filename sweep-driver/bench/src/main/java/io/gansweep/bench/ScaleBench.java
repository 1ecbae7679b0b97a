package io.gansweep.bench;

import io.gansweep.dispatch.DispatchedPack;
import io.gansweep.dispatch.SparkSweep;
import io.gansweep.search.SweepPlan;
import io.gansweep.search.SweepPlanner;
import io.gansweep.spec.InvalidSpecException;
import io.gansweep.spec.SpecParser;
import io.gansweep.train.TrialRunner;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Bench section 12, the driver's part of a sweep at scale: planning a spec of {@code n} trials
 * (parse, expand, ids), building its tasks as {@code gansweep run} builds them ({@link
 * SparkSweep#pendingPacks}: one record per trial, longest first), the heap they hold, and a Spark
 * job of one task per trial on local[2] with the sweep's own configuration (Kryo with required
 * registration) whose tasks return at once: what scheduling, serialising and launching the
 * sweep's tasks costs without training or committing anything.
 */
public final class ScaleBench {

  /** Seeds per configuration of the scale spec. */
  static final int REPLICATES = 4;

  private ScaleBench() {}

  /**
   * What planning and dispatching measured.
   *
   * @param trials trials planned
   * @param tasks Spark tasks of the sweep (one per trial, unpacked)
   * @param planSeconds parse and expand the spec
   * @param dispatchSeconds build the task records, longest first
   * @param heapMiB heap live after a GC, held by the plan and its tasks (less what was live before)
   * @param jobSeconds the Spark job of one no-op task per trial, context start excluded
   */
  public record Planning(int trials, int tasks, double planSeconds, double dispatchSeconds, double heapMiB, double jobSeconds) {}

  /** The scale spec: random search over loss, log lr_g and ttur, {@link #REPLICATES} seeds each, 20-round trials. */
  static String spec(int trials) {
    return String.join("\n",
        "name: bench-scale-" + trials,
        "method: random",
        "samples: " + trials / REPLICATES,
        "seed: 7",
        "replicates: " + REPLICATES,
        "parameters:",
        "  dataset: {value: ring8}",
        "  steps:   {value: 20}",
        "  loss:    {values: [nsgan, hinge, wgan, lsgan]}",
        "  lr_g:    {distribution: log_uniform, min: 1.0e-5, max: 1.0e-2}",
        "  ttur:    {distribution: uniform, min: 1, max: 8}",
        "");
  }

  /** Plans and dispatches a spec of {@code trials} trials (a multiple of {@link #REPLICATES}). */
  public static Planning planning(int trials, String out) throws InvalidSpecException {
    long before = liveHeap();
    long t0 = System.nanoTime();
    SweepPlan plan = SweepPlanner.plan(SpecParser.parse(spec(trials), "bench-scale"));
    long t1 = System.nanoTime();
    List<DispatchedPack> packs = SparkSweep.pendingPacks(plan, Set.of(), Set.of(), out);
    long t2 = System.nanoTime();
    double heap = (liveHeap() - before) / (1024.0 * 1024.0);
    JavaSparkContext jsc = new JavaSparkContext(SparkSweep.conf(plan, new SparkSweep.Options(out, "local[2]", Map.of(), TrialRunner::run))
        .set("spark.ui.showConsoleProgress", "false"));
    double job;
    try {
      long t3 = System.nanoTime();
      long dispatched = jsc.parallelize(packs, packs.size()).map(p -> (long) p.trials().length).reduce(Long::sum);
      job = (System.nanoTime() - t3) / 1e9;
      if (dispatched != trials) {
        throw new IllegalStateException("Cannot bench dispatch: the job saw " + dispatched + " trials (got " + dispatched
            + "; allowed " + trials + ")");
      }
    } finally {
      jsc.stop();
    }
    return new Planning(plan.trials().size(), packs.size(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, heap, job);
  }

  /** Heap in use after a full collection (twice: finalisers and soft references settle). */
  static long liveHeap() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
