package io.gansweep.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.gansweep.metrics.Quality;
import io.gansweep.trial.MetricRow;
import io.gansweep.trial.Provenance;
import io.gansweep.trial.TrialResult;
import io.gansweep.trial.TrialStatus;
import io.gansweep.trial.TrialSummary;
import io.gansweep.trial.TrialTask;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one trial: config in, result out. Never throws for a problem of the trial itself: an
 * exception becomes a FAILED result with its cause, a NaN/Inf a DIVERGED one, so a sweep goes on.
 * Safe to call from several threads of one JVM at once (see {@link io.gansweep.gan.Autograd} and
 * {@link io.gansweep.data.SeededRandom}).
 */
public final class TrialRunner {

  /** The engine every trial trains on. */
  public static final String ENGINE = "PyTorch";

  static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

  private TrialRunner() {}

  public static TrialResult run(TrialTask task) {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    try {
      configureThreads(task.threads());
      Device device = device(task.device());
      try (NDManager manager = NDManager.newBaseManager(device, ENGINE)) {
        GanTrainer trainer = new GanTrainer(task.config(), manager, DataType.FLOAT32, System::nanoTime, task.featureNets());
        GanTrainer.Outcome outcome = trainer.train();
        return result(task, outcome, trainer.featureNet(), (System.nanoTime() - t0) / 1e9, started);
      }
    } catch (RuntimeException | OutOfMemoryError | UnsatisfiedLinkError e) {
      return failed(task, e, started);
    }
  }

  /**
   * Runs trials that {@link PackedTrainer#packable} allows to share one stacked model (same device
   * and threads, configs equal but for seed, lr_g and ttur) as one pack; one result per task, in
   * order. Each trial's wall and training seconds are its share, the pack's divided by its size. A
   * pack that cannot be built or trained fails every one of its trials.
   */
  public static List<TrialResult> runPacked(List<TrialTask> tasks) {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    try {
      TrialTask first = tasks.get(0);
      configureThreads(first.threads());
      Device device = device(first.device());
      try (NDManager manager = NDManager.newBaseManager(device, ENGINE)) {
        PackedTrainer trainer = new PackedTrainer(tasks.stream().map(TrialTask::config).toList(), manager, System::nanoTime);
        List<GanTrainer.Outcome> outcomes = trainer.train();
        double share = (System.nanoTime() - t0) / 1e9 / tasks.size();
        List<TrialResult> results = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
          results.add(result(tasks.get(i), outcomes.get(i), null, share, started));
        }
        return results;
      }
    } catch (RuntimeException | OutOfMemoryError | UnsatisfiedLinkError e) {
      return tasks.stream().map(t -> failed(t, e, started)).toList();
    }
  }

  private static TrialResult result(TrialTask task, GanTrainer.Outcome outcome, String featureNet, double wallSeconds, Instant started) {
    TrialStatus status = outcome.divergedStep() == null ? TrialStatus.COMPLETED : TrialStatus.DIVERGED;
    Quality q = outcome.finalQuality();
    MetricRow lastLogged = outcome.rows().stream().filter(r -> r.dLoss() != null).reduce((a, b) -> b).orElse(null);
    TrialSummary summary = new TrialSummary(
        task, status, outcome.divergence(), outcome.stepsDone(), outcome.divergedStep(), wallSeconds, outcome.trainSeconds(),
        host(), started, Instant.now(),
        q, featureNet,
        lastLogged == null ? null : lastLogged.dLoss(), lastLogged == null ? null : lastLogged.gLoss(),
        provenance());
    return new TrialResult(summary, outcome.rows(), outcome.samples(), outcome.points());
  }

  /** The FAILED result of a trial that threw {@code cause}: no metrics, the exception as error. */
  public static TrialResult failed(TrialTask task, Throwable cause, Instant started) {
    Instant now = Instant.now();
    TrialSummary summary = new TrialSummary(
        task, TrialStatus.FAILED, cause.getClass().getName() + ": " + cause.getMessage(), 0, null,
        (now.toEpochMilli() - started.toEpochMilli()) / 1e3, 0, host(), started, now,
        null, null, null, null, provenance());
    return new TrialResult(summary, List.of(), List.of());
  }

  /**
   * Sets libtorch's intra-op threads. The JNI of pytorch-jni 2.7.1-0.35.0 has no working
   * set_num_threads (UnsatisfiedLinkError), so the count goes through DJL's {@code
   * ai.djl.pytorch.num_threads} property, which the engine reads once when it loads: the first
   * trial of a JVM decides for all later ones (a sweep gives every trial the same
   * cpus_per_trial). An explicit -Dai.djl.pytorch.num_threads wins.
   */
  static synchronized void configureThreads(int threads) {
    if (threads > 0 && System.getProperty(THREADS_PROPERTY) == null) {
      System.setProperty(THREADS_PROPERTY, Integer.toString(threads));
    }
  }

  /** The DJL device of a task's device string; a GPU the engine cannot see is an error. */
  static Device device(String spec) {
    if (spec.equals("cpu")) {
      return Device.cpu();
    }
    int id = Integer.parseInt(spec.substring("gpu:".length()));
    int visible = Engine.getEngine(ENGINE).getGpuCount();
    if (id >= visible) {
      throw new IllegalStateException(
          "Cannot train on " + spec + ": the PyTorch engine sees " + visible
              + " GPU(s) (got " + spec + "; allowed cpu" + (visible > 0 ? " or gpu:0..gpu:" + (visible - 1) : "") + ")");
    }
    return Device.gpu(id);
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  /** Versions of gansweep, DJL, libtorch, Java and the OS. */
  public static Provenance provenance() {
    String gansweep = TrialRunner.class.getPackage().getImplementationVersion();
    String pytorch;
    try {
      pytorch = Engine.getEngine(ENGINE).getVersion();
    } catch (RuntimeException e) {
      pytorch = "unavailable: " + e.getMessage();
    }
    return new Provenance(
        gansweep == null ? "development" : gansweep,
        Engine.getDjlVersion(),
        pytorch,
        System.getProperty("java.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"));
  }
}
