package io.gansweep.dispatch;

import io.gansweep.io.Compaction;
import io.gansweep.io.HadoopConf;
import io.gansweep.io.LeaseFence;
import io.gansweep.io.OutputLayout;
import io.gansweep.io.Publisher;
import io.gansweep.io.TrialStore;
import io.gansweep.search.SweepPlan;
import io.gansweep.spec.Resources;
import io.gansweep.train.TrialRunner;
import io.gansweep.trial.Values;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Runs a planned sweep on Spark: one task per pending trial (or per pack of trials with {@code
 * resources.pack}), longest first, each trial committing its own rows; committed trials of an
 * earlier run are skipped. Nothing here trains: executors do,
 * through {@link TrialTaskFunction}. The sweep's context runs Kryo with required registration
 * (everything gansweep sends is in {@link GansweepKryoRegistrator}); reading the results back
 * with Spark SQL happens in a separate session afterwards ({@code SweepReport}), because Spark
 * SQL's own jobs ship internal classes (StructType, DataType objects) that are not ours to list.
 */
public final class SparkSweep {

  /** Default master: embedded local Spark on every core. */
  public static final String LOCAL = "local[*]";

  private SparkSweep() {}

  /**
   * How to run.
   *
   * @param out output directory or Hadoop URI
   * @param master Spark master URL
   * @param conf extra Spark settings ({@code --conf k=v}), applied last
   * @param executor what a task calls to run a trial
   * @param compact whether a sweep that completes has its per-trial files compacted ({@link Compaction})
   * @param fence the fencing token of the run's lease, which every task checks before it trains and
   *     commits; null before the lease is taken ({@link #run} sets it)
   */
  public record Options(String out, String master, Map<String, String> conf, TrialExecutor executor, boolean compact, LeaseFence fence,
      int reportEvery) {
    public Options {
      conf = Map.copyOf(conf);
    }

    /** Options of a run, before its lease is taken, without a report while it runs. */
    public Options(String out, String master, Map<String, String> conf, TrialExecutor executor, boolean compact) {
      this(out, master, conf, executor, compact, null, 0);
    }

    /** These options with a partial report rewritten every {@code n} committed trials and every stage ({@link LiveReport}; 0: none). */
    public Options reportingEvery(int n) {
      return new Options(out, master, conf, executor, compact, fence, n);
    }

    /** Options of a run that compacts its sweep when it completes. */
    public Options(String out, String master, Map<String, String> conf, TrialExecutor executor) {
      this(out, master, conf, executor, true);
    }

    /** These options under the lease whose token is {@code fence}. */
    Options fencedBy(LeaseFence fence) {
      return new Options(out, master, conf, executor, compact, fence, reportEvery);
    }
  }

  /**
   * What happened.
   *
   * @param planned trials to train: the plan's (tpe: every one it asks), less those the screen dropped
   * @param skipped trials already committed before this run
   * @param ran trials this run trained and committed
   * @param dropped trials of the configurations the G-only screen dropped (not trained; 0 without a screen)
   * @param missing trial ids to train with no committed row after the run
   * @param timing where this run's time went
   */
  public record Outcome(int planned, int skipped, int ran, int dropped, List<String> missing, SweepTiming timing) {
    public boolean complete() {
      return missing.isEmpty();
    }
  }

  /** Spark could not start (its context failed to initialise): nothing ran and nothing was committed. */
  public static final class StartException extends IOException {
    private final String master;

    StartException(String master, Exception cause) {
      super("Cannot start Spark on " + master + ": " + cause.getMessage(), cause);
      this.master = master;
    }

    /** The master Spark was asked to start on. */
    public String master() {
      return master;
    }
  }

  /** The Spark configuration of a sweep: Kryo with required registration, task resources. */
  public static SparkConf conf(SweepPlan plan, Options o) {
    Resources r = plan.spec().resources();
    SparkConf c = new SparkConf()
        .setMaster(o.master())
        .setAppName("gansweep " + plan.sweepId())
        .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .set("spark.kryo.registrator", GansweepKryoRegistrator.class.getName())
        .set("spark.kryo.registrationRequired", "true")
        .set("spark.task.cpus", Integer.toString(r.cpusPerTrial()))
        .set("spark.ui.showConsoleProgress", "false") // its bar would interleave with the progress lines
        .set("spark.ui.enabled", Boolean.toString(!isLocal(o.master())));
    if (clusterGpus(r, o)) {
      c.set("spark.task.resource.gpu.amount", Values.canonical(r.gpusPerTrial()));
    }
    o.conf().forEach(c::set);
    return c;
  }

  /**
   * Makes this JVM's file-system accesses use the {@code spark.hadoop.*} settings of {@code conf}
   * ({@code --conf}) and of the {@code spark.*} system properties Spark reads, as Spark's own do
   * ({@link HadoopConf#use}): S3 credentials given as {@code --conf spark.hadoop.fs.s3a.*} reach
   * the lease, the commits and the compaction, not only Spark's reads. Call it before the first
   * file-system access of the output directory (a cached file system keeps its first settings).
   */
  public static void useHadoopSettings(Map<String, String> conf) {
    SparkConf c = new SparkConf();
    conf.forEach(c::set);
    Map<String, String> all = new java.util.HashMap<>();
    for (scala.Tuple2<String, String> kv : c.getAll()) {
      all.put(kv._1(), kv._2());
    }
    HadoopConf.use(HadoopConf.Settings.fromSpark(all));
  }

  /**
   * What the driver's Spark put into its Hadoop configuration beyond the classpath's defaults
   * ({@code spark.hadoop.*}, and what Spark derives itself): every task carries it to its
   * executor and uses it before its first file-system access ({@link TrialTaskFunction}, {@link
   * ScreenTaskFunction}), so executors commit with the driver's settings.
   */
  static HadoopConf.Settings hadoopSettings(JavaSparkContext jsc) {
    return HadoopConf.Settings.differences(jsc.hadoopConfiguration());
  }

  static boolean isLocal(String master) {
    return master.equals("local") || master.startsWith("local[");
  }

  /**
   * Runs every pending trial of the plan and reports what is committed afterwards. The run holds
   * the sweep's {@link SweepLease} throughout; it first finishes an interrupted compaction ({@link
   * Compaction#recover}) and removes the temporary files that killed attempts left ({@link
   * Publisher#removeLeftovers}), and when every trial is committed it compacts the sweep's files
   * (unless {@link Options#compact} is off). Every task and commit checks the lease's fencing
   * token ({@link SweepLease#fence}); when a heartbeat finds the lease taken by another run, the
   * run cancels its Spark jobs, and it ends with the refusal.
   *
   * @throws SweepLease.HeldException when another live run of the sweep holds its lease (before Spark starts)
   * @throws StartException when Spark cannot start (after the lease is taken, before anything is written)
   * @throws LeaseFence.FencedException when another run took the lease over while this one ran
   *     (its one line names the refused commit, or the run, the new owner and both generations)
   */
  public static Outcome run(SweepPlan plan, Options options, PrintWriter out) throws IOException {
    useHadoopSettings(options.conf());
    try (SweepLease lease = SweepLease.acquire(options.out(), plan.sweepId())) {
      if (lease.tookOverFrom() != null) {
        out.printf("lease: took over the stale lease of %s; this run holds generation %d%n", lease.tookOverFrom(), lease.generation());
      }
      Options o = options.fencedBy(lease.fence());
      prepare(o.out(), plan.sweepId(), o.fence(), out);
      Outcome outcome;
      JavaSparkContext jsc;
      try {
        jsc = new JavaSparkContext(conf(plan, o));
      } catch (Exception e) { // SparkException is checked but thrown undeclared from Scala
        throw new StartException(o.master(), e);
      }
      lease.onLost(jsc::cancelAllJobs); // the heartbeat found the lease taken: stop training what another run now trains
      LiveReport live = o.reportEvery() > 0 ? LiveReport.start(jsc, o.out(), plan.sweepId(), plan.trials().size(), o.reportEvery(), out)
          : null;
      try {
        SweepRecord.writeIfAbsent(o.out(), plan, TrialRunner.provenance(), jsc.version(), o.master());
        Set<String> dropped = plan.spec().screen() == null ? Set.of() : ScreenJob.run(jsc, plan, o, out);
        outcome = WaveSweep.run(jsc, plan, dropped, o, out); // every method, with or without rungs
      } catch (Exception e) { // SparkException is checked but thrown undeclared from Scala
        LeaseFence.FencedException fenced = fenced(e, lease, plan.sweepId());
        if (fenced != null) {
          throw fenced;
        }
        throw e; // as it came (precise rethrow: IOException, unchecked, or Spark's undeclared SparkException)
      } finally {
        if (live != null) {
          live.close(); // before the run's final analysis writes the report
        }
        jsc.stop();
      }
      if (o.compact() && outcome.complete()) {
        long t0 = System.nanoTime();
        Compaction.Result r = new Compaction(o.out()).fencedBy(o.fence()).compact(plan.sweepId());
        if (r.compactedAny()) {
          out.printf(Locale.ROOT, "compacted in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9,
              r.tables().stream().map(Compaction.TableResult::line).collect(Collectors.joining("; ")));
        }
      }
      o.fence().check("finish sweep " + plan.sweepId()); // a run that lost its lease never reports success
      return outcome;
    }
  }

  /**
   * Why a run that failed with {@code e} failed when another run took its lease: the refusal in
   * {@code e}'s causes (a task's or commit's, which names the trial), else the lease's own; null
   * when the lease is still this run's (or cannot be read: {@code e} says what failed).
   */
  static LeaseFence.FencedException fenced(Exception e, SweepLease lease, String sweepId) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof LeaseFence.FencedException f) {
        return f;
      }
    }
    try {
      lease.fence().check("run sweep " + sweepId);
      return null;
    } catch (LeaseFence.FencedException f) {
      return f;
    } catch (IOException unread) {
      e.addSuppressed(unread);
      return null;
    }
  }

  /** Whether the cluster schedules GPUs (GPU trials on a non-local master); local masters assign them round-robin. */
  static boolean clusterGpus(Resources res, Options o) {
    return res.gpusPerTrial() > 0 && !isLocal(o.master());
  }

  /** Task slots of the context as it stands: {@code defaultParallelism / cpus_per_trial}, at least 1. */
  static int slots(JavaSparkContext jsc, Resources res) {
    return Math.max(1, jsc.defaultParallelism() / res.cpusPerTrial());
  }

  /** How long {@link #registeredSlots} waits for a cluster's executors to stop registering. */
  static final long REGISTRATION_WAIT_MS = 30_000;

  /**
   * Task slots of the sweep's executors ({@link #slots}). On a cluster, executors register after the context starts (and Spark reports at least 2 slots
   * before any has), so this first waits until executors have registered and their count has held
   * still for 2 s, at most {@link #REGISTRATION_WAIT_MS}.
   */
  static int registeredSlots(JavaSparkContext jsc, Options o, Resources res) {
    if (!isLocal(o.master())) {
      long deadline = System.currentTimeMillis() + REGISTRATION_WAIT_MS;
      int seen = -1;
      long stableSince = System.currentTimeMillis();
      while (System.currentTimeMillis() < deadline) {
        int executors = jsc.sc().statusTracker().getExecutorInfos().length - 1; // less the driver
        if (executors != seen) {
          seen = executors;
          stableSince = System.currentTimeMillis();
        } else if (executors > 0 && System.currentTimeMillis() - stableSince >= 2_000) {
          break;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return slots(jsc, res);
  }

  /** Deletes what killed writers left in a sweep's folders: trials, metrics, samples, its record and analysis. */
  static int removeLeftovers(String out, String sweepId, LeaseFence fence) throws IOException {
    Publisher p = new Publisher();
    return new TrialStore(out).fencedBy(fence).removeLeftovers(sweepId) + p.removeLeftovers(OutputLayout.sweepDir(out, sweepId), 0)
        + p.removeLeftovers(OutputLayout.partition(out, OutputLayout.ANALYSIS, sweepId), 0);
  }

  /**
   * The tasks of a grid or random sweep: every trial of the plan not committed and not dropped,
   * in packs of {@code resources.pack}, longest first ({@link DispatchedPack#of}).
   */
  public static List<DispatchedPack> pendingPacks(SweepPlan plan, Set<String> committed, Set<String> dropped, String out) {
    return DispatchedPack.of(WaveSweep.pending(plan, plan.trials(), 0, committed, Map.of(), dropped, false, out), plan.spec().resources().pack());
  }

  /**
   * What every writer does first, under the sweep's lease: finishes an interrupted compaction,
   * removes temporary files killed attempts left, quarantines unreadable committed files, and takes
   * FAILED rows that will be retried out of compacted files (so the retry's row can replace them).
   * {@code run} and {@code trial} both call it; each step says in one line what it did, and each
   * checks {@code fence}, the lease's token, before it changes anything.
   */
  public static void prepare(String out, String sweepId, LeaseFence fence, PrintWriter log) throws IOException {
    Compaction compaction = new Compaction(out).fencedBy(fence);
    int swapped = compaction.recover(sweepId);
    if (swapped > 0) {
      log.printf("compaction: finished %d partition swaps an interrupted compaction left%n", swapped);
    }
    int removed = removeLeftovers(out, sweepId, fence);
    if (removed > 0) {
      log.printf("removed %d temporary files left by killed attempts%n", removed);
    }
    TrialStore store = new TrialStore(out).fencedBy(fence);
    List<String> quarantined = store.quarantineUnreadable(sweepId);
    if (!quarantined.isEmpty()) {
      log.printf("quarantined %d unreadable files to %s (their trials train again): %s%n", quarantined.size(),
          OutputLayout.partition(out, TrialStore.QUARANTINE, sweepId), String.join(", ", quarantined));
    }
    int inCompacted = store.failedInCompacted(sweepId).size();
    if (inCompacted > 0) { // an older gansweep compacted FAILED rows: the retry's row must be able to replace them
      compaction.compact(sweepId);
      log.printf("compaction: took %d FAILED trials out of compacted files, to train them again%n", inCompacted);
    }
  }
}
