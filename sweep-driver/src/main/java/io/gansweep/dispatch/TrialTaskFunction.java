package io.gansweep.dispatch;

import io.gansweep.io.TrialStore;
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
 * The Spark task: runs each trial of its partition (one, by construction), commits its rows and
 * reports back. Any exception of the trial itself becomes that trial's FAILED row; only a failure
 * to commit fails the task (Spark then retries it, and the retry replaces the same files).
 */
final class TrialTaskFunction implements FlatMapFunction<Iterator<DispatchedTrial>, TrialReport> {
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
  public Iterator<TrialReport> call(Iterator<DispatchedTrial> trials) throws IOException {
    List<TrialReport> reports = new ArrayList<>();
    TaskContext context = TaskContext.get();
    int attempt = context == null ? 0 : context.attemptNumber();
    while (trials.hasNext()) {
      DispatchedTrial t = trials.next();
      long t0 = System.nanoTime();
      Instant started = Instant.now();
      String device = "cpu";
      RuntimeException noDevice = null;
      try {
        device = DeviceAssignment.device(t.gpus(), context, clusterSchedulesGpus);
      } catch (RuntimeException e) {
        noDevice = e;
      }
      TrialTask task = new TrialTask(t.sweepId(), t.index(), t.config(), attempt, device, t.threads());
      TrialResult result;
      if (noDevice != null) {
        result = TrialRunner.failed(task, noDevice, started);
      } else {
        try {
          result = executor.run(task);
        } catch (RuntimeException | Error e) {
          result = TrialRunner.failed(task, e, started);
        }
      }
      reports.add(commit(t, result, t0));
    }
    return reports.iterator();
  }

  private TrialReport commit(DispatchedTrial t, TrialResult result, long t0) throws IOException {
    new TrialStore(t.out()).commit(result);
    TrialSummary s = result.summary();
    Double distance = s.finalDistance() != null ? s.finalDistance() : s.finalFd();
    TrialReport report = new TrialReport(t.index(), t.config().trialId(), s.status(), distance, s.finalModes(),
        s.wallSeconds(), s.trainSeconds(), (System.nanoTime() - t0) / 1e9, s.task().device(), s.error());
    progress.add(ProgressLine.encode(report));
    return report;
  }
}
