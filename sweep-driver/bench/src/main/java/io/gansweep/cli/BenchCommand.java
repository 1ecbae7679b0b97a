package io.gansweep.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.gansweep.bench.AnalyzeBench;
import io.gansweep.bench.ComputeFloor;
import io.gansweep.bench.EagerRounds;
import io.gansweep.bench.EarlyTerminationBench;
import io.gansweep.bench.SearchBench;
import io.gansweep.bench.LongTrial;
import io.gansweep.bench.PackingBench;
import io.gansweep.bench.ScaleBench;
import io.gansweep.bench.TorchScriptBench;
import io.gansweep.bench.TrainingBench;
import io.gansweep.report.SweepReport;
import io.gansweep.report.TextTable;
import io.gansweep.train.GanTrainer;
import io.gansweep.train.TrialRunner;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.Provenance;
import io.gansweep.trial.TrialConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gansweep bench}: measures gansweep against its limits and prints every figure side by
 * side from one run, as ratios where the issue sets a target (absolute times drift on shared
 * machines; ratios taken in one run do not). Sections: 1 compute floor, 2 framework overhead, 3
 * sweep efficiency, 4 scaling, 5 logging cost, 6 memory, and the later sections of {@link
 * #SECTIONS} (13: a TorchScript pair against the built-in twin and PyTorch eager). Sections 1, 2,
 * 5 and 13 train in this process (13 also in a child Python); 3 and 4 run real {@code gansweep
 * run} processes ({@link SweepBench}), 6 a child JVM.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark gansweep against this machine's limits.",
      "Writes every figure as CSV and JSON under --out: 1 compute floor, 2 framework",
      "overhead, 3 sweep efficiency, 4 local[1] vs local[2] scaling, 5 logging cost, 6",
      "memory over a long trial, 7 image GAN step and evaluation cost, 8 packing",
      "(resources.pack): rounds and a sweep, packed vs alone, 9 analyze at 1,000 and",
      "10,000 trials, 10 early termination (hyperband vs the full grid), 11 tpe vs",
      "random search, 12 scale (a 100,000-trial plan and its dispatch, the fixed cost",
      "per trial on a local standalone cluster, analyze at 1k/10k/100k trials, recipe",
      "packs), 13 TorchScript (the ring8 pair of examples/torchscript vs the built-in",
      "twin and vs PyTorch eager on the same files, one thread). Sections 1-9 take",
      "about 10 minutes on 2 cores, 10 and 11 about 6 minutes each, 12 about 5, 13",
      "about 2 (12 and 13 are not in the default list); 14 report.html at 1,000 and",
      "10,000 trials rendered in headless Chromium (about 2 minutes, not in the",
      "default list either); 15 image folders: a round on a PNG folder vs the same",
      "images in memory, and an executor's memory for 10,000 32x32 RGB images; 16",
      "samplers vs Optuna on a tabular ring8 benchmark (a venv with optuna; about 40",
      "minutes the first time). Neither 15 nor 16 is in the default list."
    })
final class BenchCommand implements Callable<Integer> {

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-results", description = "results folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "100", description = "timed rounds per measurement in sections 1, 2 and 5 (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "intra-op threads for the sections that train in this process or the long trial: 1, 2, 5-8 (default: the engine's choice)")
  int threads;

  @Option(names = "--sections", paramLabel = "LIST", split = ",", defaultValue = "1,2,3,4,5,6,7,8,9,10,11", description = "sections to run (default: ${DEFAULT-VALUE})")
  List<Integer> sections;

  @Option(names = "--analyze-trials", paramLabel = "LIST", split = ",", defaultValue = "1000,10000", description = "sweep sizes of section 9, increasing (default: ${DEFAULT-VALUE})")
  List<Integer> analyzeTrials;

  @Option(names = "--trial-seconds", paramLabel = "S", defaultValue = "60", description = "length of a trial in the sweep-efficiency sweep (default: ${DEFAULT-VALUE})")
  double trialSeconds;

  @Option(names = "--scaling-steps", paramLabel = "N", defaultValue = "2000", description = "rounds per trial of the scaling sweeps (default: ${DEFAULT-VALUE})")
  int scalingSteps;

  @Option(names = "--long-rounds", paramLabel = "N", defaultValue = "4000", description = "rounds of the long trial in section 6 (default: ${DEFAULT-VALUE})")
  int longRounds;

  @Option(names = "--torchscript-dir", paramLabel = "DIR", defaultValue = "examples/torchscript", description = "section 13: the folder with ring8_g.pt, ring8_d.pt and "
      + EagerRounds.SCRIPT + " (default: ${DEFAULT-VALUE})")
  Path torchscriptDir;

  @Option(names = "--python", paramLabel = "PYTHON", description = "section 13: a Python with torch that times PyTorch eager (default: $"
      + EagerRounds.ENV + "; neither, or 'none': the eager figures are not measured)")
  String python;

  @Spec CommandSpec command;

  static final int WARMUP = 20;

  /** Repetitions of section 13, after its untimed one. */
  static final int TORCHSCRIPT_REPS = 7;

  /** Section 13's goal for a TorchScript round, against the built-in twin and against PyTorch eager. */
  static final double TORCHSCRIPT_GOAL = 1.2;

  /** Trials stacked in section 8. */
  static final int PACKED = 8;

  /** Samples per evaluation in section 7 (as in examples/shapes-dcgan.yaml). */
  static final int IMAGE_EVAL_SAMPLES = 1000;

  /** Window of section 6: the first and the last this many rounds of the long trial. */
  static final int MEMORY_WINDOW = 1000;

  /** Heap of the long trial's JVM: fixed and pre-touched, so resident memory tracks native memory. */
  static final String LONG_TRIAL_HEAP = "512m";

  /** Section 9's fresh-process analyze of a quickstart-sized sweep (the fastest of 2 alternated runs per path). */
  static final String FRESH_ANALYZE = "analyze " + AnalyzeBench.QUICKSTART_TRIALS + " trials in a fresh process (best of 2)";

  /** The targets, by figure name. */
  /** Section 15's ratio. */
  static final String FOLDER_RATIO = "round on the folder / in memory";

  static final Map<String, Target> TARGETS = Map.ofEntries(
      Map.entry("nsgan round/floor", new Target(false, 1.6)),
      Map.entry("wgan+gp round/floor", new Target(false, 1.6)),
      Map.entry("efficiency (job)", new Target(true, 0.95)),
      Map.entry("local[2]/local[1] throughput", new Target(true, 1.8)),
      Map.entry("logging cost (every step / none)", new Target(false, 1.02)),
      Map.entry("analyze time ratio (last / previous size)", new Target(false, 12)),
      Map.entry(FRESH_ANALYZE + ", without Spark", new Target(false, 5)),
      Map.entry("RSS last/first", new Target(false, 1.05)),
      Map.entry("rounds hyperband / full grid", new Target(false, 1.0 / 3)),
      Map.entry("full grid's best configuration among them (1 yes, 0 no)", new Target(true, 1)),
      Map.entry(recipeThroughput("spectral norm"), new Target(true, 2)),
      Map.entry(recipeThroughput(PackingBench.DCGAN_SMALL), new Target(true, 2)),
      Map.entry(clusterFixedCost(), new Target(false, 50)),
      Map.entry("driver max heap it ran in, 100000 trials", new Target(false, 2048)),
      Map.entry(torchScriptRatio("none", TorchScriptBench.Impl.BUILT_IN), new Target(false, TORCHSCRIPT_GOAL)),
      Map.entry(torchScriptRatio("r1", TorchScriptBench.Impl.BUILT_IN), new Target(false, TORCHSCRIPT_GOAL)),
      Map.entry(torchScriptRatio("none", TorchScriptBench.Impl.EAGER), new Target(false, TORCHSCRIPT_GOAL)),
      Map.entry(torchScriptRatio("r1", TorchScriptBench.Impl.EAGER), new Target(false, TORCHSCRIPT_GOAL)),
      Map.entry(FOLDER_RATIO, new Target(false, io.gansweep.bench.FolderBench.GOAL)));

  /** Section 13's recipe names: nsgan, plain or with a penalty. */
  static String recipe(String penalty) {
    return penalty.equals("none") ? "nsgan" : "nsgan + " + penalty;
  }

  /** Section 13's ratio of a TorchScript round to {@code other}'s. */
  static String torchScriptRatio(String penalty, TorchScriptBench.Impl other) {
    return "round TorchScript / " + (other == TorchScriptBench.Impl.BUILT_IN ? "built-in" : "eager") + ", " + recipe(penalty);
  }

  /** Section 12's per-trial fixed cost on the cluster. */
  static String clusterFixedCost() {
    return "fixed cost per trial, median (standalone cluster, " + CLUSTER_TRIALS + " trials of " + CLUSTER_ROUNDS + " rounds)";
  }

  /** Section 8's figure for a recipe's packs. */
  static String recipeThroughput(String recipe) {
    return "round throughput, " + recipe + " (" + PACKED + " packed / " + PACKED + " alone)";
  }

  /** A target: the figure must be at least (or at most) {@code bound}. */
  record Target(boolean atLeast, double bound) {
    boolean met(double v) {
      return atLeast ? v >= bound : v <= bound;
    }

    @Override
    public String toString() {
      return (atLeast ? ">= " : "<= ") + String.format(Locale.ROOT, "%.2f", bound);
    }
  }

  /** One measured figure. */
  record Figure(int section, String name, double value, String unit) {
    Target target() {
      return TARGETS.get(name);
    }
  }

  /** The benchmark GAN: ring8 MLP, hidden 128, 4 layers, batch 512 (or {@code batch}). */
  static TrialConfig benchGan(String loss, String penalty, int batch, int steps, int logEvery) {
    return TrialConfig.of(Map.of(Hyperparameter.HIDDEN, 128, Hyperparameter.LAYERS, 4, Hyperparameter.BATCH_SIZE, batch,
        Hyperparameter.LOSS, loss, Hyperparameter.PENALTY, penalty, Hyperparameter.PENALTY_WEIGHT, 0.1,
        Hyperparameter.STEPS, steps, Hyperparameter.LOG_EVERY, logEvery, Hyperparameter.EVAL_EVERY, 10_000_000,
        Hyperparameter.EVAL_SAMPLES, 16), 0);
  }

  static TrialConfig benchGan(String loss, String penalty, int steps) {
    return benchGan(loss, penalty, 512, steps, 1_000_000);
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter stdout = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    Set<Integer> chosen = new TreeSet<>(sections);
    boolean sizesOk = !analyzeTrials.isEmpty() && analyzeTrials.get(0) >= 3;
    for (int i = 1; i < analyzeTrials.size(); i++) {
      sizesOk &= analyzeTrials.get(i) > analyzeTrials.get(i - 1);
    }
    if (rounds < 5 || !Set.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16).containsAll(chosen) || trialSeconds <= 0 || scalingSteps < 1
        || longRounds < 2 * MEMORY_WINDOW || !sizesOk) {
      err.printf("Cannot run bench: invalid option (got --rounds %d, --sections %s, --trial-seconds %s, --scaling-steps %d, --long-rounds %d,"
          + " --analyze-trials %s; allowed rounds >= 5, sections from 1-16, trial seconds > 0, scaling steps >= 1, long rounds >= %d,"
          + " increasing sizes from 3)%n",
          rounds, sections, trialSeconds, scalingSteps, longRounds, analyzeTrials, 2 * MEMORY_WINDOW);
      err.flush();
      return Gansweep.EXIT_INVALID;
    }
    String eagerPython = EagerRounds.python(python, System.getenv());
    if (chosen.contains(13)) {
      // Before anything is timed: the example files, and the Python, which must start with torch.
      String problem = torchScriptProblem(torchscriptDir, eagerPython);
      if (problem != null) {
        err.println(problem);
        err.flush();
        return Gansweep.EXIT_INVALID;
      }
    }
    if (threads > 0) {
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    }
    Files.createDirectories(out);
    List<Figure> figures = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager(TrialRunner.ENGINE)) {
      if (chosen.contains(1)) {
        for (String[] c : new String[][] {{"nsgan", "nsgan", "none"}, {"wgan+gp", "wgan", "gp"}}) {
          ComputeFloor.Result r = ComputeFloor.measure(c[0], benchGan(c[1], c[2], WARMUP + rounds), manager, WARMUP, rounds);
          figures.add(new Figure(1, c[0] + " MFLOP/round", r.flopsPerRound() / 1e6, "MFLOP"));
          figures.add(new Figure(1, c[0] + " matmul rate", r.matmulGflops(), "GFLOP/s"));
          figures.add(new Figure(1, c[0] + " floor", r.floorMs(), "ms"));
          figures.add(new Figure(1, c[0] + " round", r.roundMs(), "ms"));
          figures.add(new Figure(1, c[0] + " round/floor", r.ratio(), "ratio"));
        }
      }
      if (chosen.contains(2)) {
        for (int batch : new int[] {8, 512}) {
          TrialConfig c = benchGan("nsgan", "none", batch, WARMUP + rounds, 1_000_000);
          double round = TrainingBench.median(TrainingBench.roundMillis(c, manager), WARMUP, WARMUP + rounds);
          double optimizer = TrainingBench.optimizerMillis(c, manager, rounds);
          figures.add(new Figure(2, "batch " + batch + " round", round, "ms"));
          figures.add(new Figure(2, "batch " + batch + " optimizer", optimizer, "ms"));
          figures.add(new Figure(2, "batch " + batch + " optimizer share", optimizer / round, "share"));
        }
      }
      if (chosen.contains(7)) {
        // The image GAN of examples/shapes-dcgan.yaml: DCGAN on 28x28 shapes, base 32, batch 64.
        TrialConfig c = TrialConfig.of(Map.of(Hyperparameter.DATASET, "shapes", Hyperparameter.BATCH_SIZE, 64,
            Hyperparameter.LATENT_DIM, 32, Hyperparameter.HIDDEN, 32, Hyperparameter.INIT, "normal02",
            Hyperparameter.STEPS, WARMUP + rounds, Hyperparameter.LOG_EVERY, 20, Hyperparameter.EVAL_EVERY, 10_000_000,
            Hyperparameter.EVAL_SAMPLES, IMAGE_EVAL_SAMPLES), 0);
        long t0 = System.nanoTime();
        GanTrainer trainer = new GanTrainer(c, manager, DataType.FLOAT32, System::nanoTime, null);
        double setup = (System.nanoTime() - t0) / 1e9;
        double[] evals = new double[5];
        for (int i = 0; i < evals.length; i++) {
          long e0 = System.nanoTime();
          trainer.evaluate(0);
          evals[i] = (System.nanoTime() - e0) / 1e6;
        }
        double eval = TrainingBench.median(evals, 0, evals.length);
        double round = TrainingBench.median(TrainingBench.roundMillis(c, manager), WARMUP, WARMUP + rounds);
        // The example's trial: 400 rounds, evaluations at 0, 100, 200, 300, 400.
        double share = 5 * eval / (5 * eval + 400 * round);
        figures.add(new Figure(7, "DCGAN 28x28 round (batch 64)", round, "ms"));
        figures.add(new Figure(7, "evaluation (" + IMAGE_EVAL_SAMPLES + " samples: G, features, FD)", eval, "ms"));
        figures.add(new Figure(7, "trial setup (data, nets, pinned feature net, real features)", setup * 1e3, "ms"));
        figures.add(new Figure(7, "evaluation share of the example trial", share, "share"));
      }
      if (chosen.contains(8)) {
        // The real trainers on the quickstart's GAN shape: one trial alone, then PACKED trials
        // (different seeds and learning rates) in one pack, interleaved twice against drift.
        double alone = 0;
        double packed = 0;
        for (int i = 0; i < 2; i++) {
          alone += PackingBench.roundMillis(1, WARMUP, rounds, PackingBench.RECIPES.get(0)) / 2;
          packed += PackingBench.roundMillis(PACKED, WARMUP, rounds, PackingBench.RECIPES.get(0)) / 2;
        }
        figures.add(new Figure(8, "1 trial alone, round", alone, "ms"));
        figures.add(new Figure(8, PACKED + " trials in one pack, round", packed, "ms"));
        figures.add(new Figure(8, "round throughput (" + PACKED + " packed / " + PACKED + " alone)", PACKED * alone / packed, "ratio"));
        figures.addAll(recipeFigures(8));
      }
      if (chosen.contains(12) && !chosen.contains(8)) {
        figures.addAll(recipeFigures(12));
      }
      if (chosen.contains(5)) {
        // One trial logging every other round: logged and unlogged rounds alternate, so drift of a
        // shared machine hits both alike (separate runs drifted by more than the effect). The same
        // split of a trial that logs nothing gives the noise floor of this comparison (A/A).
        double[] logging = alternateRounds(benchGan("nsgan", "none", 512, WARMUP + 2 * rounds, 2), manager);
        double[] none = alternateRounds(benchGan("nsgan", "none", 512, WARMUP + 2 * rounds, 1_000_000), manager);
        figures.add(new Figure(5, "round with a metrics row", logging[1], "ms"));
        figures.add(new Figure(5, "round without", logging[0], "ms"));
        figures.add(new Figure(5, "logging cost (every step / none)", logging[1] / logging[0], "ratio"));
        figures.add(new Figure(5, "noise floor (A/A: the same split, no rows)", none[1] / none[0], "ratio"));
      }
      if (chosen.contains(13)) {
        figures.addAll(torchScriptFigures(manager, eagerPython, notes));
      }
      if (chosen.contains(15)) {
        io.gansweep.bench.FolderBench.Result r = new io.gansweep.bench.FolderBench(out.resolve("folder")).run(manager, WARMUP, rounds);
        figures.add(new Figure(15, "DCGAN 28x28 round, shapes in memory", r.memoryRoundMs(), "ms"));
        figures.add(new Figure(15, "DCGAN 28x28 round, the same images as a PNG folder", r.folderRoundMs(), "ms"));
        figures.add(new Figure(15, FOLDER_RATIO, r.ratio(), "ratio"));
        figures.add(new Figure(15, "driver decode, 10,000 32x32 RGB PNGs", r.decodeSeconds(), "s"));
        figures.add(new Figure(15, "executor parse of the pinned bytes", r.parseMs(), "ms"));
        figures.add(new Figure(15, "pinned file", r.pinnedMiB(), "MiB"));
        figures.add(new Figure(15, "heap held per executor (after GC)", r.heldMiB(), "MiB"));
        figures.add(new Figure(15, "pixels, count x 3 x 32 x 32 bytes", r.pixelMiB(), "MiB"));
      }
    }
    if (chosen.contains(6)) {
      Path json = out.resolve("long-trial.json");
      List<String> jvm = new ArrayList<>(List.of("-Xms" + LONG_TRIAL_HEAP, "-Xmx" + LONG_TRIAL_HEAP, "-XX:+AlwaysPreTouch"));
      if (threads > 0) {
        jvm.add("-Dai.djl.pytorch.num_threads=" + threads);
      }
      int status = ChildJvm.run(jvm,
          LongTrial.class.getName(), List.of(Integer.toString(longRounds), Integer.toString(MEMORY_WINDOW), json.toString()),
          out.resolve("long-trial.log"));
      if (status != 0) {
        throw new IOException("Cannot bench memory: the long trial failed (got exit status " + status + "; allowed 0), see "
            + out.resolve("long-trial.log"));
      }
      String j = Files.readString(json, StandardCharsets.UTF_8);
      double first = SweepBench.number(j, "rss_first_kb");
      double last = SweepBench.number(j, "rss_last_kb");
      figures.add(new Figure(6, "RSS first " + MEMORY_WINDOW + " rounds", first / 1024, "MiB"));
      figures.add(new Figure(6, "RSS last " + MEMORY_WINDOW + " rounds", last / 1024, "MiB"));
      figures.add(new Figure(6, "RSS last/first", last / first, "ratio"));
      figures.add(new Figure(6, "round time last/first", SweepBench.number(j, "time_ratio"), "ratio"));
    }
    if (chosen.contains(3) || chosen.contains(4) || chosen.contains(8)) {
      SweepBench sweeps = new SweepBench(out.resolve("sweeps"));
      SweepBench.Run one = chosen.contains(3) || chosen.contains(4) ? sweeps.run("bench-local1", scalingSteps, SweepBench.TRIALS, "local[1]") : null;
      SweepBench.Run two = chosen.contains(4) || chosen.contains(8) ? sweeps.run("bench-local2", scalingSteps, SweepBench.TRIALS, "local[2]") : null;
      if (chosen.contains(4)) {
        figures.add(new Figure(4, "local[1] trials/hour", one.trialsPerHour(), "trials/h"));
        figures.add(new Figure(4, "local[2] trials/hour", two.trialsPerHour(), "trials/h"));
        figures.add(new Figure(4, "local[2]/local[1] throughput", two.trialsPerHour() / one.trialsPerHour(), "ratio"));
        figures.add(new Figure(4, "trial length on local[1]", one.trialSeconds(), "s"));
        // Two trials at once on two cores each train slower than one alone (shared caches and
        // memory bandwidth); this bounds the throughput ratio at 2 / slowdown.
        figures.add(new Figure(4, "trial slowdown local[2]/local[1]", two.trialSeconds() / one.trialSeconds(), "ratio"));
      }
      if (chosen.contains(8)) {
        // The same sweep on local[2] with resources.pack: two tasks of PACK trials each.
        SweepBench.Run packed = sweeps.run("bench-local2-pack", scalingSteps, SweepBench.TRIALS, "local[2]", SweepBench.PACK);
        figures.add(new Figure(8, "local[2] pack " + SweepBench.PACK + " trials/hour", packed.trialsPerHour(), "trials/h"));
        figures.add(new Figure(8, "sweep throughput (pack " + SweepBench.PACK + " / unpacked, local[2])",
            packed.trialsPerHour() / two.trialsPerHour(), "ratio"));
      }
      if (chosen.contains(3)) {
        int steps = (int) Math.max(1, Math.round(trialSeconds / (one.trialSeconds() / scalingSteps)));
        SweepBench.Run eff = sweeps.run("bench-efficiency", steps, SweepBench.EFFICIENCY_TRIALS, "local[2]");
        figures.add(new Figure(3, "trial length", eff.trialSeconds(), "s"));
        figures.add(new Figure(3, "efficiency (job)", eff.timing().efficiency(), "share"));
        figures.add(new Figure(3, "efficiency (whole run process)", eff.processEfficiency(), "share"));
        figures.add(new Figure(3, "fixed cost per trial", eff.timing().fixedSecondsPerTrial(), "s"));
        figures.add(new Figure(3, "fixed cost share of a trial", eff.timing().fixedSecondsPerTrial() / eff.trialSeconds(), "share"));
      }
    }
    if (chosen.contains(9)) {
      AnalyzeBench bench = new AnalyzeBench(out.resolve("analyze"));
      String template = bench.trainTemplate();
      SparkSession spark = SweepReport.readerSession("gansweep bench analyze");
      try {
        AnalyzeBench.Fresh fresh = bench.fresh(spark, template, 2, (jvm, args) -> ChildJvm.run(jvm, Gansweep.class.getName(), args,
            out.resolve("analyze").resolve("fresh-analyze.log")));
        figures.add(new Figure(9, FRESH_ANALYZE + ", Spark", fresh.sparkSeconds(), "s"));
        figures.add(new Figure(9, FRESH_ANALYZE + ", without Spark", fresh.rowsSeconds(), "s"));
        figures.add(new Figure(9, FRESH_ANALYZE + ", Spark / without Spark", fresh.sparkSeconds() / fresh.rowsSeconds(), "ratio"));
        bench.run(spark, template, analyzeTrials.get(0)); // warm-up: JIT and Spark's first jobs, not measured
        AnalyzeBench.Result previous = null;
        for (int n : analyzeTrials) {
          AnalyzeBench.Result r = bench.run(spark, template, n);
          figures.add(new Figure(9, "analyze " + n + " trials (" + r.metricsRows() + " metrics rows)", r.seconds(), "s"));
          figures.add(new Figure(9, "driver max heap it ran in, " + n + " trials", r.maxHeapMiB(), "MiB"));
          figures.add(new Figure(9, "driver heap live after, " + n + " trials", r.liveHeapMiB(), "MiB"));
          if (previous != null) {
            figures.add(new Figure(9, "analyze time ratio (last / previous size)", r.seconds() / previous.seconds(), "ratio"));
            figures.add(new Figure(9, "trials ratio (last / previous size)", (double) n / previous.trials(), "ratio"));
          }
          previous = r;
        }
      } finally {
        spark.stop();
      }
    }
    if (chosen.contains(12)) {
      figures.addAll(scaleFigures());
    }
    if (chosen.contains(14)) {
      figures.addAll(reportFigures(notes));
    }
    if (chosen.contains(10)) {
      EarlyTerminationBench.Result r;
      try {
        r = new EarlyTerminationBench(out.resolve("early-termination")).run();
      } catch (io.gansweep.spec.InvalidSpecException e) {
        throw new IllegalStateException("Cannot bench early termination: its own spec is invalid (got " + e.getMessage() + ")", e);
      }
      figures.add(new Figure(10, "rounds trained, full grid (" + r.configurations() + " configurations x 3 seeds)", r.fullRounds(), "rounds"));
      figures.add(new Figure(10, "rounds trained, hyperband", r.hyperbandRounds(), "rounds"));
      figures.add(new Figure(10, "rounds hyperband / full grid", (double) r.hyperbandRounds() / r.fullRounds(), "ratio"));
      figures.add(new Figure(10, "run time hyperband / full grid", r.hyperbandSeconds() / r.fullSeconds(), "ratio"));
      figures.add(new Figure(10, "configurations hyperband trains to the end", r.survivors(), "configs"));
      figures.add(new Figure(10, "full grid's best configuration among them (1 yes, 0 no)", r.bestSurvives() ? 1 : 0, "bool"));
      figures.add(new Figure(10, "rank correlation: rounds granted vs full-grid rank (Spearman)", r.rankCorrelation(), "rho"));
      String old = ", old rule (" + r.oldRule().rule().version() + ", replayed)";
      figures.add(new Figure(10, "rounds hyperband / full grid" + old, (double) r.oldRule().rounds() / r.fullRounds(), "ratio"));
      figures.add(new Figure(10, "configurations hyperband trains to the end" + old, r.oldRule().survivors(), "configs"));
      figures.add(new Figure(10, "full grid's best configuration among them" + old + " (1 yes, 0 no)", r.oldRule().bestSurvives() ? 1 : 0,
          "bool"));
      figures.add(new Figure(10, "replay of the current rule = the run (1 yes, 0 no)", r.replayMatches() ? 1 : 0, "bool"));
    }
    if (chosen.contains(11)) {
      SearchBench search = new SearchBench(out.resolve("search"));
      List<SearchBench.Run> runs;
      SearchBench.ScreenCost sc;
      try {
        runs = search.run();
        sc = search.screen(runs);
      } catch (io.gansweep.spec.InvalidSpecException e) {
        throw new IllegalStateException("Cannot bench search: its own spec is invalid (got " + e.getMessage() + ")", e);
      }
      for (SearchBench.Run r : runs) {
        figures.add(new Figure(11, r.method() + ", sampler seed " + r.seed() + ": best configuration's median distance", r.medianQuality(),
            "distance"));
        figures.add(new Figure(11, r.method() + ", sampler seed " + r.seed() + ": best configuration's score", r.score(), "score"));
      }
      for (String m : List.of("tpe", "random")) {
        figures.add(new Figure(11, m + ": best median distance, median over " + SearchBench.SEEDS + " sampler seeds",
            SearchBench.median(runs, m, SearchBench.Run::medianQuality), "distance"));
        figures.add(new Figure(11, m + ": best score, median over " + SearchBench.SEEDS + " sampler seeds",
            SearchBench.median(runs, m, SearchBench.Run::score), "score"));
        figures.add(new Figure(11, m + ": sweep run time, median", SearchBench.median(runs, m, SearchBench.Run::seconds), "s"));
      }
      figures.add(new Figure(11, "best median distance tpe / random (medians over sampler seeds)",
          SearchBench.median(runs, "tpe", SearchBench.Run::medianQuality) / SearchBench.median(runs, "random", SearchBench.Run::medianQuality),
          "ratio"));
      figures.add(new Figure(11, "screen (random, seed 1): generator setups fitted", sc.setups(), "setups"));
      figures.add(new Figure(11, "screen: configurations dropped", sc.droppedConfigurations(), "configs"));
      figures.add(new Figure(11, "screen: fit time / the screened sweep's task time",
          sc.taskSeconds() > 0 ? sc.fitSeconds() / sc.taskSeconds() : Double.NaN, "ratio"));
      figures.add(new Figure(11, "screen: the unscreened sweep's best configuration kept (1 yes, 0 no)", sc.bestKept() ? 1 : 0, "bool"));
    }
    if (chosen.contains(16)) { // the tabular benchmark against Optuna (io.gansweep.bench.OptunaTableBench)
      try {
        var r = new io.gansweep.bench.OptunaTableBench(out.resolve("optuna"), Path.of(io.gansweep.bench.OptunaTableBench.EVALS)).run();
        r.figures().forEach(f -> figures.add(new Figure(16, f.name(), f.value(), f.unit())));
        notes.addAll(r.notes());
      } catch (io.gansweep.spec.InvalidSpecException e) {
        throw new IllegalStateException("Cannot bench the samplers: section 16's own spec is invalid (got " + e.getMessage() + ")", e);
      }
    }
    figures.sort(java.util.Comparator.comparingInt(Figure::section));
    Provenance p = TrialRunner.provenance();
    String machine = Runtime.getRuntime().availableProcessors() + " cores, " + p.os() + ", PyTorch " + p.pytorch() + ", DJL " + p.djl();
    print(stdout, figures, machine, notes);
    write(figures, machine, notes);
    stdout.printf("written to %s (bench.csv, bench.json)%n", out);
    stdout.flush();
    return 0;
  }

  /**
   * The recipes with per-trial state in a pack (spectral norm, dropout, batch norm in G) and the
   * DCGAN convnets at two sizes, each measured as section 8 measures plain packs, side by side in
   * this run (the large DCGAN on fewer rounds: {@link PackingBench.Recipe#rounds}).
   */
  private List<Figure> recipeFigures(int section) {
    List<Figure> figures = new ArrayList<>();
    for (PackingBench.Recipe recipe : PackingBench.RECIPES.subList(1, PackingBench.RECIPES.size())) {
      double a = 0;
      double p = 0;
      for (int i = 0; i < 2; i++) {
        int timed = recipe.rounds(rounds);
        a += PackingBench.roundMillis(1, Math.min(WARMUP, timed), timed, recipe) / 2;
        p += PackingBench.roundMillis(PACKED, Math.min(WARMUP, timed), timed, recipe) / 2;
      }
      figures.add(new Figure(section, recipeThroughput(recipe.name()), PACKED * a / p, "ratio"));
    }
    return figures;
  }

  /** Section 12: planning and dispatch of a large spec, the per-trial fixed cost on a standalone cluster, analyze at three sizes. */
  private List<Figure> scaleFigures() throws IOException, InterruptedException {
    List<Figure> figures = new ArrayList<>();
    ScaleBench.Planning p;
    try {
      p = ScaleBench.planning(SCALE_TRIALS, out.resolve("scale").toAbsolutePath().toString());
    } catch (io.gansweep.spec.InvalidSpecException e) {
      throw new IllegalStateException("Cannot bench scale: its own spec is invalid (got " + e.getMessage() + ")", e);
    }
    figures.add(new Figure(12, "plan " + p.trials() + " trials (parse, expand, ids)", p.planSeconds(), "s"));
    figures.add(new Figure(12, "build their " + p.tasks() + " tasks, longest first", p.dispatchSeconds(), "s"));
    figures.add(new Figure(12, "driver heap the plan and its tasks hold", p.heapMiB(), "MiB"));
    figures.add(new Figure(12, "Spark job of " + p.tasks() + " no-op tasks (local[2], the sweep's conf)", p.jobSeconds(), "s"));
    figures.add(new Figure(12, "dispatch per task", p.jobSeconds() * 1e3 / p.tasks(), "ms"));
    SweepBench.Run c = new SweepBench(out.resolve("sweeps")).cluster("bench-cluster", CLUSTER_ROUNDS, CLUSTER_TRIALS);
    figures.add(new Figure(12, clusterFixedCost(), c.timing().medianFixedSeconds() * 1e3, "ms"));
    figures.add(new Figure(12, "of which the trial's setup (data, networks, init) and result, median", c.timing().medianSetupSeconds() * 1e3, "ms"));
    figures.add(new Figure(12, "of which the task around it (task built, rows committed, report), median", c.timing().medianCommitSeconds() * 1e3,
        "ms"));
    figures.add(new Figure(12, "fixed cost per trial, mean (each executor's first trial loads PyTorch)",
        c.timing().fixedSecondsPerTrial() * 1e3, "ms"));
    figures.add(new Figure(12, "cluster job time per trial", c.timing().jobSeconds() * 1e3 / c.timing().trials(), "ms"));
    // analyze at three sizes in a JVM of a fixed heap, so "it finished in this heap" is a fact, not the machine's default.
    Path child = out.resolve("scale-analyze");
    int status = ChildJvm.run(List.of("-Xmx" + SCALE_HEAP), Gansweep.class.getName(), List.of("bench", "--sections", "9",
        "--analyze-trials", "1000,10000,100000", "--out", child.toString()), out.resolve("scale-analyze.log"));
    if (status != 0) {
      throw new IOException("Cannot bench scale: analyze at 100,000 trials failed in " + SCALE_HEAP + " (got exit status " + status
          + "; allowed 0), see " + out.resolve("scale-analyze.log"));
    }
    String json = Files.readString(child.resolve("bench.json"), StandardCharsets.UTF_8);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{\"section\":9,\"figure\":\"([^\"]+)\",\"value\":([-0-9.eE]+|NaN),\"unit\":\"([^\"]+)\"")
        .matcher(json);
    while (m.find()) {
      figures.add(new Figure(12, m.group(1), Double.parseDouble(m.group(2)), m.group(3)));
    }
    return figures;
  }

  /**
   * Section 13: the ring8 TorchScript pair against its built-in twin and PyTorch eager
   * ({@link TorchScriptBench}); eager only where {@code eagerPython} names a Python, else one note
   * says it was not measured.
   */
  private List<Figure> torchScriptFigures(NDManager manager, String eagerPython, List<String> notes) throws IOException {
    List<String> sums = TorchScriptBench.check(torchscriptDir);
    TorchScriptBench.Result r;
    if (eagerPython == null) {
      notes.add("13: PyTorch eager not measured: no Python with torch was given (got neither --python nor " + EagerRounds.ENV
          + "; allowed either, naming a Python with torch); its figures are left out");
      r = TorchScriptBench.measure(sums, null, manager, WARMUP, rounds, TORCHSCRIPT_REPS);
    } else {
      try (EagerRounds eager = EagerRounds.start(eagerPython, torchscriptDir, TorchScriptBench.BATCH, out.resolve("eager.log"))) {
        notes.add("13: PyTorch eager: torch " + eager.torch() + ", 1 thread, " + eagerPython + " running " + torchscriptDir.resolve(
            EagerRounds.SCRIPT));
        r = TorchScriptBench.measure(sums, eager, manager, WARMUP, rounds, TORCHSCRIPT_REPS);
      }
    }
    List<Figure> figures = new ArrayList<>();
    for (String p : TorchScriptBench.PENALTIES) {
      for (TorchScriptBench.Impl impl : TorchScriptBench.Impl.values()) {
        if (r.has(impl)) {
          figures.add(new Figure(13, impl.label() + ", " + recipe(p) + ": round", r.ms(p, impl), "ms"));
        }
      }
      figures.add(new Figure(13, torchScriptRatio(p, TorchScriptBench.Impl.BUILT_IN),
          r.ratio(p, TorchScriptBench.Impl.TORCHSCRIPT, TorchScriptBench.Impl.BUILT_IN), "ratio"));
      if (r.has(TorchScriptBench.Impl.EAGER)) {
        figures.add(new Figure(13, torchScriptRatio(p, TorchScriptBench.Impl.EAGER),
            r.ratio(p, TorchScriptBench.Impl.TORCHSCRIPT, TorchScriptBench.Impl.EAGER), "ratio"));
        figures.add(new Figure(13, "round eager / built-in, " + recipe(p),
            r.ratio(p, TorchScriptBench.Impl.EAGER, TorchScriptBench.Impl.BUILT_IN), "ratio"));
      }
    }
    return figures;
  }

  /**
   * What keeps section 13 from running, in one line, or null: the example pair must be in {@code
   * dir}, and {@code eagerPython} (where given) must start the timing script with torch.
   */
  static String torchScriptProblem(Path dir, String eagerPython) {
    for (String f : TorchScriptBench.FILES) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        return "Cannot run bench: section 13 needs the example pair (got no " + dir.resolve(f) + "; allowed --torchscript-dir naming "
            + "the folder of examples/torchscript)";
      }
    }
    if (eagerPython != null) {
      try {
        EagerRounds.start(eagerPython, dir, TorchScriptBench.BATCH, Path.of(System.getProperty("java.io.tmpdir"),
            "gansweep-bench-eager-check.log")).close();
      } catch (IllegalStateException e) {
        return e.getMessage();
      }
    }
    return null;
  }

  /** Trials of section 12's plan. */
  static final int SCALE_TRIALS = 100_000;

  /** Section 12's cluster sweep: trials of a few rounds, so what is measured is what is not training. */
  static final int CLUSTER_TRIALS = 60;

  static final int CLUSTER_ROUNDS = 20;

  /** The heap section 12's analyses run in: below the 2 GB. */
  static final String SCALE_HEAP = "1536m";

  /** Median times of a trial's odd and even rounds after the warm-up: {odd, even} (even rounds log when log_every is 2). */
  private double[] alternateRounds(TrialConfig c, NDManager manager) {
    double[] ms = TrainingBench.roundMillis(c, manager);
    double[] odd = new double[rounds];
    double[] even = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      odd[i] = ms[WARMUP + 2 * i]; // step WARMUP + 2i + 1
      even[i] = ms[WARMUP + 2 * i + 1]; // step WARMUP + 2i + 2
    }
    return new double[] {TrainingBench.median(odd, 0, rounds), TrainingBench.median(even, 0, rounds)};
  }

  /** Section 14: report.html of a synthetic sweep at 1,000 and 10,000 trials, written and rendered in headless Chromium. */
  private List<Figure> reportFigures(List<String> notes) throws IOException {
    List<Figure> figures = new ArrayList<>();
    java.util.Optional<Path> chromium = io.gansweep.analysis.HeadlessChromium.executable();
    if (chromium.isEmpty()) {
      notes.add("section 14 skipped: chromium is not installed (Debian's chromium; .ci/run installs it)");
      return figures;
    }
    io.gansweep.bench.ReportRenderBench bench = new io.gansweep.bench.ReportRenderBench(out.resolve("report"));
    bench.run(300, chromium.get()); // warm-up: the JIT and Chromium's first start, not measured
    for (int n : List.of(1000, 10000)) {
      io.gansweep.bench.ReportRenderBench.Result r = bench.run(n, chromium.get());
      figures.add(new Figure(14, "report.html size, " + n + " trials (" + r.configurations() + " configurations)", r.bytes() / 1e6, "MB"));
      figures.add(new Figure(14, "write report.html (Java), " + n + " trials", r.writeMs(), "ms"));
      figures.add(new Figure(14, "render in headless Chromium (navigation to every overview chart and the first detail drawn; median of "
          + io.gansweep.bench.ReportRenderBench.LOADS + "), " + n + " trials", r.renderMs(), "ms"));
      figures.add(new Figure(14, "main thread's CPU time in that render (Chromium's ThreadTime, median), " + n + " trials", r.cpuMs(), "ms"));
      figures.add(new Figure(14, "open a configuration's detail (click to drawn), " + n + " trials", r.detailMs(), "ms"));
      figures.add(new Figure(14, "charts drawn at load, " + n + " trials", r.charts(), "charts"));
      if (!r.errors().isEmpty()) {
        notes.add("section 14, " + n + " trials: console errors " + r.errors());
      }
    }
    return figures;
  }

  static final Map<Integer, String> SECTIONS = Map.ofEntries(
      Map.entry(1, "1 compute floor (ring8 MLP, hidden 128, 4 layers, batch 512)"),
      Map.entry(2, "2 framework overhead (nsgan, optimizer = Adam updates of one round)"),
      Map.entry(3, "3 sweep efficiency (" + SweepBench.EFFICIENCY_TRIALS + " identical trials on local[2], cpus_per_trial 1)"),
      Map.entry(4, "4 scaling (the same " + SweepBench.TRIALS + "-trial sweep on local[1] and local[2])"),
      Map.entry(5, "5 logging cost (nsgan, batch 512; logged and unlogged rounds of one trial, alternating)"),
      Map.entry(6, "6 memory (long trial in its own JVM, fixed heap; r1 + spectral norm, batch 128)"),
      Map.entry(7, "7 image GAN (DCGAN on 28x28 shapes, base 32 channels, batch 64; evaluation as in examples/shapes-dcgan.yaml)"),
      Map.entry(8, "8 packing (ring8 nsgan, hidden 64, 2 layers, batch 256: rounds of one trial alone vs " + PACKED + " in one pack, plain and with spectral norm, dropout, batch norm in G, DCGAN convnets on shapes at two sizes; section 4's sweep with pack "
          + SweepBench.PACK + ")"),
      Map.entry(9, "9 analyze at scale (one real quickstart-shaped trial replicated under new ids in the real schema; labels, ranking, every output;"
          + " heap: the -Xmx it finished in, and what is live after a GC; and a quickstart-sized sweep of 12 trials analysed by"
          + " 'gansweep analyze' in a fresh process, Spark's path and the one without Spark alternated, best of 2 each)"),
      Map.entry(10, "10 early termination (ring8 grid of 24 configurations x 3 seeds, 1200 rounds, on local[2]: in full and under hyperband,"
          + " min_iter 100, eta 3, 2 brackets; the old promotion rule replayed on the full grid's rows)"),
      Map.entry(11, "11 search (ring8, a random-search space of loss x log lr_g x log ttur, 10 configurations x 2 seeds of 2000 rounds per sweep,"
          + " on local[2]: tpe with n_startup " + SearchBench.N_STARTUP + " vs random search, " + SearchBench.SEEDS + " sampler seeds)"),
      Map.entry(12, "12 scale (a " + SCALE_TRIALS + "-trial random-search spec planned and dispatched; a standalone master and "
          + SweepBench.CLUSTER_WORKERS + " one-core workers on 127.0.0.1; section 9's analyze at 1,000, 10,000 and 100,000 trials in a "
          + SCALE_HEAP + " JVM; section 8's recipe packs)"),
      Map.entry(16, "16 samplers vs Optuna (a tabular benchmark from a dense ring8 sweep, " + io.gansweep.bench.OptunaTableBench.DENSE_SPEC
          + ": gansweep random, tpe rules 1 and 2, tpe + pruning vs Optuna's TPESampler and GPSampler)"),
      Map.entry(14, "14 report.html (a synthetic sweep of configurations x " + io.gansweep.bench.ReportRenderBench.SEEDS + " seeds over 4 swept"
          + " hyperparameters, labelled and ranked by the analysis; curves and 1,000 points per trial for the detailed configurations;"
          + " rendered in headless Chromium on this machine)"),
      Map.entry(13, "13 TorchScript (examples/torchscript's ring8 pair vs the built-in twin, latent 2, 3x128, and vs PyTorch eager on the"
          + " same files; batch " + TorchScriptBench.BATCH + ", one intra-op thread; nsgan, plain and with r1 gamma 1; " + TORCHSCRIPT_REPS
          + " interleaved repetitions of a fresh trial each, " + WARMUP + " warm-up rounds, medians)"),
      Map.entry(15, "15 image folders (section 7's DCGAN on shapes' 12,000 images in memory vs written as a PNG folder, "
          + io.gansweep.bench.FolderBench.REPS + " alternating trials each; a folder of 10,000 32x32 RGB PNGs decoded, pinned and"
          + " parsed as an executor does)"));

  private static void print(PrintWriter stdout, List<Figure> figures, String machine, List<String> notes) {
    stdout.printf("gansweep bench, cpu (%s)%n", machine);
    Map<Integer, List<List<String>>> bySection = new HashMap<>();
    for (Figure f : figures) {
      Target t = f.target();
      bySection.computeIfAbsent(f.section(), s -> new ArrayList<>()).add(List.of(f.name(), fmt("%.3f", f.value()), f.unit(),
          t == null ? "" : t.toString(), t == null ? "" : t.met(f.value()) ? "met" : "MISSED"));
    }
    for (int s : new TreeSet<>(bySection.keySet())) {
      stdout.printf("%n%s%n", SECTIONS.get(s));
      TextTable.print(stdout, List.of("figure", "value", "unit", "target", ""), bySection.get(s));
    }
    if (!notes.isEmpty()) {
      stdout.println();
    }
    notes.forEach(stdout::println);
    stdout.println();
  }

  private void write(List<Figure> figures, String machine, List<String> notes) throws IOException {
    StringBuilder csv = new StringBuilder("section,figure,value,unit,target,met\n");
    StringBuilder json = new StringBuilder("{\"date\":\"" + Instant.now() + "\",\"machine\":\"" + machine + "\",\"figures\":[");
    for (int i = 0; i < figures.size(); i++) {
      Figure f = figures.get(i);
      Target t = f.target();
      csv.append(fmt("%d,%s,%.6g,%s,%s,%s%n", f.section(), f.name().replace(',', ';'), f.value(), f.unit(),
          t == null ? "" : t, t == null ? "" : t.met(f.value())));
      json.append(i > 0 ? "," : "").append(fmt("{\"section\":%d,\"figure\":\"%s\",\"value\":%.6g,\"unit\":\"%s\"%s}",
          f.section(), f.name(), f.value(), f.unit(),
          t == null ? "" : fmt(",\"target\":\"%s\",\"met\":%s", t, t.met(f.value()))));
    }
    json.append("],\"notes\":[");
    for (int i = 0; i < notes.size(); i++) {
      json.append(i > 0 ? "," : "").append('"').append(notes.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    json.append("]}\n");
    Files.writeString(out.resolve("bench.csv"), csv, StandardCharsets.UTF_8);
    Files.writeString(out.resolve("bench.json"), json, StandardCharsets.UTF_8);
  }

  private static String fmt(String f, Object... args) {
    return String.format(Locale.ROOT, f, args);
  }
}
