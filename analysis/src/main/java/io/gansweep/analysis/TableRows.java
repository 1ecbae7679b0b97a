package io.gansweep.analysis;

import io.gansweep.io.TrialTables;
import io.gansweep.trial.Hyperparameter;
import java.util.ArrayList;
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
      TrialTables.finalOf(TrialTables.PRECISION), TrialTables.finalOf(TrialTables.RECALL), Hyperparameter.DATA_CLASSES.key());

  /** The metrics columns {@link #label} reads. */
  public static final Set<String> METRIC_COLUMNS = Set.of(TrialTables.TRIAL_ID, TrialTables.STEP, TrialTables.D_LOSS, TrialTables.G_LOSS,
      TrialTables.D_FAKE, TrialTables.GRAD_NORM_D, TrialTables.GRAD_NORM_G, TrialTables.MODES, TrialTables.DISTANCE, TrialTables.FD);

  /**
   * Every trial's verdict, by trial id in id order: one per trials row's id and one metrics row per
   * trial and step (a row read twice, from a per-trial file and the compacted file that replaced
   * it, counts once).
   */
  public static Map<String, TrialVerdict> label(List<Map<String, Object>> trials, List<Map<String, Object>> metrics) {
    return label(trials, byTrial(metrics), List.of());
  }

  private static Map<String, TrialVerdict> label(List<Map<String, Object>> trials, Map<String, Map<Integer, Map<String, Object>>> metrics,
      List<String> axes) {
    Map<String, TrialVerdict> verdicts = new TreeMap<>();
    for (Map<String, Object> t : trials) {
      String id = (String) t.get(TrialTables.TRIAL_ID);
      if (id == null || verdicts.containsKey(id)) {
        continue;
      }
      verdicts.put(id, TrialLabeler.label(SweepAnalysis.record(withQuality(t), axes, ""), curve(metrics.get(id))));
    }
    return verdicts;
  }

  /** Metrics rows by trial id and step (a row read twice counts once), in step order. */
  private static Map<String, Map<Integer, Map<String, Object>>> byTrial(List<Map<String, Object>> metrics) {
    Map<String, Map<Integer, Map<String, Object>>> rows = new TreeMap<>();
    for (Map<String, Object> m : metrics) {
      rows.computeIfAbsent((String) m.get(TrialTables.TRIAL_ID), k -> new TreeMap<>()).putIfAbsent(((Number) m.get(TrialTables.STEP)).intValue(), m);
    }
    return rows;
  }

  private static Curve curve(Map<Integer, Map<String, Object>> rows) {
    CurveBuilder b = new CurveBuilder();
    if (rows != null) {
      rows.values().forEach(r -> b.add(withQuality(r))); // a TreeMap by step: in step order
    }
    return b.build();
  }

  /**
   * The whole analysis of a sweep from its tables' rows read without Spark (every column of {@code
   * trials}; {@link #METRIC_COLUMNS} of {@code metrics}; every column of {@code rungs} and {@code
   * screen}, empty when the sweep has none), as {@link SweepAnalysis#of} makes it with Spark: the
   * swept {@code hyperparameters} are those with more than one value, the same readings, labels
   * and assembly ({@link SweepAnalysis#assemble}).
   */
  public static SweepAnalysis analyse(String sweepId, List<Map<String, Object>> trials, List<Map<String, Object>> metrics,
      List<Map<String, Object>> rungs, List<Map<String, Object>> screen, List<String> hyperparameters) {
    Map<String, Map<String, Object>> byId = new TreeMap<>();
    trials.forEach(t -> byId.putIfAbsent((String) t.get(TrialTables.TRIAL_ID), t));
    List<String> axes = new ArrayList<>();
    for (String h : hyperparameters) {
      if (byId.values().stream().map(t -> t.get(h)).filter(java.util.Objects::nonNull).distinct().count() > 1) {
        axes.add(h);
      }
    }
    Map<String, Map<Integer, Map<String, Object>>> rows = byTrial(metrics);
    List<TrialVerdict> verdicts = new ArrayList<>(label(new ArrayList<>(byId.values()), rows, axes).values());
    Map<String, long[]> streamSeeds = new java.util.HashMap<>();
    List<String> streams = java.util.Arrays.stream(SeedSources.Stream.values()).map(SeedSources.Stream::column).toList();
    for (Map<String, Object> t : byId.values()) {
      if (streams.stream().allMatch(c -> t.get(c) instanceof Number)) {
        streamSeeds.put((String) t.get(TrialTables.TRIAL_ID), streams.stream().mapToLong(c -> ((Number) t.get(c)).longValue()).toArray());
      }
    }
    if (streamSeeds.size() < byId.size()) { // a table written before the stream-seed columns
      streamSeeds.clear();
    }
    List<SweepAnalysis.RungPoint> points = new ArrayList<>();
    Map<String, Map<String, Object>> rungKeys = new TreeMap<>();
    rungs.forEach(r -> rungKeys.putIfAbsent(r.get(TrialTables.TRIAL_ID) + "\t" + String.format("%010d", (Integer) r.get(TrialTables.STEPS_DONE)), r));
    for (Map<String, Object> r : rungKeys.values()) {
      Object q = withQuality(r).apply(TrialTables.DISTANCE);
      points.add(new SweepAnalysis.RungPoint((String) r.get(TrialTables.TRIAL_ID), (Integer) r.get(TrialTables.STEPS_DONE),
          q == null ? null : ((Number) q).doubleValue()));
    }
    Map<String, String> dropped = new TreeMap<>();
    for (Map<String, Object> r : screen) {
      if (Boolean.FALSE.equals(r.get("passed"))) {
        dropped.putIfAbsent((String) r.get("setup"), (String) r.get("reason"));
      }
    }
    List<String> screened = dropped.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
    return SweepAnalysis.assemble(sweepId, axes, verdicts, streamSeeds, ids -> {
      Map<String, Curve> curves = new java.util.LinkedHashMap<>();
      new java.util.TreeSet<>(ids).forEach(id -> {
        if (rows.containsKey(id)) {
          curves.put(id, curve(rows.get(id)));
        }
      });
      return curves;
    }, points, screened);
  }

  /**
   * The metrics rows of a sweep that may be running: the {@code metrics} rows, plus the {@code
   * progress} rows ({@code OutputLayout.PROGRESS}: a running trial's rows so far) of the trials
   * that have no metrics row yet. A trial's metrics file supersedes its progress file, so its rows
   * come from one of the two and count once. Read {@code progress} before {@code metrics}: a
   * trial's progress file is deleted only after its metrics file is in place, so in that order no
   * trial is missed either.
   */
  public static List<Map<String, Object>> withProgress(List<Map<String, Object>> metrics, List<Map<String, Object>> progress) {
    Set<Object> superseded = new java.util.HashSet<>();
    metrics.forEach(m -> superseded.add(m.get(TrialTables.TRIAL_ID)));
    List<Map<String, Object>> rows = new ArrayList<>(metrics);
    progress.stream().filter(p -> !superseded.contains(p.get(TrialTables.TRIAL_ID))).forEach(rows::add);
    return rows;
  }

  /**
   * A trial's latest evaluation before its end, from its progress rows.
   *
   * @param distance its quality ({@link SweepAnalysis#quality}: the energy distance, else the Fréchet distance)
   * @param modesCovered modes covered then, null when not measured
   */
  public record Latest(String trialId, int step, Double distance, Integer modesCovered) {}

  /**
   * The latest evaluation of each trial that has progress rows ({@link #withProgress}) but no
   * metrics row yet, in trial id order: what a running sweep's trials have reached.
   */
  public static List<Latest> latest(List<Map<String, Object>> metrics, List<Map<String, Object>> progress) {
    Set<Object> superseded = new java.util.HashSet<>();
    metrics.forEach(m -> superseded.add(m.get(TrialTables.TRIAL_ID)));
    Map<String, Latest> latest = new TreeMap<>();
    for (Map<String, Object> p : progress) {
      String id = (String) p.get(TrialTables.TRIAL_ID);
      Object q = withQuality(p).apply(TrialTables.DISTANCE);
      if (id == null || superseded.contains(id) || !(q instanceof Number d)) {
        continue;
      }
      int step = ((Number) p.get(TrialTables.STEP)).intValue();
      if (!latest.containsKey(id) || latest.get(id).step() < step) {
        latest.put(id, new Latest(id, step, d.doubleValue(), p.get(TrialTables.MODES_COVERED) instanceof Number n ? n.intValue() : null));
      }
    }
    return new ArrayList<>(latest.values());
  }

  /** One line of {@link #latest}'s trials: {@code 0a1b-s0 at step 1500 (distance 0.0123, 7 modes covered)}, at most {@code max} of them. */
  public static String describe(List<Latest> latest, int max) {
    List<String> parts = new ArrayList<>();
    for (Latest l : latest.subList(0, Math.min(max, latest.size()))) {
      parts.add(String.format(java.util.Locale.ROOT, "%s at step %d (distance %.4f%s)", l.trialId(), l.step(), l.distance(),
          l.modesCovered() == null ? "" : ", " + l.modesCovered() + " modes covered"));
    }
    return String.join("; ", parts) + (latest.size() > max ? "; and " + (latest.size() - max) + " more" : "");
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
