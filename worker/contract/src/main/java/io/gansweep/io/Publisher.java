package io.gansweep.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;

/**
 * Publishes a file so that a reader sees the whole file or none of it (never a partial one), the
 * one way every gansweep output file is written: trials and metrics rows, sample grids, the sweep
 * record, the analysis tables and the pinned feature network.
 *
 * <p>The content is written to a hidden temporary file beside the target, {@code
 * .<name>.<uuid>.tmp} (Spark, Hadoop and {@code *.parquet} globs skip names that start with a dot),
 * then moved into place. What "into place" means when the target already exists is the caller's
 * choice: {@link IfPresent#REPLACE} (a newer version wins; used for metrics rows of a retried
 * trial) or {@link IfPresent#KEEP} (the first file wins and never disappears, even for a moment;
 * used for the trials row, the commit marker). Guarantees per file system:
 *
 * <ul>
 *   <li><b>Local</b> ({@code file:}): the move is {@code rename(2)} through {@link
 *       Files#move} with {@code ATOMIC_MOVE}, which replaces an existing target atomically: a
 *       reader opening the name gets the old file or the new one, never none. {@code KEEP} links
 *       the temporary file to the target name ({@code link(2)}, which fails if the name exists),
 *       so of two racing first publishers exactly one wins.
 *   <li><b>HDFS</b> (and other file systems with atomic rename): {@code KEEP} is {@link
 *       FileSystem#rename}, which on HDFS fails when the target exists (one winner, atomically in
 *       the NameNode); {@code REPLACE} is {@link FileContext#rename} with {@code OVERWRITE}, also
 *       one NameNode operation. A file system without a {@link FileContext} falls back to delete
 *       then rename, where a reader can briefly see no file.
 *   <li><b>Object stores</b> ({@code s3a:}, {@code s3:}, {@code s3n:}, {@code gs:}, {@code oss:},
 *       {@code cos:}): a rename is a copy, so nothing is staged: the content is written straight to
 *       the target, and the store makes an object visible only when its upload completes (whole or
 *       not at all; a replaced object is swapped for the new one). {@code KEEP} is a conditional
 *       create where the connector offers one (S3A 3.4.2+: the upload carries {@code
 *       If-None-Match: *} and the store refuses it, 412, when the name is taken), so of two racing
 *       first publishers exactly one wins; elsewhere (an older S3A, {@code
 *       fs.s3a.create.conditional.enabled=false}, a store that answers 501) it checks existence
 *       before writing, and two racing first publishers of one name can both write: the object
 *       left is one complete file of the two.
 * </ul>
 *
 * <p>A killed writer can leave its hidden temporary file behind; {@link #removeLeftovers} deletes
 * them ({@code gansweep run} does at start, under its lease).
 */
public final class Publisher {

  /** What to do when the target already exists. */
  public enum IfPresent {
    /** Replace it atomically with the new content. */
    REPLACE,
    /** Keep it; the new content is discarded. */
    KEEP
  }

  /** Writes the whole content to the path it is given (a temporary file, or the target itself on object stores). */
  @FunctionalInterface
  public interface Content {
    void writeTo(FileSystem fs, Path path) throws IOException;
  }

  /** How a file system's files are put in place. */
  enum Strategy {
    LOCAL,
    RENAME,
    DIRECT
  }

  /** Schemes of object stores, where a rename is a copy and an upload becomes visible whole. */
  static final Set<String> OBJECT_STORES = Set.of("s3a", "s3", "s3n", "gs", "oss", "cos");

  private final Configuration conf;

  public Publisher(Configuration conf) {
    this.conf = conf;
  }

  public Publisher() {
    this(HadoopConf.create());
  }

  static Strategy strategy(String fileSystemScheme) {
    String scheme = fileSystemScheme.toLowerCase(Locale.ROOT);
    if (scheme.equals("file")) {
      return Strategy.LOCAL;
    }
    return OBJECT_STORES.contains(scheme) ? Strategy.DIRECT : Strategy.RENAME;
  }

  /** Publishes {@code bytes} as {@code target}; see {@link #publish(Path, IfPresent, Content)}. */
  public boolean publish(Path target, IfPresent ifPresent, byte[] bytes) throws IOException {
    return publish(target, ifPresent, (fs, p) -> {
      if (strategy(fs.getScheme()) == Strategy.LOCAL) {
        Files.write(local(fs, p), bytes);
        return;
      }
      try (FSDataOutputStream o = fs.create(p, true)) {
        o.write(bytes);
      }
    });
  }

  /**
   * Where a {@link Content} writes a Parquet file: on local file systems straight through
   * java.nio ({@link LocalOutputFile}), elsewhere through Hadoop ({@link HadoopOutputFile}).
   * Hadoop's local file system took 6-9 ms to create and close an empty file on the 2-core
   * bench machine (2026-12-03), more than Parquet took to write a trials row (2-3 ms); a sweep
   * commits three files per trial.
   */
  public static OutputFile parquetFile(FileSystem fs, Path p, Configuration conf) throws IOException {
    return strategy(fs.getScheme()) == Strategy.LOCAL ? new LocalOutputFile(local(fs, p)) : HadoopOutputFile.fromPath(p, conf);
  }

  /**
   * A local file system's path as a java.nio path: from the URI's decoded path, as Hadoop's own
   * local file system does ({@code new File(uri.getPath())}). {@code Paths.get(URI)} refuses a
   * URI whose path has non-ASCII characters ("Bad escape"), which Hadoop leaves unquoted: every
   * output under {@code /tmp/ünï} failed.
   */
  static java.nio.file.Path local(FileSystem fs, Path p) {
    return Paths.get(fs.makeQualified(p).toUri().getPath());
  }

  /**
   * Writes {@code content} and puts it in place as {@code target} (creating the parent
   * directories), whole or not at all.
   *
   * @return true when {@code target} now holds this content, false when {@link IfPresent#KEEP}
   *     found it already there (this content was discarded)
   */
  public boolean publish(Path target, IfPresent ifPresent, Content content) throws IOException {
    FileSystem fs = target.getFileSystem(conf);
    fs.setWriteChecksum(false); // no .crc files beside the outputs on local file systems
    Strategy strategy = strategy(fs.getScheme());
    if (strategy == Strategy.DIRECT) {
      if (ifPresent == IfPresent.KEEP) {
        return publishIfAbsent(fs, target, content);
      }
      content.writeTo(fs, target);
      return true;
    }
    Path tmp = temporaryBeside(target);
    if (strategy == Strategy.LOCAL) {
      Files.createDirectories(local(fs, target.getParent()));
      try {
        content.writeTo(fs, tmp);
        return moveLocal(fs, tmp, target, ifPresent);
      } finally {
        Files.deleteIfExists(local(fs, tmp));
      }
    }
    fs.mkdirs(target.getParent());
    try {
      content.writeTo(fs, tmp);
      return moveByRename(fs, tmp, target, ifPresent);
    } finally {
      if (fs.exists(tmp)) {
        fs.delete(tmp, true);
      }
    }
  }

  /**
   * The create option of S3A 3.4.2 and later (HADOOP-19256) that makes an upload conditional on
   * the name being free ({@code If-None-Match: *}); the store checks it when the upload completes,
   * in {@code close()}, and answers 412 when another object got there first. Also the path
   * capability that says whether the file system offers it ({@code fs.s3a.create.conditional.enabled},
   * true unless a user turned it off for a store without conditional writes).
   */
  static final String CREATE_IF_ABSENT = "fs.option.create.conditional.overwrite";

  /** Object store roots ({@code scheme://authority}) that refused a conditional create (HTTP 501): check-then-write there. */
  private static final Set<String> REFUSED_CONDITIONAL = ConcurrentHashMap.newKeySet();

  /** Attempts of a conditional create that the store answered 409 (a concurrent conditional write of the name: retry). */
  private static final int CONFLICT_ATTEMPTS = 5;

  /**
   * {@link IfPresent#KEEP} on an object store. Where the file system offers a conditional create
   * ({@link #CREATE_IF_ABSENT}), the content is written to a local temporary file first and then
   * uploaded with {@code If-None-Match: *}: of any number of racing publishers exactly one
   * succeeds, the store being the arbiter. Elsewhere (S3A before 3.4.2, other connectors, a store
   * that answered 501 Not Implemented) the existence is checked, then the content written: two
   * racing first publishers can both write, and the object left is one whole file of the two.
   */
  private boolean publishIfAbsent(FileSystem fs, Path target, Content content) throws IOException {
    if (fs.exists(target)) {
      return false; // the usual case of a resume: skip the staging
    }
    String root = fs.getUri().getScheme() + "://" + fs.getUri().getAuthority();
    if (!fs.hasPathCapability(target, CREATE_IF_ABSENT) || REFUSED_CONDITIONAL.contains(root)) {
      content.writeTo(fs, target);
      return true;
    }
    java.nio.file.Path dir = Files.createTempDirectory("gansweep-publish");
    java.nio.file.Path staged = dir.resolve(target.getName());
    try {
      FileSystem localFs = FileSystem.getLocal(conf);
      localFs.setWriteChecksum(false);
      content.writeTo(localFs, new Path(staged.toUri()));
      for (int attempt = 1; ; attempt++) {
        FSDataOutputStreamBuilder<?, ?> create = fs.createFile(target);
        create.overwrite(false);
        create.recursive();
        create.must(CREATE_IF_ABSENT, true);
        try (FSDataOutputStream o = create.build()) {
          Files.copy(staged, o);
          return true;
        } catch (IOException e) {
          int status = httpStatus(e);
          if (status == 412 || e instanceof org.apache.hadoop.fs.FileAlreadyExistsException) {
            return false; // another publisher's object is there: the first wins
          }
          if (status == 409 && attempt < CONFLICT_ATTEMPTS) {
            // S3: "ConditionalRequestConflict", another conditional write of the name was under way: AWS says try again
            try {
              Thread.sleep(50L * attempt);
            } catch (InterruptedException interrupted) {
              Thread.currentThread().interrupt();
              throw e;
            }
            continue;
          }
          if (status == 501) { // the store has no conditional writes: say so once, then check-then-write there
            if (REFUSED_CONDITIONAL.add(root)) {
              org.slf4j.LoggerFactory.getLogger(Publisher.class).warn("{} refused a conditional create (HTTP 501):"
                  + " first-wins files are checked, then written there (set fs.s3a.create.conditional.enabled=false to skip the attempt)", root);
            }
            if (fs.exists(target)) {
              return false;
            }
            try (FSDataOutputStream o = fs.create(target, true)) {
              Files.copy(staged, o);
            }
            return true;
          }
          throw e;
        }
      }
    } finally {
      try (var left = Files.list(dir)) { // the staged file and whatever a content wrote beside it
        for (java.nio.file.Path f : left.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  /**
   * The HTTP status of the store's answer behind {@code e}: S3A wraps the AWS SDK's exception,
   * whose {@code statusCode()} says it (412 becomes S3A's {@code RemoteFileChangedException}, 409
   * {@code AWSBadRequestException}, 501 {@code AWSUnsupportedFeatureException}); -1 when none is
   * found. Read reflectively: the AWS SDK is the cluster's, not a dependency of gansweep.
   */
  static int httpStatus(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      try {
        Object status = t.getClass().getMethod("statusCode").invoke(t);
        if (status instanceof Integer i && i > 0) {
          return i;
        }
      } catch (ReflectiveOperationException | RuntimeException notAServiceException) {
        // look further down the chain
      }
    }
    return -1;
  }

  private static boolean moveLocal(FileSystem fs, Path tmp, Path target, IfPresent ifPresent) throws IOException {
    java.nio.file.Path from = local(fs, tmp);
    java.nio.file.Path to = local(fs, target);
    if (ifPresent == IfPresent.KEEP) {
      try {
        Files.createLink(to, from);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (UnsupportedOperationException | IOException e) {
        if (Files.exists(to)) { // a file system without hard links: check, then move
          return false;
        }
      }
    }
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
    return true;
  }

  private boolean moveByRename(FileSystem fs, Path tmp, Path target, IfPresent ifPresent) throws IOException {
    if (ifPresent == IfPresent.KEEP) {
      if (fs.rename(tmp, target)) {
        return true;
      }
      if (fs.exists(target)) {
        return false;
      }
      throw new IOException("Cannot publish " + target + ": rename from " + tmp + " failed (got false; allowed a rename within one file system)");
    }
    try {
      FileContext.getFileContext(fs.getUri(), conf).rename(tmp, target, Options.Rename.OVERWRITE);
      return true;
    } catch (UnsupportedFileSystemException e) {
      fs.delete(target, false); // no FileContext for this scheme: a reader can briefly see no file
      if (fs.rename(tmp, target)) {
        return true;
      }
      throw new IOException("Cannot publish " + target + ": rename from " + tmp + " failed (got false; allowed a rename within one file system)");
    }
  }

  /** A hidden temporary name beside {@code target}: {@code .<name>.<uuid>.tmp}. */
  public static Path temporaryBeside(Path target) {
    return new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
  }

  /**
   * Whether {@code name} is a publisher's temporary file or a hidden staging folder ({@code ._*},
   * where Spark writes an analysis table before its part file is published).
   */
  public static boolean isLeftover(String name) {
    return name.startsWith("._") || (name.startsWith(".") && (name.endsWith(".tmp") || name.endsWith(".tmp.crc")));
  }

  /**
   * Deletes the leftovers ({@link #isLeftover}) of killed writers in {@code dir} and, to {@code
   * depth} levels, in its sub-folders; returns how many were deleted. A missing {@code dir} holds
   * none. Only call this when no other writer is publishing into {@code dir} (a run holds its
   * sweep's lease).
   */
  public int removeLeftovers(Path dir, int depth) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    if (!fs.exists(dir) || !fs.getFileStatus(dir).isDirectory()) {
      return 0;
    }
    int removed = 0;
    for (FileStatus f : fs.listStatus(dir)) {
      String name = f.getPath().getName();
      if (isLeftover(name)) {
        removed += fs.delete(f.getPath(), true) ? 1 : 0;
      } else if (f.isDirectory() && depth > 0) {
        removed += removeLeftovers(f.getPath(), depth - 1);
      }
    }
    return removed;
  }
}
