package io.gansweep.train;

import io.gansweep.trial.Hyperparameter;
import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
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
    return run(task, Progress.NONE);
  }

  /**
   * Where a trial's rows go while it trains: after each evaluation before its last round, its rows
   * so far ({@link GanTrainer.Evaluated}). An exception it throws ends the trial FAILED (a writer
   * whose lease was taken over must stop); one that it can go on after, it keeps to itself.
   */
  @FunctionalInterface
  public interface Progress {
    /** Nowhere. */
    Progress NONE = (task, rows) -> {};

    void rows(TrialTask task, List<MetricRow> rows);
  }

  /** {@link #run(TrialTask)}, telling {@code progress} the trial's rows after each evaluation. */
  public static TrialResult run(TrialTask task, Progress progress) {
    return runSegment(task, null, task.config().get(Hyperparameter.STEPS), progress).ended();
  }

  /**
   * Runs trials that {@link PackedTrainer#packable} allows to share one stacked model (same device,
   * threads and feature-network folder, configs equal but for the per-trial keys, {@link PackedTrainer#perTrialNames}) as one pack; one result per task, in
   * order. Each trial's wall and training seconds are its share, the pack's divided by its size. A
   * pack that cannot be built or trained fails every one of its trials.
   */
  public static List<TrialResult> runPacked(List<TrialTask> tasks) {
    return runPacked(tasks, Progress.NONE);
  }

  /** {@link #runPacked(List)}, telling {@code progress} each trial's rows after each evaluation. */
  public static List<TrialResult> runPacked(List<TrialTask> tasks, Progress progress) {
    return runPackedSegment(tasks, List.of(), tasks.get(0).config().get(Hyperparameter.STEPS), progress).stream()
        .map(Segment::ended).toList();
  }

  /**
   * A trial's part of the rounds up to a rung: it ended there (completed, diverged or failed: a
   * result to commit) or paused healthy with a checkpoint. Exactly one of the two is set.
   */
  public record Segment(TrialResult ended, TrialCheckpoint paused) {
    public Segment {
      if ((ended == null) == (paused == null)) {
        throw new IllegalArgumentException("Cannot build segment: exactly one of result and checkpoint (got "
            + (ended == null ? "neither" : "both") + "; allowed one)");
      }
    }
  }

  /**
   * Trains one trial from {@code from} (null: from scratch) to round {@code until}. A checkpoint
   * already at {@code until} (a retried rung task whose row was not yet written) trains nothing.
   * Never throws for a problem of the trial itself (see the class comment).
   */
  public static Segment runSegment(TrialTask task, TrialCheckpoint from, int until) {
    return runSegment(task, from, until, Progress.NONE);
  }

  /** {@link #runSegment(TrialTask, TrialCheckpoint, int)}, telling {@code progress} the trial's rows after each evaluation. */
  public static Segment runSegment(TrialTask task, TrialCheckpoint from, int until, Progress progress) {
    if (from != null && from.step() == until) {
      return new Segment(null, from);
    }
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    try {
      try (NDManager manager = manager(task.threads(), task.device())) {
        GanTrainer trainer = from == null
            ? new GanTrainer(task.config(), manager, DataType.FLOAT32, System::nanoTime, task.pinned())
            : GanTrainer.resume(task.config(), manager, System::nanoTime, task.pinned(), from);
        GanTrainer.Outcome outcome = trainer.trainAllTo(until, step -> {}, (i, rows) -> progress.rows(task, rows)).get(0);
        return segment(task, outcome, trainer.featureNet(), (System.nanoTime() - t0) / 1e9, started);
      }
    } catch (RuntimeException | OutOfMemoryError | UnsatisfiedLinkError e) {
      return new Segment(failed(task, e, started), null);
    }
  }

  /**
   * {@link #runSegment} for a pack: {@code from} is empty (from scratch) or one checkpoint per
   * task. Trials whose checkpoint is already at {@code until} train nothing; the others must all
   * resume from one round and train as one pack.
   */
  public static List<Segment> runPackedSegment(List<TrialTask> tasks, List<TrialCheckpoint> from, int until) {
    return runPackedSegment(tasks, from, until, Progress.NONE);
  }

  /** {@link #runPackedSegment(List, List, int)}, telling {@code progress} each trial's rows after each evaluation. */
  public static List<Segment> runPackedSegment(List<TrialTask> tasks, List<TrialCheckpoint> from, int until, Progress progress) {
    Segment[] out = new Segment[tasks.size()];
    List<Integer> train = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      if (!from.isEmpty() && from.get(i).step() == until) {
        out[i] = new Segment(null, from.get(i));
      } else {
        train.add(i);
      }
    }
    if (train.isEmpty()) {
      return List.of(out);
    }
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    List<TrialTask> packed = train.stream().map(tasks::get).toList();
    try {
      TrialTask first = packed.get(0);
      try (NDManager manager = manager(first.threads(), first.device())) {
        PackedTrainer trainer = new PackedTrainer(packed.stream().map(TrialTask::config).toList(), manager, System::nanoTime,
            from.isEmpty() ? List.of() : train.stream().map(from::get).toList(), first.pinned());
        List<GanTrainer.Outcome> outcomes = trainer.trainTo(until, (i, rows) -> progress.rows(packed.get(i), rows));
        double share = (System.nanoTime() - t0) / 1e9 / packed.size();
        for (int j = 0; j < packed.size(); j++) {
          out[train.get(j)] = segment(packed.get(j), outcomes.get(j), trainer.featureNet(), share, started);
        }
      }
    } catch (RuntimeException | OutOfMemoryError | UnsatisfiedLinkError e) {
      for (int j = 0; j < packed.size(); j++) {
        out[train.get(j)] = new Segment(failed(packed.get(j), e, started), null);
      }
    }
    return List.of(out);
  }

  private static Segment segment(TrialTask task, GanTrainer.Outcome outcome, String featureNet, double wallSeconds, Instant started) {
    return outcome.checkpoint() != null ? new Segment(null, outcome.checkpoint())
        : new Segment(result(task, outcome, featureNet, wallSeconds, started), null);
  }

  /**
   * The PRUNED result of a trial paused at {@code at}: the rows, grids and points it recorded up
   * to its rung, its latest quality as the final one, and {@code reason} as its error.
   */
  public static TrialResult pruned(TrialTask task, TrialCheckpoint at, String reason) {
    Instant now = Instant.now();
    MetricRow lastLogged = at.rows().stream().filter(r -> r.dLoss() != null).reduce((a, b) -> b).orElse(null);
    TrialSummary summary = new TrialSummary(task, TrialStatus.PRUNED, reason, at.step(), null, at.trainSeconds(), at.trainSeconds(),
        host(), now, now, at.latest(), null, lastLogged == null ? null : lastLogged.dLoss(),
        lastLogged == null ? null : lastLogged.gLoss(), provenance());
    return new TrialResult(summary, at.rows(), at.grids(), at.points());
  }

  /**
   * The PRUNED result of a trial whose checkpoint cannot be read: the prune decision stands (it was
   * made on committed rung rows), the rows the checkpoint held are lost, and the error says so.
   */
  public static TrialResult prunedWithoutCheckpoint(TrialTask task, String reason, String unreadable) {
    Instant now = Instant.now();
    TrialSummary summary = new TrialSummary(task, TrialStatus.PRUNED, reason + "; its checkpoint could not be read (" + unreadable
        + "), so its metrics before the rung are lost", 0, null, 0, 0, host(), now, now, null, null, null, null, provenance());
    return new TrialResult(summary, List.of(), List.of(), null);
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
        task, TrialStatus.FAILED, describe(cause), 0, null,
        (now.toEpochMilli() - started.toEpochMilli()) / 1e3, 0, host(), started, now,
        null, null, null, null, provenance());
    return new TrialResult(summary, List.of(), List.of());
  }

  /** A failure as its rows record it: the exception's class and message. */
  public static String describe(Throwable cause) {
    return cause.getClass().getName() + ": " + cause.getMessage();
  }

  /**
   * The base manager a trial trains in, on {@code device}, with libtorch's intra-op threads set
   * for the calling thread. The count goes through DJL's {@code ai.djl.pytorch.num_threads}
   * property, which the engine reads once when it loads: the first trial of a JVM decides for all
   * later ones (a sweep gives every trial the same cpus_per_trial; an explicit
   * -Dai.djl.pytorch.num_threads wins). libtorch's own loops read that count from any thread, but
   * MKL's and OpenMP's counts are per thread, and a Spark task runs on whichever pool thread it
   * gets: a thread that never set them used OMP_NUM_THREADS, or every core. On an AVX-512 Xeon
   * (2026-12-04) that made a trial's rows depend on where it ran: local[2] differed from the
   * standalone cluster's executors (whose OMP_NUM_THREADS Spark sets from spark.task.cpus,
   * SPARK-41188) by up to 1e-4 in a final distance after 600 rounds. So every trial sets them again on
   * its own thread, once the engine is loaded.
   */
  static NDManager manager(int threads, String device) {
    int pinned = intraOpThreads(threads);
    NDManager manager = NDManager.newBaseManager(device(device), ENGINE);
    if (pinned > 0) {
      try {
        JniUtils.setNumThreads(pinned);
      } catch (RuntimeException | UnsatisfiedLinkError e) {
        manager.close();
        throw e;
      }
    }
    return manager;
  }

  /**
   * The intra-op thread count of this JVM: an explicit {@code ai.djl.pytorch.num_threads}, read
   * as the engine reads it ({@link Integer#getInteger}), or else {@code threads}, set as that
   * property for the engine to read when it loads; 0 when neither says. A property that is not a
   * positive integer is refused, not ignored.
   */
  private static synchronized int intraOpThreads(int threads) {
    String explicit = System.getProperty(THREADS_PROPERTY);
    if (explicit == null) {
      if (threads > 0) {
        System.setProperty(THREADS_PROPERTY, Integer.toString(threads));
      }
      return Math.max(threads, 0);
    }
    Integer n = Integer.getInteger(THREADS_PROPERTY);
    if (n == null || n < 1) {
      throw new IllegalArgumentException("Cannot set intra-op threads: " + THREADS_PROPERTY + " is not a positive integer (got '"
          + explicit + "'; allowed 1, 2, ...)");
    }
    return n;
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
