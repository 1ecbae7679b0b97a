package io.gansweep.cli;

import io.gansweep.dispatch.SweepLease;
import io.gansweep.io.Compaction;
import io.gansweep.io.LeaseFence;
import io.gansweep.io.OutputLayout;
import io.gansweep.io.TrialStore;
import io.gansweep.report.SweepReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
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
      "report.html). Committed files that cannot be Parquet are moved aside first,",
      "as 'gansweep run' does, under the sweep's lease (one line names them; their",
      "trials are left out and train again at the next run). Exit status: 0; 1 failed",
      "at run time, or a run holds the lease while there are such files; 2 DIR",
      "missing or without a sweep."
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
    if (!new TrialStore(out).unreadable(id).isEmpty()) {
      // As run and compact do, under the sweep's lease: move them aside and say so in one line;
      // the note below then counts their trials as not committed.
      try (SweepLease lease = SweepLease.acquire(out, id, "analyze")) {
        new Compaction(out).fencedBy(lease.fence()).recover(id); // first, as every writer
        List<String> moved = new TrialStore(out).fencedBy(lease.fence()).quarantineUnreadable(id);
        stdout.printf("quarantined %d unreadable files to %s (their trials are left out and train again at the next run): %s%n",
            moved.size(), OutputLayout.partition(out, TrialStore.QUARANTINE, id), String.join(", ", moved));
        stdout.flush();
        if (new TrialStore(out).committedTrialIds(id).isEmpty()) { // nothing readable left: as a DIR without a sweep
          err.printf("Cannot analyze %s: no committed trial of sweep %s is readable (got %d unreadable files, now under %s;"
              + " allowed a sweep with a readable committed trial: run the sweep again to train its trials)%n", out, id, moved.size(),
              OutputLayout.partition(out, TrialStore.QUARANTINE, id));
          err.flush();
          return Gansweep.EXIT_INVALID;
        }
      } catch (SweepLease.HeldException | LeaseFence.FencedException e) { // refused by the state of the output: exit 1
        err.println(e.getMessage());
        err.flush();
        return Gansweep.EXIT_FAILED;
      }
    }
    java.util.Optional<String> partial = PlannedTrials.partialNote(out, id);
    partial.ifPresent(note -> {
      stdout.println(note);
      stdout.flush();
    });
    SweepReport.analyze(out, id, stdout, partial.stream().toList()); // small sweeps without Spark (most of the time was its start), large ones with it
    return 0;
  }
}
