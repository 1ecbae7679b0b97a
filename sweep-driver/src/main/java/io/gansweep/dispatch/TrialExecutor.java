package io.gansweep.dispatch;

import io.gansweep.train.TrialCheckpoint;
import io.gansweep.train.TrialRunner;
import io.gansweep.trial.TrialResult;
import io.gansweep.trial.TrialTask;
import java.io.Serializable;
import java.util.List;

/**
 * What a Spark task calls to run one trial. Production is {@code TrialRunner::run}; tests pass one
 * that throws to check that a crashing trial becomes a FAILED row and the sweep goes on.
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
}
