package io.gansweep.dispatch;

import io.gansweep.analysis.ConfigSummary;
import io.gansweep.analysis.Ranking;
import io.gansweep.analysis.TrialVerdict;
import io.gansweep.io.HadoopConf;
import io.gansweep.io.OutputLayout;
import io.gansweep.io.Publisher;
import io.gansweep.io.TrialStore;
import io.gansweep.prune.RungRows;
import io.gansweep.search.SweepPlan;
import io.gansweep.search.SweepPlanner;
import io.gansweep.search.TpeSearch;
import io.gansweep.spec.Resources;
import io.gansweep.spec.SweepSpec;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.Numbers;
import io.gansweep.trial.RungRow;
import io.gansweep.trial.TrialConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A tpe sweep on Spark ({@code method: tpe}): one Spark job per wave ({@link TpeSearch}). Each
 * trial trains all its steps as a single stage and, when it ends, commits its rows and then a row
 * of the {@code rungs} table (rung 0, the full budget) with the analysis's label of its rows: the
 * result the sampler reads. Between waves the driver ranks every configuration trained so far from
 * those committed rows alone, with the final ranking's own order, and asks the next wave. The wave
 * width is fixed when the sweep first runs (the cluster's free slots) and recorded beside its spec,
 * so a run killed anywhere resumes on any cluster, re-derives the same waves from the same rows,
 * and trains only what has no row yet.
 */
final class TpeSweep {

  private static final Pattern WIDTH = Pattern.compile("(?m)^wave_width: (\\d+)$");

  private TpeSweep() {}

  static SparkSweep.Outcome run(JavaSparkContext jsc, SweepPlan plan, SparkSweep.Options o, PrintWriter out) throws IOException {
    SweepSpec spec = plan.spec();
    Resources res = spec.resources();
    TrialStore store = new TrialStore(o.out());
    Set<String> before = store.committedTrialIds(plan.sweepId());
    List<TrialReport> reports = new ArrayList<>();
    double[] jobSeconds = {0};
    int slots = SparkSweep.registeredSlots(jsc, o, res); // the wave width's, and the timing's, once executors have registered
    List<TrialConfig> all = new ArrayList<>();
    int width = waveWidth(o.out(), plan.sweepId(), Math.max(1, slots * res.pack() / spec.trialsPerConfiguration()));
    out.printf("sweep %s: tpe, %d configurations x %d seeds (%d at random, then waves of %d asked from the results), "
        + "%d trials already ended, on %s%n", plan.sweepId(), spec.samples(), spec.trialsPerConfiguration(), spec.nStartup(), width, before.size(),
        o.master());
    out.flush();
    boolean clusterGpus = SparkSweep.clusterGpus(res, o);
    int[] wave = {0};
    TpeSearch.Objective objective = asked -> {
      try {
        wave[0]++;
        List<TrialConfig> trials = SweepPlanner.trials(asked, spec);
        Map<String, RungRow> rows = byTrial(store.rungRows(plan.sweepId()));
        List<DispatchedTrial> pending = new ArrayList<>();
        for (int i = 0; i < trials.size(); i++) {
          TrialConfig t = trials.get(i);
          if (!rows.containsKey(t.trialId())) {
            pending.add(new DispatchedTrial(plan.sweepId(), i, t, res.gpusPerTrial(), res.cpusPerTrial(), o.out(),
                new DispatchedTrial.Stage(0, 0, t.get(Hyperparameter.STEPS), null))); // its whole budget: steps may be swept
          }
        }
        if (!pending.isEmpty()) {
          long t0 = System.nanoTime();
          reports.addAll(StageJob.run(jsc, StageJob.byStage(pending, res.pack()), o, clusterGpus, out));
          jobSeconds[0] += (System.nanoTime() - t0) / 1e9;
          rows = byTrial(store.rungRows(plan.sweepId()));
        }
        List<ConfigSummary> ranking = Ranking.rank(verdicts(trials, rows));
        Map<String, Map<Hyperparameter<?>, Object>> byId = new HashMap<>();
        for (int i = 0; i < asked.size(); i++) {
          byId.put(trials.get(i * spec.trialsPerConfiguration()).configId(), asked.get(i));
        }
        List<Map<Hyperparameter<?>, Object>> ranked = ranking.stream().map(s -> byId.get(s.configId())).toList();
        out.println(line(wave[0], all.size() / spec.trialsPerConfiguration(), asked.size(), spec.samples(), plan.sweptAxes(), ranked.get(0),
            ranking.get(0)));
        out.flush();
        all.clear();
        all.addAll(trials);
        return ranked;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
    try {
      new TpeSearch(width, objective).configurations(spec);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    Set<String> after = store.committedTrialIds(plan.sweepId());
    List<String> missing = all.stream().map(TrialConfig::trialId).filter(id -> !after.contains(id)).toList();
    return new SparkSweep.Outcome(spec.samples() * spec.trialsPerConfiguration(), before.size(), after.size() - before.size(), 0, missing,
        SweepTiming.of(reports, slots, jobSeconds[0]));
  }

  /** The trials of the asked configurations in the order asked, each followed by its seeds: index = plan index. */
  private static Map<String, RungRow> byTrial(List<RungRow> rows) {
    Map<String, RungRow> m = new HashMap<>();
    rows.forEach(r -> m.put(r.trialId(), r));
    return m;
  }

  private static List<TrialVerdict> verdicts(List<TrialConfig> trials, Map<String, RungRow> rows) {
    List<TrialVerdict> verdicts = new ArrayList<>(trials.size());
    for (TrialConfig t : trials) {
      RungRow r = rows.get(t.trialId());
      if (r == null) {
        throw new IllegalStateException("Cannot rank the tpe wave: trial " + t.trialId() + " has no committed row (got none after its "
            + "job; allowed a row for every trained trial)");
      }
      verdicts.add(RungRows.verdict(r, t));
    }
    return verdicts;
  }

  /**
   * "tpe wave 2: configurations 11-12 of 24 trained (asked from 10 ranked); best so far …", after
   * a wave that took the sweep from {@code before} to {@code asked} configurations.
   */
  static String line(int wave, int before, int asked, int samples, List<Hyperparameter<?>> swept, Map<Hyperparameter<?>, Object> best,
      ConfigSummary s) {
    String how = wave == 1 ? "the random start" : "asked from " + before + " ranked";
    StringBuilder values = new StringBuilder();
    for (Hyperparameter<?> h : swept) {
      values.append(values.length() == 0 ? "" : ", ").append(h.key()).append(' ').append(Numbers.exact(best.get(h)));
    }
    return String.format(Locale.ROOT, "tpe wave %d: configurations %d-%d of %d trained (%s); best so far %s (%s): %d/%d seeds stable, "
        + "median quality %s", wave, before + 1, asked, samples, how, s.configId(), values, s.stableSeeds(), s.seeds(),
        ConfigSummary.format(s.medianQuality()));
  }

  /**
   * The sweep's wave width: the one its first run recorded in {@code sweeps/<id>/tpe.yaml}, or
   * {@code proposed} recorded now (the first file wins, as for the spec record).
   */
  static int waveWidth(String out, String sweepId, int proposed) throws IOException {
    Path file = new Path(OutputLayout.sweepDir(out, sweepId), "tpe.yaml");
    FileSystem fs = file.getFileSystem(HadoopConf.create());
    if (!fs.exists(file)) {
      String text = "# Written by gansweep when this tpe sweep first ran; a resumed run asks waves as wide, on any cluster.\n"
          + "wave_width: " + proposed + "\n";
      new Publisher().publish(file, Publisher.IfPresent.KEEP, text.getBytes(StandardCharsets.UTF_8));
    }
    String text;
    try (var in = fs.open(file)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher m = WIDTH.matcher(text);
    if (!m.find() || Integer.parseInt(m.group(1)) < 1) {
      throw new IOException("Cannot resume the tpe sweep: its record has no wave width (got " + file + "; allowed a line wave_width: N, "
          + "N >= 1)");
    }
    return Integer.parseInt(m.group(1));
  }
}
