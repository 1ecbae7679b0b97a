package io.gansweep.io;

import io.gansweep.train.TrialCheckpoint;
import io.gansweep.trial.MetricRow;
import io.gansweep.trial.RungRow;
import io.gansweep.trial.SampleGrid;
import io.gansweep.trial.ScreenRow;
import io.gansweep.trial.TrialResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Set;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;

/**
 * The output directory of a sweep (a local path or any Hadoop URI): commits a trial's rows as
 * {@code samples/sweep_id=<id>/<trial_id>/step-*.png} (image trials) or {@code
 * samples/sweep_id=<id>/<trial_id>.parquet} (2-D trials: the last evaluation's points), {@code metrics/sweep_id=<id>/<trial_id>.parquet} and then {@code
 * trials/sweep_id=<id>/<trial_id>.parquet}; the {@code trials} file is the commit marker. Each file is published by {@link Publisher}
 * (a hidden {@code .<name>.<uuid>.tmp} beside its target, moved into place; written in place on
 * object stores), so a reader never sees a partial file. File names are the trial id, so a retried or speculative copy
 * of a trial replaces its own files and never adds rows.
 *
 * <p>A store {@link #fencedBy fenced} by the sweep's lease checks it ({@link LeaseFence#check})
 * before each write: a trial's commit before its first file and again before its trials row, each
 * rung, screen row, checkpoint and FAILED marker before its file. A writer whose lease another run
 * has taken over gets {@link LeaseFence.FencedException} and writes nothing more. An unfenced
 * store (tools, tests, benchmarks) writes without checking.
 */
public final class TrialStore {

  /**
   * How many times a trial is tried in all: a resume retrains a trial whose committed row is
   * FAILED until its row's {@code attempt} (0 for the first) reaches {@code MAX_ATTEMPTS - 1}.
   * COMPLETED, DIVERGED and PRUNED rows are results and are never retrained.
   */
  public static final int MAX_ATTEMPTS = 3;

  private final Path root;
  private final Configuration conf;
  private final Publisher publisher;
  private final LeaseFence fence;

  public TrialStore(String out, Configuration conf) {
    this(new Path(out), conf, null);
  }

  private TrialStore(Path root, Configuration conf, LeaseFence fence) {
    this.root = root;
    this.conf = conf;
    this.publisher = new Publisher(conf);
    this.fence = fence;
  }

  /** This store, checking {@code fence} before every write; {@code null}: not fenced. */
  public TrialStore fencedBy(LeaseFence fence) {
    return new TrialStore(root, conf, fence);
  }

  /** Refuses {@code what} when the store is fenced and its lease is no longer the writer's ({@link LeaseFence#check}). */
  private void checkFence(String what) throws IOException {
    if (fence != null) {
      fence.check(what, conf);
    }
  }

  public TrialStore(String out) {
    this(out, HadoopConf.create());
  }

  /** Directory of one table's partition. */
  public Path partition(String table, String sweepId) {
    return OutputLayout.partition(root.toString(), table, sweepId);
  }

  /** Writes the trial's samples and metrics, then its trials row; each appears whole or not at all. */
  public void commit(TrialResult result) throws IOException {
    String sweepId = result.summary().task().sweepId();
    String trialId = result.summary().task().config().trialId();
    checkFence("commit trial " + trialId);
    if (everCompacted(sweepId) && compactedIds(sweepId).contains(trialId)) {
      deleteProgress(sweepId, trialId); // a speculative copy's, written before it saw the commit
      return; // the first trials row wins, in a compacted file too
    }
    Path row = new Path(partition(OutputLayout.TRIALS, sweepId), trialId + ".parquet");
    int attempt = result.summary().task().attempt();
    if (row.getFileSystem(conf).exists(row) && !replacesFailed(row, attempt)) {
      deleteProgress(sweepId, trialId);
      return; // committed: the first row wins, and its metrics and points stay the ones it was committed with
    }
    List<Group> metrics = result.metrics().stream()
        .map((MetricRow r) -> TrialTables.metricRow(trialId, r)).toList();
    for (SampleGrid g : result.samples()) {
      writeFile(g.png(), new Path(samplesDir(sweepId, trialId), String.format("step-%08d.png", g.step())));
    }
    if (result.points() != null) {
      publish(TrialTables.SAMPLES, TrialTables.sampleRows(trialId, result.points()),
          new Path(partition(OutputLayout.SAMPLES, sweepId), trialId + ".parquet"), true);
    }
    publish(TrialTables.METRICS, metrics, new Path(partition(OutputLayout.METRICS, sweepId), trialId + ".parquet"), true);
    boolean failed = result.summary().status() == io.gansweep.trial.TrialStatus.FAILED;
    Path marker = new Path(failedMarkers(sweepId), trialId);
    if (failed) { // before the row: a FAILED row always has its marker ({@link #failedRows})
      writeFile(new byte[0], marker);
    }
    List<Group> trialRow = List.of(TrialTables.trialRow(result.summary()));
    checkFence("commit trial " + trialId); // again at the commit marker: its samples and metrics took a while
    if (!publish(TrialTables.TRIALS, trialRow, row, false) && replacesFailed(row, attempt)) {
      publish(TrialTables.TRIALS, trialRow, row, true); // a retrained FAILED trial: its new row replaces the old one atomically
    } // the marker stays when a retry ends otherwise: a sampler learns the trial as its first attempt ended ({@link #failedOnce})
    deleteProgress(sweepId, trialId);
  }

  /**
   * Publishes a running trial's metrics rows so far as {@code progress/sweep_id=<id>/<trial_id>.parquet}
   * (the metrics schema), replacing its previous ones whole: one file per trial, so a reader sees
   * each row once, and a retried or resumed attempt's rows replace the earlier attempt's. Its
   * {@code metrics} file supersedes it (readers take a trial's progress rows only while it has no
   * metrics rows, {@code TableRows#withProgress}) and its commit deletes it. A trial whose trials
   * row is its own file already (a speculative copy) writes none.
   */
  public void publishProgress(String sweepId, String trialId, List<MetricRow> rows) throws IOException {
    checkFence("write the progress of trial " + trialId);
    if (hasOwnRow(sweepId, trialId)) {
      return;
    }
    publish(TrialTables.METRICS, rows.stream().map(r -> TrialTables.metricRow(trialId, r)).toList(), progressFile(sweepId, trialId), true);
  }

  private Path progressFile(String sweepId, String trialId) {
    return new Path(partition(OutputLayout.PROGRESS, sweepId), trialId + ".parquet");
  }

  /** Deletes a committed trial's progress file ({@link #publishProgress}), if any: its metrics file holds its rows now. */
  private void deleteProgress(String sweepId, String trialId) throws IOException {
    Path f = progressFile(sweepId, trialId);
    FileSystem fs = f.getFileSystem(conf);
    if (fs.exists(f)) {
      fs.delete(f, false);
    }
  }

  /**
   * Whether a committed trials file holds a FAILED row of an earlier attempt than {@code attempt}
   * (a resume retrains such trials, {@link #failedToRetry}); the first row of an attempt wins.
   */
  private boolean replacesFailed(Path row, int attempt) throws IOException {
    if (attempt == 0) {
      return false;
    }
    List<TrialAttempt> old = read(List.of(row), conf, ATTEMPT_COLUMNS, TrialStore::attemptOf);
    return old.size() == 1 && old.get(0).failed() && old.get(0).attempt() < attempt;
  }

  /**
   * A committed trial's status and attempt.
   *
   * @param trialId the trial
   * @param failed whether its row is FAILED
   * @param attempt its row's attempt (0 for the first)
   */
  public record TrialAttempt(String trialId, boolean failed, int attempt) {}

  private static TrialAttempt attemptOf(Group g) {
    return new TrialAttempt(string(g, TrialTables.TRIAL_ID), "FAILED".equals(string(g, TrialTables.STATUS)),
        present(g, ATTEMPT) ? g.getInteger(ATTEMPT, 0) : 0);
  }

  private static final String ATTEMPT = "attempt";

  /** The columns {@link #failedToRetry} reads. */
  private static final Set<String> ATTEMPT_COLUMNS = Set.of(TrialTables.TRIAL_ID, TrialTables.STATUS, ATTEMPT);

  /** Whether a row has a value in {@code column} (a column the file lacks has none). */
  private static boolean present(Group g, String column) {
    return g.getType().containsField(column) && g.getFieldRepetitionCount(column) > 0;
  }

  private static String string(Group g, String column) {
    return present(g, column) ? g.getString(column, 0) : null;
  }

  /**
   * Reads only the columns of a file that are named in {@code columns}, as the file types them:
   * required (gansweep) and optional (Spark, DuckDB, pyarrow) alike, a missing column as null,
   * extra columns never read. Parquet's own projection ({@code parquet.read.schema}) would refuse a
   * file whose column differs from the projection in repetition ("found: expected optional").
   */
  private static final class Columns extends GroupReadSupport {
    private final Set<String> columns;

    Columns(Set<String> columns) {
      this.columns = columns;
    }

    @Override
    public ReadContext init(InitContext context) {
      MessageType file = context.getFileSchema();
      return new ReadContext(new MessageType(file.getName(), file.getFields().stream().filter(f -> columns.contains(f.getName())).toList()));
    }
  }

  /**
   * The committed trials of a sweep that a resume retrains: those whose row is FAILED with fewer
   * than {@link #MAX_ATTEMPTS} attempts so far, by trial id, with their row's attempt.
   */
  public Map<String, Integer> failedToRetry(String sweepId) throws IOException {
    Map<String, Integer> retry = new TreeMap<>();
    failedAttempts(sweepId).forEach((id, attempt) -> {
      if (attempt + 1 < MAX_ATTEMPTS) {
        retry.put(id, attempt);
      }
    });
    return retry;
  }

  /** Every committed trial of a sweep whose row is FAILED, by trial id, with its row's attempt (those used up included). */
  public Map<String, Integer> failedAttempts(String sweepId) throws IOException {
    Map<String, Integer> failed = new TreeMap<>();
    for (TrialAttempt a : failedRows(sweepId)) {
      failed.merge(a.trialId(), a.attempt(), Math::max);
    }
    return failed;
  }

  /**
   * Records that the driver acts on a rung decision of an early-terminated sweep ({@code
   * sweeps/<id>/decided/<key>}, an empty file), before the first job that trains or stops a
   * trial because of it: from then on the decision is committed, and a resume never retrains a
   * FAILED trial in a way that would change it.
   */
  public void markDecided(String sweepId, String key) throws IOException {
    checkFence("record the rung decision " + key);
    Path marker = new Path(decidedMarkers(sweepId), key);
    if (!marker.getFileSystem(conf).exists(marker)) {
      writeFile(new byte[0], marker);
    }
  }

  /** The names of the marker files in {@code markers} (none when the folder is missing), leftovers of killed writes left out. */
  private Set<String> markerNames(Path markers) throws IOException {
    FileSystem fs = markers.getFileSystem(conf);
    Set<String> names = new TreeSet<>();
    if (fs.exists(markers)) {
      for (FileStatus m : fs.listStatus(markers)) {
        if (!Publisher.isLeftover(m.getPath().getName())) {
          names.add(m.getPath().getName());
        }
      }
    }
    return names;
  }

  /** The keys {@link #markDecided} recorded for the sweep (none before its first decision acted on). */
  public Set<String> decided(String sweepId) throws IOException {
    return markerNames(decidedMarkers(sweepId));
  }

  private Path decidedMarkers(String sweepId) {
    return new Path(OutputLayout.sweepDir(root.toString(), sweepId), "decided");
  }

  /** The trials whose committed row is FAILED after {@link #MAX_ATTEMPTS} attempts: not retrained again. */
  public List<String> failedForGood(String sweepId) throws IOException {
    return failedRows(sweepId).stream().filter(a -> a.attempt() + 1 >= MAX_ATTEMPTS).map(TrialAttempt::trialId).sorted().toList();
  }

  /**
   * The committed FAILED rows of a sweep. Reading every per-trial trials file would cost a Parquet
   * footer each at every resume (2-10 ms a file on the 2-core VM, 2026-12-07: minutes for 100,000
   * trials), so a FAILED commit leaves a marker, {@code sweeps/<id>/failed/<trial_id>}, and only
   * the marked per-trial files are read, with the status and attempt columns of the table files
   * ({@code part-*} and other tools' files: few, whatever their size). A per-trial FAILED row an
   * older gansweep wrote has no marker: it is found once a compaction puts it into a part file.
   */
  private List<TrialAttempt> failedRows(String sweepId) throws IOException {
    Path trials = partition(OutputLayout.TRIALS, sweepId);
    FileSystem fs = trials.getFileSystem(conf);
    List<Path> files = new ArrayList<>(compacted(tableFiles(OutputLayout.TRIALS, sweepId)));
    Path markers = failedMarkers(sweepId);
    if (fs.exists(markers)) {
      for (FileStatus m : fs.listStatus(markers)) {
        Path row = new Path(trials, m.getPath().getName() + ".parquet");
        if (!Publisher.isLeftover(m.getPath().getName()) && fs.exists(row)) {
          files.add(row);
        }
      }
    }
    return read(files, conf, ATTEMPT_COLUMNS, TrialStore::attemptOf).stream().filter(a -> a.trialId() != null && a.failed()).toList();
  }

  /**
   * The trials a resume retrains ({@link #failedToRetry}) with a row in a compacted file: their
   * trials row, or a rung row (an earlier compaction put it there). A compaction takes them out
   * into their own files again ({@link Compaction}), so that the retry's rows replace them.
   */
  public Set<String> failedInCompacted(String sweepId) throws IOException {
    Set<String> retry = failedToRetry(sweepId).keySet();
    Set<String> found = new TreeSet<>();
    for (String id : retry) {
      if (!hasOwnRow(sweepId, id)) {
        found.add(id);
      }
    }
    if (!retry.isEmpty()) {
      for (RungRow r : compactedRows(sweepId, OutputLayout.RUNGS, TrialTables::rungRow)) {
        if (retry.contains(r.trialId())) {
          found.add(r.trialId());
        }
      }
    }
    return found;
  }

  /** Whether a trial's trials row is its own file ({@code trials/sweep_id=<id>/<trial_id>.parquet}), not a row of a compacted file. */
  public boolean hasOwnRow(String sweepId, String trialId) throws IOException {
    Path row = new Path(partition(OutputLayout.TRIALS, sweepId), trialId + ".parquet");
    return row.getFileSystem(conf).exists(row);
  }

  /**
   * The trials of a sweep whose first attempt FAILED, whatever a retry got since: those with a
   * marker ({@code sweeps/<id>/failed/<trial_id>}, which a retry that ends otherwise keeps). A
   * learning sampler is told them as FAILED, so the waves it asked after them stay the same.
   */
  public Set<String> failedOnce(String sweepId) throws IOException {
    return markerNames(failedMarkers(sweepId));
  }

  /** Marks a trial whose committed row is FAILED ({@link #failedRows}): a compaction that takes such a row out of a part file calls it. */
  public void markFailed(String sweepId, String trialId) throws IOException {
    checkFence("mark trial " + trialId + " FAILED");
    writeFile(new byte[0], new Path(failedMarkers(sweepId), trialId));
  }

  /** {@code OUT/sweeps/<id>/failed}: one empty file per trial whose committed row is (or was) FAILED. */
  private Path failedMarkers(String sweepId) {
    return new Path(OutputLayout.sweepDir(root.toString(), sweepId), "failed");
  }


  /**
   * Commits a trial's row at a rung as {@code rungs/sweep_id=<id>/<trial_id>-r<rung>.parquet}:
   * the marker that the trial's segment up to the rung is done (its checkpoint, or its trials row
   * when it ended there, is written before). A retried segment writes the same row again.
   */
  public void commitRung(String sweepId, RungRow row) throws IOException {
    checkFence("commit rung " + row.rung() + " of trial " + row.trialId());
    if (compactedRows(sweepId, OutputLayout.RUNGS, TrialTables::rungRow).stream()
        .anyMatch(r -> r.trialId().equals(row.trialId()) && r.rung() == row.rung())) {
      return; // compacted: the row is there already
    }
    publish(TrialTables.RUNGS, List.of(TrialTables.rungRow(row)),
        new Path(partition(OutputLayout.RUNGS, sweepId), row.trialId() + "-r" + row.rung() + ".parquet"), true);
  }

  /** Every committed rung row of a sweep (none before its first rung), read back with parquet-hadoop. */
  public List<RungRow> rungRows(String sweepId) throws IOException {
    return read(tableFiles(OutputLayout.RUNGS, sweepId), conf, TrialTables::rungRow);
  }

  /**
   * Commits a generator setup's screen row as {@code screen/sweep_id=<id>/<setup_id>.parquet}. The
   * first row wins: a retried or speculative fit cannot replace a row the driver has decided on.
   */
  public void commitScreen(String sweepId, ScreenRow row) throws IOException {
    checkFence("commit the screen row of setup " + row.setupId());
    if (compactedRows(sweepId, OutputLayout.SCREEN, TrialTables::screenRow).stream().anyMatch(r -> r.setupId().equals(row.setupId()))) {
      return; // the first row wins, in a compacted file too
    }
    publish(TrialTables.SCREEN, List.of(TrialTables.screenRow(row)),
        new Path(partition(OutputLayout.SCREEN, sweepId), row.setupId() + ".parquet"), false);
  }

  /** Every committed screen row of a sweep, read back with parquet-hadoop (none before its screen). */
  public List<ScreenRow> screenRows(String sweepId) throws IOException {
    return read(tableFiles(OutputLayout.SCREEN, sweepId), conf, TrialTables::screenRow);
  }

  /**
   * Every row of a table's partition ({@code table/sweep_id=<id>/}, per-trial and compacted files
   * alike), only the {@code columns} named, each as a map of column to value (String, Integer,
   * Long, Double, Float or Boolean; timestamps as Long; a value the row lacks is absent). Read-only
   * and without the sweep's lease, so it may run beside a run: a file that a concurrent compaction
   * removed between the listing and the read makes it list again (at most three times); a row in
   * both a per-trial file and the compacted file that replaces it comes twice, so callers keep
   * one per key.
   */
  public List<Map<String, Object>> rows(String table, String sweepId, Set<String> columns) throws IOException {
    java.io.FileNotFoundException gone = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        return read(tableFiles(table, sweepId), conf, columns, TrialStore::values);
      } catch (java.io.FileNotFoundException e) {
        gone = e;
      }
    }
    throw gone;
  }

  /** A row's values by column name, typed as their columns. */
  private static Map<String, Object> values(Group g) {
    Map<String, Object> row = new java.util.LinkedHashMap<>();
    org.apache.parquet.schema.GroupType type = g.getType();
    for (int i = 0; i < type.getFieldCount(); i++) {
      if (g.getFieldRepetitionCount(i) == 0 || !type.getType(i).isPrimitive()) {
        continue;
      }
      org.apache.parquet.schema.PrimitiveType p = type.getType(i).asPrimitiveType();
      Object v = switch (p.getPrimitiveTypeName()) {
        case INT32 -> g.getInteger(i, 0);
        case INT64 -> g.getLong(i, 0);
        case DOUBLE -> g.getDouble(i, 0);
        case FLOAT -> g.getFloat(i, 0);
        case BOOLEAN -> g.getBoolean(i, 0);
        case BINARY -> g.getString(i, 0);
        default -> null; // INT96, fixed-length: no column of gansweep's tables
      };
      if (v != null) {
        row.put(type.getFieldName(i), v);
      }
    }
    return row;
  }

  /** Every row of the partition's compacted files ({@link Compaction}), converted; none before a compaction. */
  private <T> List<T> compactedRows(String sweepId, String table, Function<Group, T> row) throws IOException {
    return everCompacted(sweepId) ? read(compacted(tableFiles(table, sweepId)), conf, row) : List.of();
  }

  /**
   * Whether a compaction of the sweep ever began ({@link OutputLayout#compactedMarker}): one
   * existence check, so a commit of a sweep never compacted lists no partition.
   */
  private boolean everCompacted(String sweepId) throws IOException {
    Path marker = OutputLayout.compactedMarker(root.toString(), sweepId);
    return marker.getFileSystem(conf).exists(marker);
  }

  private static List<Path> compacted(List<Path> files) {
    return files.stream().filter(f -> !isPerTrial(f.getName())).toList();
  }

  /**
   * Whether a file of a partition is one trial's file, named after its id ({@code <trial_id>.parquet},
   * {@code <trial_id>-r<k>.parquet}), rather than a table file that holds many rows and is read for
   * its ids: {@link Compaction}'s {@code part-*} files, and what Spark, DuckDB, pyarrow or Polars
   * wrote when a user rewrote the table ({@code part-00000-<uuid>.snappy.parquet}, {@code
   * data_0.parquet}, {@code <uuid>-0.parquet}).
   */
  public static boolean isPerTrial(String fileName) {
    return !fileName.startsWith(Compaction.PREFIX) && PER_TRIAL.matcher(fileName).matches();
  }

  /** {@code <config_id>-s<seed>[-r<rung>].parquet}. */
  private static final java.util.regex.Pattern PER_TRIAL = java.util.regex.Pattern.compile("[0-9a-z]+-s[0-9]+(-r[0-9]+)?\\.parquet");

  private static <T> List<T> read(List<Path> files, Configuration conf, Function<Group, T> row) throws IOException {
    return read(files, conf, null, row);
  }

  /** The rows of {@code files}, converted; only the {@code columns} named (every column when null). */
  private static <T> List<T> read(List<Path> files, Configuration conf, Set<String> columns, Function<Group, T> row) throws IOException {
    List<T> rows = new ArrayList<>();
    for (Path f : files) {
      try (ParquetReader<Group> r = ParquetReader.builder(columns == null ? new GroupReadSupport() : new Columns(columns), f).withConf(conf).build()) {
        for (Group g = r.read(); g != null; g = r.read()) {
          rows.add(row.apply(g));
        }
      }
    }
    return rows;
  }

  /**
   * The trial ids in the compacted files of a sweep's trials partition (its {@code trial_id} column
   * only): {@link Compaction}'s, and Spark's own {@code part-*} files where a table was rewritten
   * with Spark.
   */
  private Set<String> compactedIds(String sweepId) throws IOException {
    return compactedIds(tableFiles(OutputLayout.TRIALS, sweepId));
  }

  /** The trial ids in the compacted files of {@code tableFiles}, a trials partition's files. */
  private Set<String> compactedIds(List<Path> tableFiles) throws IOException {
    List<Path> files = compacted(tableFiles);
    if (files.isEmpty()) {
      return Set.of();
    }
    Set<String> ids = new HashSet<>(read(files, conf, Set.of(TrialTables.TRIAL_ID), g -> string(g, TrialTables.TRIAL_ID)));
    ids.remove(null);
    return ids;
  }

  /** Where a paused trial resumes: {@code checkpoints/sweep_id=<id>/<trial_id>.ckpt}. */
  public Path checkpointFile(String sweepId, String trialId) {
    return new Path(partition(OutputLayout.CHECKPOINTS, sweepId), trialId + ".ckpt");
  }

  /** Publishes a trial's checkpoint, replacing the one of its previous rung (a reader sees one or the other, whole). */
  public void writeCheckpoint(String sweepId, TrialCheckpoint c) throws IOException {
    checkFence("write the checkpoint of trial " + c.trialId());
    writeFile(c.toBytes(), checkpointFile(sweepId, c.trialId()));
  }

  /**
   * A trial's checkpoint, its checksum verified ({@link TrialCheckpoint#fromBytes}); an error
   * naming the file when there is none. A file that is there but is no good checkpoint (a flipped
   * byte, a truncated copy, another format) is moved aside to {@code
   * OUT/quarantine/sweep_id=<id>/checkpoints/} first, and the error says where: the caller trains
   * the trial again from scratch, and its next checkpoint takes the bad one's place.
   */
  public TrialCheckpoint readCheckpoint(String sweepId, String trialId) throws IOException {
    Path file = checkpointFile(sweepId, trialId);
    FileSystem fs = file.getFileSystem(conf);
    if (!fs.exists(file)) {
      throw new IOException("Cannot resume " + trialId + ": no checkpoint (got nothing at " + file + "; allowed a checkpoint its "
          + "previous rung wrote)");
    }
    FileStatus read = fs.getFileStatus(file);
    byte[] bytes;
    try (var in = fs.open(file)) {
      bytes = in.readAllBytes();
    }
    try {
      return TrialCheckpoint.fromBytes(bytes);
    } catch (IllegalArgumentException e) {
      FileStatus now = fs.exists(file) ? fs.getFileStatus(file) : null;
      if (now == null || now.getLen() != read.getLen() || now.getModificationTime() != read.getModificationTime()) {
        throw e; // another attempt of the trial moved it aside or published a new one since: leave that one be
      }
      Path to = moveAside(fs, file, OutputLayout.CHECKPOINTS, sweepId);
      throw new IllegalArgumentException(e.getMessage() + "; moved it to " + to, e);
    }
  }

  /** Folder of a trial's sample grids: {@code samples/sweep_id=<id>/<trial_id>/step-NNNNNNNN.png}. */
  public Path samplesDir(String sweepId, String trialId) {
    return new Path(partition(OutputLayout.SAMPLES, sweepId), trialId);
  }

  /** Publishes bytes as {@code target}, replacing an earlier attempt's file ({@link Publisher}). */
  private void writeFile(byte[] bytes, Path target) throws IOException {
    publisher.publish(target, Publisher.IfPresent.REPLACE, bytes);
  }

  /** Ids of the trials of a sweep whose trials row is in place: per-trial file names and the compacted files' ids. */
  public Set<String> committedTrialIds(String sweepId) throws IOException {
    List<Path> files = tableFiles(OutputLayout.TRIALS, sweepId);
    Set<String> ids = new HashSet<>(compactedIds(files));
    for (Path f : files) {
      String name = f.getName();
      if (isPerTrial(name)) {
        ids.add(name.substring(0, name.length() - ".parquet".length()));
      }
    }
    return ids;
  }

  /**
   * The files of a table's partition as of now ({@link Compaction#tableFiles}: every row once, while
   * a compaction swaps it too; none when it does not exist yet): every read of a table goes through it.
   */
  private List<Path> tableFiles(String table, String sweepId) throws IOException {
    Path dir = partition(table, sweepId);
    return Compaction.tableFiles(dir.getFileSystem(conf), root.toString(), table, sweepId);
  }

  /**
   * Publishes rows as {@code target} ({@link Publisher}). An existing target is replaced
   * atomically when {@code replace} (metrics left by an attempt that died before its commit
   * marker: a reader sees the old file or the new one, never none), else kept: the first committed
   * trials row wins, so it never disappears, even for a moment.
   */
  private boolean publish(MessageType schema, List<Group> rows, Path target, boolean replace) throws IOException {
    return publisher.publish(target, replace ? Publisher.IfPresent.REPLACE : Publisher.IfPresent.KEEP, (fs, file) -> {
      try (ParquetWriter<Group> w = ExampleParquetWriter.builder(Publisher.parquetFile(fs, file, conf))
          .withType(schema)
          .withConf(conf)
          .withCompressionCodec(CompressionCodecName.SNAPPY)
          .withWriteMode(ParquetFileWriter.Mode.OVERWRITE) // a fresh temporary file, or on object stores the target itself
          .build()) {
        for (Group g : rows) {
          w.write(g);
        }
      }
    });
  }

  /** {@code OUT/quarantine/sweep_id=<id>/<table>/}: where unreadable files of a sweep are moved aside. */
  public Path quarantine(String table, String sweepId) {
    return new Path(OutputLayout.partition(root.toString(), QUARANTINE, sweepId), table);
  }

  /** The folder of quarantined files under {@code OUT}. */
  public static final String QUARANTINE = "quarantine";

  /**
   * Moves aside every per-trial file of the sweep that is not a readable Parquet file (zero bytes,
   * truncated, not Parquet), to {@code OUT/quarantine/sweep_id=<id>/<table>/}, with the trials row
   * of a trial whose metrics or points file was unreadable: its trial is then not committed, and
   * the run trains it again. Returns one entry per file moved ({@code trials/<name> (0 bytes)}).
   * Only while no other writer writes the sweep (under its lease).
   *
   * @throws IOException naming the file when a table file ({@code part-*}, many trials' rows) is
   *     unreadable: its rows cannot be retrained one trial at a time
   */
  public List<String> quarantineUnreadable(String sweepId) throws IOException {
    checkFence("quarantine the unreadable files of sweep " + sweepId);
    List<String> moved = new ArrayList<>();
    for (Unreadable u : unreadable(sweepId)) {
      Path f = u.file().getPath();
      FileSystem fs = f.getFileSystem(conf);
      if (!isPerTrial(f.getName()) && !u.table().equals(OutputLayout.SCREEN)) {
        throw new IOException("Cannot read " + f + ": " + u.why() + " (got a table file of many trials' rows; allowed a Parquet file)."
            + " Move it aside or restore it, then run again");
      }
      moveAside(fs, f, u.table(), sweepId);
      moved.add(u.table() + "/" + f.getName() + " (" + u.why() + ")");
      Path row = new Path(partition(OutputLayout.TRIALS, sweepId), f.getName());
      if ((u.table().equals(OutputLayout.METRICS) || u.table().equals(OutputLayout.SAMPLES)) && fs.exists(row)) {
        moveAside(fs, row, OutputLayout.TRIALS, sweepId); // its rows are gone: the trial is not committed any more
        moved.add(OutputLayout.TRIALS + "/" + f.getName() + " (its " + u.table() + " file was unreadable)");
      }
    }
    return moved;
  }

  /**
   * A committed file that cannot be Parquet.
   *
   * @param table its table
   * @param file its status
   * @param why why it cannot ({@code 0 bytes}, {@code not Parquet: …})
   */
  public record Unreadable(String table, FileStatus file, String why) {}

  /**
   * The committed Parquet files of the sweep that cannot be Parquet (the files {@link
   * #quarantineUnreadable} moves), found without changing anything: a reader ({@code analyze})
   * looks first, and takes the lease to move them only when there are any.
   */
  public List<Unreadable> unreadable(String sweepId) throws IOException {
    List<Unreadable> found = new ArrayList<>();
    for (String table : List.of(OutputLayout.TRIALS, OutputLayout.METRICS, OutputLayout.SAMPLES, OutputLayout.RUNGS, OutputLayout.SCREEN)) {
      Path dir = partition(table, sweepId);
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(dir)) {
        continue;
      }
      for (FileStatus st : fs.listStatus(dir)) {
        Path f = st.getPath();
        if (!st.isFile() || !f.getName().endsWith(".parquet") || f.getName().startsWith(".") || f.getName().startsWith("_")) {
          continue;
        }
        String why = unreadable(fs, st);
        if (why != null) {
          found.add(new Unreadable(table, st, why));
        }
      }
    }
    return found;
  }

  /** Moves {@code f} into {@link #quarantine}{@code (table, sweepId)} (a later copy of one name gets a time suffix); returns where. */
  private Path moveAside(FileSystem fs, Path f, String table, String sweepId) throws IOException {
    Path dir = quarantine(table, sweepId);
    fs.mkdirs(dir);
    Path to = new Path(dir, f.getName());
    if (fs.exists(to)) {
      to = new Path(dir, f.getName() + "." + System.currentTimeMillis());
    }
    if (!fs.rename(f, to)) {
      throw new IOException("Cannot quarantine " + f + ": rename to " + to + " failed (got false; allowed a rename within one file system)");
    }
    return to;
  }

  /**
   * Why a file cannot be a Parquet file, or null when it can: shorter than the smallest one (12
   * bytes: a zero-byte file after a crash or a full disk) or, on local file systems, without
   * Parquet's {@code PAR1} magic at its end (a truncated copy). A footer read (2-10 ms a file on
   * the 2-core VM, 2026-12-07) would make every resume of 100,000 committed trials minutes slower;
   * the length comes with the listing, and the 4 bytes of the end take 0.015 ms a file through
   * java.nio (0.25 ms through Hadoop's local file system), so other file systems check the length only.
   */
  private static String unreadable(FileSystem fs, FileStatus f) {
    long length = f.getLen();
    if (length < 12) {
      return length + " bytes";
    }
    if (Publisher.strategy(fs.getScheme()) != Publisher.Strategy.LOCAL) {
      return null;
    }
    try (var ch = java.nio.channels.FileChannel.open(Publisher.local(fs, f.getPath()))) {
      java.nio.ByteBuffer end = java.nio.ByteBuffer.allocate(4);
      ch.read(end, length - 4);
      return new String(end.array(), java.nio.charset.StandardCharsets.US_ASCII).equals("PAR1") ? null
          : "not Parquet: no PAR1 at its end, " + length + " bytes";
    } catch (IOException e) {
      return "unreadable: " + e.getMessage();
    }
  }

  /**
   * Deletes the hidden temporary files that killed attempts left in a sweep's partitions
   * ({@code trials}, {@code metrics}, {@code samples}, {@code rungs}, {@code checkpoints}); returns how many. Only while no other run
   * writes the sweep (a run calls it under its lease).
   */
  public int removeLeftovers(String sweepId) throws IOException {
    checkFence("remove the temporary files of sweep " + sweepId);
    return publisher.removeLeftovers(partition(OutputLayout.TRIALS, sweepId), 0) + publisher.removeLeftovers(partition(OutputLayout.METRICS, sweepId), 0)
        + publisher.removeLeftovers(partition(OutputLayout.SAMPLES, sweepId), 1) + publisher.removeLeftovers(partition(OutputLayout.RUNGS, sweepId), 0)
        + publisher.removeLeftovers(partition(OutputLayout.CHECKPOINTS, sweepId), 0)
        + publisher.removeLeftovers(partition(OutputLayout.SCREEN, sweepId), 0)
        + publisher.removeLeftovers(partition(OutputLayout.PROGRESS, sweepId), 0) + removeSupersededProgress(sweepId);
  }

  /** Deletes the progress files of committed trials (a commit killed before it deleted its own); returns how many. */
  private int removeSupersededProgress(String sweepId) throws IOException {
    Path dir = partition(OutputLayout.PROGRESS, sweepId);
    List<Path> files = OutputLayout.publishedParquet(dir.getFileSystem(conf), dir); // never compacted: a plain listing
    if (files.isEmpty()) {
      return 0;
    }
    Set<String> committed = committedTrialIds(sweepId);
    int n = 0;
    for (Path f : files) {
      if (committed.contains(f.getName().substring(0, f.getName().length() - ".parquet".length())) && f.getFileSystem(conf).delete(f, false)) {
        n++;
      }
    }
    return n;
  }
}
