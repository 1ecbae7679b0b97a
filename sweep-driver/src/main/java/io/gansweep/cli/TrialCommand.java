package io.gansweep.cli;

import io.gansweep.trial.Hyperparameter;
import io.gansweep.data.Datasets;
import io.gansweep.data.ImageDatasets;
import io.gansweep.dispatch.SweepLease;
import io.gansweep.dispatch.SparkSweep;
import io.gansweep.io.LeaseFence;
import io.gansweep.io.OutputLayout;
import io.gansweep.io.TrialStore;
import io.gansweep.metrics.Quality;
import io.gansweep.search.SweepPlan;
import io.gansweep.spec.Resources;
import io.gansweep.train.TrialRunner;
import io.gansweep.trial.Numbers;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.TrialResult;
import io.gansweep.trial.TrialStatus;
import io.gansweep.trial.TrialSummary;
import io.gansweep.trial.TrialTask;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gansweep trial SPEC --index N --out DIR}: runs one trial of a spec here, without Spark. */
@Command(
    name = "trial",
    mixinStandardHelpOptions = true,
    description = {
      "Run one trial of a sweep spec here, without Spark, and print its summary.",
      "Its rows go to the same trials/ and metrics/ layout a sweep writes. For",
      "debugging and benchmarks. Exit status: 0 when the trial completed or diverged,",
      "1 when it failed or the sweep's lease was held or taken by a run, 2 for invalid",
      "input."
    })
final class TrialCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "SPEC", description = "the sweep spec (YAML)")
  Path spec;

  @Option(names = "--index", required = true, paramLabel = "N", description = "plan index of the trial (see 'gansweep plan')")
  int index;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory or Hadoop URI")
  String out;

  @Spec CommandSpec command;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    Optional<SweepPlan> loaded = SpecLoader.load(spec, err);
    if (loaded.isEmpty()) {
      return Gansweep.EXIT_INVALID;
    }
    SweepPlan plan = loaded.get();
    if (index < 0 || index >= plan.trials().size()) {
      err.printf("Cannot run trial: index out of range (got %d; allowed 0 to %d)%n", index, plan.trials().size() - 1);
      err.flush();
      return Gansweep.EXIT_INVALID;
    }
    if (!RunCommand.checkOut(out, err)) {
      return Gansweep.EXIT_INVALID;
    }
    TrialConfig config = plan.trials().get(index);
    boolean images = Datasets.isImages(config.get(Hyperparameter.DATASET));
    if (!RunCommand.prepareImages(Set.of(config.get(Hyperparameter.DATASET)), out, stdout, err)) {
      return Gansweep.EXIT_INVALID; // a missing or malformed file is input, not a FAILED trial
    }
    try {
      RunCommand.pinFiles(plan.spec(), out, stdout);
    } catch (java.io.IOException e) { // the output cannot take the files: a run-time failure
      throw new java.io.UncheckedIOException("Cannot pin the spec's files under " + out + ": " + e.getMessage(), e);
    }
    Resources res = plan.spec().resources();
    String device = res.gpusPerTrial() > 0 ? "gpu:0" : "cpu";
    TrialStore store = new TrialStore(out);
    TrialResult result;
    // A writer like run and compact: it holds the sweep's lease, and finishes an interrupted
    // compaction before it writes (a commit into a partition that a compaction had moved away would
    // make the compaction's recovery find two partitions).
    try (SweepLease lease = SweepLease.acquire(out, plan.sweepId(), "train a trial of")) {
      if (lease.tookOverFrom() != null) {
        stdout.printf("lease: took over the stale lease of %s; this run holds generation %d%n", lease.tookOverFrom(), lease.generation());
      }
      SparkSweep.prepare(out, plan.sweepId(), lease.fence(), stdout); // as run does: recover, clean, quarantine, release FAILED rows
      int attempt = store.failedToRetry(plan.sweepId()).getOrDefault(config.trialId(), -1) + 1;
      result = TrialRunner.run(new TrialTask(plan.sweepId(), index, config, attempt, device, res.cpusPerTrial(), out));
      store.fencedBy(lease.fence()).commit(result); // refused when a run took the sweep over while this trial trained
    } catch (SweepLease.HeldException | LeaseFence.FencedException e) { // refused by the state of the output: exit 1
      err.println(e.getMessage());
      err.flush();
      return Gansweep.EXIT_FAILED;
    }
    TrialSummary s = result.summary();
    stdout.printf("trial %d of %s: %s%n", index, plan.sweepId(), config.trialId());
    stdout.printf("  %s seed=%d%n", plan.sweptAxes().stream()
        .map(h -> h.key() + "=" + Numbers.exact(config.get(h))).collect(Collectors.joining(" ")), config.seed());
    stdout.printf(Locale.ROOT, "  status      %s after %d of %d steps in %.1f s on %s%n",
        s.status(), s.stepsDone(), config.get(Hyperparameter.STEPS), s.wallSeconds(), device);
    if (s.error() != null) {
      stdout.printf("  cause       %s%n", s.error());
    }
    Quality q = s.finalQuality();
    if (q != null) {
      // The analysis's count (TrialRecord#modesK: known modes, or a file's data_classes); IDX files' from the loaded labels.
      io.gansweep.analysis.TrialRecord t = io.gansweep.analysis.TrialRecord.of(config, java.util.Map.of(), s.status(), s.error(), null, q);
      String k = t.modesK() != null ? t.modesK().toString() : images ? Integer.toString(ImageDatasets.load(config.get(Hyperparameter.DATASET)).classes()) : "?";
      String coverage = t.unlabelled() ? "unlabelled data, no classes to cover"
          : q.modesCovered() + "/" + k + " " + (images ? "classes" : "modes") + " covered";
      stdout.printf("  final       %s, %s %s, recall %s, rkl %s, %s %s, d_loss %s, g_loss %s%n",
          coverage, q.hq() == null ? "precision" : "hq",
          number(q.hq() == null ? q.precision() : q.hq()), number(q.recall()), number(q.rkl()), images ? "fd" : "distance",
          number(images ? q.fd() : q.distance()), number(s.finalDLoss()), number(s.finalGLoss()));
    }
    stdout.printf("  written to  %s and %s%n",
        store.partition(OutputLayout.TRIALS, plan.sweepId()), store.partition(OutputLayout.METRICS, plan.sweepId()));
    stdout.flush();
    return s.status() == TrialStatus.FAILED ? Gansweep.EXIT_FAILED : 0;
  }

  /** A metric to 4 significant digits, or n/a where it is undefined. */
  private static String number(Double v) {
    return v == null ? "n/a" : String.format(java.util.Locale.ROOT, "%.4g", v);
  }
}
