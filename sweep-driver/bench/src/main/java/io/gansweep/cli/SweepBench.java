package io.gansweep.cli;

import io.gansweep.dispatch.SweepTiming;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sections 3 and 4 of {@code gansweep bench}: real {@code gansweep run} processes, each a fresh
 * JVM with its own embedded Spark, on a sweep of identical short ring8 trials (one seed each, one
 * intra-op thread per trial). Each run writes where its time went ({@code run --timings}); the
 * bench adds the whole process's wall time, measured from outside.
 */
final class SweepBench {

  /** Trials per scaling sweep: three waves on two slots, so a slot's first-trial engine load is not the whole story. */
  static final int TRIALS = 6;

  /** Trials of the efficiency sweep: two waves of long trials on two slots. */
  static final int EFFICIENCY_TRIALS = 4;

  private final Path work;

  SweepBench(Path work) {
    this.work = work;
  }

  /**
   * One finished run.
   *
   * @param master the Spark master it ran on
   * @param steps rounds per trial
   * @param processSeconds wall time of the whole {@code gansweep run} process (JVM start to exit)
   * @param timing what the run itself reported ({@code run --timings})
   */
  record Run(String master, int steps, double processSeconds, SweepTiming timing) {

    /** Trials per hour over the Spark job. */
    double trialsPerHour() {
      return timing.trials() * 3600 / timing.jobSeconds();
    }

    /** Training time ÷ slot time of the whole process (JVM and Spark start, analysis included). */
    double processEfficiency() {
      return timing.trainSeconds() / (timing.slots() * processSeconds);
    }

    /** Mean training seconds of one trial. */
    double trialSeconds() {
      return timing.trainSeconds() / timing.trials();
    }
  }

  /** Trials per task in section 8's packed sweep: the scaling sweep as two packs, one per slot. */
  static final int PACK = 3;

  /** The bench sweep's spec: {@code trials} seeds of one small ring8 configuration, {@code pack} per task. */
  static String spec(String name, int steps, int trials, int pack) {
    return String.join("\n",
        "name: " + name,
        "description: gansweep bench sweep (identical trials, one seed each)",
        "method: grid",
        "replicates: " + trials,
        "parameters:",
        "  dataset:      {value: ring8}",
        "  steps:        {value: " + steps + "}",
        "  batch_size:   {value: 256}",
        "  hidden:       {value: 64}",
        "  layers:       {value: 2}",
        "  loss:         {value: nsgan}",
        "  log_every:    {value: 25}",
        "  eval_every:   {value: " + Math.max(1, steps / 4) + "}",
        "  eval_samples: {value: 1000}",
        "resources: {gpus_per_trial: 0, cpus_per_trial: 1, pack: " + pack + "}",
        "");
  }

  /** Runs the bench sweep of {@code trials} trials of {@code steps} rounds on {@code master} in a child JVM, unpacked. */
  Run run(String name, int steps, int trials, String master) throws IOException, InterruptedException {
    return run(name, steps, trials, master, 1);
  }

  /** The same with {@code pack} trials per task. */
  Run run(String name, int steps, int trials, String master, int pack) throws IOException, InterruptedException {
    Path dir = work.resolve(name);
    io.gansweep.bench.Workspace.clear(dir);
    Files.createDirectories(dir);
    Path spec = dir.resolve("spec.yaml");
    Files.writeString(spec, spec(name, steps, trials, pack), StandardCharsets.UTF_8);
    Path timings = dir.resolve("timings.json");
    Path log = dir.resolve("run.log");
    long t0 = System.nanoTime();
    int status = ChildJvm.run(List.of(), Gansweep.class.getName(), List.of("run", spec.toString(),
        "--out", dir.resolve("out").toString(), "--master", master, "--timings", timings.toString()), log);
    double processSeconds = (System.nanoTime() - t0) / 1e9;
    return finished(name, master, steps, processSeconds, status, timings, log);
  }

  /** The run's figures from its {@code --timings} file; an error quoting its log's errors when it failed. */
  private static Run finished(String name, String master, int steps, double processSeconds, int status, Path timings, Path log)
      throws IOException {
    if (status != 0 || !Files.exists(timings)) {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      throw new IOException("Cannot bench sweep " + name + ": gansweep run failed (got exit status " + status
          + "; allowed 0), see " + log + "; its errors:\n"
          + String.join("\n", lines.stream().filter(l -> l.contains("Cannot") || l.contains("Exception")).limit(10).toList()));
    }
    String json = Files.readString(timings, StandardCharsets.UTF_8);
    return new Run(master, steps, processSeconds, new SweepTiming((int) number(json, "trials"), (int) number(json, "slots"),
        number(json, "job_seconds"), number(json, "train_seconds"), number(json, "task_seconds"),
        number(json, "fixed_seconds_per_trial_median"), number(json, "setup_seconds_per_trial_median"),
        number(json, "commit_seconds_per_trial_median")));
  }

  /** Workers and cores per worker of section 12's standalone cluster: two executors of one core, as local[2] has two slots. */
  static final int CLUSTER_WORKERS = 2;

  /**
   * Runs the bench sweep on a real Spark standalone master and {@link #CLUSTER_WORKERS} workers on
   * 127.0.0.1 ({@code deploy/local-cluster/start.sh}, submitted with {@code deploy/bin/submit}
   * and the runtime jar, as {@code LocalClusterIT} does), then stops the cluster.
   *
   * @throws IOException when this is not a source checkout (no {@code deploy/local-cluster}), or
   *     the cluster or the sweep fails
   */
  Run cluster(String name, int steps, int trials) throws IOException, InterruptedException {
    Path root = checkout();
    Path dir = work.resolve(name);
    io.gansweep.bench.Workspace.clear(dir);
    Files.createDirectories(dir);
    Path spec = dir.resolve("spec.yaml");
    Files.writeString(spec, spec(name, steps, trials, 1), StandardCharsets.UTF_8);
    Path timings = dir.resolve("timings.json");
    Path log = dir.resolve("run.log");
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProcessBuilder start = new ProcessBuilder("deploy/local-cluster/start.sh", Integer.toString(CLUSTER_WORKERS), "1")
        .directory(root.toFile()).redirectError(dir.resolve("cluster.log").toFile());
    start.environment().put("GANSWEEP_MASTER_PORT", Integer.toString(port));
    Process started = start.start();
    String url = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    try {
      if (!started.waitFor(600, java.util.concurrent.TimeUnit.SECONDS) || started.exitValue() != 0) {
        throw new IOException("Cannot bench the cluster: deploy/local-cluster/start.sh failed (got " + url + "; allowed a master URL), see "
            + dir.resolve("cluster.log"));
      }
      long t0 = System.nanoTime();
      Process submit = new ProcessBuilder("deploy/bin/submit", "--master", url, spec.toAbsolutePath().toString(), "--out",
          dir.resolve("out").toAbsolutePath().toString(), "--timings", timings.toAbsolutePath().toString())
          .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      int status = submit.waitFor();
      double processSeconds = (System.nanoTime() - t0) / 1e9;
      return finished(name, url, steps, processSeconds, status, timings, log);
    } finally {
      new ProcessBuilder("deploy/local-cluster/stop.sh").directory(root.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("cluster.log").toFile())).start().waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /** The source checkout this runs from: the working directory or a folder above it with {@code deploy/local-cluster/start.sh}. */
  static Path checkout() throws IOException {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isExecutable(p.resolve("deploy/local-cluster/start.sh"))) {
        return p;
      }
    }
    throw new IOException("Cannot bench the cluster: not in a source checkout (got " + Path.of("").toAbsolutePath()
        + "; allowed a folder at or below the one holding deploy/local-cluster/start.sh)");
  }

  static double number(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":([-0-9.eE]+)").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException(String.format(Locale.ROOT,
          "Cannot read bench timings: no %s (got %s; allowed the JSON of run --timings)", key, json));
    }
    return Double.parseDouble(m.group(1));
  }
}
