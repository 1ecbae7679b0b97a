package io.gansweep.dispatch;

import io.gansweep.io.HadoopConf;
import io.gansweep.io.LeaseFence;
import io.gansweep.io.TrialStore;
import io.gansweep.screen.GeneratorSetup;
import io.gansweep.train.GeneratorFit;
import io.gansweep.train.TrialRunner;
import io.gansweep.trial.ScreenRow;
import io.gansweep.trial.TrialTask;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * The Spark task of the G-only screen: fits each setup of its partition alone and commits its
 * screen row. A fit that fails (no device, an engine error) is a row that passes unscreened
 * ({@link GeneratorSetup#row}), never a failed task; only a failure to commit fails the task (Spark
 * retries it). A fit begins, and its row is committed, only while the run still holds its lease
 * ({@link LeaseFence}).
 */
final class ScreenTaskFunction implements FlatMapFunction<Iterator<ScreenTask>, ScreenRow> {

  private static final long serialVersionUID = 1L;

  private final LeaseFence fence;
  private final boolean clusterSchedulesGpus;
  /** The driver's Hadoop settings ({@link SparkSweep#hadoopSettings}), used before the task's first file-system access. */
  private final HadoopConf.Settings hadoop;

  /** @param fence the run's lease, checked before each fit and commit; null: not fenced */
  ScreenTaskFunction(LeaseFence fence, boolean clusterSchedulesGpus, HadoopConf.Settings hadoop) {
    this.fence = fence;
    this.clusterSchedulesGpus = clusterSchedulesGpus;
    this.hadoop = hadoop;
  }

  @Override
  public Iterator<ScreenRow> call(Iterator<ScreenTask> tasks) throws IOException {
    HadoopConf.use(hadoop);
    TaskContext context = TaskContext.get();
    List<ScreenRow> rows = new ArrayList<>();
    while (tasks.hasNext()) {
      ScreenTask t = tasks.next();
      TrialStore store = new TrialStore(t.out()).fencedBy(fence);
      if (fence != null) {
        fence.check("screen setup " + t.setupId());
      }
      GeneratorFit.Result r;
      try {
        String device = DeviceAssignment.device(t.gpus(), context, clusterSchedulesGpus);
        r = GeneratorFit.run(new TrialTask(t.sweepId(), 0, t.config(), context == null ? 0 : context.attemptNumber(), device, t.cpus(),
            t.out()), t.screen().steps()); // t.out(): where the driver pinned the sweep's files (a points file, model files)
      } catch (RuntimeException e) {
        r = new GeneratorFit.Result(Double.NaN, Double.NaN, null, TrialRunner.describe(e), 0);
      }
      ScreenRow row = GeneratorSetup.row(t.setupId(), t.setup(), t.config(), t.screen(), r);
      store.commitScreen(t.sweepId(), row);
      rows.add(row);
    }
    return rows.iterator();
  }
}
