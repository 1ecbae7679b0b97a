package io.gansweep.cli;

import io.gansweep.trial.Hyperparameter;
import io.gansweep.data.Datasets;
import ai.djl.ndarray.NDManager;
import io.gansweep.data.ImageDatasets;
import io.gansweep.data.ImageSet;
import io.gansweep.data.DataFiles;
import io.gansweep.dispatch.SparkSweep;
import io.gansweep.dispatch.SweepLease;
import io.gansweep.dispatch.SweepTiming;
import io.gansweep.dispatch.TrialExecutor;
import io.gansweep.io.LeaseFence;
import io.gansweep.io.OutputLayout;
import io.gansweep.metrics.FeatureFile;
import io.gansweep.metrics.FeatureNet;
import io.gansweep.metrics.TorchScriptFeatures;
import io.gansweep.report.SweepReport;
import io.gansweep.search.SweepPlan;
import io.gansweep.train.TrialRunner;
import io.gansweep.trial.TrialConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import io.gansweep.model.TorchScriptModel;
import io.gansweep.spec.SweepSpec;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gansweep run SPEC --out DIR}: the whole sweep on Spark. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run every trial of a sweep spec on Spark, then rank its configurations.",
      "Each trial is a Spark task (embedded local Spark unless --master) that commits",
      "its rows as it finishes. Re-running into the same --out skips every committed",
      "trial (resume). A sweep that completes has its per-trial files compacted",
      "('gansweep compact'). Exit status: 0 when every trial reached a final state",
      "(COMPLETED, DIVERGED or FAILED), 1 when the sweep could not finish, another",
      "live run holds the sweep's lease (OUT/sweeps/<id>/lease; stale after 60 s",
      "without heartbeat), or another run took the lease over while this one ran",
      "(this one then commits nothing more), 2 for invalid input."
    })
final class RunCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "SPEC", description = "the sweep spec (YAML)")
  Path spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory or Hadoop URI (file:, hdfs:, s3a:)")
  String out;

  @Option(names = "--master", paramLabel = "URL", defaultValue = "${sys:spark.master:-" + SparkSweep.LOCAL + "}",
      description = "Spark master (default: the spark.master spark-submit set, else ${DEFAULT-VALUE})")
  String master;

  @Option(names = "--name", paramLabel = "NAME", description = "sweep name instead of the spec's (e.g. a dated nightly name)")
  String name;

  @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "extra Spark setting, repeatable")
  List<String> conf = List.of();

  @Option(names = "--timings", paramLabel = "FILE", description = "also write where the sweep's time went as JSON to FILE")
  Path timings;

  @Option(names = "--report-every", paramLabel = "N", description = "while the sweep runs, rewrite its report.html, marked partial,"
      + " after every N newly committed trials and every rung (default: a tenth of the planned trials, at least 1; 0: not while it runs)")
  Integer reportEvery;

  @Option(names = "--no-compact", negatable = false, description = "keep one Parquet file per trial when the sweep completes (default: compact them, as 'gansweep compact')")
  boolean noCompact;

  @Spec CommandSpec command;

  /**
   * Reads every image dataset of the trials and pins its feature network under {@code out}
   * ({@link FeatureNet#pinUnder}, {@code OUT/feature-nets/}) before Spark starts, so a missing or
   * malformed file is an input error (exit 2, nothing written) rather than a sweep of FAILED
   * trials, and every executor loads the same weights from the output directory.
   */
  /**
   * Every dataset the sweep can train: its planned trials' and every value its spec allows (a tpe
   * sweep asks configurations beyond its plan).
   */
  static Set<String> datasets(SweepPlan plan) {
    Set<String> datasets = new TreeSet<>();
    plan.trials().forEach(t -> datasets.add(t.get(Hyperparameter.DATASET)));
    plan.spec().parameters().stream().filter(p -> p.param() == io.gansweep.trial.Hyperparameter.DATASET).forEach(p -> {
      if (p.domain() instanceof io.gansweep.spec.Domain.Categorical c) {
        c.values().forEach(v -> datasets.add((String) v));
      }
    });
    return datasets;
  }

  /**
   * Pins the spec's files under the output folder, where every executor reads them: its model files
   * under {@code OUT/models} and a points dataset's file under {@code OUT/data} (checked by the spec
   * parser, named by checksum); a sweep resumed into the same output keeps them.
   */
  static void pinFiles(SweepSpec spec, String out, PrintWriter stdout) throws java.io.IOException {
    for (Map.Entry<String, String> f : spec.modelFiles().entrySet()) {
      boolean wrote = TorchScriptModel.pin(f.getKey(), out);
      stdout.printf(Locale.ROOT, "model file %s: %s (%s)%n", f.getValue(), f.getKey().substring(0, 7 + 16),
          wrote ? "pinned under " + OutputLayout.MODELS + "/" : "pinned already");
    }
    for (String value : featureFiles(spec)) {
      FeatureFile f = FeatureFile.of(value);
      boolean wrote = TorchScriptFeatures.pin(f, out);
      stdout.printf(Locale.ROOT, "feature network file: %s (%s)%n", f.checksum().substring(0, 7 + 16),
          wrote ? "pinned under " + OutputLayout.FEATURE_NETS + "/" : "pinned already");
    }
    for (Map.Entry<String, String> f : spec.dataFiles().entrySet()) {
      boolean wrote = DataFiles.pin(f.getKey(), out);
      stdout.printf(Locale.ROOT, "data file %s: %s (%s)%n", f.getValue().replaceAll("(?<=.)/+$", ""), f.getKey().substring(0, 7 + 16),
          wrote ? "pinned under " + OutputLayout.DATA + "/" : "pinned already");
    }
    stdout.flush();
  }

  /** The spec's feature_file values other than none (its feature_net section, checked by the parser). */
  static Set<String> featureFiles(SweepSpec spec) {
    Set<String> values = new TreeSet<>();
    spec.parameters().stream().filter(p -> p.param() == Hyperparameter.FEATURE_FILE).forEach(p -> {
      if (p.domain() instanceof io.gansweep.spec.Domain.Fixed f) {
        values.add((String) f.value());
      }
    });
    return values;
  }

  static boolean prepareImages(Set<String> datasets, String out, PrintWriter stdout, PrintWriter err) {
    for (String d : datasets) {
      if (!Datasets.isImages(d)) {
        continue;
      }
      long t0 = System.nanoTime();
      ImageSet images;
      try {
        images = ImageDatasets.load(d);
      } catch (RuntimeException e) { // a missing or malformed file: the spec names bad input
        err.printf("Cannot use dataset %s: %s%n", d, e.getMessage());
        err.flush();
        return false;
      }
      // Training or loading the feature network is run-time work: its failures exit 1 (Gansweep).
      // Label-free data has no classifier to pin: its features come from the spec's feature_net or the random convnet.
      if (!FeatureNet.labelled(images)) {
        stdout.printf(Locale.ROOT, "images %s: %d of %dx%d, no labels; no classifier (class columns empty)%n", d, images.count(),
            images.rows(), images.cols());
        stdout.flush();
        continue;
      }
      try (NDManager manager = NDManager.newBaseManager(TrialRunner.ENGINE)) {
        FeatureNet net = FeatureNet.pinUnder(images, manager, OutputLayout.featureNets(out).toString());
        stdout.printf(Locale.ROOT, "images %s: %d of %dx%d, %d classes; feature network %s (%.1f s)%n", d, images.count(),
            images.rows(), images.cols(), images.classes(), net.checksum().substring(0, 16), (System.nanoTime() - t0) / 1e9);
        stdout.flush();
      }
    }
    return true;
  }

  /** Prints why {@code --out} cannot be an output directory and returns false, or returns true. */
  static boolean checkOut(String out, PrintWriter err) {
    if (OutputDir.refusedGlob("use --out", out, err)) {
      return false;
    }
    Optional<String> why = OutputDir.unwritable(out);
    why.ifPresent(w -> {
      err.printf("Cannot use --out: not a directory (got %s: %s; allowed a directory, or a path that does not exist yet)%n", out, w);
      err.flush();
    });
    return why.isEmpty();
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    Map<String, String> extra = new LinkedHashMap<>();
    for (String kv : conf) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        err.printf("Cannot use --conf: not KEY=VALUE (got %s; allowed e.g. spark.executor.memory=4g)%n", kv);
        err.flush();
        return Gansweep.EXIT_INVALID;
      }
      extra.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    SparkSweep.useHadoopSettings(extra); // before the first look at --out: its file system is cached with the settings it first saw
    Optional<SweepPlan> loaded = SpecLoader.load(spec, name, err);
    if (loaded.isEmpty()) {
      return Gansweep.EXIT_INVALID;
    }
    if (!checkOut(out, err)) {
      return Gansweep.EXIT_INVALID;
    }
    if (timings != null && (Files.isDirectory(timings) || (timings.toAbsolutePath().getParent() != null
        && !Files.isDirectory(timings.toAbsolutePath().getParent())))) {
      err.printf("Cannot use --timings: not a file in an existing directory (got %s; allowed a file path whose folder exists)%n", timings);
      err.flush();
      return Gansweep.EXIT_INVALID;
    }
    if (reportEvery != null && reportEvery < 0) {
      err.printf("Cannot use --report-every: a negative count (got %d; allowed 0, no report while the sweep runs, or a number of trials)%n",
          reportEvery);
      err.flush();
      return Gansweep.EXIT_INVALID;
    }
    Optional<String> badSpark = SparkSettings.badMaster(master).or(() -> SparkSettings.badConf(extra));
    if (badSpark.isPresent()) {
      err.println(badSpark.get());
      err.flush();
      return Gansweep.EXIT_INVALID;
    }
    SweepPlan plan = loaded.get();
    if (!prepareImages(datasets(plan), out, stdout, err)) {
      return Gansweep.EXIT_INVALID;
    }
    try {
      pinFiles(plan.spec(), out, stdout);
    } catch (java.io.IOException e) { // the output cannot take the files: a run-time failure
      throw new java.io.UncheckedIOException("Cannot pin the spec's files under " + out + ": " + e.getMessage(), e);
    }
    SparkSweep.Options options = new SparkSweep.Options(out, master, extra, new TrialExecutor.Training(), !noCompact)
        .reportingEvery(reportEvery != null ? reportEvery : Math.max(1, (plan.trials().size() + 9) / 10));
    SparkSweep.Outcome o;
    List<org.apache.hadoop.fs.Path> created = OutputDir.absentRunFolders(out, plan.sweepId());
    try {
      o = SparkSweep.run(plan, options, stdout);
    } catch (SparkSweep.StartException e) {
      // Nothing ran: leave no trace of the run (the sweep's folder held only its lease).
      LogManager.getLogger(RunCommand.class).error(e.getMessage(), e);
      if (created.contains(io.gansweep.io.OutputLayout.sweepDir(out, plan.sweepId()))) {
        try {
          SweepLease.forgetReleased(out, plan.sweepId()); // the run made the sweep's folder: no earlier lease to count from
        } catch (java.io.IOException ignored) {
          // best effort, as removeEmpty: what is left names itself
        }
      }
      OutputDir.removeEmpty(created);
      err.printf("Cannot start Spark: %s (got master %s%s; allowed a master and --conf settings Spark starts with; nothing was"
          + " written%s)%n", Gansweep.reason(e), e.master(), extra.isEmpty() ? "" : " and --conf " + extra.keySet(), Gansweep.details());
      err.flush();
      return Gansweep.EXIT_FAILED;
    } catch (SweepLease.HeldException e) {
      // Valid input, refused by the state of the output at run time: exit 1, nothing started; retry later.
      err.println(e.getMessage());
      err.flush();
      return Gansweep.EXIT_FAILED;
    } catch (LeaseFence.FencedException e) {
      // Another run took the sweep over (this one was paused or slow past the lease's timeout): it
      // goes on; this one committed nothing since, and stops with the refusal.
      LogManager.getLogger(RunCommand.class).error(e.getMessage(), e);
      err.println(e.getMessage());
      err.flush();
      return Gansweep.EXIT_FAILED;
    } catch (Exception e) { // SparkException is checked but thrown undeclared from Scala
      LogManager.getLogger(RunCommand.class).error("Cannot finish sweep " + plan.sweepId(), e);
      err.printf("Cannot finish sweep: Spark stopped it: %s (got %s; allowed a job whose tasks commit their trials; committed trials"
          + " are kept: run the same command again to resume%s)%n", Gansweep.reason(e), e.getClass().getName(), Gansweep.details());
      err.flush();
      return Gansweep.EXIT_FAILED;
    }
    stdout.printf("%nran %d, skipped %d%s%n", o.ran(), o.skipped(), o.dropped() > 0 ? ", dropped by the screen " + o.dropped() : "");
    SweepTiming t = o.timing();
    if (t.trials() > 0) {
      stdout.printf(Locale.ROOT, "time: job %.1f s on %d slots; training %.1f s of %.1f s task time; efficiency %.3f; %.2f s per trial outside training%n",
          t.jobSeconds(), t.slots(), t.trainSeconds(), t.taskSeconds(), t.efficiency(), t.fixedSecondsPerTrial());
    }
    if (timings != null) {
      Files.writeString(timings, t.json() + "\n", StandardCharsets.UTF_8);
    }
    boolean allFailed = false;
    if (o.planned() == 0) {
      stdout.printf("the screen dropped every configuration: nothing trained, nothing to rank%n");
    } else if (o.planned() > o.missing().size()) {
      allFailed = SweepReport.allFailed(SweepReport.analyze(out, plan.sweepId(), stdout)).isPresent();
    }
    stdout.flush();
    if (allFailed && o.complete()) {
      boolean exhausted = new io.gansweep.io.TrialStore(out).failedForGood(plan.sweepId()).size() >= o.planned();
      String next = exhausted ? String.format(java.util.Locale.ROOT, "every trial has used its %d attempts: fix the cause and run into a new"
              + " directory", io.gansweep.io.TrialStore.MAX_ATTEMPTS)
          : String.format(java.util.Locale.ROOT, "fix the cause and run the same command again: it retrains FAILED trials, %d"
              + " attempts each at most", io.gansweep.io.TrialStore.MAX_ATTEMPTS);
      err.printf("Cannot finish sweep: every trial FAILED (got %d of %d FAILED; allowed a sweep where some trial trains). %s.%n",
          o.planned(), o.planned(), next);
      err.flush();
      return Gansweep.EXIT_FAILED;
    }
    if (!o.complete()) {
      err.printf("Cannot finish sweep: %d of %d trials have no committed row (got %s; allowed none missing). Run again to resume.%n",
          o.missing().size(), o.planned(), o.missing().subList(0, Math.min(5, o.missing().size())));
      err.flush();
      return Gansweep.EXIT_FAILED;
    }
    return 0;
  }
}
