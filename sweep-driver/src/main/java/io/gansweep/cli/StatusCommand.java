package io.gansweep.cli;

import io.gansweep.analysis.Label;
import io.gansweep.analysis.TableRows;
import io.gansweep.analysis.TrialVerdict;
import io.gansweep.dispatch.CostModel;
import io.gansweep.dispatch.SweepLease;
import io.gansweep.io.HadoopConf;
import io.gansweep.io.OutputLayout;
import io.gansweep.io.TrialStore;
import io.gansweep.io.TrialTables;
import io.gansweep.search.SweepPlan;
import io.gansweep.trial.RungRow;
import io.gansweep.trial.TrialConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gansweep status DIR [--sweep ID]}: where a sweep stands, running or not, without its lease. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Say where a sweep stands, while it runs or after.",
      "Whether a run holds it, committed of planned trials by status, the",
      "analysis's labels so far, an ETA",
      "from the cost model, trials per executor host, and rungs and pruned trials",
      "of early termination, and the latest evaluation of trials still training.",
      "Reads the committed files only (no Spark, no lease),",
      "so it never disturbs a running sweep. Exit status: 0; 1 failed at run time;",
      "2 DIR missing or without a sweep."
    })
final class StatusCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "DIR", description = "a sweep output directory (or Hadoop URI)")
  String out;

  @Option(names = "--sweep", paramLabel = "ID", description = "sweep id; required when DIR holds several sweeps")
  String sweep;

  @Spec CommandSpec command;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    String id = chooseSweep(err);
    if (id == null) {
      return Gansweep.EXIT_INVALID;
    }
    print(stdout, id, System.currentTimeMillis());
    stdout.flush();
    return 0;
  }

  /**
   * The sweep to report on: as {@link OutputDir#chooseSweep}, but a sweep that a run has started
   * ({@code sweeps/<id>/spec.yaml}) counts before its first trial is committed.
   */
  private String chooseSweep(PrintWriter err) throws IOException {
    if (OutputDir.refusedGlob("status " + out, out, err)) {
      return null;
    }
    String why = null;
    Set<String> ids = new TreeSet<>();
    if (OutputDir.isDirectory(out)) {
      ids.addAll(OutputDir.sweepIds(out));
      ids.addAll(startedSweeps());
    }
    if (!OutputDir.isDirectory(out)) {
      why = String.format("Cannot report the status of %s: no such directory (got %s; allowed a directory written by 'gansweep run')", out, out);
    } else if (ids.isEmpty()) {
      why = String.format("Cannot report the status of %s: it holds no sweep (got no run record under %s/sweeps/<id>/ and no committed"
          + " trial under %s/trials/sweep_id=<id>/; allowed a directory written by 'gansweep run' or 'gansweep trial')", out, out, out);
    } else if (sweep == null && ids.size() != 1) {
      why = String.format("Cannot choose a sweep: %s holds %d (got no --sweep; allowed --sweep one of %s)", out, ids.size(), ids);
    } else if (sweep != null && !ids.contains(sweep)) {
      why = String.format("Cannot report the status of sweep: not in %s (got %s; allowed %s)", out, sweep, ids);
    }
    if (why != null) {
      err.println(why);
      err.flush();
      return null;
    }
    return sweep == null ? ids.iterator().next() : sweep;
  }

  /** Sweeps a run has started: {@code sweeps/<id>/spec.yaml}, written before its first trial. */
  private List<String> startedSweeps() throws IOException {
    Path sweeps = OutputLayout.table(out, OutputLayout.SWEEPS);
    FileSystem fs = sweeps.getFileSystem(HadoopConf.create());
    List<String> ids = new ArrayList<>();
    if (fs.exists(sweeps) && fs.getFileStatus(sweeps).isDirectory()) {
      for (FileStatus f : fs.listStatus(sweeps)) {
        if (f.isDirectory() && fs.exists(new Path(f.getPath(), "spec.yaml"))) {
          ids.add(f.getPath().getName());
        }
      }
    }
    return ids;
  }

  /** The progress columns the status reads: a running trial's latest evaluation ({@link TableRows#latest}). */
  private static final Set<String> PROGRESS_COLUMNS = Set.of(TrialTables.TRIAL_ID, TrialTables.STEP, TrialTables.DISTANCE, TrialTables.FD,
      TrialTables.MODES_COVERED);

  /** The trials columns the status reads beyond the labels' ({@link TableRows#TRIAL_COLUMNS}). */
  private static final Set<String> WHERE_COLUMNS = Set.of("host", "device", "wall_seconds", "started_at", "finished_at");

  void print(PrintWriter pw, String id, long nowMillis) throws IOException {
    TrialStore store = new TrialStore(out);
    Optional<String> holder = SweepLease.holder(out, id);
    Set<String> columns = new HashSet<>(TableRows.TRIAL_COLUMNS);
    columns.addAll(WHERE_COLUMNS);
    Map<String, Map<String, Object>> trials = new TreeMap<>(); // one row per trial, also while a compaction runs
    for (Map<String, Object> row : store.rows(OutputLayout.TRIALS, id, columns)) {
      trials.putIfAbsent((String) row.get(TrialTables.TRIAL_ID), row);
    }
    // progress before metrics: a trial's progress file goes only once its metrics file is in place (TableRows#withProgress)
    List<Map<String, Object>> progressRows = store.rows(OutputLayout.PROGRESS, id, PROGRESS_COLUMNS);
    List<Map<String, Object>> metrics = store.rows(OutputLayout.METRICS, id, TableRows.METRIC_COLUMNS);
    Map<String, TrialVerdict> verdicts = TableRows.label(new ArrayList<>(trials.values()), metrics);
    List<TableRows.Latest> running = TableRows.latest(metrics, progressRows).stream()
        .filter(l -> !trials.containsKey(l.trialId())).toList();
    OptionalLong planned = PlannedTrials.planned(out, id);
    int committed = trials.size();
    boolean complete = planned.isPresent() && committed >= planned.getAsLong();

    pw.printf("sweep %s: %s%n", id, holder.map(h -> "running (lease held by " + h + ")")
        .orElse(complete ? "not running" : "not running (run it again into the same directory to train the rest)"));
    Map<String, Long> byStatus = trials.values().stream().collect(Collectors.groupingBy(r -> (String) r.get(TrialTables.STATUS),
        TreeMap::new, Collectors.counting()));
    String statuses = byStatus.isEmpty() ? "none yet" : byStatus.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
    if (planned.isPresent()) {
      pw.printf(Locale.ROOT, "progress: %s: %d of %d planned trials committed (%s)%n", complete ? "complete" : "partial", committed,
          planned.getAsLong(), statuses);
    } else {
      pw.printf(Locale.ROOT, "progress: %d trials committed (%s); no run record, so no plan to compare with%n", committed, statuses);
    }
    Map<String, Long> byLabel = new LinkedHashMap<>();
    for (Label l : Label.values()) {
      long n = verdicts.values().stream().filter(v -> v.label() == l).count();
      if (n > 0) {
        byLabel.put(l.wireName(), n);
      }
    }
    pw.printf("labels so far: %s%n", byLabel.isEmpty() ? "none yet"
        : byLabel.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
    if (!running.isEmpty()) {
      pw.printf("before their end: %d trials, latest evaluation: %s%n", running.size(), TableRows.describe(running, 8));
    }
    if (holder.isPresent() && !complete && planned.isPresent()) {
      pw.printf("ETA: %s%n", eta(id, trials, planned.getAsLong(), nowMillis));
    }
    Map<String, List<Map<String, Object>>> byHost = trials.values().stream().collect(Collectors.groupingBy(
        r -> r.getOrDefault("host", "?") + " (" + r.getOrDefault("device", "?") + ")", TreeMap::new, Collectors.toList()));
    if (!byHost.isEmpty()) {
      pw.printf("executors: %s%n", byHost.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %d trials, %.0f s",
          e.getKey(), e.getValue().size(), e.getValue().stream().mapToDouble(r -> number(r.get("wall_seconds"))).sum()))
          .collect(Collectors.joining("; ")));
    }
    List<RungRow> rungs = store.rungRows(id);
    if (!rungs.isEmpty()) {
      Map<Integer, Set<String>> reached = new TreeMap<>();
      Map<Integer, Integer> budget = new TreeMap<>();
      for (RungRow r : rungs) {
        reached.computeIfAbsent(r.rung(), k -> new TreeSet<>()).add(r.trialId());
        budget.merge(r.rung(), r.budget(), Math::max);
      }
      long pruned = byStatus.getOrDefault("PRUNED", 0L);
      pw.printf("rungs: %s; pruned %d%n", reached.entrySet().stream().map(e -> String.format(Locale.ROOT, "rung %d (%d rounds) %d trials",
          e.getKey(), budget.get(e.getKey()), e.getValue().size())).collect(Collectors.joining(", ")), pruned);
    }
  }

  /**
   * Time left, from the cost model ({@link CostModel#cost}): the committed trials' cost over the
   * wall time from the first one's start to the last one's end is the sweep's pace; the trials
   * still to commit (their cost from the recorded plan, or the committed trials' mean cost where
   * the plan does not list them, as tpe's later trials) at that pace, less the time since the last
   * commit. Without a committed trial, or without the plan, it says so.
   */
  private String eta(String id, Map<String, Map<String, Object>> trials, long planned, long nowMillis) {
    Optional<SweepPlan> plan = PlannedTrials.plan(out, id);
    if (trials.isEmpty() || plan.isEmpty()) {
      return trials.isEmpty() ? "after the first committed trial" : "unknown (no readable plan)";
    }
    Map<String, Double> cost = new LinkedHashMap<>();
    for (TrialConfig c : plan.get().trials()) {
      cost.put(c.trialId(), CostModel.cost(c));
    }
    double mean = cost.values().stream().mapToDouble(Double::doubleValue).average().orElse(1);
    double done = trials.keySet().stream().mapToDouble(t -> cost.getOrDefault(t, mean)).sum();
    double left = cost.entrySet().stream().filter(e -> !trials.containsKey(e.getKey())).mapToDouble(Map.Entry::getValue).sum()
        + Math.max(0, planned - cost.size() - trials.keySet().stream().filter(t -> !cost.containsKey(t)).count()) * mean;
    long first = trials.values().stream().mapToLong(r -> millis(r.get("started_at"))).min().orElse(nowMillis);
    long last = trials.values().stream().mapToLong(r -> millis(r.get("finished_at"))).max().orElse(nowMillis);
    double span = Math.max(1, last - first) / 1000.0;
    double seconds = Math.max(0, left * span / done - (nowMillis - last) / 1000.0);
    return String.format(Locale.ROOT, "%s (cost model: %d committed trials, %.0f%% of the plan's cost, in %.0f s)", clock(seconds),
        trials.size(), 100 * done / (done + left), span);
  }

  /** A timestamp column's value (Parquet TIMESTAMP(MILLIS or MICROS)) in epoch milliseconds. */
  private static long millis(Object v) {
    if (!(v instanceof Number n)) {
      return 0;
    }
    long x = n.longValue();
    return x > 100_000_000_000_000L ? x / 1000 : x; // micros since 1970 are past 1e14 after 1973
  }

  private static double number(Object v) {
    return v instanceof Number n ? n.doubleValue() : 0;
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
