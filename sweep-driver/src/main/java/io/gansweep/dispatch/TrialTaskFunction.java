package io.gansweep.dispatch;

import io.gansweep.analysis.Curve;
import io.gansweep.analysis.TrialLabeler;
import io.gansweep.analysis.TrialRecord;
import io.gansweep.analysis.TrialVerdict;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.data.Datasets;
import io.gansweep.data.ImageDatasets;
import io.gansweep.io.HadoopConf;
import io.gansweep.io.LeaseFence;
import io.gansweep.io.OutputLayout;
import io.gansweep.io.TrialStore;
import io.gansweep.metrics.FeatureNet;
import io.gansweep.metrics.Quality;
import io.gansweep.prune.RungRows;
import io.gansweep.train.TrialCheckpoint;
import io.gansweep.train.TrialRunner;
import io.gansweep.trial.RungRow;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.TrialResult;
import io.gansweep.trial.TrialStatus;
import io.gansweep.trial.TrialSummary;
import io.gansweep.trial.TrialTask;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.util.CollectionAccumulator;

/**
 * The Spark task: runs the pack of its partition (one per partition, by construction: one trial,
 * or several trained as one stacked model), commits each trial's rows and reports back. Any
 * exception of a trial itself becomes that trial's FAILED row; only a failure to commit fails the
 * task (Spark then retries it, and the retry replaces the same files). A pack trains, and its rows
 * are committed, only while the run still holds the sweep's lease ({@link LeaseFence}, checked
 * before training and by every commit): a task of a run whose lease another run took fails with
 * the refusal, and commits nothing.
 */
final class TrialTaskFunction implements FlatMapFunction<Iterator<DispatchedPack>, TrialReport> {

  private static final long serialVersionUID = 1L;

  private final TrialExecutor executor;
  private final LeaseFence fence;
  private final boolean clusterSchedulesGpus;
  private final CollectionAccumulator<String> progress;
  /**
   * The driver's Hadoop settings ({@link SparkSweep#hadoopSettings}: its {@code spark.hadoop.*}),
   * used before the task's first file-system access (the feature network, the dataset, the
   * commits). They travel in the task's closure, which Spark broadcasts once per stage; the
   * settings' toString names keys only.
   */
  private final HadoopConf.Settings hadoop;

  /** @param fence the run's lease, checked before each pack trains and by each commit; null: not fenced (tests) */
  TrialTaskFunction(TrialExecutor executor, LeaseFence fence, boolean clusterSchedulesGpus, CollectionAccumulator<String> progress,
      HadoopConf.Settings hadoop) {
    this.executor = executor;
    this.fence = fence;
    this.clusterSchedulesGpus = clusterSchedulesGpus;
    this.progress = progress;
    this.hadoop = hadoop;
  }

  @Override
  public Iterator<TrialReport> call(Iterator<DispatchedPack> packs) throws IOException {
    HadoopConf.use(hadoop);
    List<TrialReport> reports = new ArrayList<>();
    TaskContext context = TaskContext.get();
    int attempt = context == null ? 0 : context.attemptNumber();
    while (packs.hasNext()) {
      DispatchedTrial[] trials = packs.next().trials();
      if (fence != null) { // before the training: a run that lost its lease trains nothing more (Spark's retries neither)
        fence.check("train trial " + trials[0].config().trialId() + (trials.length > 1 ? " and " + (trials.length - 1) + " more" : ""));
      }
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
        tasks.add(new TrialTask(t.sweepId(), t.index(), t.config(), t.attempt() + attempt, device, t.threads(), t.out()));
      }
      if (trials[0].stage() != null) {
        reports.addAll(rung(trials, tasks, noDevice, t0, started));
        continue;
      }
      List<TrialResult> results;
      if (noDevice != null) {
        RuntimeException cause = noDevice;
        results = tasks.stream().map(task -> TrialRunner.failed(task, cause, started)).toList();
      } else {
        try {
          TrialRunner.Progress progress = progress(trials[0].out());
          results = tasks.size() == 1 ? List.of(executor.run(tasks.get(0), progress)) : executor.runPack(tasks, progress);
        } catch (RuntimeException | Error e) {
          results = tasks.stream().map(task -> TrialRunner.failed(task, e, started)).toList();
        }
      }
      for (int i = 0; i < trials.length; i++) {
        new TrialStore(trials[i].out()).fencedBy(fence).commit(results.get(i));
      }
      double share = (System.nanoTime() - t0) / 1e9 / trials.length; // the task's time, training and commits, per trial
      for (int i = 0; i < trials.length; i++) {
        reports.add(report(trials[i], results.get(i), share));
      }
    }
    return reports.iterator();
  }

  /**
   * A pack at a rung of early termination (one stage for all its trials): stops pruned trials as
   * PRUNED from their checkpoints, or trains each trial from its checkpoint (from scratch at the
   * first rung) to the rung's budget; then commits what it got to (a checkpoint when paused, the
   * trial's rows when it ended) and, last, its rung row, the segment's commit marker.
   */
  private List<TrialReport> rung(DispatchedTrial[] trials, List<TrialTask> tasks, RuntimeException noDevice, long t0, Instant started)
      throws IOException {
    DispatchedTrial.Stage stage = trials[0].stage();
    TrialStore store = new TrialStore(trials[0].out()).fencedBy(fence);
    String sweepId = trials[0].sweepId();
    List<TrialReport> reports = new ArrayList<>();
    if (stage.pruneReason() != null) {
      for (int i = 0; i < trials.length; i++) {
        TrialResult r;
        try {
          r = TrialRunner.pruned(tasks.get(i), store.readCheckpoint(sweepId, trials[i].config().trialId()), stage.pruneReason());
        } catch (IOException | IllegalArgumentException e) { // pruned all the same: a bad checkpoint must not fail every rerun
          r = TrialRunner.prunedWithoutCheckpoint(tasks.get(i), stage.pruneReason(), e.getMessage());
        }
        store.commit(r);
        double share = (System.nanoTime() - t0) / 1e9 / trials.length;
        reports.add(report(trials[i], r, share, 0, share)); // trains nothing: its training time was reported by its rungs
      }
      return reports;
    }
    TrialRunner.Segment[] segments = new TrialRunner.Segment[trials.length];
    List<TrialCheckpoint> from = new ArrayList<>();
    for (int i = 0; i < trials.length && stage.rung() > 0; i++) {
      try {
        from.add(store.readCheckpoint(sweepId, trials[i].config().trialId()));
      } catch (IOException | IllegalArgumentException e) {
        // A missing checkpoint, or one that fails its checksum or cannot be read (a flipped byte,
        // a truncated copy: readCheckpoint moved it to OUT/quarantine/, and the line says where):
        // the trial trains again from step 0 up to this rung's budget (same seed, same rows)
        // instead of ending FAILED for ever, or resuming from a state no trial ever had.
        System.err.printf("gansweep: %s: %s; training it again from step 0 to round %d%n", trials[i].config().trialId(),
            e.getMessage(), stage.budget());
        from.add(null);
      }
    }
    if (noDevice != null) {
      for (int i = 0; i < trials.length; i++) {
        segments[i] = new TrialRunner.Segment(TrialRunner.failed(tasks.get(i), noDevice, started), null);
      }
    } else if (trials.length > 1 && !from.contains(null)) {
      List<TrialRunner.Segment> packed;
      try {
        packed = executor.runPackSegment(tasks, from, stage.budget(), progress(trials[0].out()));
      } catch (RuntimeException | Error e) {
        packed = tasks.stream().map(task -> new TrialRunner.Segment(TrialRunner.failed(task, e, started), null)).toList();
      }
      for (int i = 0; i < trials.length; i++) {
        segments[i] = packed.get(i);
      }
    } else {
      for (int i = 0; i < trials.length; i++) {
        if (segments[i] == null) {
          try {
            segments[i] = executor.runSegment(tasks.get(i), from.isEmpty() ? null : from.get(i), stage.budget(), progress(trials[i].out()));
          } catch (RuntimeException | Error e) {
            segments[i] = new TrialRunner.Segment(TrialRunner.failed(tasks.get(i), e, started), null);
          }
        }
      }
    }
    double share = (System.nanoTime() - t0) / 1e9 / trials.length;
    for (int i = 0; i < trials.length; i++) {
      TrialConfig c = trials[i].config();
      TrialRunner.Segment seg = segments[i];
      double prior = from.isEmpty() || from.get(i) == null ? 0 : from.get(i).trainSeconds(); // reported by the earlier rungs
      RungRow row;
      TrialReport report;
      if (seg.paused() != null) {
        TrialCheckpoint p = seg.paused();
        store.writeCheckpoint(sweepId, p);
        row = RungRows.of(c, stage.bracket(), stage.rung(), stage.budget(), p.step(), TrialStatus.RUNNING, null, null, p.latest(), p.rows());
        Quality q = p.latest();
        report = new TrialReport(trials[i].index(), c.trialId(), TrialStatus.RUNNING, q == null ? null : q.distance() != null ? q.distance()
            : q.fd(), q == null ? null : q.modesCovered(), share, p.trainSeconds() - prior, share, tasks.get(i).device(), row.label());
        progress.add(ProgressLine.encode(report));
      } else {
        TrialResult r = seg.ended();
        TrialSummary s = r.summary();
        store.commit(r);
        row = RungRows.of(c, stage.bracket(), stage.rung(), stage.budget(), Math.min(s.stepsDone(), stage.budget()), s.status(), s.error(),
            s.divergedStep(), s.finalQuality(), r.metrics());
        report = report(trials[i], r, share, Math.max(0, s.trainSeconds() - prior), share);
      }
      store.commitRung(sweepId, row);
      reports.add(report);
    }
    return reports;
  }

  /**
   * Commits a running trial's rows after each evaluation ({@link TrialStore#publishProgress}), so
   * its quality is readable before it ends. A write that fails leaves the trial training (its
   * final commit writes every row; a warning in the log says which trial); a fenced one (the lease was
   * taken over) ends it, and the task's commit then fails as it would have.
   */
  private TrialRunner.Progress progress(String out) {
    TrialStore store = new TrialStore(out).fencedBy(fence);
    return (task, rows) -> {
      try {
        store.publishProgress(task.sweepId(), task.config().trialId(), rows);
      } catch (LeaseFence.FencedException e) {
        throw new IllegalStateException(e.getMessage(), e);
      } catch (IOException | RuntimeException e) {
        // To the log, not the console: nothing is lost (the commit writes every row), and a cause
        // that also stops the sweep (a full disk) gets its one line from the driver.
        org.apache.logging.log4j.LogManager.getLogger(TrialTaskFunction.class).warn("Cannot write the progress of "
            + task.config().trialId() + " (it trains on; its rows come with its commit)", e);
      }
    };
  }

  /** Reports one committed trial to the driver and the progress line. */
  private TrialReport report(DispatchedTrial t, TrialResult result, double taskSeconds) {
    return report(t, result, result.summary().wallSeconds(), result.summary().trainSeconds(), taskSeconds);
  }

  /** {@link #report} with this task's own wall and training seconds (a rung's segment, not the trial's total). */
  private TrialReport report(DispatchedTrial t, TrialResult result, double wallSeconds, double trainSeconds, double taskSeconds) {
    TrialSummary s = result.summary();
    Quality q = s.finalQuality();
    Double distance = q == null ? null : q.distance() != null ? q.distance() : q.fd();
    TrialVerdict v = verdict(t.config(), result);
    TrialReport report = new TrialReport(t.index(), t.config().trialId(), s.status(), distance, q == null ? null : q.modesCovered(),
        wallSeconds, trainSeconds, taskSeconds, s.task().device(), s.error(), v == null ? null : v.label().wireName(),
        v == null ? null : v.evidence());
    progress.add(ProgressLine.encode(report));
    return report;
  }

  /**
   * The analysis's label of a committed trial, from its summary and its rows ({@link
   * TrialLabeler}, the rules {@code analyze} applies), or null when it cannot be judged: the label
   * only annotates the progress line, it never fails a committed trial's task.
   */
  static TrialVerdict verdict(TrialConfig c, TrialResult result) {
    TrialSummary s = result.summary();
    try {
      return TrialLabeler.label(TrialRecord.of(c, Map.of(), s.status(), s.error(), s.divergedStep(), s.finalQuality()),
          Curve.of(result.metrics()));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
