package io.gansweep.analysis;

import io.gansweep.data.Datasets;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.metrics.Quality;
import io.gansweep.trial.LossKind;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.TrialStatus;
import java.util.Map;
import java.util.Objects;

/**
 * What the analysis needs of one {@code trials} row.
 *
 * @param trialId trial id
 * @param configId configuration id
 * @param seed training seed
 * @param params the swept hyperparameters of its configuration, by column name, typed as their
 *     columns (Integer, Double, Boolean, or String for names); a value the row lacks is absent
 * @param status the worker's status of the trial
 * @param error cause or evidence, may be null
 * @param divergedStep step of divergence, may be null
 * @param loss adversarial loss
 * @param dataset dataset name
 * @param finalDistance final energy distance, null unless completed
 * @param finalModes final modes, null unless completed
 * @param finalRkl final reverse KL, null unless completed (or undefined: no high-quality sample)
 * @param finalModesCovered final modes (2-D) or classes (images) covered, the coverage axis; null
 *     unless completed (tables written before the column existed: null, the analysis reads finalModes)
 * @param finalHq final high-quality share (2-D), the fidelity axis; null for images
 * @param finalPrecision final improved precision (k = 3), the fidelity axis of images
 * @param finalRecall final improved recall (k = 3)
 * @param dataClasses the {@code data_classes} of a dataset read from files (0: unlabelled); null for
 *     the others and in tables written before the column
 */
public record TrialRecord(String trialId, String configId, long seed, Map<String, Object> params, TrialStatus status,
    String error, Integer divergedStep, LossKind loss, String dataset, Double finalDistance, Integer finalModes,
    Double finalRkl, Integer finalModesCovered, Double finalHq, Double finalPrecision, Double finalRecall,
    Integer dataClasses) implements java.io.Serializable {
  public TrialRecord {
    Objects.requireNonNull(trialId, "trialId");
    Objects.requireNonNull(configId, "configId");
    params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params)); // axis order kept
  }

  /** A record of a dataset that is not read from files (or of a table without data_classes). */
  public TrialRecord(String trialId, String configId, long seed, Map<String, Object> params, TrialStatus status,
      String error, Integer divergedStep, LossKind loss, String dataset, Double finalDistance, Integer finalModes,
      Double finalRkl, Integer finalModesCovered, Double finalHq, Double finalPrecision, Double finalRecall) {
    this(trialId, configId, seed, params, status, error, divergedStep, loss, dataset, finalDistance, finalModes, finalRkl,
        finalModesCovered, finalHq, finalPrecision, finalRecall, null);
  }

  /**
   * The record of a trial as its executor knows it, before any table is written (a rung judges
   * trials this way): its config, the swept {@code params}, and the latest quality {@code q}
   * (null when there is none) as its final values.
   */
  public static TrialRecord of(TrialConfig c, Map<String, Object> params, TrialStatus status, String error, Integer divergedStep,
      Quality q) {
    return new TrialRecord(c.trialId(), c.configId(), c.seed(), params, status, error, divergedStep, c.get(Hyperparameter.LOSS), c.get(Hyperparameter.DATASET),
        q == null ? null : q.distance() != null ? q.distance() : q.fd(), q == null ? null : q.modes(), q == null ? null : q.rkl(),
        q == null ? null : q.modesCovered(), q == null ? null : q.hq(), q == null ? null : q.precision(),
        q == null ? null : q.recall(), c.get(Hyperparameter.DATA_CLASSES));
  }

  /**
   * The trial among its configuration's, for titles and legends: "seed 2", or with the stream seeds
   * that differ from it (a seeds grid) "seed 2-init0-data5", from the trial id.
   */
  public String seedName() {
    String prefix = configId + "-s";
    return "seed " + (trialId.startsWith(prefix) ? trialId.substring(prefix.length()) : Long.toString(seed));
  }

  /** Modes or classes covered: the coverage column, or for older tables the captured modes. */
  public Integer coveredModes() {
    return finalModesCovered != null ? finalModesCovered : finalModes;
  }

  /**
   * The modes or classes coverage counts against: a mixture's modes and the classes of {@code
   * shapes} ({@link Datasets#knownModes}), else the class count of a dataset read from files, as
   * the spec parser named it in the row ({@code data_classes}; 0: unlabelled); null where unknown
   * (IDX files, tables written before the column).
   */
  public Integer modesK() {
    Integer known = Datasets.knownModes(dataset);
    return known != null || !Datasets.isPinned(dataset) ? known : dataClasses;
  }

  /** Whether the data has no classes (an image folder without class subfolders, a points file without labels): no coverage to count. */
  public boolean unlabelled() {
    return Integer.valueOf(0).equals(modesK());
  }

  /** The coverage as text: "2/3 modes covered", "?" for an unknown count, or "unlabelled data, no classes to cover". */
  public String coverage() {
    if (unlabelled()) {
      return "unlabelled data, no classes to cover";
    }
    Integer k = modesK();
    return (coveredModes() == null ? "n/a" : coveredModes()) + "/" + (k == null ? "?" : k) + " modes covered";
  }

  /** The fidelity axis: the high-quality share on 2-D, precision on images; null when neither was measured. */
  public Double fidelity() {
    return finalHq != null ? finalHq : finalPrecision;
  }
}
