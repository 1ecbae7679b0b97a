package io.gansweep.cli;

import io.gansweep.dispatch.SweepLease;
import io.gansweep.io.Compaction;
import io.gansweep.io.HadoopConf;
import io.gansweep.io.LeaseFence;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gansweep compact DIR [--sweep ID]}: rewrite a sweep's per-trial files into a few. */
@Command(
    name = "compact",
    mixinStandardHelpOptions = true,
    description = {
      "Rewrite a sweep's per-trial Parquet files into a few per partition.",
      "The trials, metrics, samples, rungs and screen tables become a few",
      "part-<gen>-<n>.parquet files each, swapped in by two renames; the",
      "checkpoints of ended trials are deleted. 'gansweep run' does this when a",
      "sweep completes. Holds the sweep's lease, as a run does. Exit status: 0;",
      "1 when a run holds the lease or takes it over, or on failure at run time;",
      "2 DIR missing or without a sweep."
    })
final class CompactCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "DIR", description = "a sweep output directory (or Hadoop URI)")
  String out;

  @Option(names = "--sweep", paramLabel = "ID", description = "sweep id; required when DIR holds several sweeps")
  String sweep;

  @Option(names = "--target-mb", paramLabel = "MB", defaultValue = "128", description = "size of a compacted file (default ${DEFAULT-VALUE} MiB)")
  int targetMb;

  @Spec CommandSpec command;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    if (targetMb < 1 || targetMb > 4096) {
      err.printf("Cannot use --target-mb: out of range (got %d; allowed 1 to 4096)%n", targetMb);
      err.flush();
      return Gansweep.EXIT_INVALID;
    }
    String id = OutputDir.chooseSweep(out, sweep, "compact", err);
    if (id == null) {
      return Gansweep.EXIT_INVALID;
    }
    long t0 = System.nanoTime();
    Compaction.Result r;
    int recovered;
    try (SweepLease lease = SweepLease.acquire(out, id, "compact")) {
      Compaction compaction = new Compaction(out, HadoopConf.create(), (long) targetMb << 20).fencedBy(lease.fence());
      recovered = compaction.recover(id); // first, as every writer: a partition mid-swap is absent until then
      java.util.List<String> quarantined = new io.gansweep.io.TrialStore(out).fencedBy(lease.fence()).quarantineUnreadable(id);
      if (!quarantined.isEmpty()) { // unreadable files would fail the rewrite; their trials train again at the next run
        stdout.printf("quarantined %d unreadable files (their trials train again at the next run): %s%n", quarantined.size(),
            String.join(", ", quarantined));
      }
      r = compaction.compact(id);
    } catch (SweepLease.HeldException | LeaseFence.FencedException e) { // refused by the state of the output: exit 1
      err.println(e.getMessage());
      err.flush();
      return Gansweep.EXIT_FAILED;
    }
    if (recovered + r.recovered() > 0) {
      stdout.printf("finished %d partition swaps an interrupted compaction left%n", recovered + r.recovered());
    }
    r.tables().forEach(t -> stdout.println(t.line()));
    stdout.printf(Locale.ROOT, "compacted sweep %s in %.1f s; deleted %d checkpoints of ended trials%n", id,
        (System.nanoTime() - t0) / 1e9, r.checkpointsDeleted());
    stdout.flush();
    return 0;
  }
}
