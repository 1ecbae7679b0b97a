package io.gansweep.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gansweep.trial.TrialStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.spark.Success$;
import org.apache.spark.TaskState;
import org.apache.spark.executor.ExecutorMetrics;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.scheduler.TaskLocality;
import org.junit.jupiter.api.Test;

class ProgressListenerTest {

  private static TaskInfo task(int index, long launchMillis) {
    return new TaskInfo(index, index, 0, index, launchMillis, "0", "localhost", TaskLocality.PROCESS_LOCAL(), false);
  }

  private static SparkListenerTaskEnd end(TaskInfo t, long finishMillis) {
    t.markFinished(TaskState.FINISHED(), finishMillis);
    return new SparkListenerTaskEnd(0, 0, "ResultTask", Success$.MODULE$, t, new ExecutorMetrics(), null);
  }

  /**
   * Four tasks of cost 4, 2, 2, 1 (longest first) on two slots; the cost-2 task ends after 20 s,
   * so a unit of cost takes 10 s: the cost-4 task has 40 - 20 = 20 s left, the next cost-2 task
   * (20 s) goes to the free slot and ends at 20, the cost-1 task (10 s) follows on the first slot
   * to free, at 20 + 10 = 30 s from now. Elapsed time per finished task would say 20 x 3 = 60 s.
   */
  @Test
  void etaLaysTheTasksLeftOnTheSlotsByCost() {
    ProgressListener l = new ProgressListener(1, 4, new double[] {4, 2, 2, 1}, new PrintWriter(new StringWriter()));
    TaskInfo t0 = task(0, 0);
    TaskInfo t1 = task(1, 0);
    l.onTaskStart(new SparkListenerTaskStart(0, 0, t0));
    l.onTaskStart(new SparkListenerTaskStart(0, 0, t1));
    assertTrue(Double.isNaN(l.costEta(10_000)), "no finished task yet: no rate");
    l.onTaskEnd(end(t1, 20_000));
    assertEquals(30.0, l.costEta(20_000), 1e-9);
    assertEquals(25.0, l.costEta(25_000), 1e-9, "5 s later the running task has 5 s less left");
  }

  @Test
  void labelShowsBesideTheStatusOnlyWhereTheyDiffer() {
    TrialReport diverged = new TrialReport(0, "t", TrialStatus.COMPLETED, 915.7, 1, 1, 1, 1, "cpu", null, "diverged",
        "gradient norm 2.1e+03 at step 1225, 40x its early median 52");
    assertTrue(diverged.labelDiffers());
    assertFalse(new TrialReport(0, "t", TrialStatus.COMPLETED, 0.01, 8, 1, 1, 1, "cpu", null, "stable", "8/8").labelDiffers());
    assertFalse(new TrialReport(0, "t", TrialStatus.DIVERGED, null, null, 1, 1, 1, "cpu", "nan", "diverged", "at 3").labelDiffers());
    assertFalse(new TrialReport(0, "t", TrialStatus.COMPLETED, 0.01, 8, 1, 1, 1, "cpu", null).labelDiffers());
    assertEquals(diverged, ProgressLine.decode(ProgressLine.encode(diverged)), "the label travels in the progress line");
  }
}
