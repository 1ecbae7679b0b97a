package io.gansweep.cli;

import io.gansweep.analysis.ConfigSummary;
import io.gansweep.analysis.SweepAnalysis;
import io.gansweep.analysis.SweepComparison;
import io.gansweep.io.OutputLayout;
import io.gansweep.report.SweepReport;
import io.gansweep.report.TextTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gansweep compare A B}: what changed between two sweeps (e.g. last night and tonight). */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Show what changed between two sweeps, configuration by configuration.",
      "Configurations are matched by config_id: new failures, fixes, and",
      "median-quality changes beyond seed noise. A and B are each an output directory",
      "holding one sweep, or a sweep id (or id prefix, e.g. a dated nightly name)",
      "inside --dir. Sweeps with no configuration in common are refused (exit 2)",
      "unless --allow-disjoint. Exit status: 0; 1 with --fail-on-regression when",
      "something regressed; 2 for invalid input."
    })
final class CompareCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "A", description = "the earlier sweep")
  String before;

  @Parameters(index = "1", paramLabel = "B", description = "the later sweep")
  String after;

  @Option(names = "--dir", paramLabel = "DIR", description = "output directory holding sweeps named by id")
  String dir;

  @Option(names = "--fail-on-regression", description = "exit 1 when a configuration regressed or newly fails")
  boolean failOnRegression;

  @Option(names = "--allow-disjoint", description = "compare sweeps that share no configuration (exit 0) instead of refusing them (exit 2)")
  boolean allowDisjoint;

  @Spec CommandSpec command;

  /** A sweep located in an output directory. */
  record Located(String out, String sweepId) {}

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    // Both sweeps are located on the file system before Spark starts.
    Located a = locate(before, err);
    Located b = locate(after, err);
    if (a == null || b == null) {
      return Gansweep.EXIT_INVALID;
    }
    SparkSession spark = SweepReport.readerSession("gansweep compare");
    try {
      SweepAnalysis sa = SweepAnalysis.of(spark, a.out(), a.sweepId(), SweepReport.hyperparameterColumns());
      SweepAnalysis sb = SweepAnalysis.of(spark, b.out(), b.sweepId(), SweepReport.hyperparameterColumns());
      SweepComparison.Result r = SweepComparison.compare(sa.ranking(), sb.ranking());
      if (r.changes().isEmpty() && !allowDisjoint) {
        // Nothing to compare: all counts would be 0, and --fail-on-regression would pass silently.
        err.printf("Cannot compare %s and %s: no configuration in common (got %d configurations only in A, %d only in B, 0 in both;"
            + " allowed sweeps that share a config_id, e.g. two runs of one spec, or --allow-disjoint)%n",
            a.sweepId(), b.sweepId(), r.onlyBefore(), r.onlyAfter());
        err.flush();
        return Gansweep.EXIT_INVALID;
      }
      print(stdout, sa, sb, r);
      return failOnRegression && r.regressed() ? Gansweep.EXIT_FAILED : 0;
    } finally {
      spark.stop();
    }
  }

  private Located locate(String arg, PrintWriter err) throws IOException {
    for (String path : dir == null ? List.of(arg) : List.of(arg, dir)) {
      if (OutputDir.refusedGlob("compare " + path, path, err)) {
        return null;
      }
    }
    if (OutputDir.isDirectory(arg) && OutputDir.isDirectory(OutputLayout.table(arg, OutputLayout.TRIALS).toString())) {
      List<String> ids = OutputDir.sweepIds(arg);
      if (ids.size() == 1) {
        return new Located(arg, ids.get(0));
      }
      err.printf("Cannot choose a sweep: %s holds %d (got %s; allowed a directory with one sweep, or --dir %s with one of %s)%n",
          arg, ids.size(), arg, arg, ids);
      err.flush();
      return null;
    }
    if (dir == null) {
      err.printf("Cannot find sweep: not an output directory (got %s; allowed a directory written by 'gansweep run', or a sweep id with --dir)%n", arg);
      err.flush();
      return null;
    }
    List<String> ids = OutputDir.sweepIds(dir);
    List<String> matches = ids.stream().filter(id -> id.equals(arg) || id.startsWith(arg)).toList();
    if (matches.size() != 1) {
      err.printf("Cannot find sweep: %d sweeps in %s match (got %s; allowed one of %s)%n", matches.size(), dir, arg, ids);
      err.flush();
      return null;
    }
    return new Located(dir, matches.get(0));
  }

  private static void print(PrintWriter out, SweepAnalysis a, SweepAnalysis b, SweepComparison.Result r) {
    out.printf("compare %s -> %s: %d configurations in both, %d only before, %d only after%n",
        a.sweepId(), b.sweepId(), r.changes().size(), r.onlyBefore(), r.onlyAfter());
    for (SweepComparison.Change c : SweepComparison.Change.values()) {
      out.printf("  %-12s %d%n", c.name().toLowerCase(Locale.ROOT), r.count(c));
    }
    List<List<String>> rows = new ArrayList<>();
    for (SweepComparison.ConfigChange c : r.changes()) {
      if (c.change() == SweepComparison.Change.UNCHANGED || rows.size() >= 15) {
        continue;
      }
      rows.add(List.of(c.change().name().toLowerCase(Locale.ROOT), c.configId(), ConfigSummary.paramsText(c.params()),
          c.before().label() + " -> " + c.after().label(), ConfigSummary.format(c.before().medianQuality()) + " -> " + ConfigSummary.format(c.after().medianQuality()),
          TextTable.abbreviate(c.after().why(), 60)));
    }
    if (!rows.isEmpty()) {
      out.println();
      TextTable.print(out, List.of("change", "config_id", "params", "label", "median distance", "now"), rows);
    }
    out.flush();
  }


}
