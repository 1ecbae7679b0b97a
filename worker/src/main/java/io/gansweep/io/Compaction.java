package io.gansweep.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;

/**
 * Rewrites the committed per-trial Parquet files of a sweep's partitions ({@code trials}, {@code
 * metrics}, {@code samples}, {@code rungs}, {@code screen}) into a few files of about {@link
 * #TARGET_BYTES} each, {@code part-<generation>-<n>.parquet}, and deletes the checkpoints of the
 * trials that ended. A sweep of 100,000 trials writes 200,000 small files; object stores and
 * HDFS list those slowly, and Spark opens each one.
 *
 * <p>How a partition is swapped, so that a reader never sees a duplicate or a partial row: the new
 * files are written outside every table, in {@code OUT/.compaction/sweep_id=<id>/<table>/new/}
 * (no reader's glob reaches a folder whose name starts with a dot); a {@code READY} marker, the
 * swap's {@link Manifest} (the compacted files' row count, the partition's files they replace, the
 * staged files), is written when every row is there (counted against the rows read) and before
 * anything moves; then two renames put it in place: the partition to {@code .../old/}, {@code
 * new/} to the partition; then {@code old/} is deleted. Between the two renames (one {@code rename(2)} each locally, one NameNode operation each
 * on HDFS) the partition is absent: a reader that lists then sees none of the sweep's rows for that
 * table, and a reader that listed before the swap and opens a file after it gets a file-not-found
 * error (Spark: {@code FileNotFoundException}, "It is possible the underlying files have been
 * updated"), and reads again. Generation names are unique, so a stale listing never reads a new
 * file as an old one. On object stores a rename is a copy and a delete per file: there the swap
 * moves file by file, every source out before any staged file in, so a plain listing may miss
 * rows while it runs but never sees one twice; gansweep's own readers take a table's files from
 * {@link #tableFiles}, which reads the swap's manifest and sees every row once throughout; other
 * tools' globs should read only while no compaction runs.
 *
 * <p>A compaction that dies is finished or undone by the next one, or by the next run of the sweep
 * ({@link #recover}): before {@code READY} the staged files are deleted; after it, the swap is
 * completed from its manifest by the same steps ({@link #swap}), wherever the kill cut it, inside
 * an object store's rename (copied, not yet deleted) too. Only while no other writer publishes into the sweep (the caller holds the
 * sweep's lease); a partition whose listing changed while its files were rewritten is left as it
 * was.
 *
 * <p>What stays a per-trial file: metrics and points of trials without a committed trials row
 * (an attempt that died before its commit marker; a retry replaces them), and partitions that hold
 * folders (the PNG grids of image trials are not Parquet). {@link TrialStore} reads trial ids,
 * rung rows and screen rows from both kinds of file, and keeps its first-wins rule for commits
 * after compaction.
 *
 * <p>A compaction {@link #fencedBy fenced} by the sweep's lease checks it ({@link
 * LeaseFence#check}) when it begins, before each table's {@code READY} marker and swap, before a
 * recovery moves or deletes anything, and before it deletes checkpoints: one whose lease another
 * run has taken stops with {@link LeaseFence.FencedException}, leaving at most staged files that
 * the next writer's recovery deletes.
 */
public final class Compaction {

  /** File size compaction aims at: Parquet's and Spark's default block and split size. */
  public static final long TARGET_BYTES = 128L << 20;

  /** Prefix of compacted files ({@code part-<generation>-<n>.parquet}); no trial, rung or setup id starts with it. */
  public static final String PREFIX = "part-";

  /** The folder of a sweep's staged compaction: {@code OUT/.compaction/sweep_id=<id>}. */
  static final String STAGING = ".compaction";

  /** The tables compacted, in the order they are swapped (the commit marker, {@code trials}, last). */
  static final List<String> TABLES = List.of(OutputLayout.METRICS, OutputLayout.SAMPLES, OutputLayout.RUNGS, OutputLayout.SCREEN,
      OutputLayout.TRIALS);

  private static final String READY = "READY";

  /** Written in a table's staging once every source of its swap is out of the partition ({@link #swap}). */
  private static final String SOURCES_OUT = "SOURCES_OUT";

  /**
   * What compaction did to one table's partition.
   *
   * @param table the table
   * @param filesBefore Parquet files in the partition before
   * @param filesAfter Parquet files in it after
   * @param rows rows rewritten into compacted files
   * @param kept why the partition was left as it was, or null when it was compacted
   */
  public record TableResult(String table, int filesBefore, int filesAfter, long rows, String kept) {

    /** One line: {@code metrics: 2400 files -> 1 (480,000 rows)} or why it was kept. */
    public String line() {
      return kept != null ? String.format(Locale.ROOT, "%s: %d files, kept (%s)", table, filesBefore, kept)
          : String.format(Locale.ROOT, "%s: %d files -> %d (%,d rows)", table, filesBefore, filesAfter, rows);
    }
  }

  /**
   * What a compaction did.
   *
   * @param tables one result per table that has a partition for the sweep
   * @param checkpointsDeleted checkpoints of ended trials deleted
   * @param recovered swaps of an earlier, interrupted compaction that this one finished
   */
  public record Result(List<TableResult> tables, int checkpointsDeleted, int recovered) {

    public Result {
      tables = List.copyOf(tables);
    }

    /** Whether any table was rewritten. */
    public boolean compactedAny() {
      return tables.stream().anyMatch(t -> t.kept() == null);
    }
  }

  private final String out;
  private final Configuration conf;
  private final long targetBytes;
  private final LeaseFence fence;
  private final java.util.concurrent.atomic.AtomicInteger stepsLeft;

  /**
   * @param out the sweep output directory (a local path or Hadoop URI)
   * @param conf Hadoop configuration of its file system
   * @param targetBytes size at which a compacted file is closed and the next one begun
   */
  public Compaction(String out, Configuration conf, long targetBytes) {
    this(out, conf, targetBytes, null, null);
  }

  private Compaction(String out, Configuration conf, long targetBytes, LeaseFence fence, java.util.concurrent.atomic.AtomicInteger stepsLeft) {
    if (targetBytes <= 0) {
      throw new IllegalArgumentException("Cannot compact: target file size not positive (got " + targetBytes + "; allowed > 0 bytes)");
    }
    this.out = out;
    this.conf = conf;
    this.targetBytes = targetBytes;
    this.fence = fence;
    this.stepsLeft = stepsLeft;
  }

  /** This compaction, checking {@code fence} before each swap, recovery and deletion; {@code null}: not fenced. */
  public Compaction fencedBy(LeaseFence fence) {
    return new Compaction(out, conf, targetBytes, fence, stepsLeft);
  }

  /** Refuses {@code what} when fenced and the lease is no longer the writer's ({@link LeaseFence#check}). */
  private void checkFence(String what) throws IOException {
    if (fence != null) {
      fence.check(what, conf);
    }
  }

  public Compaction(String out) {
    this(out, HadoopConf.create(), TARGET_BYTES);
  }

  /** {@code OUT/.compaction/sweep_id=<id>/<table>}: where a table's partition is staged. */
  Path staging(String sweepId, String table) {
    return new Path(sweepStaging(sweepId), table);
  }

  private Path sweepStaging(String sweepId) {
    return new Path(new Path(new Path(out), STAGING), OutputLayout.PARTITION_COLUMN + "=" + sweepId);
  }

  /**
   * Compacts a sweep's partitions: first finishes or undoes an interrupted compaction, then
   * rewrites each table, then deletes the checkpoints of trials with a committed trials row.
   */
  public Result compact(String sweepId) throws IOException {
    checkFence("compact sweep " + sweepId);
    int recovered = recover(sweepId);
    Path marker = OutputLayout.compactedMarker(out, sweepId);
    FileSystem fs = marker.getFileSystem(conf);
    fs.setWriteChecksum(false); // no .crc files beside the outputs on local file systems (as Publisher)
    if (!fs.exists(marker)) {
      fs.create(marker, false).close(); // before any compacted file: commits from now on look into them
    }
    TrialStore store = new TrialStore(out, conf).fencedBy(fence);
    // A FAILED trial that a resume retrains keeps its own files, so that its next attempt replaces
    // them; one that an earlier compaction put into a part file is taken out of it again.
    Set<String> released = store.failedToRetry(sweepId).keySet();
    Set<String> committed = new HashSet<>(store.committedTrialIds(sweepId));
    committed.removeAll(released);
    Path trials = OutputLayout.partition(out, OutputLayout.TRIALS, sweepId);
    Set<String> perTrial = fs.exists(trials) ? names(fs, trials) : Set.of();
    boolean extract = !store.failedInCompacted(sweepId).isEmpty();
    for (String id : released) {
      if (!perTrial.contains(id + ".parquet")) {
        store.markFailed(sweepId, id); // its row becomes its own file: where resumes look for FAILED rows
      }
    }
    String generation = Long.toString(System.currentTimeMillis(), 36);
    List<TableResult> results = new ArrayList<>();
    for (String table : TABLES) {
      TableResult r = compactTable(sweepId, table, committed, released, extract, generation);
      if (r != null) {
        results.add(r);
      }
    }
    int deleted = 0;
    checkFence("delete the checkpoints of sweep " + sweepId);
    for (String id : committed) {
      deleted += fs.delete(store.checkpointFile(sweepId, id), false) ? 1 : 0;
    }
    deleteStaging(fs, sweepId);
    return new Result(results, deleted, recovered);
  }

  /**
   * Finishes the swaps of an interrupted compaction of the sweep and deletes what it staged;
   * returns how many partitions it put in place. Call it before anything reads or writes the
   * sweep's partitions (a run does, under its lease): until then a partition whose swap was cut
   * part-way lacks rows, or (on object stores) holds some twice.
   */
  public int recover(String sweepId) throws IOException {
    Path root = sweepStaging(sweepId);
    FileSystem fs = root.getFileSystem(conf);
    if (!fs.exists(root)) {
      return 0;
    }
    checkFence("recover the compaction of sweep " + sweepId);
    int finished = 0;
    for (String table : TABLES) {
      Path s = staging(sweepId, table);
      Path ready = new Path(s, READY);
      if (fs.exists(ready)) {
        Manifest m = Manifest.read(fs, s, OutputLayout.partition(out, table, sweepId));
        if (m != null) {
          finished += swap(fs, sweepId, table, m) ? 1 : 0;
        }
      }
      fs.delete(s, true); // not READY, or READY but never swapped (an older gansweep's): the partition is as it was
    }
    deleteStaging(fs, sweepId);
    return finished;
  }

  /**
   * What a table's swap replaces and puts in place, written as {@code READY} once every staged row
   * is there and before anything moves, so that a recovery knows exactly which files of the
   * partition the staged ones replace, whatever part of the swap a kill cut (docs/guide/stores.md: Compaction).
   *
   * @param rows rows in the staged compacted ({@code part-*}) files; -1 when the marker records
   *     none (an older gansweep's)
   * @param sources the names of the partition's files that the staged files replace
   * @param staged the names of the staged files
   * @param written when the marker was written (the file system's clock): a file of a source's
   *     name in the partition that is newer was written after it, by a writer that did not recover
   *     first, and stays
   * @param legacy whether an older gansweep wrote the marker (a count at most): its sources are
   *     then what {@code old/} holds and the partition's files older than the marker (its swap
   *     renamed the partition to {@code old/}, on object stores file by file)
   */
  record Manifest(long rows, Set<String> sources, Set<String> staged, long written, boolean legacy) {

    /** The first line of a manifest; a marker without it is an older gansweep's (a row count at most). */
    private static final String FORMAT = "swap: manifest 1";
    private static final String ROWS = "rows: ";
    private static final String SOURCE = "source: ";
    private static final String STAGED = "staged: ";

    /** The marker's text: {@link #FORMAT}, {@code rows: N}, then one {@code source: <name>} and one {@code staged: <name>} line per file. */
    byte[] text() {
      StringBuilder b = new StringBuilder(FORMAT).append('\n').append(ROWS).append(rows).append('\n');
      new java.util.TreeSet<>(sources).forEach(n -> b.append(SOURCE).append(n).append('\n'));
      new java.util.TreeSet<>(staged).forEach(n -> b.append(STAGED).append(n).append('\n'));
      return b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The manifest of the swap of {@code partition} staged in {@code s}, or null when an older gansweep's swap never
     * began ({@code old/} absent: the partition is as it was).
     */
    static Manifest read(FileSystem fs, Path s, Path partition) throws IOException {
      Path ready = new Path(s, READY);
      FileStatus st = fs.getFileStatus(ready);
      String text;
      try (var in = fs.open(ready)) {
        text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
      long rows = -1;
      Set<String> sources = new HashSet<>();
      Set<String> staged = new HashSet<>();
      for (String line : text.split("\n")) {
        try {
          if (line.startsWith(ROWS)) {
            rows = Long.parseLong(line.substring(ROWS.length()).strip());
          }
        } catch (NumberFormatException e) {
          rows = -1;
        }
        if (line.startsWith(SOURCE)) {
          sources.add(line.substring(SOURCE.length()));
        } else if (line.startsWith(STAGED)) {
          staged.add(line.substring(STAGED.length()));
        }
      }
      if (text.startsWith(FORMAT + "\n")) {
        return new Manifest(rows, sources, staged, st.getModificationTime(), false);
      }
      // An older gansweep's marker: its swap renamed the partition to old/, then new/ to the partition.
      Path old = new Path(s, "old");
      Path fresh = new Path(s, "new");
      if (!fs.exists(old)) {
        return null; // the swap never began
      }
      if (!fs.exists(fresh)) {
        return new Manifest(rows, Set.of(), Set.of(), st.getModificationTime(), true); // both renames done: verify, then delete old/
      }
      // Its sources: what old/ holds, and, where the first rename was cut inside its copies (an
      // object store), the partition's files from before the marker.
      Set<String> from = new HashSet<>(names(fs, old));
      if (fs.exists(partition)) {
        for (FileStatus f : fs.listStatus(partition)) {
          if (f.getModificationTime() <= st.getModificationTime()) {
            from.add(f.getPath().getName());
          }
        }
      }
      return new Manifest(rows, from, names(fs, fresh), st.getModificationTime(), true);
    }
  }

  /**
   * Puts a table's staged files in place as its {@link Manifest} says, and is the same whether the
   * swap has just been staged or a kill cut it anywhere: each step looks at what is where and does
   * only what is left, so a swap cut again is finished by the next call. Where a rename is atomic
   * (local, HDFS) the partition goes to {@code old/} and {@code new/} to the partition in one rename
   * each, as before; on object stores, where a rename is a copy and a delete per file, file by
   * file, sources out before staged files in, so a reader never sees a row twice. Then it checks
   * that every staged file is in the partition and that the compacted ones hold the manifest's rows,
   * and only then deletes {@code old/}; otherwise the old files stay and the error says where.
   * Returns whether it moved any staged file into the partition.
   */
  private boolean swap(FileSystem fs, String sweepId, String table, Manifest m) throws IOException {
    Path s = staging(sweepId, table);
    Path partition = OutputLayout.partition(out, table, sweepId);
    Path staged = new Path(s, "new");
    Path old = new Path(s, "old");
    boolean atomic = Publisher.strategy(fs.getScheme()) != Publisher.Strategy.DIRECT;
    checkFence("swap the compacted " + table + " files of sweep " + sweepId);
    // 1. Every source out of the partition, into old/ (kept until the staged rows are verified);
    // then SOURCES_OUT: from there on a file of a source's name in the partition is a staged one.
    Path sourcesOut = new Path(s, SOURCES_OUT);
    if (!fs.exists(sourcesOut)) {
      moveSourcesOut(fs, partition, old, m);
      step("write " + sourcesOut);
      publisher().publish(sourcesOut, Publisher.IfPresent.REPLACE, new byte[0]);
    }
    // 2. Every staged file into the partition.
    boolean moved = false;
    if (atomic && fs.exists(staged) && !fs.exists(partition)) {
      step("move " + staged + " to " + partition);
      rename(fs, staged, partition);
      moved = true;
    } else {
      Set<String> there = fs.exists(staged) ? names(fs, staged) : Set.of();
      Set<String> inPartition = fs.exists(partition) ? names(fs, partition) : Set.of();
      fs.mkdirs(partition);
      for (String n : there) {
        Path from = new Path(staged, n);
        if (inPartition.contains(n)) { // moved already (its copy done, its delete cut), or written since by a writer: that one stays
          step("delete " + from);
          fs.delete(from, false);
        } else {
          step("move " + from + " to " + new Path(partition, n));
          rename(fs, from, new Path(partition, n));
          moved = true;
        }
      }
    }
    // 3. Per-trial files a writer that did not recover first added: its copies of rows the compacted files hold go.
    Set<String> extra = fs.exists(partition) ? names(fs, partition) : new HashSet<>();
    extra.removeAll(m.staged());
    extra.removeIf(n -> !TrialStore.isPerTrial(n));
    if (!extra.isEmpty() && !m.staged().isEmpty()) {
      Set<String> compactedIds = trialIds(fs, partition, m.staged());
      for (String n : extra) {
        if (compactedIds.contains(stem(n))) {
          step("delete " + new Path(partition, n));
          fs.delete(new Path(partition, n), false); // a copy of rows the compacted files hold
        }
      }
    }
    // 4. Verify, then delete old/: never delete rows not verified elsewhere.
    Set<String> inPartition = fs.exists(partition) ? names(fs, partition) : Set.of();
    Set<String> missing = new java.util.TreeSet<>(m.staged());
    missing.removeAll(inPartition);
    long expected = m.rows();
    long found = count(parts(fs, partition, m.staged().isEmpty() ? inPartition : m.staged()));
    if (expected < 0) {
      // A marker without a count (an older gansweep): the partition must hold at least every row from before the compaction.
      found = count(OutputLayout.publishedParquet(fs, partition));
      long before = count(OutputLayout.publishedParquet(fs, old));
      expected = Math.max(found, before);
    }
    if (!missing.isEmpty() || found != expected) {
      throw new IOException(String.format(Locale.ROOT, "Cannot recover the compaction of %s: the swapped-in files hold a different number of"
          + " rows (got %d%s; allowed the %d rows staged); the files from before it are kept in %s: move them back into the"
          + " partition to restore it", partition, found, missing.isEmpty() ? "" : ", " + missing.size() + " staged files missing", expected, old));
    }
    step("delete " + old);
    fs.delete(old, true);
    // Last, while READY is still there: a new generation, so that a reader whose listing a whole swap fell inside sees it ({@link #tableFiles}).
    step("write " + OutputLayout.compactedMarker(out, sweepId));
    publisher().publish(OutputLayout.compactedMarker(out, sweepId), Publisher.IfPresent.REPLACE,
        ("generation: " + java.util.UUID.randomUUID() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return moved;
  }

  /** Tries of {@link #tableFiles} before it gives up on a partition that swaps keep changing. */
  static final int TABLE_READS = 5;

  /**
   * The files of a table's partition as of now ({@code <table>/sweep_id=<id>/}, its published
   * Parquet files): the one definition every gansweep reader uses, which never misses a row or sees
   * one twice while a compaction swaps the partition, on object stores too, where a swap moves
   * file by file. A seqlock over the swap's {@code READY} manifest and the sweep's compaction
   * generation ({@code sweeps/<id>/compacted}, which each swap rewrites as its last step, before
   * its {@code READY} goes): read the generation and look for {@code READY}; list the partition;
   * look for {@code READY} and read the generation again. Neither {@code READY} nor a new
   * generation: the listing is the partition between swaps. A {@code READY} now: a swap is under way
   * (or was killed): its {@code staged:} files are the table, each from the partition or, not moved
   * yet, from the staging's {@code new/}, with the partition's files that are neither staged nor
   * its {@code source:} ones; never a source. Anything else (a swap began or ended meanwhile): read
   * again. A sweep never compacted costs one more read of a missing file than a listing.
   */
  public static List<Path> tableFiles(FileSystem fs, String out, String table, String sweepId) throws IOException {
    Path partition = OutputLayout.partition(out, table, sweepId);
    Path marker = OutputLayout.compactedMarker(out, sweepId);
    Path s = new Path(new Path(new Path(new Path(out), STAGING), OutputLayout.PARTITION_COLUMN + "=" + sweepId), table);
    Path ready = new Path(s, READY);
    for (int attempt = 0; attempt < TABLE_READS; attempt++) {
      byte[] before = bytesOrNull(fs, marker);
      boolean readyBefore = before != null && fs.exists(ready);
      List<Path> listed = OutputLayout.publishedParquet(fs, partition);
      boolean readyAfter = before != null && fs.exists(ready);
      byte[] after = bytesOrNull(fs, marker);
      if (!readyBefore && !readyAfter && java.util.Arrays.equals(before, after)) {
        return listed;
      }
      if (readyAfter) {
        List<Path> files = swapping(fs, s, partition);
        if (files != null) {
          return files;
        }
      }
    }
    throw new IOException("Cannot read " + partition + ": compactions kept moving its files (got " + TABLE_READS + " tries; allowed a"
        + " listing between two swaps)");
  }

  /** {@link #tableFiles} while a swap is under way: the manifest's staged files and the others; null when the swap ended meanwhile. */
  private static List<Path> swapping(FileSystem fs, Path s, Path partition) throws IOException {
    Manifest m;
    try {
      m = Manifest.read(fs, s, partition);
    } catch (java.io.FileNotFoundException ended) {
      return null;
    }
    if (m == null) { // an older gansweep's READY whose swap never began: the partition is as it was
      return OutputLayout.publishedParquet(fs, partition);
    }
    Path fresh = new Path(s, "new");
    Map<String, Path> inNew = new java.util.HashMap<>(); // listed before the partition: a file moving out of new/ is in one of the two
    if (fs.exists(fresh)) {
      OutputLayout.publishedParquet(fs, fresh).forEach(f -> inNew.put(f.getName(), f));
    }
    Map<String, Path> inPartition = new java.util.HashMap<>();
    OutputLayout.publishedParquet(fs, partition).forEach(f -> inPartition.put(f.getName(), f));
    List<Path> files = new ArrayList<>();
    for (String n : new java.util.TreeSet<>(m.staged())) {
      Path f = inPartition.containsKey(n) ? inPartition.get(n) : inNew.get(n);
      if (f == null) {
        if (!n.endsWith(".parquet") || n.startsWith(".") || n.startsWith("_")) {
          continue; // not a row file
        }
        return null;
      }
      files.add(f);
    }
    inPartition.forEach((n, f) -> {
      if (!m.staged().contains(n) && !m.sources().contains(n)) {
        files.add(f); // a commit that did not wait for the swap
      }
    });
    return files;
  }

  private static byte[] bytesOrNull(FileSystem fs, Path p) throws IOException {
    try (var in = fs.open(p)) {
      return in.readAllBytes();
    } catch (java.io.FileNotFoundException e) {
      return null;
    }
  }

  /** Step 1 of {@link #swap}: each source of the partition into {@code old/}, unless newer than the manifest. */
  private void moveSourcesOut(FileSystem fs, Path partition, Path old, Manifest m) throws IOException {
    Map<String, FileStatus> now = statuses(fs, partition);
    boolean atomic = Publisher.strategy(fs.getScheme()) != Publisher.Strategy.DIRECT;
    Set<String> newer = new HashSet<>();
    for (String n : m.sources()) {
      FileStatus f = now.get(n);
      if (f != null && f.getModificationTime() > m.written()) {
        newer.add(n); // written after the marker by a writer that did not recover first: it stays
      }
    }
    if (atomic && !fs.exists(old) && newer.isEmpty() && m.sources().containsAll(now.keySet()) && !now.isEmpty()) {
      step("move " + partition + " to " + old);
      rename(fs, partition, old);
    } else {
      fs.mkdirs(old);
      Set<String> inOld = names(fs, old);
      for (String n : m.sources()) {
        if (!now.containsKey(n) || newer.contains(n)) {
          continue;
        }
        Path from = new Path(partition, n);
        Path to = new Path(old, n);
        if (inOld.contains(n)) { // a copy of it is in old/ already: a rename (copy, then delete) was cut between the two
          step("delete " + from);
          fs.delete(from, false);
        } else {
          step("move " + from + " to " + to);
          rename(fs, from, to);
        }
      }
    }
  }

  /** The compacted ({@code part-*}) Parquet files of {@code names} in {@code partition}. */
  private static List<Path> parts(FileSystem fs, Path partition, Set<String> names) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path f : OutputLayout.publishedParquet(fs, partition)) {
      if (f.getName().startsWith(PREFIX) && names.contains(f.getName())) {
        files.add(f);
      }
    }
    return files;
  }

  /** The trial ids in the {@code trial_id} column of the compacted files of {@code names} in {@code partition}. */
  private Set<String> trialIds(FileSystem fs, Path partition, Set<String> names) throws IOException {
    Set<String> ids = new HashSet<>();
    for (Path f : parts(fs, partition, names)) {
      try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), f).withConf(conf).build()) {
        for (Group g = r.read(); g != null; g = r.read()) {
          if (g.getType().containsField(TrialTables.TRIAL_ID) && g.getFieldRepetitionCount(TrialTables.TRIAL_ID) > 0) {
            ids.add(g.getString(TrialTables.TRIAL_ID, 0));
          }
        }
      }
    }
    return ids;
  }

  /** The files of a folder by name (none when it does not exist). */
  private static Map<String, FileStatus> statuses(FileSystem fs, Path dir) throws IOException {
    Map<String, FileStatus> m = new java.util.HashMap<>();
    if (fs.exists(dir)) {
      for (FileStatus f : fs.listStatus(dir)) {
        m.put(f.getPath().getName(), f);
      }
    }
    return m;
  }

  /**
   * Called before each change a swap makes to the file system, with what it is about to do; tests
   * set it to stop a swap there, as a kill would ({@link #interruptedAfter}).
   */
  private void step(String what) throws IOException {
    if (stepsLeft != null && stepsLeft.getAndDecrement() <= 0) {
      throw new Interrupted("killed before: " + what);
    }
  }

  /** The stop {@link #interruptedAfter} makes: a swap cut at a chosen step, as a kill would cut it. */
  static final class Interrupted extends IOException {
    private static final long serialVersionUID = 1L;

    Interrupted(String message) {
      super(message);
    }
  }

  /**
   * For tests: this compaction, stopping with {@link Interrupted} before the swaps' ({@link #swap})
   * {@code steps + 1}-th change to the file system, and leaving everything as a kill there would.
   */
  Compaction interruptedAfter(int steps) {
    return new Compaction(out, conf, targetBytes, fence, new java.util.concurrent.atomic.AtomicInteger(steps));
  }

  /** Deletes the sweep's staging folder, and {@code OUT/.compaction} when no other sweep's is left in it. */
  private void deleteStaging(FileSystem fs, String sweepId) throws IOException {
    Path staging = sweepStaging(sweepId);
    fs.delete(staging, true);
    if (fs.exists(staging.getParent()) && fs.listStatus(staging.getParent()).length == 0) {
      fs.delete(staging.getParent(), true);
    }
  }

  /** The tables whose rows of a released trial ({@link TrialStore#failedToRetry}) go back to its own file, named after it. */
  private static final Set<String> PER_TRIAL_TABLES = Set.of(OutputLayout.TRIALS, OutputLayout.METRICS, OutputLayout.SAMPLES,
      OutputLayout.RUNGS);

  /** The trial of a per-trial file's name: {@code <trial_id>.parquet}, or a rung row's {@code <trial_id>-r<k>.parquet}. */
  private static String trialOf(String name) {
    return stem(name).replaceFirst("-r[0-9]+$", "");
  }

  private TableResult compactTable(String sweepId, String table, Set<String> committed, Set<String> released, boolean extract,
      String generation) throws IOException {
    Path partition = OutputLayout.partition(out, table, sweepId);
    FileSystem fs = partition.getFileSystem(conf);
    fs.setWriteChecksum(false); // no .crc files beside the outputs on local file systems (as Publisher)
    if (!fs.exists(partition)) {
      return null;
    }
    List<Path> files = OutputLayout.publishedParquet(fs, partition);
    Set<String> listed = names(fs, partition);
    if (listed.stream().anyMatch(n -> !n.endsWith(".parquet") && !n.startsWith(".") && !n.startsWith("_"))) {
      return new TableResult(table, files.size(), files.size(), 0, "holds other files than Parquet, e.g. image grids");
    }
    List<Path> rewrite = new ArrayList<>();
    List<Path> copy = new ArrayList<>();
    boolean route = PER_TRIAL_TABLES.contains(table);
    for (Path f : files) {
      boolean own = route && TrialStore.isPerTrial(f.getName()) && released.contains(trialOf(f.getName()));
      (!own && rewritten(table, f.getName(), committed) ? rewrite : copy).add(f);
    }
    if (rewrite.stream().allMatch(f -> !TrialStore.isPerTrial(f.getName())) && !(route && extract)) {
      return new TableResult(table, files.size(), files.size(), 0, "no per-trial file of an ended trial");
    }
    Path s = staging(sweepId, table);
    fs.delete(s, true);
    Path staged = new Path(s, "new");
    fs.mkdirs(staged);
    List<Path> routed = new ArrayList<>();
    long[] counts = write(fs, rewrite, staged, generation, route ? released : Set.of(), routed);
    for (Path f : copy) {
      FileUtil.copy(fs, f, fs, new Path(staged, f.getName()), false, conf);
    }
    long partRows = count(OutputLayout.publishedParquet(fs, staged).stream().filter(f -> f.getName().startsWith(PREFIX)).toList());
    long written = partRows + count(routed);
    if (written != counts[0]) {
      fs.delete(s, true);
      throw new IOException(String.format(Locale.ROOT, "Cannot compact %s: the rewritten files hold %d rows (got %d; allowed the %d rows read)",
          partition, written, written, counts[0]));
    }
    if (!names(fs, partition).equals(listed)) {
      fs.delete(s, true);
      return new TableResult(table, files.size(), files.size(), 0, "another writer changed it while it was rewritten");
    }
    checkFence("compact the " + table + " table of sweep " + sweepId); // just before the swap: its files took a while
    // Before anything moves: which files the staged ones replace, and the rows they hold (what recovery checks).
    publisher().publish(new Path(s, READY), Publisher.IfPresent.REPLACE,
        new Manifest(partRows, listed, names(fs, staged), 0, false).text());
    swap(fs, sweepId, table, Manifest.read(fs, s, partition));
    fs.delete(s, true);
    return new TableResult(table, files.size(), (int) counts[1] + routed.size() + copy.size(), counts[0], null);
  }

  /** A file's name without {@code .parquet}. */
  private static String stem(String name) {
    return name.substring(0, name.length() - ".parquet".length());
  }

  /**
   * Whether a file's rows go into the compacted files: earlier compacted files always; per-trial
   * metrics and points only when the trial's trials row is committed; every other table's files are
   * commit markers themselves.
   */
  private static boolean rewritten(String table, String name, Set<String> committed) {
    if (!TrialStore.isPerTrial(name) || !(table.equals(OutputLayout.METRICS) || table.equals(OutputLayout.SAMPLES))) {
      return true;
    }
    return committed.contains(name.substring(0, name.length() - ".parquet".length()));
  }

  /**
   * Streams the rows of {@code files} into {@code part-<generation>-<n>.parquet} files in {@code
   * dir}, closing each at {@link #targetBytes} or where the schema changes; the rows of a trial in
   * {@code released} go to its own file, {@code <trial_id>.parquet} (added to {@code routed});
   * returns {rows, part files}.
   */
  private long[] write(FileSystem fs, List<Path> files, Path dir, String generation, Set<String> released, List<Path> routed)
      throws IOException {
    long rows = 0;
    int n = 0;
    ParquetWriter<Group> w = null;
    MessageType schema = null;
    java.util.Map<String, ParquetWriter<Group>> own = new java.util.HashMap<>();
    try {
      for (Path f : files) {
        try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), f).withConf(conf).build()) {
          for (Group g = r.read(); g != null; g = r.read()) {
            MessageType type = (MessageType) g.getType();
            String trialId = released.isEmpty() || !type.containsField(TrialTables.TRIAL_ID) || g.getFieldRepetitionCount(TrialTables.TRIAL_ID) == 0
                ? null : g.getString(TrialTables.TRIAL_ID, 0);
            if (trialId != null && released.contains(trialId)) {
              String name = type.containsField(TrialTables.RUNG) && g.getFieldRepetitionCount(TrialTables.RUNG) > 0
                  ? trialId + "-r" + g.getInteger(TrialTables.RUNG, 0) : trialId; // a rung row's own file is one per rung
              ParquetWriter<Group> o = own.get(name);
              if (o == null) {
                Path file = new Path(dir, name + ".parquet");
                routed.add(file);
                o = writer(fs, file, type);
                own.put(name, o);
              }
              o.write(g);
              rows++;
              continue;
            }
            if (w != null && (!type.equals(schema) || w.getDataSize() >= targetBytes)) {
              w.close();
              w = null;
            }
            if (w == null) {
              schema = type;
              Path file = new Path(dir, String.format(Locale.ROOT, "%s%s-%05d.parquet", PREFIX, generation, n++));
              w = writer(fs, file, schema);
            }
            w.write(g);
            rows++;
          }
        }
      }
    } finally {
      if (w != null) {
        w.close();
      }
      for (ParquetWriter<Group> o : own.values()) {
        o.close();
      }
    }
    return new long[] {rows, n};
  }

  private ParquetWriter<Group> writer(FileSystem fs, Path file, MessageType schema) throws IOException {
    return ExampleParquetWriter.builder(Publisher.parquetFile(fs, file, conf))
        .withType(schema)
        .withConf(conf)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withWriteMode(ParquetFileWriter.Mode.CREATE)
        .build();
  }

  private long count(List<Path> files) throws IOException {
    long rows = 0;
    for (Path f : files) {
      try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(f, conf))) {
        rows += r.getRecordCount();
      }
    }
    return rows;
  }

  private static Set<String> names(FileSystem fs, Path dir) throws IOException {
    Set<String> names = new HashSet<>();
    for (FileStatus f : fs.listStatus(dir)) {
      names.add(f.getPath().getName());
    }
    return names;
  }

  private Publisher publisher() {
    return new Publisher(conf);
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("Cannot compact: rename from " + from + " to " + to + " failed (got false; allowed a rename within one file system)");
    }
  }

}
