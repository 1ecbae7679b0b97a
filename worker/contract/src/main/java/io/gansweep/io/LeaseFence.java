package io.gansweep.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The fencing token of one holder of a sweep's lease ({@code OUT/sweeps/<id>/lease}, written by
 * the driver's {@code SweepLease}): the lease file's path, the holder's {@code token} (a UUID per
 * acquisition) and its {@code generation} (one more than the sweep's last lease, taken over or
 * released; 1 for the sweep's first). Every commit into a sweep checks it first ({@link #check}):
 * when the lease file no longer holds this token, another run has taken the sweep over (this one
 * was paused, partitioned or slow past the lease's timeout) and the commit is refused with {@link
 * FencedException} instead of writing beside the new holder. Each generation is claimed first-wins
 * ({@link #claim}), so a claim of the next generation refuses this holder even while a late
 * heartbeat of its own has written its token back into the lease file. It is a record of strings so that it
 * travels with every Spark task (executors are other JVMs on a cluster) and is checked where the
 * rows are written, as HDFS's lease and ZooKeeper-style fencing tokens are.
 *
 * <p>The token tells holders apart; the generation orders them and says in the refusal how many
 * holders came between. It only grows: a release records its generation beside the lease ({@code
 * sweeps/<id>/lease-generation}) and the next holder takes one more, so a writer paused across a
 * release and a new acquisition meets a higher generation, never its own.
 *
 * <p><b>What remains: check, then write.</b> The file system offers no conditional write, so a
 * commit reads the lease and writes a few milliseconds later; a takeover can fall between the two
 * only if the writer stalls exactly there (a GC pause, SIGSTOP) for longer than the takeover needs:
 * the lease must first go without a heartbeat for the stale timeout (60 s; the holder's driver
 * refreshes it every 10 s), so the stall must last at least the timeout less one heartbeat period
 * and fall between a check and its rename. On a cluster, where executors go on while their driver
 * is the one paused, an executor's commit can also straddle the takeover by chance: the takeover
 * must then fall within those milliseconds. Such a commit is one trial's complete rows, which the
 * new holder trains again identically (same seed; the first trials row wins): the double compute
 * the lease exists to avoid, never a partial or mixed row. HDFS leaves its lease the same window
 * (a client paused past the soft limit learns at its next call); closing it would need a
 * compare-and-swap on the file system.
 *
 * @param file the lease file ({@code OUT/sweeps/<id>/lease}, a path or Hadoop URI)
 * @param sweepId the sweep
 * @param owner the holder, {@code host/pid} of its driver
 * @param token the holder's token, unique per acquisition
 * @param generation the holder's generation, from 1
 */
public record LeaseFence(String file, String sweepId, String owner, String token, long generation) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Reads of a lease that changed while it was read (S3: replaced by a heartbeat) before {@link #read} gives up. */
  static final int CHANGED_READS = 3;

  /** How long {@link #check} waits before it reads a lease again that it found absent. */
  static final long ABSENT_RETRY_MS = 200;

  public LeaseFence {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(sweepId, "sweepId");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(token, "token");
    if (generation < 1) {
      throw new IllegalArgumentException("Cannot build the fence of sweep " + sweepId + ": generation below 1 (got " + generation
          + "; allowed 1 or more)");
    }
  }

  /**
   * A commit refused because the sweep's lease is no longer this writer's: its message is the
   * one line the run prints before it exits 1.
   */
  public static final class FencedException extends IOException {
    private static final long serialVersionUID = 1L;

    public FencedException(String message) {
      super(message);
    }
  }

  /** {@link #check(String, Configuration)} with this JVM's Hadoop configuration. */
  public void check(String what) throws IOException {
    check(what, HadoopConf.create());
  }

  /**
   * Returns when this holder's generation is still the sweep's latest (no claim of the next one,
   * {@link #claim}) and the lease file holds its token (or, while a late heartbeat of the holder it
   * took over from has written over it, the claim of its generation does); otherwise throws {@link FencedException}
   * naming {@code what} was refused ({@code "commit trial <id>"}), the new holder and both
   * generations. A lease found absent is read once more after {@link #ABSENT_RETRY_MS}: on a
   * file system without an atomic replace the holder's heartbeat deletes it for a moment.
   *
   * @throws IOException when the lease cannot be read at all (the commit is not made either)
   */
  public void check(String what, Configuration conf) throws IOException {
    Path path = new Path(file);
    FileSystem fs = path.getFileSystem(conf);
    Map<String, String> now = read(fs, path);
    if (now == null) {
      try {
        Thread.sleep(ABSENT_RETRY_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      now = read(fs, path);
    }
    Map<String, String> next = read(fs, claim(path, generation + 1));
    if (now != null && next == null && (token.equals(now.get("token")) || token.equals(claimToken(fs, path, generation)))) {
      return;
    }
    throw new FencedException(refusal(what, next != null && (now == null || generationOf(now) <= generation) ? next : now));
  }

  /**
   * The claim of a generation of the lease {@code leaseFile}: {@code sweeps/<id>/lease-claims/<generation>},
   * published first-wins (a hard link locally, a rename on HDFS, a conditional create on S3), so of
   * the runs that take a lease over together exactly one gets its generation. The claims, not the
   * lease file, say who holds a generation: a claim of the next generation means this one was taken
   * over, whatever the lease file says (a late heartbeat of the old holder may have written it).
   */
  public static Path claim(Path leaseFile, long generation) {
    return new Path(new Path(leaseFile.getParent(), CLAIMS), Long.toString(generation));
  }

  /** The folder of the lease's claims, beside the lease. */
  public static final String CLAIMS = "lease-claims";

  /** The token in the claim of {@code generation}, or null when there is none. */
  private static String claimToken(FileSystem fs, Path leaseFile, long generation) throws IOException {
    Map<String, String> c = read(fs, claim(leaseFile, generation));
    return c == null ? null : c.get("token");
  }

  /** The one line of a refused {@code what}, given the lease file's fields now (null: no lease file). */
  public String refusal(String what, Map<String, String> now) {
    if (now == null) {
      return String.format("Cannot %s: the lease of sweep %s was released by a run that took it over (got no lease at %s;"
          + " allowed generation %d of %s)", what, sweepId, file, generation, owner);
    }
    return String.format("Cannot %s: the lease of sweep %s was taken by %s (got generation %d; allowed %d)", what, sweepId,
        now.getOrDefault("owner", "?"), generationOf(now), generation);
  }

  /** The generation a lease's fields record; 0 when they record none (a lease an older gansweep wrote). */
  public static long generationOf(Map<String, String> lease) {
    try {
      return Long.parseLong(lease.getOrDefault("generation", "0").strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * The fields of a lease file ({@code key: value} lines; {@code #} comments skipped), or null when
   * there is none (one replaced while it was read is read again). Read through java.nio on local file systems, as {@link Publisher} writes there
   * (a read through Hadoop's local file system costs a checksum lookup more), through Hadoop
   * elsewhere.
   */
  public static Map<String, String> read(FileSystem fs, Path file) throws IOException {
    byte[] bytes;
    if (Publisher.strategy(fs.getScheme()) == Publisher.Strategy.LOCAL) {
      try {
        bytes = Files.readAllBytes(Publisher.local(fs, file));
      } catch (NoSuchFileException e) {
        return null;
      }
    } else {
      for (int attempt = 1; ; attempt++) {
        try (InputStream in = fs.open(file)) {
          bytes = in.readAllBytes();
          break;
        } catch (FileNotFoundException e) {
          return null;
        } catch (IOException e) {
          // S3A opens an object at one version (its ETag) and reads it with If-Match: a heartbeat that
          // replaced the lease in between makes the store answer 412. Read the new version.
          if (Publisher.httpStatus(e) != 412 || attempt == CHANGED_READS) {
            throw e;
          }
        }
      }
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      int colon = line.indexOf(": ");
      if (!line.startsWith("#") && colon > 0) {
        m.put(line.substring(0, colon), line.substring(colon + 2));
      }
    }
    return m;
  }
}
