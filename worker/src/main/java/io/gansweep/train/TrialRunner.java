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
        GanTrainer trainer = new GanTrainer(task.config(), manager, DataType.FLOAT32, System::nanoTime);
        GanTrainer.Outcome outcome = trainer.train();
        TrialStatus status = outcome.divergedStep() == null ? TrialStatus.COMPLETED : TrialStatus.DIVERGED;
        Quality q = outcome.finalQuality();
        MetricRow lastLogged = outcome.rows().stream().filter(r -> r.dLoss() != null).reduce((a, b) -> b).orElse(null);
        TrialSummary summary = new TrialSummary(
            task, status, outcome.divergence(), outcome.stepsDone(), outcome.divergedStep(), (System.nanoTime() - t0) / 1e9, outcome.trainSeconds(),
            host(), started, Instant.now(),
            q == null ? null : q.modes(), q == null ? null : q.hq(), q == null ? null : q.rkl(), q == null ? null : q.distance(), q == null ? null : q.fd(), trainer.featureNet(),
            lastLogged == null ? null : lastLogged.dLoss(), lastLogged == null ? null : lastLogged.gLoss(),
            provenance());
        return new TrialResult(summary, outcome.rows(), outcome.samples());
      }
    } catch (RuntimeException | OutOfMemoryError | UnsatisfiedLinkError e) {
      return failed(task, e, started);
    }
  }

  /** The FAILED result of a trial that threw {@code cause}: no metrics, the exception as error. */
  public static TrialResult failed(TrialTask task, Throwable cause, Instant started) {
    Instant now = Instant.now();
    TrialSummary summary = new TrialSummary(
        task, TrialStatus.FAILED, cause.getClass().getName() + ": " + cause.getMessage(), 0, null,
        (now.toEpochMilli() - started.toEpochMilli()) / 1e3, 0, host(), started, now,
        null, null, null, null, null, null, null, null, provenance());
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
