package io.gansweep.dispatch;

import io.gansweep.data.ImageDatasets;
import io.gansweep.io.OutputLayout;
import io.gansweep.io.TrialStore;
import io.gansweep.metrics.FeatureNet;
import io.gansweep.metrics.Quality;
import io.gansweep.train.TrialRunner;
import io.gansweep.trial.TrialResult;
import io.gansweep.trial.TrialSummary;
import io.gansweep.trial.TrialTask;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.util.CollectionAccumulator;

/**
 * The Spark task: runs the pack of its partition (one per partition, by construction: one trial,
 * or several trained as one stacked model), commits each trial's rows and reports back. Any
 * exception of a trial itself becomes that trial's FAILED row; only a failure to commit fails the
 * task (Spark then retries it, and the retry replaces the same files).
 */
final class TrialTaskFunction implements FlatMapFunction<Iterator<DispatchedPack>, TrialReport> {

  private static final long serialVersionUID = 1L;

  private final TrialExecutor executor;
  private final boolean clusterSchedulesGpus;
  private final CollectionAccumulator<String> progress;

  TrialTaskFunction(TrialExecutor executor, boolean clusterSchedulesGpus, CollectionAccumulator<String> progress) {
    this.executor = executor;
    this.clusterSchedulesGpus = clusterSchedulesGpus;
    this.progress = progress;
  }

  @Override
  public Iterator<TrialReport> call(Iterator<DispatchedPack> packs) throws IOException {
    List<TrialReport> reports = new ArrayList<>();
    TaskContext context = TaskContext.get();
    int attempt = context == null ? 0 : context.attemptNumber();
    while (packs.hasNext()) {
      DispatchedTrial[] trials = packs.next().trials();
      long t0 = System.nanoTime();
      Instant started = Instant.now();
      String device = "cpu";
      RuntimeException noDevice = null;
      try {
        device = DeviceAssignment.device(trials[0].gpus(), context, clusterSchedulesGpus);
      } catch (RuntimeException e) {
        noDevice = e;
      }
      List<TrialTask> tasks = new ArrayList<>(trials.length);
      for (DispatchedTrial t : trials) {
        String featureNets = ImageDatasets.isImages(t.config().dataset()) ? OutputLayout.featureNets(t.out()).toString() : null;
        tasks.add(new TrialTask(t.sweepId(), t.index(), t.config(), attempt, device, t.threads(), featureNets));
      }
      List<TrialResult> results;
      if (noDevice != null) {
        RuntimeException cause = noDevice;
        results = tasks.stream().map(task -> TrialRunner.failed(task, cause, started)).toList();
      } else {
        try {
          results = tasks.size() == 1 ? List.of(executor.run(tasks.get(0))) : executor.runPack(tasks);
        } catch (RuntimeException | Error e) {
          results = tasks.stream().map(task -> TrialRunner.failed(task, e, started)).toList();
        }
      }
      for (int i = 0; i < trials.length; i++) {
        new TrialStore(trials[i].out()).commit(results.get(i));
      }
      double share = (System.nanoTime() - t0) / 1e9 / trials.length; // the task's time, training and commits, per trial
      for (int i = 0; i < trials.length; i++) {
        reports.add(report(trials[i], results.get(i), share));
      }
    }
    return reports.iterator();
  }

  /** Reports one committed trial to the driver and the progress line. */
  private TrialReport report(DispatchedTrial t, TrialResult result, double taskSeconds) {
    TrialSummary s = result.summary();
    Quality q = s.finalQuality();
    Double distance = q == null ? null : q.distance() != null ? q.distance() : q.fd();
    TrialReport report = new TrialReport(t.index(), t.config().trialId(), s.status(), distance, q == null ? null : q.modesCovered(),
        s.wallSeconds(), s.trainSeconds(), taskSeconds, s.task().device(), s.error());
    progress.add(ProgressLine.encode(report));
    return report;
  }
}
