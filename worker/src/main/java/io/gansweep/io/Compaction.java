package io.gansweep.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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
 * (no reader's glob reaches a folder whose name starts with a dot); a {@code READY} marker is
 * written when every row is there (counted against the rows read); then two renames put it in
 * place: the partition to {@code .../old/}, {@code new/} to the partition; then {@code old/} is
 * deleted. Between the two renames (one {@code rename(2)} each locally, one NameNode operation each
 * on HDFS) the partition is absent: a reader that lists then sees none of the sweep's rows for that
 * table, and a reader that listed before the swap and opens a file after it gets a file-not-found
 * error (Spark: {@code FileNotFoundException}, "It is possible the underlying files have been
 * updated"), and reads again. Generation names are unique, so a stale listing never reads a new
 * file as an old one. On object stores a rename is a copy: there the swap is not atomic, and
 * compaction should run only while no one reads.
 *
 * <p>A compaction that dies is finished or undone by the next one, or by the next run of the sweep
 * ({@link #recover}): before {@code READY} the staged files are deleted; after it, a swap that
 * began is completed. Only while no other writer publishes into the sweep (the caller holds the
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

  /**
   * @param out the sweep output directory (a local path or Hadoop URI)
   * @param conf Hadoop configuration of its file system
   * @param targetBytes size at which a compacted file is closed and the next one begun
   */
  public Compaction(String out, Configuration conf, long targetBytes) {
    this(out, conf, targetBytes, null);
  }

  private Compaction(String out, Configuration conf, long targetBytes, LeaseFence fence) {
    if (targetBytes <= 0) {
      throw new IllegalArgumentException("Cannot compact: target file size not positive (got " + targetBytes + "; allowed > 0 bytes)");
    }
    this.out = out;
    this.conf = conf;
    this.targetBytes = targetBytes;
    this.fence = fence;
  }

  /** This compaction, checking {@code fence} before each swap, recovery and deletion; {@code null}: not fenced. */
  public Compaction fencedBy(LeaseFence fence) {
    return new Compaction(out, conf, targetBytes, fence);
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
    boolean extract = released.stream().anyMatch(id -> !perTrial.contains(id + ".parquet"));
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
   * between its two renames is absent.
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
      Path partition = OutputLayout.partition(out, table, sweepId);
      Path staged = new Path(s, "new");
      Path old = new Path(s, "old");
      Path ready = new Path(s, READY);
      if (fs.exists(ready) && fs.exists(old)) { // the swap began: complete it
        long expected = readyRows(fs, ready);
        boolean absent = !fs.exists(partition);
        if (absent) {
          if (fs.exists(staged)) {
            rename(fs, staged, partition);
            finished++;
          }
        } else if (fs.exists(staged)) {
          // Someone wrote into the sweep between the two renames (a writer that did not recover
          // first): the staged files join what it wrote, and its per-trial copies of rows that
          // the staged files hold already go.
          finished += merge(fs, staged, partition);
        }
        // The compacted files now in the partition are the staged ones (a compaction rewrites
        // earlier compacted files too; writers since add per-trial files only).
        long found = fs.exists(partition)
            ? count(OutputLayout.publishedParquet(fs, partition).stream().filter(f -> f.getName().startsWith(PREFIX)).toList()) : 0;
        if (expected < 0) {
          // A marker without a count (an older gansweep): what is in the partition now must hold at
          // least every row from before the compaction, or the old files stay.
          found = count(OutputLayout.publishedParquet(fs, partition));
          long before = count(OutputLayout.publishedParquet(fs, old));
          expected = found >= before ? found : before;
        }
        if (found != expected) { // never delete rows not verified elsewhere: the old files stay where they are
          throw new IOException(String.format(Locale.ROOT, "Cannot recover the compaction of %s: the swapped-in files hold a different number of"
              + " rows (got %d; allowed the %d rows staged); the files from before it are kept in %s: move them back into the"
              + " partition to restore it", partition, found, expected, old));
        }
        fs.delete(old, true);
      }
      fs.delete(s, true); // not READY, or READY but never swapped: the partition is as it was
    }
    deleteStaging(fs, sweepId);
    return finished;
  }

  /**
   * Moves the staged files of an interrupted swap into a partition that a writer has created
   * meanwhile (a file of the same name there is newer and stays), then deletes the per-trial files
   * there whose trial's rows the moved compacted files hold (found by reading their {@code
   * trial_id} column); returns 1.
   */
  private int merge(FileSystem fs, Path staged, Path partition) throws IOException {
    Set<String> moved = new HashSet<>();
    for (FileStatus f : fs.listStatus(staged)) {
      String name = f.getPath().getName();
      if (!fs.exists(new Path(partition, name))) {
        rename(fs, f.getPath(), new Path(partition, name));
        moved.add(name);
      }
    }
    Set<String> compactedIds = new HashSet<>();
    for (String name : moved) {
      if (name.startsWith(PREFIX) && name.endsWith(".parquet")) {
        try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), new Path(partition, name)).withConf(conf).build()) {
          for (Group g = r.read(); g != null; g = r.read()) {
            if (g.getType().containsField(TrialTables.TRIAL_ID) && g.getFieldRepetitionCount(TrialTables.TRIAL_ID) > 0) {
              compactedIds.add(g.getString(TrialTables.TRIAL_ID, 0));
            }
          }
        }
      }
    }
    for (FileStatus f : fs.listStatus(partition)) {
      String name = f.getPath().getName();
      if (!moved.contains(name) && TrialStore.isPerTrial(name) && compactedIds.contains(stem(name))) {
        fs.delete(f.getPath(), false); // a copy of rows the compacted files hold
      }
    }
    return 1;
  }

  /** The row count a {@code READY} marker records, or -1 when it records none (written before markers held one). */
  private static long readyRows(FileSystem fs, Path ready) throws IOException {
    try (var in = fs.open(ready)) {
      String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
      return text.startsWith("rows: ") ? Long.parseLong(text.substring("rows: ".length()).strip()) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
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
  private static final Set<String> PER_TRIAL_TABLES = Set.of(OutputLayout.TRIALS, OutputLayout.METRICS, OutputLayout.SAMPLES);

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
      boolean own = route && TrialStore.isPerTrial(f.getName()) && released.contains(stem(f.getName()));
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
    try (var o = fs.create(new Path(s, READY), false)) { // what recovery checks before it deletes the old files
      o.write(("rows: " + partRows + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    Path old = new Path(s, "old");
    rename(fs, partition, old);
    rename(fs, staged, partition);
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
              ParquetWriter<Group> o = own.get(trialId);
              if (o == null) {
                Path file = new Path(dir, trialId + ".parquet");
                routed.add(file);
                o = writer(fs, file, type);
                own.put(trialId, o);
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

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("Cannot compact: rename from " + from + " to " + to + " failed (got false; allowed a rename within one file system)");
    }
  }

}
