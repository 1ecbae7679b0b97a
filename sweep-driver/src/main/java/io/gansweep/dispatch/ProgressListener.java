package io.gansweep.dispatch;

import io.gansweep.report.TextTable;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Prints one line per finished trial (k/N, status, key metric, wall time, ETA), and one line when
 * the job loses an executor: Spark's own log goes to the log file, and the loss is worth knowing.
 */
final class ProgressListener extends SparkListener {

  private final long accumulatorId;
  private final int total;
  private final PrintWriter out;
  private final long startNanos = System.nanoTime();
  private int done;

  ProgressListener(long accumulatorId, int total, PrintWriter out) {
    this.accumulatorId = accumulatorId;
    this.total = total;
    this.out = out;
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
    for (AccumulableInfo info : CollectionConverters.asJava(end.taskInfo().accumulables())) {
      if (info.id() != accumulatorId || info.update().isEmpty()) {
        continue;
      }
      for (Object line : (List<?>) info.update().get()) {
        print(ProgressLine.decode((String) line));
      }
    }
  }

  @Override
  public synchronized void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
    out.printf(Locale.ROOT, "lost executor %s (%s): Spark runs its unfinished trials again elsewhere; committed trials stay%n",
        removed.executorId(), removed.reason());
    out.flush();
  }

  /**
   * Waits until every trial of the job has had its line, at most {@code timeoutMillis}: Spark
   * delivers task ends to listeners asynchronously, after the job's result may have reached the
   * driver, so a listener removed at once can miss the last lines.
   */
  synchronized void awaitAll(long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (done < total && System.currentTimeMillis() < deadline) {
      wait(Math.max(1, deadline - System.currentTimeMillis()));
    }
  }

  private void print(TrialReport r) {
    done++;
    notifyAll();
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    double eta = done == 0 ? 0 : elapsed / done * (total - done);
    String metric = switch (r.status()) {
      case COMPLETED -> String.format(Locale.ROOT, "distance %.4f, %d modes covered", r.finalDistance(), r.finalModes());
      case DIVERGED, FAILED, PRUNED -> r.error() == null ? "" : TextTable.abbreviate(r.error(), 100);
      case RUNNING -> r.finalDistance() == null ? "paused at a rung"
          : String.format(Locale.ROOT, "paused at a rung: distance %.4f, %s modes covered", r.finalDistance(), r.finalModes());
    };
    out.printf(Locale.ROOT, "[%d/%d] %-9s %s  %s  (%.1f s on %s)  ETA %s%n", done, total, r.status(), r.trialId(), metric,
        r.wallSeconds(), r.device(), clock(eta));
    out.flush();
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
