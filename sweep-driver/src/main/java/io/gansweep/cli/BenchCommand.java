package io.gansweep.cli;

import ai.djl.ndarray.NDManager;
import io.gansweep.bench.ComputeFloor;
import io.gansweep.report.TextTable;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gansweep bench}: measures gansweep against its limits and prints the figures side by side
 * from one run. Section 1, the compute floor: for the benchmark GAN (ring8 MLP, hidden 128, 4
 * layers, batch 512; nsgan, and wgan with gp) the matmul FLOPs per round, the matmul rate measured
 * through the same engine, the floor they imply, the measured round time and the ratio.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark training against this machine's limits (section 1: compute floor) and write the",
      "table as CSV and JSON under --out. Runs on CPU in this process; about a minute on 2 cores."
    })
final class BenchCommand implements Callable<Integer> {

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-results", description = "results folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "100", description = "timed rounds per config (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "intra-op threads (default: the engine's choice)")
  int threads;

  @Spec CommandSpec command;

  static final int WARMUP = 20;

  static TrialConfig benchGan(String loss, String penalty, int steps) {
    return TrialConfig.of(Map.of(Hyperparameter.HIDDEN, 128, Hyperparameter.LAYERS, 4, Hyperparameter.BATCH_SIZE, 512,
        Hyperparameter.LOSS, loss, Hyperparameter.PENALTY, penalty, Hyperparameter.PENALTY_WEIGHT, 0.1,
        Hyperparameter.STEPS, steps, Hyperparameter.LOG_EVERY, 1_000_000, Hyperparameter.EVAL_EVERY, 10_000_000,
        Hyperparameter.EVAL_SAMPLES, 16), 0);
  }

  @Override
  public Integer call() throws IOException {
    if (rounds < 5) {
      command.commandLine().getErr().printf("Cannot run bench: too few rounds (got %d; allowed 5 or more)%n", rounds);
      return Gansweep.EXIT_INVALID;
    }
    if (threads > 0) {
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    }
    PrintWriter stdout = command.commandLine().getOut();
    List<ComputeFloor.Result> results = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager(TrialRunner.ENGINE)) {
      results.add(ComputeFloor.measure("nsgan", benchGan("nsgan", "none", WARMUP + rounds), manager, WARMUP, rounds));
      results.add(ComputeFloor.measure("wgan+gp", benchGan("wgan", "gp", WARMUP + rounds), manager, WARMUP, rounds));
    }
    Provenance p = TrialRunner.provenance();
    String machine = Runtime.getRuntime().availableProcessors() + " cores, " + p.os() + ", PyTorch " + p.pytorch() + ", DJL " + p.djl();
    stdout.printf("compute floor: ring8 MLP, hidden 128, 4 layers, batch 512, cpu (%s)%n", machine);
    List<String> header = List.of("config", "MFLOP/round", "matmul GFLOP/s", "floor ms", "round ms", "round/floor");
    List<List<String>> rows = new ArrayList<>();
    for (ComputeFloor.Result r : results) {
      rows.add(List.of(r.name(), fmt("%.1f", r.flopsPerRound() / 1e6), fmt("%.1f", r.matmulGflops()),
          fmt("%.2f", r.floorMs()), fmt("%.2f", r.roundMs()), fmt("%.2f", r.ratio())));
    }
    TextTable.print(stdout, header, rows);
    Files.createDirectories(out);
    StringBuilder csv = new StringBuilder("section,config,mflop_per_round,matmul_gflops,floor_ms,round_ms,ratio\n");
    StringBuilder json = new StringBuilder("{\"date\":\"" + Instant.now() + "\",\"machine\":\"" + machine + "\",\"compute_floor\":[");
    for (int i = 0; i < results.size(); i++) {
      ComputeFloor.Result r = results.get(i);
      csv.append(fmt("compute_floor,%s,%.3f,%.3f,%.4f,%.4f,%.4f%n", r.name(), r.flopsPerRound() / 1e6, r.matmulGflops(), r.floorMs(), r.roundMs(), r.ratio()));
      json.append(i > 0 ? "," : "").append(fmt("{\"config\":\"%s\",\"mflop_per_round\":%.3f,\"matmul_gflops\":%.3f,\"floor_ms\":%.4f,\"round_ms\":%.4f,\"ratio\":%.4f}",
          r.name(), r.flopsPerRound() / 1e6, r.matmulGflops(), r.floorMs(), r.roundMs(), r.ratio()));
    }
    json.append("]}\n");
    Files.writeString(out.resolve("bench.csv"), csv, StandardCharsets.UTF_8);
    Files.writeString(out.resolve("bench.json"), json, StandardCharsets.UTF_8);
    stdout.printf("written to %s (bench.csv, bench.json)%n", out);
    stdout.flush();
    return 0;
  }

  private static String fmt(String f, Object... args) {
    return String.format(Locale.ROOT, f, args);
  }
}
