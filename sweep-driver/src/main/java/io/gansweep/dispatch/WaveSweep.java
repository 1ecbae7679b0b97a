package io.gansweep.dispatch;

import io.gansweep.analysis.ConfigSummary;
import io.gansweep.analysis.Ranking;
import io.gansweep.analysis.TrialVerdict;
import io.gansweep.io.HadoopConf;
import io.gansweep.io.OutputLayout;
import io.gansweep.io.Publisher;
import io.gansweep.io.TrialStore;
import io.gansweep.prune.RungRows;
import io.gansweep.search.Sampler;
import io.gansweep.search.SweepPlan;
import io.gansweep.search.SweepPlanner;
import io.gansweep.spec.Resources;
import io.gansweep.spec.SweepSpec;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.Numbers;
import io.gansweep.trial.RungRow;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.TrialStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The one wave engine of every method. It asks the spec's {@link Sampler} for its start (the
 * plan's configurations), trains them as a wave, tells the sampler the committed results and asks
 * the next wave, until the sampler's budget is asked. A sampler that does not learn asks its
 * whole budget at the start: one wave. A wave trains either every trial to its full budget (one
 * Spark job) or, with {@code early_terminate}, through rungs ({@link AdaptiveSweep}: one job per
 * step of the rungs).
 *
 * <p>Nothing the engine decides lives only in memory. Between waves it reads the committed rows
 * back: each trial of a learning sampler commits a row of the {@code rungs} table with the
 * analysis's label of its rows, and the engine ranks the configurations from those rows alone, with
 * the final ranking's own order ({@link #tell}). The wave width is fixed when the sweep first runs
 * (the cluster's free slots) and recorded beside its spec with the sampler's rules ({@link #recorded}), so a run killed
 * anywhere resumes on any cluster, re-derives the same waves from the same rows, and trains only
 * what has no row yet.
 *
 * <p>Retries: a resume trains a trial whose committed row is FAILED again (up to {@link
 * TrialStore#MAX_ATTEMPTS} attempts, counted in its row), at its own wave, with the configuration it
 * was asked with. The sampler is told a trial whose first attempt FAILED as FAILED, whatever a retry
 * got later ({@link TrialStore#failedOnce}), so the waves asked after it stay the ones asked before
 * the retry. Under {@code early_terminate} {@link AdaptiveSweep} retries a FAILED trial at its rung
 * while that rung is not decided ({@link io.gansweep.prune.RungState#retries}).
 */
final class WaveSweep {

  /** Where the wave width is recorded; sweeps of gansweep before the one engine recorded it in {@code tpe.yaml}, which is still read. */
  static final String WAVES_FILE = "waves.yaml";
  static final String OLD_WAVES_FILE = "tpe.yaml";

  private static final Pattern WIDTH = Pattern.compile("(?m)^wave_width: (\\d+)$");
  private static final Pattern RULES = Pattern.compile("(?m)^sampler_rules: (\\d+)$");

  private WaveSweep() {}

  static SparkSweep.Outcome run(JavaSparkContext jsc, SweepPlan plan, Set<String> dropped, SparkSweep.Options o, PrintWriter out)
      throws IOException {
    SweepSpec spec = plan.spec();
    if (spec.pbt() != null) { // a population trains in generations, not waves
      return PbtSweep.run(jsc, plan, o, out);
    }
    Sampler sampler = spec.method().sampler(); // the latest rules; a resumed sweep's recorded ones once it has waves
    Resources res = spec.resources();
    TrialStore store = new TrialStore(o.out());
    int perConfig = spec.trialsPerConfiguration();
    int budget = sampler.budget(spec);
    Set<String> before = store.committedTrialIds(plan.sweepId());
    Map<String, Integer> retry = spec.earlyTerminate() == null ? store.failedToRetry(plan.sweepId()) : Map.of();
    List<Map<Hyperparameter<?>, Object>> asked = new ArrayList<>(sampler.ask(spec, Sampler.History.NONE, sampler.start(spec)));
    boolean waves = asked.size() < budget;
    int slots = waves ? SparkSweep.registeredSlots(jsc, o, res) : SparkSweep.slots(jsc, res);
    Recorded record = waves ? recorded(o.out(), plan.sweepId(), Math.max(1, slots * res.pack() / perConfig), sampler.rules()) : null;
    int width = waves ? record.width() : budget;
    sampler = waves ? sampler.atRules(record.rules()) : sampler;
    if (waves) {
      out.printf("sweep %s: %s, %d configurations x %d seeds (%d at the start, then waves of %d asked from the results), "
          + "%d trials already ended, on %s%n", plan.sweepId(), spec.method().wireName(), budget, perConfig, asked.size(), width,
          before.size(), o.master());
      out.flush();
    }
    Wave.Totals totals = new Wave.Totals();
    List<TrialConfig> trained = new ArrayList<>();
    int from = 0;
    for (int wave = 1; ; wave++) {
      List<TrialConfig> trials = SweepPlanner.trials(asked.subList(from, asked.size()), spec);
      int firstIndex = from * perConfig;
      List<TrialConfig> kept = trials.stream().filter(t -> !dropped.contains(t.configId())).toList();
      trained.addAll(kept);
      if (spec.earlyTerminate() != null) {
        long seed = wave == 1 ? spec.seed() : spec.seed() + 0x9E3779B97F4A7C15L * (wave - 1); // wave 1: the schedule a plain sweep has
        AdaptiveSweep.train(jsc, plan, trials, firstIndex, dropped, seed, before, o, out, totals, !waves);
      } else {
        trainFully(jsc, plan, trials, firstIndex, dropped, before, retry, sampler.learns(), o, out, totals, !waves);
      }
      if (!sampler.learns()) {
        if (asked.size() >= budget) {
          break;
        }
        from = asked.size();
        asked.addAll(sampler.ask(spec, new Sampler.History(asked, List.of()), Math.min(width, budget - asked.size())));
        continue;
      }
      Told told = tell(store, plan, asked);
      out.println(line(spec.method().wireName(), wave, from, asked.size(), budget, plan.sweptAxes(), told));
      out.flush();
      if (asked.size() >= budget) {
        break;
      }
      List<Map<Hyperparameter<?>, Object>> next = sampler.ask(spec, told.history(), Math.min(width, budget - asked.size()));
      if (next.isEmpty()) {
        break;
      }
      from = asked.size();
      asked.addAll(next);
    }
    Set<String> after = store.committedTrialIds(plan.sweepId());
    List<String> missing = trained.stream().map(TrialConfig::trialId).filter(id -> !after.contains(id)).toList();
    int droppedTrials = asked.size() * perConfig - trained.size();
    int skipped = (int) trained.stream().map(TrialConfig::trialId).filter(id -> before.contains(id) && !retry.containsKey(id)).count();
    return new SparkSweep.Outcome(trained.size(), skipped, totals.ran(), droppedTrials, missing,
        SweepTiming.of(totals.reports, slots, totals.jobSeconds));
  }

  /** What a wave's training added up to: every report and the Spark jobs' seconds. */
  static final class Wave {
    private Wave() {}

    static final class Totals {
      final List<TrialReport> reports = new ArrayList<>();
      double jobSeconds;

      /** Trials this run ended and committed (a rung's paused report is no end). */
      int ran() {
        return (int) reports.stream().filter(r -> r.status() != TrialStatus.RUNNING).map(TrialReport::trialId).distinct().count();
      }
    }
  }

  /**
   * Trains the wave's pending trials (no committed row, or a FAILED one to retry) to their full
   * budget in one Spark job. A learning sampler's trials also commit a rung row (rung 0, the full
   * budget): the result the sampler is told. With {@code header}, the sweep's one line says what
   * the job does (a sweep of one wave).
   */
  static void trainFully(JavaSparkContext jsc, SweepPlan plan, List<TrialConfig> trials, int firstIndex, Set<String> dropped,
      Set<String> committed, Map<String, Integer> retry, boolean rungRows, SparkSweep.Options o, PrintWriter out, Wave.Totals totals,
      boolean header) throws IOException {
    Resources res = plan.spec().resources();
    List<DispatchedTrial> pending = pending(plan, trials, firstIndex, committed, retry, dropped, rungRows, o.out());
    List<String> retried = pending.stream().map(t -> t.config().trialId()).filter(retry::containsKey).toList();
    int kept = (int) trials.stream().filter(t -> !dropped.contains(t.configId())).count();
    List<DispatchedPack> packs = rungRows ? StageJob.byStage(pending, res.pack()) : DispatchedPack.of(pending, res.pack());
    if (header) {
      out.printf("sweep %s: %d trials, %d already committed (skipped), %d to run on %s%n", plan.sweepId(), kept, kept - pending.size(),
          pending.size(), o.master());
    }
    if (!retried.isEmpty()) {
      out.printf("retraining %d FAILED trials (a FAILED trial is tried %d times at most): %s%n", retried.size(), TrialStore.MAX_ATTEMPTS,
          retried.stream().limit(5).map(id -> id + " attempt " + (retry.get(id) + 2)).collect(Collectors.joining(", "))
              + (retried.size() > 5 ? ", …" : ""));
    }
    if (header && res.pack() > 1) {
      out.printf("packing: %d tasks for %d trials (resources.pack %d; trials equal but for %s share one)%n",
          packs.size(), pending.size(), res.pack(), io.gansweep.train.PackedTrainer.perTrialNames());
    }
    out.flush();
    if (!packs.isEmpty()) {
      long t0 = System.nanoTime();
      totals.reports.addAll(StageJob.run(jsc, packs, o, SparkSweep.clusterGpus(res, o), out));
      totals.jobSeconds += (System.nanoTime() - t0) / 1e9;
    }
  }

  /**
   * The trials of {@code trials} (plan indexes from {@code firstIndex}) to dispatch: those with no
   * committed row, and the committed FAILED ones a resume retries ({@code retry}: trial id to its
   * row's attempt), as their next attempt; never those of configurations in {@code dropped}. With
   * {@code rungRow}, each trains as one stage of its full budget and commits a rung row too.
   */
  static List<DispatchedTrial> pending(SweepPlan plan, List<TrialConfig> trials, int firstIndex, Set<String> committed,
      Map<String, Integer> retry, Set<String> dropped, boolean rungRow, String out) {
    Resources res = plan.spec().resources();
    List<DispatchedTrial> pending = new ArrayList<>();
    for (int i = 0; i < trials.size(); i++) {
      TrialConfig t = trials.get(i);
      Integer failed = retry.get(t.trialId());
      if ((!committed.contains(t.trialId()) || failed != null) && !dropped.contains(t.configId())) {
        DispatchedTrial.Stage stage = rungRow ? new DispatchedTrial.Stage(0, 0, t.get(Hyperparameter.STEPS), null) : null; // steps may be swept
        pending.add(new DispatchedTrial(plan.sweepId(), firstIndex + i, t, res.gpusPerTrial(), res.cpusPerTrial(), out, stage,
            failed == null ? 0 : failed + 1));
      }
    }
    return pending;
  }

  /** What the engine tells a learning sampler, and the best configuration so far with its summary. */
  record Told(Sampler.History history, Map<Hyperparameter<?>, Object> best, ConfigSummary bestSummary, long budget) {}

  /**
   * The results of {@code asked} as the sampler learns them, from committed rung rows alone, ranked
   * with the final ranking's own order. Each trial counts with its latest row; a trial whose first
   * attempt FAILED counts as FAILED (see the class comment). Under {@code early_terminate} the
   * sampler learns from one budget, BOHB's rule (Falkner et al. 2018, §4.1): the highest budget
   * where at least d + 3 configurations have a result for every seed (d swept parameters, BOHB's
   * N_min = d + 1 plus 2), else the lowest; a trial that ended before a budget (diverged, failed)
   * counts there with its last row, a paused one does not.
   */
  static Told tell(TrialStore store, SweepPlan plan, List<Map<Hyperparameter<?>, Object>> asked) throws IOException {
    SweepSpec spec = plan.spec();
    Map<String, List<RungRow>> rows = new HashMap<>();
    for (RungRow r : store.rungRows(plan.sweepId())) {
      rows.computeIfAbsent(r.trialId(), k -> new ArrayList<>()).add(r);
    }
    rows.values().forEach(l -> l.sort(Comparator.comparingInt(RungRow::budget)));
    Set<String> failedOnce = store.failedOnce(plan.sweepId());
    List<List<TrialConfig>> byConfig = new ArrayList<>();
    for (Map<Hyperparameter<?>, Object> c : asked) {
      byConfig.add(SweepPlanner.trials(List.of(c), spec));
    }
    TreeSet<Integer> budgets = new TreeSet<>();
    rows.values().forEach(l -> l.forEach(r -> budgets.add(r.budget())));
    long chosen = -1; // -1: each trial's latest row (no rungs)
    if (spec.earlyTerminate() != null && !budgets.isEmpty()) {
      int need = (int) spec.configurationParameters().stream().filter(p -> p.domain().swept()).count() + 3;
      chosen = budgets.first();
      for (int b : budgets.descendingSet()) {
        int n = 0;
        for (List<TrialConfig> ts : byConfig) {
          n += ts.stream().allMatch(t -> rowAt(rows.get(t.trialId()), b) != null) ? 1 : 0;
        }
        if (n >= need) {
          chosen = b;
          break;
        }
      }
    }
    List<TrialVerdict> verdicts = new ArrayList<>();
    Map<String, Map<Hyperparameter<?>, Object>> byId = new HashMap<>();
    for (int i = 0; i < asked.size(); i++) {
      List<TrialVerdict> mine = new ArrayList<>();
      for (TrialConfig t : byConfig.get(i)) {
        List<RungRow> trialRows = rows.get(t.trialId());
        RungRow r = chosen < 0 ? (trialRows == null ? null : trialRows.get(trialRows.size() - 1)) : rowAt(trialRows, (int) chosen);
        if (r == null) {
          if (chosen < 0) {
            throw new IllegalStateException("Cannot rank the wave: trial " + t.trialId() + " has no committed row (got none after its "
                + "job; allowed a row for every trained trial)");
          }
          mine = null; // no result at the chosen budget: the sampler does not learn from it
          break;
        }
        mine.add(RungRows.verdict(failedOnce.contains(t.trialId()) ? failed(r) : r, t));
      }
      if (mine != null) {
        verdicts.addAll(mine);
        byId.put(byConfig.get(i).get(0).configId(), asked.get(i));
      }
    }
    List<ConfigSummary> ranking = Ranking.rank(verdicts);
    List<Map<Hyperparameter<?>, Object>> ranked = ranking.stream().map(s -> byId.get(s.configId())).toList();
    return new Told(new Sampler.History(asked, ranked), ranked.isEmpty() ? null : ranked.get(0), ranking.isEmpty() ? null : ranking.get(0),
        chosen);
  }

  /** The trial's row at {@code budget}, or its last row when it ended before it (not paused); null when neither. */
  private static RungRow rowAt(List<RungRow> rows, int budget) {
    if (rows == null) {
      return null;
    }
    RungRow last = null;
    for (RungRow r : rows) {
      if (r.budget() == budget) {
        return r;
      }
      if (r.budget() < budget) {
        last = r;
      }
    }
    return last != null && !last.paused() ? last : null;
  }

  /** A trial's row as the sampler learns it when its first attempt FAILED: FAILED, with nothing of what a retry measured. */
  private static RungRow failed(RungRow r) {
    return new RungRow(r.trialId(), r.configId(), r.seed(), r.bracket(), r.rung(), r.budget(), 0, TrialStatus.FAILED,
        "its first attempt FAILED", "failed", "", null);
  }

  /**
   * "tpe wave 2: configurations 11-12 of 24 trained (asked from 10 ranked); best so far …", after
   * a wave that took the sweep from {@code before} to {@code asked} configurations.
   */
  static String line(String method, int wave, int before, int asked, int budget, List<Hyperparameter<?>> swept, Told told) {
    String how = wave == 1 ? "the start" : "asked from " + before + " ranked";
    if (told.bestSummary() == null) {
      return String.format(Locale.ROOT, "%s wave %d: configurations %d-%d of %d trained (%s); nothing ranked yet", method, wave, before + 1,
          asked, budget, how);
    }
    StringBuilder values = new StringBuilder();
    for (Hyperparameter<?> h : swept) {
      values.append(values.length() == 0 ? "" : ", ").append(h.key()).append(' ').append(Numbers.exact(told.best().get(h)));
    }
    ConfigSummary s = told.bestSummary();
    return String.format(Locale.ROOT, "%s wave %d: configurations %d-%d of %d trained (%s); %sbest so far %s (%s): %d/%d seeds stable, "
        + "median quality %s", method, wave, before + 1, asked, budget, how, told.budget() < 0 ? "" : "learning at " + told.budget()
        + " rounds; ", s.configId(), values, s.stableSeeds(), s.seeds(), ConfigSummary.format(s.medianQuality()));
  }

  /** What a sweep's first run recorded for its waves: their width, and the version of the sampler's rules (1 where an older gansweep recorded none). */
  record Recorded(int width, int rules) {}

  /**
   * The sweep's wave width and sampler rules: those its first run recorded in {@code
   * sweeps/<id>/waves.yaml} (or, for a sweep an older gansweep started, {@code tpe.yaml}: rules 1),
   * or {@code proposed} and {@code rules} recorded now in {@code waves.yaml} (the first file wins,
   * as for the spec record).
   */
  static Recorded recorded(String out, String sweepId, int proposed, int rules) throws IOException {
    Path file = new Path(OutputLayout.sweepDir(out, sweepId), WAVES_FILE);
    FileSystem fs = file.getFileSystem(HadoopConf.create());
    Path old = new Path(OutputLayout.sweepDir(out, sweepId), OLD_WAVES_FILE);
    if (!fs.exists(file) && fs.exists(old)) {
      file = old;
    } else if (!fs.exists(file)) {
      String text = "# Written by gansweep when this sweep first ran; a resumed run asks waves as wide, by the same sampler rules, on any cluster.\n"
          + "wave_width: " + proposed + "\n" + "sampler_rules: " + rules + "\n";
      new Publisher().publish(file, Publisher.IfPresent.KEEP, text.getBytes(StandardCharsets.UTF_8));
    }
    String text;
    try (var in = fs.open(file)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher m = WIDTH.matcher(text);
    if (!m.find() || Integer.parseInt(m.group(1)) < 1) {
      throw new IOException("Cannot resume the sweep: its record has no wave width (got " + file + "; allowed a line wave_width: N, "
          + "N >= 1)");
    }
    Matcher r = RULES.matcher(text);
    return new Recorded(Integer.parseInt(m.group(1)), r.find() ? Integer.parseInt(r.group(1)) : 1);
  }
}
