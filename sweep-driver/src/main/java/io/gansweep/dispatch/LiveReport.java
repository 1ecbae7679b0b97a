package io.gansweep.dispatch;

import io.gansweep.analysis.AnalysisOutput;
import io.gansweep.analysis.SweepAnalysis;
import io.gansweep.analysis.TableRows;
import io.gansweep.io.HadoopConf;
import io.gansweep.io.OutputLayout;
import io.gansweep.io.TrialStore;
import io.gansweep.io.TrialTables;
import io.gansweep.report.SweepReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.fs.FileSystem;
import org.apache.logging.log4j.LogManager;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * The report of a running sweep: {@code report.html} rewritten, marked partial ({@link
 * AnalysisOutput#writeReport}), after every {@code every} newly committed trials and at the end of
 * every job (a rung of early termination, a wave of tpe). It reads the committed files without
 * Spark ({@link TableRows#analyse}: the analysis's own readings, labels and ranking) on a thread of
 * its own, one rewrite at a time (a request while one runs is folded into the next), so the
 * training never waits for it; the run's final analysis replaces the page.
 */
final class LiveReport extends SparkListener implements AutoCloseable {

  private final String out;
  private final String sweepId;
  private final long planned;
  private final int every;
  private final PrintWriter console;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "gansweep-live-report");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean queued = new AtomicBoolean();
  private volatile boolean stageEnded;
  private int lastCommitted;
  private boolean said;

  private LiveReport(String out, String sweepId, long planned, int every, PrintWriter console) {
    this.out = out;
    this.sweepId = sweepId;
    this.planned = planned;
    this.every = every;
    this.console = console;
  }

  /** Listens to {@code jsc}'s tasks and jobs and rewrites the report as trials commit. */
  static LiveReport start(JavaSparkContext jsc, String out, String sweepId, long planned, int every, PrintWriter console) {
    LiveReport r = new LiveReport(out, sweepId, planned, every, console);
    try {
      r.lastCommitted = new TrialStore(out).committedTrialIds(sweepId).size(); // a resumed run: what the last report had
    } catch (IOException e) {
      r.lastCommitted = 0;
    }
    jsc.sc().addSparkListener(r);
    return r;
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    request();
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd end) {
    stageEnded = true;
    request();
  }

  private void request() {
    if (queued.compareAndSet(false, true)) {
      try {
        thread.execute(() -> {
          queued.set(false);
          boolean stage = stageEnded;
          stageEnded = false;
          rewrite(stage);
        });
      } catch (java.util.concurrent.RejectedExecutionException closed) { // the run is ending: its final analysis writes the report
        queued.set(false);
      }
    }
  }

  /** Rewrites the report when enough trials committed since the last (or a stage ended); never fails the run. */
  private void rewrite(boolean stageEnded) {
    try {
      TrialStore store = new TrialStore(out);
      int committed = store.committedTrialIds(sweepId).size();
      if (committed == 0 || committed >= planned || (!stageEnded && committed - lastCommitted < every) || committed == lastCommitted) {
        return; // nothing new, or the run's final analysis is next
      }
      lastCommitted = committed;
      List<Map<String, Object>> trials = store.rows(OutputLayout.TRIALS, sweepId, null);
      List<Map<String, Object>> progress = store.rows(OutputLayout.PROGRESS, sweepId, null); // before metrics (TableRows#withProgress)
      List<Map<String, Object>> metrics = store.rows(OutputLayout.METRICS, sweepId, TableRows.METRIC_COLUMNS);
      SweepAnalysis a = TableRows.analyse(sweepId, trials, metrics, store.rows(OutputLayout.RUNGS, sweepId, null),
          store.rows(OutputLayout.SCREEN, sweepId, null), SweepReport.hyperparameterColumns());
      Set<Object> ended = new java.util.HashSet<>();
      trials.forEach(t -> ended.add(t.get(TrialTables.TRIAL_ID)));
      List<TableRows.Latest> running = TableRows.latest(metrics, progress).stream().filter(l -> !ended.contains(l.trialId())).toList();
      FileSystem fs = OutputLayout.sweepDir(out, sweepId).getFileSystem(HadoopConf.create());
      String note = String.format(Locale.ROOT, "partial: %d of %d planned trials committed; this page is rewritten while the sweep runs"
          + " (every %d trials and every rung) and replaced by the final report when it ends", committed, planned, every)
          + (running.isEmpty() ? "" : "; before their end: " + TableRows.describe(running, 8));
      AnalysisOutput.writeReport(fs, out, a, AnalysisOutput.points(a, ids -> {
        try {
          return store.rows(OutputLayout.SAMPLES, sweepId, Set.of(TrialTables.TRIAL_ID, TrialTables.STEP, TrialTables.X, TrialTables.Y));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }), note);
      if (!said) {
        said = true;
        console.printf("report: %s/report.html (partial, rewritten every %d committed trials and every rung)%n",
            AnalysisOutput.dir(out, sweepId), every);
        console.flush();
      }
    } catch (IOException | RuntimeException e) { // a partial report is a courtesy: the run goes on
      LogManager.getLogger(LiveReport.class).warn("Cannot rewrite the partial report of sweep " + sweepId, e);
    }
  }

  /** Stops listening and waits for a rewrite under way (at most a minute), so the final report comes last. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
