package io.gansweep.report;

import io.gansweep.analysis.AnalysisOutput;
import io.gansweep.analysis.ConfigSummary;
import io.gansweep.analysis.SeedSources;
import io.gansweep.analysis.StabilityThresholds;
import io.gansweep.analysis.SweepAnalysis;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.Numbers;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import io.gansweep.analysis.TableRows;
import io.gansweep.io.HadoopConf;
import io.gansweep.io.OutputLayout;
import io.gansweep.io.TrialStore;
import io.gansweep.io.TrialTables;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Analyses a sweep's tables, writes {@code OUT/analysis/sweep_id=<id>/} and prints the top of the
 * ranking. Runs in a local Spark session of its own with Spark's default serializer (the sweep's
 * strict-Kryo context is stopped by then; Spark SQL ships internal classes we do not register).
 */
public final class SweepReport {

  public static final int SHOWN = 10;

  private SweepReport() {}

  private static final AtomicInteger SESSIONS = new AtomicInteger();

  /** How many reader sessions this JVM has started (tests check that an input error starts none). */
  public static int sessionsStarted() {
    return SESSIONS.get();
  }

  /** A local Spark session for reading results. */
  public static SparkSession readerSession(String name) {
    SESSIONS.incrementAndGet();
    return SparkSession.builder().master("local[*]").appName(name)
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate();
  }

  /** The configuration columns of the trials table, from the catalog (the seed keys are seeds, not axes). */
  public static List<String> hyperparameterColumns() {
    return Hyperparameter.configurationKeys().stream().map(Hyperparameter::key).toList();
  }

  /**
   * Metrics bytes up to which a sweep is analysed without Spark ({@link #analyzeSmall}): its rows
   * then fit the driver many times over (the 12-trial quickstart has about 60 KB; 1,000 such
   * trials about 5 MB). Above it Spark reads the tables and labels on its executors (memory
   * O(trials) on the driver).
   */
  public static final long WITHOUT_SPARK_BYTES = 64L << 20;

  /** Whether a sweep's metrics are small enough to analyse without Spark ({@link #WITHOUT_SPARK_BYTES}). */
  public static boolean small(String out, String sweepId) throws IOException {
    if (Boolean.getBoolean("gansweep.analyze.spark")) { // the bench's switch: Spark's reading at any size, to compare
      return false;
    }
    Path dir = OutputLayout.partition(out, OutputLayout.METRICS, sweepId);
    FileSystem fs = dir.getFileSystem(HadoopConf.create());
    long bytes = 0;
    for (Path f : io.gansweep.io.Compaction.tableFiles(fs, out, OutputLayout.METRICS, sweepId)) { // every file once, during a compaction too
      bytes += fs.getFileStatus(f).getLen();
    }
    return bytes <= WITHOUT_SPARK_BYTES;
  }

  /**
   * Analyses, writes and prints as {@link #analyze(SparkSession, String, String, PrintWriter)} does,
   * reading the committed rows without Spark ({@link TableRows#analyse}: the same readings, labels
   * and ranking) and writing the same files ({@link AnalysisOutput#write(FileSystem, String,
   * SweepAnalysis, Map, List)}, report.html showing {@code notes} first); for small sweeps ({@link
   * #small}), where starting Spark is most of the time. Returns the analysis.
   */
  public static SweepAnalysis analyzeSmall(String out, String sweepId, PrintWriter pw, List<String> notes) throws IOException {
    TrialStore store = new TrialStore(out);
    SweepAnalysis a = TableRows.analyse(sweepId, store.rows(OutputLayout.TRIALS, sweepId, null),
        store.rows(OutputLayout.METRICS, sweepId, TableRows.METRIC_COLUMNS), store.rows(OutputLayout.RUNGS, sweepId, null),
        store.rows(OutputLayout.SCREEN, sweepId, null), hyperparameterColumns());
    FileSystem fs = AnalysisOutput.dir(out, sweepId).getFileSystem(HadoopConf.create());
    Path dir = AnalysisOutput.write(fs, out, a, AnalysisOutput.points(a, trials -> {
      try {
        return store.rows(OutputLayout.SAMPLES, sweepId, java.util.Set.of(TrialTables.TRIAL_ID, TrialTables.STEP, TrialTables.X, TrialTables.Y));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }), notes);
    print(a, pw);
    Schedules.print(out, a, pw); // pbt: the members' schedules, ranked
    pw.printf("%nwritten to %s (ranking.parquet, ranking.csv, trial_labels.parquet, importance.csv, seed_sources.csv, budget.csv, report.html)%n", dir);
    pw.flush();
    return a;
  }

  /** {@link #analyzeSmall} for a small sweep, else Spark's analysis in a reader session of its own. */
  public static SweepAnalysis analyze(String out, String sweepId, PrintWriter pw) throws IOException {
    return analyze(out, sweepId, pw, List.of());
  }

  /** {@link #analyze(String, String, PrintWriter)}; report.html shows {@code notes} first (a partial sweep's note). */
  public static SweepAnalysis analyze(String out, String sweepId, PrintWriter pw, List<String> notes) throws IOException {
    if (small(out, sweepId)) {
      return analyzeSmall(out, sweepId, pw, notes);
    }
    SparkSession spark = readerSession("gansweep analyze " + sweepId);
    try {
      return analyze(spark, out, sweepId, pw, notes);
    } finally {
      spark.stop();
    }
  }

  /** Analyses, writes and prints; returns the analysis. */
  public static SweepAnalysis analyze(SparkSession spark, String out, String sweepId, PrintWriter pw) throws IOException {
    return analyze(spark, out, sweepId, pw, List.of());
  }

  /**
   * Analyses, writes and prints; report.html shows {@code notes} first, prominently (a partial
   * sweep's "partial sweep: C of P planned trials committed, …"); returns the analysis.
   */
  public static SweepAnalysis analyze(SparkSession spark, String out, String sweepId, PrintWriter pw, List<String> notes) throws IOException {
    SweepAnalysis a = SweepAnalysis.of(spark, out, sweepId, hyperparameterColumns());
    Path dir = AnalysisOutput.write(spark, out, a, notes);
    print(a, pw);
    Schedules.print(out, a, pw); // pbt: the members' schedules, ranked
    pw.printf("%nwritten to %s (ranking.parquet, ranking.csv, trial_labels.parquet, importance.csv, seed_sources.csv, budget.csv, report.html)%n", dir);
    pw.flush();
    return a;
  }

  /**
   * One line when every trial of the sweep FAILED, with each distinct cause and how many trials
   * it stopped ({@code 4 trials, all FAILED: Cannot train on gpu:0: … (4)}); empty otherwise.
   */
  public static java.util.Optional<String> allFailed(SweepAnalysis a) {
    if (a.verdicts().isEmpty() || !a.verdicts().stream().allMatch(v -> v.trial().status() == io.gansweep.trial.TrialStatus.FAILED)) {
      return java.util.Optional.empty();
    }
    java.util.Map<String, Long> causes = a.verdicts().stream().collect(java.util.stream.Collectors.groupingBy(
        v -> v.trial().error() == null ? "no cause recorded" : TextTable.abbreviate(v.trial().error().lines().findFirst().orElse(""), 160),
        java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    return java.util.Optional.of(String.format(java.util.Locale.ROOT, "%d trials, all FAILED: %s", a.verdicts().size(), causes.entrySet().stream()
        .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(java.util.stream.Collectors.joining("; "))));
  }

  static void print(SweepAnalysis a, PrintWriter pw) {
    java.util.Optional<String> failed = allFailed(a);
    if (failed.isPresent()) { // nothing trained: no ranking, no quality to compare
      pw.printf("%n%s%n", failed.get());
      return;
    }
    pw.printf("%nstability ranking of %s: %d configurations x seeds, best %d (score = Wilson lower bound of the stable share)%n",
        a.sweepId(), a.ranking().size(), Math.min(SHOWN, a.ranking().size()));
    if (!a.screened().isEmpty()) {
      pw.printf("dropped before training by the G-only screen (not ranked): %d generator setups%n", a.screened().size());
      a.screened().forEach(l -> pw.printf("  %s%n", l));
    }
    List<String> header = new ArrayList<>(List.of("rank"));
    header.addAll(a.axes());
    header.addAll(List.of("seeds", "stable", "score", "median", "worst", "label", "why"));
    List<List<String>> rows = new ArrayList<>();
    for (ConfigSummary c : a.ranking().subList(0, Math.min(SHOWN, a.ranking().size()))) {
      List<String> row = new ArrayList<>(List.of(c.rankGroup().toString())); // "1–2": not separable over seeds
      a.axes().forEach(axis -> row.add(ConfigSummary.text(c.params().get(axis))));
      row.addAll(List.of(Integer.toString(c.seeds()), Integer.toString(c.stableSeeds()), ConfigSummary.format(c.score()),
          ConfigSummary.format(c.medianQuality()), ConfigSummary.format(c.worstQuality()), c.label(), TextTable.abbreviate(c.why(), 70)));
      rows.add(row);
    }
    TextTable.print(pw, header, rows);
    if (a.ranking().stream().limit(SHOWN).anyMatch(c -> c.rankGroup().first() < c.rankGroup().last())) {
      pw.printf("rank 1\u20132: a rank group, configurations whose seeds do not separate (Mann\u2013Whitney over seeds, two-sided"
        + " p > %s against the group's first; docs/concepts/ranking.md)%n", Numbers.format(StabilityThresholds.RANK_GROUP_ALPHA));
    }
    if (!a.importance().isEmpty()) {
      pw.printf("what matters most (share of quality variance explained): %s%n", a.importance().stream()
          .map(f -> f.parameter() + " " + Numbers.format(f.etaSquared(), 2)).toList());
    }
    if (!a.seedSources().isEmpty()) {
      pw.printf("which random stream the seed-to-seed spread comes from (η² of the verdict and of log quality on each stream's seeds):%n");
      Map<String, Integer> ranks = new java.util.HashMap<>();
      a.ranking().forEach(c -> ranks.put(c.configId(), c.rank()));
      for (SeedSources s : a.seedSources()) {
        pw.printf("  #%d %s, %d trials: %s%n    %s%n", ranks.get(s.configId()), s.configId(), s.trials(), s.summary(), String.join("; ",
            s.sources().stream().map(src -> src.levels() == 1 ? src.name() + " held"
                : String.format(java.util.Locale.ROOT, "%s %d seeds: verdict %.2f, quality %.2f", src.name(), src.levels(), src.verdictShare(),
                    src.qualityShare())).toList()));
      }
    }
  }

}
