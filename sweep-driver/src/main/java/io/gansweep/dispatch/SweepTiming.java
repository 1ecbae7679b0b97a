package io.gansweep.dispatch;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Where a sweep's time went, from the tasks' own clocks.
 *
 * @param trials trials this run trained and committed
 * @param slots trials Spark can run at once (its default parallelism ÷ cpus_per_trial)
 * @param jobSeconds wall time of the Spark job, from submission to the last commit
 * @param trainSeconds sum over trials of the time in training rounds and evaluations
 * @param taskSeconds sum over trials of the task time, from task start to committed rows
 * @param medianFixedSeconds median over trials of the task time outside training (an executor's
 *     first trial also loads the engine; the median is the steady per-trial cost)
 * @param medianSetupSeconds median over trials of the trial's own wall time outside training: its
 *     trainer built (data, networks, init) before the first round, its result after the last
 * @param medianCommitSeconds median over trials of the task time outside the trial's wall time:
 *     the task built from the dispatched record, the rows committed to Parquet, the report. The
 *     split holds for plain tasks; a rung task (early termination) reports its segment's share as
 *     both wall and task time, so there the setup median holds the whole fixed cost and this is 0
 */
public record SweepTiming(int trials, int slots, double jobSeconds, double trainSeconds, double taskSeconds, double medianFixedSeconds,
    double medianSetupSeconds, double medianCommitSeconds) {

  static SweepTiming of(List<TrialReport> reports, int slots, double jobSeconds) {
    double train = reports.stream().mapToDouble(TrialReport::trainSeconds).sum();
    double task = reports.stream().mapToDouble(TrialReport::taskSeconds).sum();
    return new SweepTiming(reports.size(), slots, jobSeconds, train, task, median(reports, r -> r.taskSeconds() - r.trainSeconds()),
        median(reports, r -> r.wallSeconds() - r.trainSeconds()), median(reports, r -> r.taskSeconds() - r.wallSeconds()));
  }

  private static double median(List<TrialReport> reports, ToDoubleFunction<TrialReport> f) {
    double[] v = reports.stream().mapToDouble(f).sorted().toArray();
    return v.length == 0 ? 0 : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** Training time ÷ the slot time the job held: 1 when every slot trained all the time. */
  public double efficiency() {
    return jobSeconds > 0 ? trainSeconds / (slots * jobSeconds) : 0;
  }

  /** Mean time per trial outside training: setup before the first round, and the commit. */
  public double fixedSecondsPerTrial() {
    return trials > 0 ? (taskSeconds - trainSeconds) / trials : 0;
  }

  /** The figures as one JSON object. */
  public String json() {
    return String.format(Locale.ROOT,
        "{\"trials\":%d,\"slots\":%d,\"job_seconds\":%.3f,\"train_seconds\":%.3f,\"task_seconds\":%.3f,"
            + "\"efficiency\":%.4f,\"fixed_seconds_per_trial\":%.4f,\"fixed_seconds_per_trial_median\":%.4f,"
            + "\"setup_seconds_per_trial_median\":%.4f,\"commit_seconds_per_trial_median\":%.4f}",
        trials, slots, jobSeconds, trainSeconds, taskSeconds, efficiency(), fixedSecondsPerTrial(), medianFixedSeconds, medianSetupSeconds,
        medianCommitSeconds);
  }
}
