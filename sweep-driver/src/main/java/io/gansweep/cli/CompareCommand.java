package io.gansweep.cli;

import io.gansweep.analysis.ConfigSummary;
import io.gansweep.analysis.FeatureNets;
import io.gansweep.analysis.SweepAnalysis;
import io.gansweep.analysis.SweepComparison;
import io.gansweep.io.OutputLayout;
import io.gansweep.analysis.AnalysisOutput;
import io.gansweep.io.Publisher;
import io.gansweep.report.ComparisonSummary;
import io.gansweep.report.ComparisonSummary.Status;
import io.gansweep.report.Notifier;
import io.gansweep.report.SweepReport;
import io.gansweep.report.TextTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
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
      "inside --dir.",
      "Exit status: 0 compared (or no earlier sweep, with --allow-missing-before);",
      "1 something regressed, with --fail-on-regression, or a failure at run time",
      "(a --notify post that failed included); 2 invalid input; 3 nothing",
      "comparable: the sweeps share no configuration, e.g. after a spec edit (0 with",
      "--allow-disjoint)."
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

  @Option(names = "--allow-disjoint", description = "compare sweeps that share no configuration (exit 0) instead of refusing them (exit 3)")
  boolean allowDisjoint;

  @Option(names = "--allow-missing-before", description = {"when no sweep in --dir matches A (a nightly's first",
      "night), say so and exit 0 instead of 2"})
  boolean allowMissingBefore;

  @Option(names = "--summary", description = "write summary.md (the outcome in Markdown) beside B's report.html")
  boolean summary;

  @Option(names = "--notify", paramLabel = "URL", description = {"POST the outcome as JSON to URL (http or https),",
      "whatever it is; a failed post exits 1"})
  String notify;

  @Spec CommandSpec command;

  /** A sweep located in an output directory. */
  record Located(String out, String sweepId) {}

  /** What {@link #locate} found: a sweep, or why not; {@code missing} when no sweep in --dir matched at all. */
  private record Found(Located sweep, String error, boolean missing) {}

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    if (notify != null && Notifier.invalid(notify).isPresent()) {
      return fail(err, Notifier.invalid(notify).get());
    }
    // Both sweeps are located on the file system before Spark starts.
    Found fa = locate(before);
    Found fb = locate(after);
    Located b = fb.sweep();
    String afterName = b == null ? after : b.sweepId();
    String report = b == null ? null : new Path(AnalysisOutput.dir(b.out(), b.sweepId()), "report.html").toString();
    boolean noEarlierSweep = fa.sweep() == null && fa.missing() && allowMissingBefore;
    if (fa.sweep() == null && !noEarlierSweep) { // A's problem first, as the arguments come
      return finish(err, b, new ComparisonSummary(Status.INVALID_INPUT, Gansweep.EXIT_INVALID, before, afterName, fa.error(), null, report));
    }
    if (b == null) {
      return finish(err, null, new ComparisonSummary(Status.INVALID_INPUT, Gansweep.EXIT_INVALID, before, after, fb.error(), null, null));
    }
    if (noEarlierSweep) {
      stdout.printf("no earlier sweep: nothing in %s matches %s (first night?); nothing compared%n", dir, before);
      stdout.flush();
      return finish(err, b, new ComparisonSummary(Status.NO_EARLIER_SWEEP, 0, before, b.sweepId(),
          "no earlier sweep: nothing in " + dir + " matches " + before + "; nothing compared", null, report));
    }
    Located a = fa.sweep();
    SparkSession spark = SweepReport.readerSession("gansweep compare");
    ComparisonSummary outcome;
    try {
      Set<String> netsA = FeatureNets.of(spark, a.out(), a.sweepId());
      Set<String> netsB = FeatureNets.of(spark, b.out(), b.sweepId());
      if (!FeatureNets.comparable(netsA, netsB)) {
        return finish(err, b, new ComparisonSummary(Status.INVALID_INPUT, Gansweep.EXIT_INVALID, a.sweepId(), b.sweepId(),
            String.format(Locale.ROOT, "Cannot compare %s and %s: their Fréchet distances come from different feature networks (got %s"
                + " in A, %s in B; allowed two sweeps scored by one network: the same feature_net, or the built-in classifier of the"
                + " same data)", a.sweepId(), b.sweepId(), String.join(", ", netsA), String.join(", ", netsB)), null, report));
      }
      SweepAnalysis sa = SweepAnalysis.of(spark, a.out(), a.sweepId(), SweepReport.hyperparameterColumns());
      SweepAnalysis sb = SweepAnalysis.of(spark, b.out(), b.sweepId(), SweepReport.hyperparameterColumns());
      SweepComparison.Result r = SweepComparison.compare(sa, sb);
      if (r.changes().isEmpty()) {
        // Nothing to compare: all counts would be 0, and --fail-on-regression would pass silently.
        String why = String.format(Locale.ROOT, "Cannot compare %s and %s: no configuration in common (got %d configurations only in A,"
            + " %d only in B, 0 in both; allowed sweeps that share a config_id, e.g. two runs of one spec, or --allow-disjoint)",
            a.sweepId(), b.sweepId(), r.onlyBefore(), r.onlyAfter());
        if (allowDisjoint) {
          print(stdout, sa, sb, r);
        }
        outcome = new ComparisonSummary(Status.NOTHING_COMPARABLE, allowDisjoint ? 0 : Gansweep.EXIT_NOTHING_COMPARABLE, a.sweepId(),
            b.sweepId(), why, r, report);
      } else {
        print(stdout, sa, sb, r);
        Status status = r.regressed() ? Status.REGRESSED : Status.OK;
        outcome = new ComparisonSummary(status, failOnRegression && r.regressed() ? Gansweep.EXIT_FAILED : 0, a.sweepId(), b.sweepId(),
            String.format(Locale.ROOT, "%d configurations in both: %d new failures, %d regressed, %d fixed, %d improved, %d unchanged",
                r.changes().size(), r.count(SweepComparison.Change.NEW_FAILURE), r.count(SweepComparison.Change.REGRESSED),
                r.count(SweepComparison.Change.FIXED), r.count(SweepComparison.Change.IMPROVED), r.count(SweepComparison.Change.UNCHANGED)),
            r, report);
      }
    } catch (RuntimeException e) {
      if (notify != null || summary) { // a failure must reach the notification too, then fails as any run-time failure
        tell(err, b, new ComparisonSummary(Status.FAILED, Gansweep.EXIT_FAILED, a.sweepId(), b.sweepId(),
            "Cannot compare: failed at run time (got " + e + ")", null, report));
      }
      throw e;
    } finally {
      spark.stop();
    }
    if (outcome.status() == Status.NOTHING_COMPARABLE && !allowDisjoint) {
      err.println(outcome.message());
      err.flush();
    }
    return finish(err, b, outcome);
  }

  /** Writes summary.md beside B's report and posts the notification, as asked; returns the exit status. */
  private int finish(PrintWriter err, Located b, ComparisonSummary outcome) {
    if (outcome.status() == Status.INVALID_INPUT) {
      err.println(outcome.message());
      err.flush();
    }
    boolean told = tell(err, b, outcome);
    return told || outcome.exitCode() != 0 ? outcome.exitCode() : Gansweep.EXIT_FAILED;
  }

  /** Writes and posts; false (with one line on stderr each) when either failed. */
  private boolean tell(PrintWriter err, Located b, ComparisonSummary outcome) {
    boolean ok = true;
    if (summary && b != null) {
      Path target = new Path(AnalysisOutput.dir(b.out(), b.sweepId()), "summary.md");
      try {
        new Publisher().publish(target, Publisher.IfPresent.REPLACE, outcome.markdown().getBytes(StandardCharsets.UTF_8));
      } catch (IOException | RuntimeException e) {
        err.printf("Cannot write %s: %s (got %s; allowed a writable output directory)%n", target, e.getMessage(), e.getClass().getSimpleName());
        ok = false;
      }
    }
    if (notify != null) {
      try {
        Notifier.post(notify, outcome.json());
      } catch (IOException e) {
        err.println(e.getMessage());
        ok = false;
      }
    }
    err.flush();
    return ok;
  }

  private static int fail(PrintWriter err, String line) {
    err.println(line);
    err.flush();
    return Gansweep.EXIT_INVALID;
  }

  private Found locate(String arg) throws IOException {
    for (String path : dir == null ? List.of(arg) : List.of(arg, dir)) {
      StringWriter why = new StringWriter();
      if (OutputDir.refusedGlob("compare " + path, path, new PrintWriter(why))) {
        return new Found(null, why.toString().strip(), false);
      }
    }
    if (OutputDir.isDirectory(arg) && OutputDir.isDirectory(OutputLayout.table(arg, OutputLayout.TRIALS).toString())) {
      List<String> ids = OutputDir.sweepIds(arg);
      if (ids.size() == 1) {
        return new Found(new Located(arg, ids.get(0)), null, false);
      }
      return new Found(null, String.format("Cannot choose a sweep: %s holds %d (got %s; allowed a directory with one sweep, or --dir %s"
          + " with one of %s)", arg, ids.size(), arg, arg, ids), false);
    }
    if (dir == null) {
      return new Found(null, String.format("Cannot find sweep: not an output directory (got %s; allowed a directory written by"
          + " 'gansweep run', or a sweep id with --dir)", arg), false);
    }
    List<String> ids = OutputDir.isDirectory(dir) ? OutputDir.sweepIds(dir) : List.of();
    List<String> matches = ids.stream().filter(id -> id.equals(arg) || id.startsWith(arg)).toList();
    if (matches.size() != 1) {
      return new Found(null, String.format("Cannot find sweep: %d sweeps in %s match (got %s; allowed one of %s)", matches.size(), dir,
          arg, ids), matches.isEmpty());
    }
    return new Found(new Located(dir, matches.get(0)), null, false);
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
