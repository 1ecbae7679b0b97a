package io.gansweep.dispatch;

import io.gansweep.io.HadoopConf;
import io.gansweep.io.LeaseFence;
import io.gansweep.io.OutputLayout;
import io.gansweep.io.Publisher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;

/**
 * The lease of a running sweep, {@code OUT/sweeps/<sweep_id>/lease}: one run of a sweep into one
 * output directory at a time (a second run would train every pending trial again: the data stays
 * right, the compute doubles). As Optuna's heartbeat does for trials, the file names its owner
 * ({@code host/pid}), its start and a heartbeat that the running driver refreshes every {@link
 * #HEARTBEAT_EVERY}; a lease whose heartbeat is older than {@link #STALE_AFTER} belongs to a run
 * that died (killed, lost machine) and is taken over, so a crash never blocks a resume; so is,
 * at once, a lease whose owner is a process of this host that no longer runs.
 *
 * <p>Written through the Hadoop FileSystem API ({@link Publisher}), so it works wherever the output
 * does: the first lease is published with {@code KEEP} (one winner on local file systems and
 * HDFS), each heartbeat with {@code REPLACE}. Staleness compares the heartbeat, written by the
 * owner's clock, with the reader's clock: hosts are assumed to agree within seconds (NTP), far
 * below the timeout.
 *
 * <p><b>Fencing.</b> The lease also holds a {@code generation}, one more than the last one of the
 * sweep (the lease it took over, or the one released last, which a release records in {@code
 * OUT/sweeps/<id>/lease-generation}; 1 for the sweep's first), so generations only grow, across
 * releases too, and a token unique to this acquisition; {@link #fence()} is the pair as
 * a {@link LeaseFence}, which travels with every Spark task and is checked before every commit
 * (trial, rung and screen rows, checkpoints, compaction swaps): a run that was paused, partitioned
 * or slow past the timeout while another took its sweep over commits nothing more, and stops with
 * one line ({@link LeaseFence.FencedException}). The heartbeat that finds the lease taken tells the
 * {@link #onLost} listeners (the run cancels its Spark jobs) instead of only saying so. Every
 * acquisition first claims its generation ({@link LeaseFence#claim}, first-wins on every store),
 * so of two runs that find one stale lease in the same instant exactly one takes it over. A
 * heartbeat (read, then replace) of a run paused across a takeover can still write over the lease
 * file once; the claim of the next generation refuses that run's commits and next heartbeat, and
 * the new holder's next heartbeat writes its lease back. What check-then-write leaves open for a
 * commit (a writer stalled for about the timeout between a check and its rename) is described in
 * {@link LeaseFence}.
 */
public final class SweepLease implements AutoCloseable {

  /** How often the running driver refreshes its heartbeat. */
  public static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(10);

  /** A lease whose heartbeat is older than this is stale (its run is gone) and is taken over. */
  public static final Duration STALE_AFTER = Duration.ofSeconds(60);

  /** Another live run holds the lease. */
  public static final class HeldException extends IOException {
    private static final long serialVersionUID = 1L;

    HeldException(String message) {
      super(message);
    }
  }

  private final Path file;
  private final String sweepId;
  private final FileSystem fs;
  private final Publisher publisher;
  private final String token = UUID.randomUUID().toString();
  private final String owner;
  private final Instant started = Instant.now();
  private final Duration heartbeatEvery;
  private final Duration staleAfter;
  private final ScheduledExecutorService beats;
  private final String tookOverFrom;
  private final long generation;
  private final List<Runnable> onLost = new CopyOnWriteArrayList<>();
  private volatile String lost;

  private SweepLease(Path file, String sweepId, FileSystem fs, Publisher publisher, Duration heartbeatEvery, Duration staleAfter,
      String tookOverFrom, long generation) {
    this.file = file;
    this.sweepId = sweepId;
    this.fs = fs;
    this.publisher = publisher;
    this.owner = host() + "/" + ProcessHandle.current().pid();
    this.heartbeatEvery = heartbeatEvery;
    this.staleAfter = staleAfter;
    this.tookOverFrom = tookOverFrom;
    this.generation = generation;
    this.beats = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "gansweep-lease-heartbeat");
      t.setDaemon(true);
      return t;
    });
    this.beats.scheduleAtFixedRate(this::beat, heartbeatEvery.toMillis(), heartbeatEvery.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The lease file of a sweep. */
  public static Path path(String out, String sweepId) {
    return new Path(OutputLayout.sweepDir(out, sweepId), "lease");
  }

  /**
   * The record a release leaves beside the lease, {@code OUT/sweeps/<id>/lease-generation}: the
   * generation of the sweep's last lease, so that the next one is one more, never 1 again.
   */
  public static Path releasedPath(String out, String sweepId) {
    return new Path(OutputLayout.sweepDir(out, sweepId), RELEASED);
  }

  private static final String RELEASED = "lease-generation";

  /** The generation a release recorded beside {@code file} ({@link #releasedPath}); 0 when none was. */
  private static long released(FileSystem fs, Path file) throws IOException {
    Map<String, String> r = read(fs, new Path(file.getParent(), RELEASED));
    return r == null ? 0 : LeaseFence.generationOf(r);
  }

  /** Acquires the sweep's lease for a run, with the documented heartbeat and timeout. */
  public static SweepLease acquire(String out, String sweepId) throws IOException {
    return acquire(out, sweepId, "run", HEARTBEAT_EVERY, STALE_AFTER);
  }

  /**
   * Acquires the sweep's lease to {@code verb} it ({@code "compact"}: {@code gansweep compact}
   * holds it like a run), with the documented heartbeat and timeout.
   */
  public static SweepLease acquire(String out, String sweepId, String verb) throws IOException {
    return acquire(out, sweepId, verb, HEARTBEAT_EVERY, STALE_AFTER);
  }

  /**
   * Acquires the sweep's lease to run it with another heartbeat and timeout: tests shorten {@code
   * staleAfter} to take over a live run's lease at once, as a run does after the owner's pause.
   */
  static SweepLease acquire(String out, String sweepId, Duration heartbeatEvery, Duration staleAfter) throws IOException {
    return acquire(out, sweepId, "run", heartbeatEvery, staleAfter);
  }

  /**
   * Acquires the sweep's lease: a new one, or a stale one taken over; its generation is one more
   * than the lease taken over or the last one released, whichever is higher (1 for the sweep's first).
   *
   * @throws HeldException when a live run holds it (one line: owner, start, heartbeat age)
   */
  private static SweepLease acquire(String out, String sweepId, String verb, Duration heartbeatEvery, Duration staleAfter)
      throws IOException {
    Path file = path(out, sweepId);
    Configuration conf = HadoopConf.create();
    FileSystem fs = file.getFileSystem(conf);
    Publisher publisher = new Publisher(conf);
    for (int attempt = 0; attempt < 3; attempt++) {
      if (attempt > 0) {
        sleep(50L * attempt); // another run was placing its lease: let it finish before looking again
      }
      Map<String, String> held = read(fs, file);
      String tookOver = null;
      if (held != null) {
        Duration age = heartbeatAge(held);
        if (age.compareTo(staleAfter) <= 0 && !deadOnThisHost(held.get("owner"))) {
          throw new HeldException(String.format(
              "Cannot %s sweep %s: another run holds its lease in %s (got owner %s, started %s, last heartbeat %d s ago;"
                  + " allowed one run of a sweep per output directory at a time; a lease without a heartbeat for %d s is stale"
                  + " and taken over)", verb, sweepId, out, held.get("owner"), held.get("started_at"), age.toSeconds(), staleAfter.toSeconds()));
        }
        tookOver = held.getOrDefault("owner", "?") + " (last heartbeat " + age.toSeconds() + " s ago)";
      }
      long generation = Math.max(held == null ? 0 : LeaseFence.generationOf(held), released(fs, file)) + 1;
      Map<String, String> claimed = read(fs, LeaseFence.claim(file, generation));
      while (claimed != null && (claimAge(claimed).compareTo(CLAIM_STALE_AFTER) > 0
          || deadOnThisHost(claimed.get("owner")))) { // its claimant died before it wrote the lease
        claimed = read(fs, LeaseFence.claim(file, ++generation));
      }
      if (claimed != null) {
        continue; // another run is taking this generation now
      }
      SweepLease lease = new SweepLease(file, sweepId, fs, publisher, heartbeatEvery, staleAfter, tookOver, generation);
      // The claim decides: first-wins on every store, so of two runs that take one lease over together one gets the generation.
      if (publisher.publish(LeaseFence.claim(file, generation), Publisher.IfPresent.KEEP, lease.claimContent())
          && publisher.publish(file, held == null ? Publisher.IfPresent.KEEP : Publisher.IfPresent.REPLACE, lease.content())) {
        Map<String, String> now = read(fs, file);
        if (now != null && lease.token.equals(now.get("token"))) {
          return lease;
        }
      }
      lease.beats.shutdownNow(); // another run placed its claim or lease first: look again
    }
    throw new HeldException("Cannot " + verb + " sweep " + sweepId + ": its lease in " + out
        + " changed owner while this run tried to take it (got 3 attempts; allowed one run of a sweep per output directory at a time)");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A claim of a generation whose lease never appeared is a claimant that died between the two
   * writes (milliseconds apart) after this long; the next run takes the generation after it.
   */
  static final Duration CLAIM_STALE_AFTER = STALE_AFTER;

  /** Time since a claim was made; one without a readable time counts as old. */
  private static Duration claimAge(Map<String, String> claim) {
    try {
      return Duration.between(Instant.parse(claim.getOrDefault("claimed_at", "")), Instant.now());
    } catch (DateTimeParseException e) {
      return Duration.ofDays(365);
    }
  }

  /** The claim of this lease's generation ({@link LeaseFence#claim}): who took it, when. */
  private byte[] claimContent() {
    return ("# gansweep: the claim of one generation of this sweep's lease; the first run to write it holds that generation.\n"
        + "owner: " + owner + "\ntoken: " + token + "\ngeneration: " + generation + "\nclaimed_at: " + Instant.now() + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The owner of the stale lease this one took over (with its heartbeat's age), or null. */
  public String tookOverFrom() {
    return tookOverFrom;
  }

  /** {@code host/pid} of this run. */
  public String owner() {
    return owner;
  }

  /** This lease's generation: 1 when it was new, one more than the lease it took over. */
  public long generation() {
    return generation;
  }

  /** The fencing token every commit of this run checks ({@link LeaseFence#check}). */
  public LeaseFence fence() {
    return new LeaseFence(file.toString(), sweepId, owner, token, generation);
  }

  /**
   * Runs {@code listener} (once, on the heartbeat's thread) when a heartbeat finds that the lease
   * is no longer this run's; at once when one has already.
   */
  public void onLost(Runnable listener) {
    onLost.add(listener);
    if (lost != null && onLost.remove(listener)) {
      listener.run();
    }
  }

  /** Whether a heartbeat has found the lease taken by another run. */
  public boolean lost() {
    return lost != null;
  }

  private byte[] content() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("owner", owner);
    m.put("token", token);
    m.put("generation", Long.toString(generation));
    m.put("started_at", started.toString());
    m.put("heartbeat_at", Instant.now().toString());
    m.put("heartbeat_every_seconds", Long.toString(heartbeatEvery.toSeconds()));
    m.put("stale_after_seconds", Long.toString(staleAfter.toSeconds()));
    StringBuilder sb = new StringBuilder("# gansweep run lease: one run of this sweep into this output directory at a time.\n");
    m.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Refreshes the heartbeat while the lease is still this run's; when it is not, stops beating and
   * tells the {@link #onLost} listeners (the run's one line comes from its refused commits or its
   * end, {@link LeaseFence#check}; the log file records the heartbeat's finding).
   */
  void beat() {
    try {
      Map<String, String> next = read(fs, LeaseFence.claim(file, generation + 1));
      Map<String, String> now = next == null ? read(fs, file) : next;
      boolean mine = next == null && now != null && (token.equals(now.get("token"))
          || token.equals(java.util.Objects.requireNonNullElse(read(fs, LeaseFence.claim(file, generation)), Map.<String, String>of())
              .get("token"))); // a late heartbeat of the run it took over wrote over it: this beat writes it back
      if (!mine) {
        lost = fence().refusal("refresh the lease", now);
        LogManager.getLogger(SweepLease.class).error(lost);
        beats.shutdown();
        for (Runnable r : onLost) {
          if (onLost.remove(r)) {
            try {
              r.run();
            } catch (RuntimeException e) {
              LogManager.getLogger(SweepLease.class).error("Cannot stop the run that lost its lease: " + e.getMessage(), e);
            }
          }
        }
        return;
      }
      publisher.publish(file, Publisher.IfPresent.REPLACE, content());
    } catch (IOException | RuntimeException e) {
      System.err.printf("gansweep: could not refresh the lease %s: %s%n", file, e.getMessage());
    }
  }

  /**
   * Stops the heartbeat and, if the lease is still this run's, records its generation ({@link
   * #releasedPath}) and then deletes it: a writer of an earlier generation, paused across this
   * release and the next acquisition, meets a higher generation, never its own again.
   */
  @Override
  public void close() throws IOException {
    beats.shutdownNow();
    try {
      beats.awaitTermination(10, TimeUnit.SECONDS); // a beat under way would write the lease back after its release
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Map<String, String> now = read(fs, file);
    if (now != null && token.equals(now.get("token")) && read(fs, LeaseFence.claim(file, generation + 1)) == null) {
      publisher.publish(new Path(file.getParent(), RELEASED), Publisher.IfPresent.REPLACE,
          ("# gansweep: the generation of this sweep's last lease; the next lease's is one more.\ngeneration: " + generation + "\n")
              .getBytes(StandardCharsets.UTF_8));
      fs.delete(file, false);
      Path claims = new Path(file.getParent(), LeaseFence.CLAIMS);
      if (fs.exists(claims)) { // the record says the generation now; a claim is only needed while its lease is held
        for (org.apache.hadoop.fs.FileStatus c : fs.listStatus(claims)) {
          String name = c.getPath().getName();
          if (name.matches("[0-9]+") && Long.parseLong(name) <= generation) {
            fs.delete(c.getPath(), false);
          }
        }
        if (fs.listStatus(claims).length == 0) {
          fs.delete(claims, false); // an empty folder left behind would keep a sweep folder that held nothing else
        }
      }
    }
  }

  /**
   * Deletes the record of released generations of a sweep whose folder a run created and that
   * wrote nothing else (Spark never started): no earlier holder exists to fence off.
   */
  public static void forgetReleased(String out, String sweepId) throws IOException {
    Path p = releasedPath(out, sweepId);
    p.getFileSystem(HadoopConf.create()).delete(p, false);
  }

  /**
   * Who holds the sweep's lease now, read without taking it ("host/pid since 2026-12-07T20:01:02Z,
   * last heartbeat 4 s ago"), or empty when no live run does (no lease, a stale one, or one of a
   * process of this host that is gone): what {@code gansweep status} says of a running sweep.
   */
  public static java.util.Optional<String> holder(String out, String sweepId) throws IOException {
    Path file = path(out, sweepId);
    Map<String, String> held = read(file.getFileSystem(HadoopConf.create()), file);
    if (held == null) {
      return java.util.Optional.empty();
    }
    Duration age = heartbeatAge(held);
    if (age.compareTo(STALE_AFTER) > 0 || deadOnThisHost(held.get("owner"))) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(String.format("%s since %s, last heartbeat %d s ago", held.getOrDefault("owner", "?"),
        held.getOrDefault("started_at", "?"), age.toSeconds()));
  }

  /** The lease's fields, or null when there is none ({@link LeaseFence#read}). */
  static Map<String, String> read(FileSystem fs, Path file) throws IOException {
    return LeaseFence.read(fs, file);
  }

  /**
   * Whether {@code owner} ({@code host/pid}) names a process of this host that is no longer
   * running: a run killed here (SIGKILL, Ctrl-C) frees its sweep at once, without waiting for the
   * timeout.
   */
  static boolean deadOnThisHost(String owner) {
    if (owner == null || !owner.startsWith(host() + "/")) {
      return false;
    }
    try {
      long pid = Long.parseLong(owner.substring(owner.lastIndexOf('/') + 1));
      return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Time since the lease's heartbeat; a lease without a readable one counts as stale. */
  static Duration heartbeatAge(Map<String, String> lease) {
    try {
      return Duration.between(Instant.parse(lease.getOrDefault("heartbeat_at", "")), Instant.now());
    } catch (DateTimeParseException e) {
      return Duration.ofDays(365);
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
