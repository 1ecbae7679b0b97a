package io.gansweep.dispatch;

import io.gansweep.analysis.ConfigSummary;
import io.gansweep.analysis.Ranking;
import io.gansweep.analysis.TrialVerdict;
import io.gansweep.io.TrialStore;
import io.gansweep.prune.RungRows;
import io.gansweep.search.PbtGeneration;
import io.gansweep.search.Sampler;
import io.gansweep.search.SweepPlan;
import io.gansweep.search.SweepPlanner;
import io.gansweep.spec.Pbt;
import io.gansweep.spec.Resources;
import io.gansweep.spec.SweepSpec;
import io.gansweep.train.TrialCheckpoint;
import io.gansweep.trial.Hyperparameter;
import io.gansweep.trial.Numbers;
import io.gansweep.trial.RungRow;
import io.gansweep.trial.TrialConfig;
import io.gansweep.trial.TrialStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Population-based training on Spark ({@code method: pbt}, {@link Pbt}): the population's
 * members (the plan's configurations, each with its seeds) train in synchronous generations, one
 * Spark job each, every trial from its checkpoint to the generation's last round as a rung segment
 * of early termination does ({@link TrialTaskFunction}: a paused trial writes its checkpoint, then
 * its rung row, the segment's commit marker; rung k is generation k). At each boundary the driver
 * reads the committed rung rows back, ranks the members with the analysis's ranking across their
 * seeds ({@link Ranking}: the stability score first), writes the generation's {@link Lineage} rows
 * and decides the next generation ({@link PbtGeneration}). A replaced member's new trials start
 * from copies of its donor's checkpoints, seed by seed, renamed to the new trial ids and written
 * before the next job starts; its old trials are stopped as PRUNED from their own checkpoints in
 * that job. Nothing decided lives only in memory: a run killed anywhere replays the rows, decides
 * the same, copies only what is not copied yet and trains only what has no rung row.
 *
 * <p>A member's trial ids are its configuration's ({@link TrialConfig#trialId}): a member that goes
 * on keeps its trials; one that exploits gets new trials, whose configuration no member had before
 * ({@link PbtGeneration}), so no two segments of the sweep share an id.
 */
final class PbtSweep {

  private PbtSweep() {}

  static SparkSweep.Outcome run(JavaSparkContext jsc, SweepPlan plan, SparkSweep.Options o, PrintWriter out) throws IOException {
    SweepSpec spec = plan.spec();
    Pbt pbt = spec.pbt();
    Resources res = spec.resources();
    TrialStore store = new TrialStore(o.out());
    String sweepId = plan.sweepId();
    Sampler sampler = spec.method().sampler();
    int n = sampler.budget(spec);
    int steps = plan.trials().get(0).get(Hyperparameter.STEPS);
    int generations = pbt.generations(steps);
    Set<String> before = store.committedTrialIds(sweepId);
    out.printf("sweep %s: pbt, a population of %d configurations x %d seeds, %d generations of %d rounds (%d in all), replacing %d "
        + "at each boundary, %d trials already ended, on %s%n", sweepId, n, spec.trialsPerConfiguration(), generations, pbt.interval(),
        steps, pbt.replaced(n), before.size(), o.master());
    out.flush();

    List<Map<Hyperparameter<?>, Object>> configs = new ArrayList<>(sampler.ask(spec, Sampler.History.NONE, n));
    List<Map<Hyperparameter<?>, Object>> previous = null;
    List<PbtGeneration.Next> how = null; // null in generation 0
    Set<String> used = new HashSet<>();
    configs.forEach(c -> used.add(TrialConfig.of(c, 0).configId()));
    Set<String> everyTrial = new LinkedHashSet<>();
    List<DispatchedTrial> stop = new ArrayList<>(); // old trials of members replaced at the last boundary
    WaveSweep.Wave.Totals totals = new WaveSweep.Wave.Totals();
    boolean clusterGpus = SparkSweep.clusterGpus(res, o);
    for (int g = 0; g < generations; g++) {
      int from = g == 0 ? 0 : pbt.budget(g - 1, steps);
      int budget = pbt.budget(g, steps);
      List<List<TrialConfig>> trials = new ArrayList<>();
      for (Map<Hyperparameter<?>, Object> c : configs) {
        trials.add(SweepPlanner.trials(List.of(c), spec));
      }
      trials.forEach(ts -> ts.forEach(t -> everyTrial.add(t.trialId())));
      Map<String, RungRow> done = rowsAt(store, sweepId, g);
      if (how != null) {
        copyCheckpoints(spec, store, sweepId, how, trials, previous, done, from);
      }
      List<DispatchedTrial> train = new ArrayList<>();
      for (int m = 0; m < n; m++) {
        for (int r = 0; r < trials.get(m).size(); r++) {
          TrialConfig t = trials.get(m).get(r);
          if (!done.containsKey(t.trialId())) {
            train.add(new DispatchedTrial(sweepId, m * trials.get(m).size() + r, t, res.gpusPerTrial(), res.cpusPerTrial(), o.out(),
                new DispatchedTrial.Stage(0, g, budget, null)));
          }
        }
      }
      runJob(jsc, store, sweepId, train, stop, o, clusterGpus, out, totals,
          String.format(Locale.ROOT, "pbt generation %d of %d: rounds %d-%d", g + 1, generations, from, budget));
      stop = new ArrayList<>();

      done = rowsAt(store, sweepId, g);
      List<TrialVerdict> verdicts = new ArrayList<>();
      Set<Integer> canGoOn = new HashSet<>();
      Map<String, Integer> memberOf = new HashMap<>();
      for (int m = 0; m < n; m++) {
        boolean paused = true;
        for (TrialConfig t : trials.get(m)) {
          RungRow row = done.get(t.trialId());
          if (row == null) {
            throw new IllegalStateException("Cannot rank generation " + (g + 1) + ": trial " + t.trialId() + " has no committed rung row "
                + "(got none after its job; allowed a row for every trial of the generation)");
          }
          verdicts.add(RungRows.verdict(row, t));
          paused &= row.paused();
        }
        if (paused) {
          canGoOn.add(m);
        }
        memberOf.put(trials.get(m).get(0).configId(), m);
      }
      List<ConfigSummary> ranking = Ranking.rank(verdicts);
      List<Integer> bestFirst = ranking.stream().map(s -> memberOf.get(s.configId())).toList();
      Map<Integer, ConfigSummary> summaryOf = new HashMap<>();
      ranking.forEach(s -> summaryOf.put(memberOf.get(s.configId()), s));
      List<Lineage.Row> rows = new ArrayList<>();
      for (int m = 0; m < n; m++) {
        ConfigSummary s = summaryOf.get(m);
        PbtGeneration.Next h = how == null ? null : how.get(m);
        rows.add(new Lineage.Row(g, from, budget, m, s.configId(), params(plan, configs.get(m)), h == null ? m : h.parent(),
            h == null ? null : TrialConfig.of(previous.get(h.parent()), 0).configId(), h == null ? "start" : h.exploited() ? "exploit"
            : "continue", h == null ? "" : h.change(), s.score(), Double.isFinite(s.medianQuality()) ? s.medianQuality() : null,
            s.stableSeeds(), s.seeds(), s.rank(), s.label(), canGoOn.contains(m)));
      }
      Lineage.write(o.out(), sweepId, g, rows, o.fence());
      ConfigSummary best = ranking.get(0);
      out.printf(Locale.ROOT, "pbt generation %d of %d (rounds %d-%d): best member %d (%s: %s), %d/%d seeds stable, median quality %s%n",
          g + 1, generations, from, budget, bestFirst.get(0), best.configId(), params(plan, configs.get(bestFirst.get(0))),
          best.stableSeeds(), best.seeds(), ConfigSummary.format(best.medianQuality()));
      if (g == generations - 1) {
        break;
      }
      List<PbtGeneration.Next> next = PbtGeneration.next(spec, g, configs, bestFirst, canGoOn, used);
      if (next.isEmpty()) {
        out.printf("pbt: no member can go on after generation %d (every one has a seed that ended); the population stops there%n", g + 1);
        for (int m = 0; m < n; m++) {
          stop.addAll(paused(trials.get(m), done, m, g, "no member of the population could go on after generation " + (g + 1), res, o,
              sweepId));
        }
        break;
      }
      for (PbtGeneration.Next x : next) {
        if (x.exploited()) {
          out.printf(Locale.ROOT, "pbt boundary at round %d: member %d (rank %d) copies member %d (rank %d): %s%n", budget, x.member(),
              summaryOf.get(x.member()).rank(), x.parent(), summaryOf.get(x.parent()).rank(), x.change().isEmpty() ? "the same values"
              : x.change());
          stop.addAll(paused(trials.get(x.member()), done, x.member(), g, String.format(Locale.ROOT,
              "pbt: replaced after generation %d by a copy of member %d (rank %d of %d)", g + 1, x.parent(),
              summaryOf.get(x.parent()).rank(), n), res, o, sweepId));
        }
      }
      out.flush();
      previous = configs;
      configs = new ArrayList<>(next.stream().map(PbtGeneration.Next::config).toList());
      how = next;
    }
    runJob(jsc, store, sweepId, List.of(), stop, o, clusterGpus, out, totals, "pbt: stopping the last paused trials");

    Set<String> after = store.committedTrialIds(sweepId);
    List<String> missing = everyTrial.stream().filter(id -> !after.contains(id)).toList();
    int skipped = (int) everyTrial.stream().filter(before::contains).count();
    return new SparkSweep.Outcome(everyTrial.size(), skipped, totals.ran(), 0, missing,
        SweepTiming.of(totals.reports, SparkSweep.slots(jsc, res), totals.jobSeconds));
  }

  /** One job: the generation's trials to train and the replaced ones to stop as PRUNED; nothing when both are empty. */
  private static void runJob(JavaSparkContext jsc, TrialStore store, String sweepId, List<DispatchedTrial> train, List<DispatchedTrial> stop,
      SparkSweep.Options o, boolean clusterGpus, PrintWriter out, WaveSweep.Wave.Totals totals, String what) throws IOException {
    Set<String> ended = stop.isEmpty() ? Set.of() : store.committedTrialIds(sweepId);
    List<DispatchedPack> packs = new ArrayList<>(DispatchedPack.of(train, 1)); // alone: each resumes from its own Adam counts
    int stopping = 0;
    for (DispatchedTrial t : stop) {
      if (!ended.contains(t.config().trialId())) {
        packs.add(new DispatchedPack(new DispatchedTrial[] {t}));
        stopping++;
      }
    }
    if (packs.isEmpty()) {
      return;
    }
    packs.sort(CostModel.longestFirst());
    out.printf("%s: %d trials to train, %d replaced ones to stop as pruned (%d tasks)%n", what, train.size(), stopping, packs.size());
    out.flush();
    long t0 = System.nanoTime();
    totals.reports.addAll(StageJob.run(jsc, packs, o, clusterGpus, out));
    totals.jobSeconds += (System.nanoTime() - t0) / 1e9;
  }

  /** The trials of member {@code m} paused at generation {@code g}, as trials to stop as PRUNED with {@code reason}. */
  private static List<DispatchedTrial> paused(List<TrialConfig> trials, Map<String, RungRow> done, int m, int g, String reason,
      Resources res, SparkSweep.Options o, String sweepId) {
    List<DispatchedTrial> stop = new ArrayList<>();
    for (int r = 0; r < trials.size(); r++) {
      TrialConfig t = trials.get(r);
      RungRow row = done.get(t.trialId());
      if (row != null && row.paused()) {
        stop.add(new DispatchedTrial(sweepId, m * trials.size() + r, t, res.gpusPerTrial(), res.cpusPerTrial(), o.out(),
            new DispatchedTrial.Stage(0, g, row.budget(), reason)));
      }
    }
    return stop;
  }

  /**
   * Writes each exploiting member's new trials their donor's checkpoints, seed by seed, under the
   * new trial ids: every copy before any trial of the generation trains, so a donor that goes on
   * has not yet moved its checkpoint past the boundary. A trial with a rung row of this generation,
   * or a copy already in place (a resumed run), is left as it is. A donor's checkpoint that is
   * missing, unreadable or not at the boundary's round is refused: a member never exploits a trial
   * without its weights.
   */
  private static void copyCheckpoints(SweepSpec spec, TrialStore store, String sweepId, List<PbtGeneration.Next> how,
      List<List<TrialConfig>> trials, List<Map<Hyperparameter<?>, Object>> previous, Map<String, RungRow> done, int round)
      throws IOException {
    for (PbtGeneration.Next x : how) {
      if (!x.exploited()) {
        continue;
      }
      List<TrialConfig> donors = SweepPlanner.trials(List.of(previous.get(x.parent())), spec);
      for (int r = 0; r < trials.get(x.member()).size(); r++) {
        TrialConfig child = trials.get(x.member()).get(r);
        if (done.containsKey(child.trialId())) {
          continue;
        }
        org.apache.hadoop.fs.Path file = store.checkpointFile(sweepId, child.trialId());
        FileSystem fs = file.getFileSystem(io.gansweep.io.HadoopConf.create());
        if (fs.exists(file)) {
          continue;
        }
        String donor = donors.get(r).trialId();
        TrialCheckpoint c;
        try {
          c = store.readCheckpoint(sweepId, donor);
        } catch (IOException | IllegalArgumentException e) {
          throw new IllegalStateException("Cannot exploit member " + x.parent() + " for member " + x.member() + ": its trial " + donor
              + "'s checkpoint cannot be read (got " + e.getMessage() + "; allowed the checkpoint it paused with at round " + round + ")", e);
        }
        if (c.step() != round) {
          throw new IllegalStateException("Cannot exploit member " + x.parent() + " for member " + x.member() + ": its trial " + donor
              + "'s checkpoint is at another round (got " + c.step() + "; allowed " + round + ", the boundary)");
        }
        store.writeCheckpoint(sweepId, new TrialCheckpoint(child.trialId(), c.step(), c.trainSeconds(), c.state(), c.adamStepsG(),
            c.adamStepsD(), c.streams(), c.rows(), c.grids(), c.latest(), c.points(), c.modules()));
      }
    }
  }

  /** Every committed rung row of generation {@code g}, by trial id. */
  private static Map<String, RungRow> rowsAt(TrialStore store, String sweepId, int g) throws IOException {
    Map<String, RungRow> rows = new HashMap<>();
    for (RungRow r : store.rungRows(sweepId)) {
      if (r.rung() == g && r.bracket() == 0) {
        rows.put(r.trialId(), r);
      }
    }
    return rows;
  }

  /** "lr_g=0.0002, ttur=2": the swept keys' values of a configuration. */
  static String params(SweepPlan plan, Map<Hyperparameter<?>, Object> c) {
    return plan.sweptAxes().stream().map(h -> h.key() + "=" + Numbers.exact(c.get(h))).collect(Collectors.joining(", "));
  }
}
