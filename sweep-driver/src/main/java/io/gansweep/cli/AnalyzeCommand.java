package io.gansweep.cli;

import io.gansweep.report.SweepReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gansweep analyze DIR [--sweep ID]}: rank a sweep's configurations by stability. */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description = {
      "Label a sweep's trials and rank its configurations across seeds.",
      "Labels: stable, diverged, d_collapse, mode_collapse, unconverged, oscillating,",
      "failed. Writes DIR/analysis/sweep_id=<id>/ (ranking.parquet, ranking.csv,",
      "trial_labels.parquet, importance.csv, seed_sources.csv, budget.csv,",
      "report.html). Exit status: 0; 1 failed at run time; 2 DIR missing or without",
      "a sweep."
    })
final class AnalyzeCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "DIR", description = "a sweep output directory (or Hadoop URI)")
  String out;

  @Option(names = "--sweep", paramLabel = "ID", description = "sweep id; required when DIR holds several sweeps")
  String sweep;

  @Spec CommandSpec command;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    // Every input error is found here, on the file system, before Spark starts.
    String id = OutputDir.chooseSweep(out, sweep, "analyze", err);
    if (id == null) {
      return Gansweep.EXIT_INVALID;
    }
    PlannedTrials.partialNote(out, id).ifPresent(note -> {
      stdout.println(note);
      stdout.flush();
    });
    SparkSession spark = SweepReport.readerSession("gansweep analyze");
    try {
      SweepReport.analyze(spark, out, id, stdout);
      return 0;
    } finally {
      spark.stop();
    }
  }
}
