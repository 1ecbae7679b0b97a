package io.gansweep.dispatch;

import io.gansweep.report.TextTable;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Prints one line per finished trial (k/N, status and, where it differs, the analysis's label,
 * key metric, wall time, ETA), and one line when the job loses an executor: Spark's own log goes
 * to the log file, and the loss is worth knowing.
 *
 * <p>The ETA comes from the cost model ({@link CostModel#cost(DispatchedPack)}): the finished
 * tasks give seconds per unit of cost; each running task has its cost's time left less what it
 * has run; the tasks not started yet are laid, longest first as Spark starts them, on the slot
 * that frees first (as many slots as tasks were seen running at once). The ETA is when the last
 * slot frees. Without costs (or before a task has finished) it falls back to elapsed time per
 * finished trial.
 */
final class ProgressListener extends SparkListener {

  private final long accumulatorId;
  private final int total;
  private final PrintWriter out;
  private final long startNanos = System.nanoTime();
  /** Relative cost of each task (partition), empty when unknown. */
  private final double[] costs;
  private final long[] startedMillis;
  private final boolean[] finished;
  private final Set<Integer> running = new HashSet<>();
  private double finishedCost;
  private double finishedSeconds;
  private int slots = 1;
  private int done;

  /** @param costs the relative cost of each task of the job, by partition ({@link CostModel#cost(DispatchedPack)}) */
  ProgressListener(long accumulatorId, int total, double[] costs, PrintWriter out) {
    this.accumulatorId = accumulatorId;
    this.total = total;
    this.out = out;
    this.costs = costs.clone();
    this.startedMillis = new long[costs.length];
    this.finished = new boolean[costs.length];
  }

  @Override
  public synchronized void onTaskStart(SparkListenerTaskStart start) {
    int i = start.taskInfo().index();
    if (i >= 0 && i < costs.length && !finished[i]) {
      startedMillis[i] = start.taskInfo().launchTime();
      running.add(i);
      slots = Math.max(slots, running.size());
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
    int i = end.taskInfo().index();
    if (i >= 0 && i < costs.length && running.remove(i) && end.taskInfo().successful() && !finished[i]) {
      finished[i] = true;
      finishedCost += costs[i];
      finishedSeconds += Math.max(0, end.taskInfo().finishTime() - startedMillis[i]) / 1000.0;
    }
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

  /**
   * Seconds until the job's last task ends, from the cost model ({@link ProgressListener}), or
   * NaN before a task with a cost has finished.
   */
  synchronized double costEta(long nowMillis) {
    if (!(finishedCost > 0)) {
      return Double.NaN;
    }
    double perCost = finishedSeconds / finishedCost;
    PriorityQueue<Double> free = new PriorityQueue<>();
    for (int i : running) {
      free.add(Math.max(0, costs[i] * perCost - (nowMillis - startedMillis[i]) / 1000.0));
    }
    while (free.size() < slots) {
      free.add(0.0);
    }
    for (int i = 0; i < costs.length; i++) { // partitions are in the job's longest-first order
      if (!finished[i] && !running.contains(i)) {
        free.add(free.poll() + costs[i] * perCost);
      }
    }
    return free.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }

  private void print(TrialReport r) {
    done++;
    notifyAll();
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    double eta = costEta(System.currentTimeMillis());
    if (Double.isNaN(eta)) {
      eta = done == 0 ? 0 : elapsed / done * (total - done);
    }
    if (done == total) {
      eta = 0;
    }
    String metric = switch (r.status()) {
      case COMPLETED -> String.format(Locale.ROOT, "distance %.4f%s", r.finalDistance(), modes(r.finalModes()));
      case DIVERGED, FAILED, PRUNED -> r.error() == null ? "" : TextTable.abbreviate(r.error(), 100);
      case RUNNING -> r.finalDistance() == null ? "paused at a rung"
          : String.format(Locale.ROOT, "paused at a rung: distance %.4f%s", r.finalDistance(), modes(r.finalModes()));
    };
    String status = r.labelDiffers() ? r.status() + ", labelled " + r.label() : r.status().name();
    String left = done < total && eta < 0.5 ? "0:00 (a task runs past its estimate)" : clock(eta);
    out.printf(Locale.ROOT, "[%d/%d] %-9s %s  %s  (%.1f s on %s)  ETA %s%n", done, total, status, r.trialId(), metric,
        r.wallSeconds(), r.device(), left);
    if (r.labelDiffers() && r.evidence() != null) {
      out.printf(Locale.ROOT, "       %s: %s%n", r.label(), TextTable.abbreviate(r.evidence(), 160));
    }
    out.flush();
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  /** ", 3 modes covered", or nothing where the data has no classes to cover (never "null modes"). */
  private static String modes(Integer covered) {
    return covered == null ? "" : ", " + covered + " modes covered";
  }
}
