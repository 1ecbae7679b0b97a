package io.gansweep.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where everything lives under a sweep output directory {@code OUT} (a local path or Hadoop URI):
 * the one place every module (worker, analysis, driver) takes these names from.
 *
 * <pre>
 * OUT/trials/sweep_id=&lt;id&gt;/&lt;trial_id&gt;.parquet     one row per trial (the commit marker)
 * OUT/metrics/sweep_id=&lt;id&gt;/&lt;trial_id&gt;.parquet    one row per logged step
 * OUT/progress/sweep_id=&lt;id&gt;/&lt;trial_id&gt;.parquet   a running trial's metrics rows so far (deleted once it commits)
 * OUT/samples/sweep_id=&lt;id&gt;/…                      2-D points or image grids
 * OUT/analysis/sweep_id=&lt;id&gt;/…                     the analysis's tables and report
 * OUT/sweeps/&lt;id&gt;/spec.yaml, lease, compacted       the sweep record, its lease, its compaction marker
 * OUT/feature-nets/feature-net-&lt;key&gt;.gsfn           pinned feature networks (image sweeps)
 * OUT/rungs/sweep_id=&lt;id&gt;/&lt;trial_id&gt;-r&lt;k&gt;.parquet  a trial's row at rung k (early termination)
 * OUT/checkpoints/sweep_id=&lt;id&gt;/&lt;trial_id&gt;.ckpt   where a paused trial resumes (early termination)
 * OUT/.compaction/sweep_id=&lt;id&gt;/&lt;table&gt;/…         a compaction's staged files (Compaction)
 * OUT/quarantine/sweep_id=&lt;id&gt;/&lt;table&gt;/…         committed files that cannot be Parquet, and checkpoints that fail
 *                                                   their checksum (under checkpoints/), moved aside (their trials train again)
 * OUT/sweeps/&lt;id&gt;/failed/&lt;trial_id&gt;                 empty markers of FAILED trials a resume retries (up to 3 attempts)
 * OUT/sweeps/&lt;id&gt;/lease-generation               the generation of the sweep's last released lease (the next is one more)
 * </pre>
 *
 * <p>After {@code gansweep compact} (and at the end of {@code gansweep run}) a partition's
 * per-trial files are rewritten as a few {@code part-<generation>-<n>.parquet} files ({@link
 * Compaction}); readers read both kinds alike.
 *
 * <p>{@code sweep_id} is a Hive partition: it lives in the path only.
 */
public final class OutputLayout {

  public static final String TRIALS = "trials";
  public static final String METRICS = "metrics";
  /**
   * A running trial's metrics rows so far, in the metrics schema: one file per trial, replaced
   * whole after each evaluation, superseded by its {@code metrics} file and deleted once it commits.
   */
  public static final String PROGRESS = "progress";
  public static final String SAMPLES = "samples";
  public static final String ANALYSIS = "analysis";
  public static final String SWEEPS = "sweeps";
  public static final String FEATURE_NETS = "feature-nets";
  public static final String MODELS = "models";
  public static final String DATA = "data";
  public static final String RUNGS = "rungs";
  public static final String CHECKPOINTS = "checkpoints";
  public static final String SCREEN = "screen";

  /** The partition column of every table, and the prefix of its folders ({@code sweep_id=}). */
  public static final String PARTITION_COLUMN = "sweep_id";

  private static final String PARTITION_PREFIX = PARTITION_COLUMN + "=";

  private OutputLayout() {}

  /** {@code OUT/<table>}: a table (or the analysis) across sweeps. */
  public static Path table(String out, String table) {
    return new Path(new Path(out), table);
  }

  /** {@code OUT/<table>/sweep_id=<id>}: one sweep's partition of a table (or its analysis). */
  public static Path partition(String out, String table, String sweepId) {
    return new Path(table(out, table), PARTITION_PREFIX + sweepId);
  }

  /** The sweep id of a partition folder's name, or null when the name is not {@code sweep_id=<id>}. */
  public static String sweepIdOf(String folderName) {
    return folderName.startsWith(PARTITION_PREFIX) && folderName.length() > PARTITION_PREFIX.length()
        ? folderName.substring(PARTITION_PREFIX.length()) : null;
  }

  /** {@code OUT/sweeps/<id>}: the sweep's record and lease. */
  public static Path sweepDir(String out, String sweepId) {
    return new Path(table(out, SWEEPS), sweepId);
  }

  /**
   * {@code OUT/sweeps/<id>/compacted}: written when a compaction of the sweep begins, so commits
   * look for rows in compacted files only in sweeps that have them.
   */
  public static Path compactedMarker(String out, String sweepId) {
    return new Path(sweepDir(out, sweepId), "compacted");
  }

  /**
   * {@code OUT/models}: the model files the sweep's trials load (TorchScript G and D), pinned there
   * by the driver as {@code <sha256 hex>.pt}, so executors need no shared path to the user's files.
   */
  public static Path models(String out) {
    return table(out, MODELS);
  }

  /** {@code OUT/models/<hex>.pt}: the pinned file of checksum {@code sha256:<hex>}. */
  public static Path model(String models, String checksum) {
    return new Path(models, checksum.substring(checksum.indexOf(':') + 1) + ".pt");
  }

  /**
   * {@code OUT/data}: the data files the sweep's trials read (a {@code points:<file>} dataset's
   * Parquet or CSV file), pinned there by the driver as {@code <sha256 hex>.<ext>}, as {@link #models}.
   */
  public static Path data(String out) {
    return table(out, DATA);
  }

  /** {@code OUT/data/<hex>.<extension>}: the pinned data file of checksum {@code sha256:<hex>}. */
  public static Path dataFile(String data, String checksum, String extension) {
    return new Path(data, checksum.substring(checksum.indexOf(':') + 1) + "." + extension);
  }

  /** {@code OUT/feature-nets}: the feature networks the sweep's image trials load. */
  public static Path featureNets(String out) {
    return table(out, FEATURE_NETS);
  }

  /**
   * The published Parquet files of a partition folder (none when it does not exist yet): hidden
   * temporary files ({@code .name.uuid.tmp}) and Hadoop's {@code _} markers are not rows.
   */
  public static List<Path> publishedParquet(FileSystem fs, Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    if (!fs.exists(dir)) {
      return files;
    }
    for (FileStatus f : fs.listStatus(dir)) {
      String name = f.getPath().getName();
      if (f.isFile() && name.endsWith(".parquet") && !name.startsWith(".") && !name.startsWith("_")) {
        files.add(f.getPath());
      }
    }
    return files;
  }
}
