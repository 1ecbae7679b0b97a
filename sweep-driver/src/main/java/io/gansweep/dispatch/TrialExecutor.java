package io.gansweep.dispatch;

import io.gansweep.train.TrialCheckpoint;
import io.gansweep.train.TrialRunner;
import io.gansweep.trial.TrialResult;
import io.gansweep.trial.TrialTask;
import java.io.Serializable;
import java.util.List;

/**
 * What a Spark task calls to run one trial. Production is {@link Training} (which commits a
 * running trial's rows after each evaluation, {@link TrialRunner.Progress}); tests pass one that
 * throws to check that a crashing trial becomes a FAILED row and the sweep goes on.
 */
@FunctionalInterface
public interface TrialExecutor extends Serializable {
  TrialResult run(TrialTask task);

  /** Runs a pack of two or more trials as one stacked model ({@code resources.pack}); one result per task, in order. */
  default List<TrialResult> runPack(List<TrialTask> tasks) {
    return TrialRunner.runPacked(tasks);
  }

  /** Trains one trial from {@code from} (null: from scratch) up to round {@code until} (early termination's rungs). */
  default TrialRunner.Segment runSegment(TrialTask task, TrialCheckpoint from, int until) {
    return TrialRunner.runSegment(task, from, until);
  }

  /** {@link #runSegment} for a pack: {@code from} empty (from scratch) or one checkpoint per task. */
  default List<TrialRunner.Segment> runPackSegment(List<TrialTask> tasks, List<TrialCheckpoint> from, int until) {
    return TrialRunner.runPackedSegment(tasks, from, until);
  }

  /** {@link #run(TrialTask)} telling {@code progress} the rows after each evaluation; only {@link Training} tells. */
  default TrialResult run(TrialTask task, TrialRunner.Progress progress) {
    return run(task);
  }

  /** {@link #runPack(List)} telling {@code progress}; only {@link Training} tells. */
  default List<TrialResult> runPack(List<TrialTask> tasks, TrialRunner.Progress progress) {
    return runPack(tasks);
  }

  /** {@link #runSegment(TrialTask, TrialCheckpoint, int)} telling {@code progress}; only {@link Training} tells. */
  default TrialRunner.Segment runSegment(TrialTask task, TrialCheckpoint from, int until, TrialRunner.Progress progress) {
    return runSegment(task, from, until);
  }

  /** {@link #runPackSegment(List, List, int)} telling {@code progress}; only {@link Training} tells. */
  default List<TrialRunner.Segment> runPackSegment(List<TrialTask> tasks, List<TrialCheckpoint> from, int until,
      TrialRunner.Progress progress) {
    return runPackSegment(tasks, from, until);
  }

  /** The production executor: {@link TrialRunner}, telling the progress of each trial after each evaluation. */
  final class Training implements TrialExecutor {
    private static final long serialVersionUID = 1L;

    @Override
    public TrialResult run(TrialTask task) {
      return TrialRunner.run(task);
    }

    @Override
    public TrialResult run(TrialTask task, TrialRunner.Progress progress) {
      return TrialRunner.run(task, progress);
    }

    @Override
    public List<TrialResult> runPack(List<TrialTask> tasks, TrialRunner.Progress progress) {
      return TrialRunner.runPacked(tasks, progress);
    }

    @Override
    public TrialRunner.Segment runSegment(TrialTask task, TrialCheckpoint from, int until, TrialRunner.Progress progress) {
      return TrialRunner.runSegment(task, from, until, progress);
    }

    @Override
    public List<TrialRunner.Segment> runPackSegment(List<TrialTask> tasks, List<TrialCheckpoint> from, int until,
        TrialRunner.Progress progress) {
      return TrialRunner.runPackedSegment(tasks, from, until, progress);
    }
  }
}
