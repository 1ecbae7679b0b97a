package io.gansweep.dispatch;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.CollectionAccumulator;

/**
 * One Spark job of a sweep that trains in stages (early termination's rungs, tpe's waves): packs
 * of trials that each train to one stage's budget, one task per pack, longest first, with a
 * progress line per trial.
 */
final class StageJob {

  /** How long a job waits for its last progress lines before it stops listening. */
  static final long LINES_WAIT_MS = 10_000;

  private StageJob() {}

  /**
   * Runs the packs as one job and returns every trial's report; first checks that the run still
   * holds its lease ({@link SparkSweep.Options#fence}), which every task checks again.
   */
  static List<TrialReport> run(JavaSparkContext jsc, List<DispatchedPack> packs, SparkSweep.Options o, boolean clusterGpus,
      PrintWriter out) throws IOException {
    if (o.fence() != null) {
      o.fence().check("start a job of sweep " + o.fence().sweepId());
    }
    int trials = packs.stream().mapToInt(pk -> pk.trials().length).sum();
    CollectionAccumulator<String> progress = jsc.sc().collectionAccumulator("gansweep-progress");
    ProgressListener listener = new ProgressListener(progress.id(), trials, packs.stream().mapToDouble(CostModel::cost).toArray(), out);
    jsc.sc().addSparkListener(listener);
    try {
      List<TrialReport> reports = jsc.parallelize(packs, packs.size())
          .mapPartitions(new TrialTaskFunction(o.executor(), o.fence(), clusterGpus, progress, SparkSweep.hadoopSettings(jsc)))
          .collect();
      listener.awaitAll(LINES_WAIT_MS);
      return reports;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot finish the job's progress lines: interrupted (got an interrupt; allowed none)", e);
    } finally {
      jsc.sc().removeSparkListener(listener);
    }
  }

  /** Packs of trials at one stage each (a pack trains to one budget from one round), longest first. */
  static List<DispatchedPack> byStage(List<DispatchedTrial> train, int pack) {
    Map<DispatchedTrial.Stage, List<DispatchedTrial>> groups = new LinkedHashMap<>();
    for (DispatchedTrial t : train) {
      groups.computeIfAbsent(t.stage(), k -> new ArrayList<>()).add(t);
    }
    List<DispatchedPack> packs = new ArrayList<>();
    groups.values().forEach(g -> packs.addAll(DispatchedPack.of(g, pack)));
    packs.sort(CostModel.longestFirst());
    return packs;
  }
}
