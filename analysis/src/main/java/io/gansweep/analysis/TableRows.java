package io.gansweep.analysis;

import io.gansweep.io.TrialTables;
import io.gansweep.trial.Hyperparameter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The analysis's labels of trials read without Spark: rows of the {@code trials} and {@code
 * metrics} tables as maps of column to value (as {@code TrialStore.rows} reads them), turned into
 * {@link TrialRecord}s and {@link Curve}s by the same readings as {@link SweepAnalysis} ({@link
 * SweepAnalysis#record}, {@link CurveBuilder#add(java.util.function.Function)}) and labelled by
 * {@link TrialLabeler}. For {@code gansweep status}, which reads a running sweep's committed rows.
 */
public final class TableRows {

  private TableRows() {}

  /** The trials columns {@link #label} reads. */
  public static final Set<String> TRIAL_COLUMNS = Set.of(TrialTables.TRIAL_ID, TrialTables.CONFIG_ID, TrialTables.SEED, TrialTables.STATUS,
      TrialTables.ERROR, TrialTables.DIVERGED_STEP, Hyperparameter.LOSS.key(), Hyperparameter.DATASET.key(),
      TrialTables.finalOf(TrialTables.DISTANCE), TrialTables.finalOf(TrialTables.FD), TrialTables.finalOf(TrialTables.MODES),
      TrialTables.finalOf(TrialTables.RKL), TrialTables.finalOf(TrialTables.MODES_COVERED), TrialTables.finalOf(TrialTables.HQ),
      TrialTables.finalOf(TrialTables.PRECISION), TrialTables.finalOf(TrialTables.RECALL));

  /** The metrics columns {@link #label} reads. */
  public static final Set<String> METRIC_COLUMNS = Set.of(TrialTables.TRIAL_ID, TrialTables.STEP, TrialTables.D_LOSS, TrialTables.G_LOSS,
      TrialTables.D_FAKE, TrialTables.GRAD_NORM_D, TrialTables.GRAD_NORM_G, TrialTables.MODES, TrialTables.DISTANCE, TrialTables.FD);

  /**
   * Every trial's verdict, by trial id in id order: one per trials row's id and one metrics row per
   * trial and step (a row read twice, from a per-trial file and the compacted file that replaced
   * it, counts once).
   */
  public static Map<String, TrialVerdict> label(List<Map<String, Object>> trials, List<Map<String, Object>> metrics) {
    Map<String, Map<Integer, Map<String, Object>>> rowsByTrial = new TreeMap<>();
    for (Map<String, Object> m : metrics) {
      rowsByTrial.computeIfAbsent((String) m.get(TrialTables.TRIAL_ID), k -> new TreeMap<>())
          .putIfAbsent(((Number) m.get(TrialTables.STEP)).intValue(), m);
    }
    Map<String, TrialVerdict> verdicts = new TreeMap<>();
    for (Map<String, Object> t : trials) {
      String id = (String) t.get(TrialTables.TRIAL_ID);
      if (id == null || verdicts.containsKey(id)) {
        continue;
      }
      TrialRecord record = SweepAnalysis.record(withQuality(t), List.of(), "");
      CurveBuilder b = new CurveBuilder();
      List<Map<String, Object>> rows = new ArrayList<>(rowsByTrial.getOrDefault(id, Map.of()).values());
      rows.sort(Comparator.comparingInt(r -> ((Number) r.get(TrialTables.STEP)).intValue()));
      rows.forEach(r -> b.add(withQuality(r)));
      verdicts.put(id, TrialLabeler.label(record, b.build()));
    }
    return verdicts;
  }

  /**
   * A row's columns with its distance column the quality ({@link SweepAnalysis#quality}: the energy
   * distance, else the Fréchet distance).
   */
  private static java.util.function.Function<String, Object> withQuality(Map<String, Object> row) {
    Map<String, Object> r = new LinkedHashMap<>(row);
    for (String[] pair : new String[][] {{TrialTables.DISTANCE, TrialTables.FD},
        {TrialTables.finalOf(TrialTables.DISTANCE), TrialTables.finalOf(TrialTables.FD)}}) {
      if (r.get(pair[0]) == null && r.get(pair[1]) != null) {
        r.put(pair[0], r.get(pair[1]));
      }
    }
    return r::get;
  }
}
