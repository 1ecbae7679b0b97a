package io.gansweep.dispatch;

import io.gansweep.trial.Hyperparameter;
import io.gansweep.io.HadoopConf;
import io.gansweep.io.OutputLayout;
import io.gansweep.io.Publisher;
import io.gansweep.io.TrialStore;
import io.gansweep.prune.Promotion;
import io.gansweep.prune.RungSchedule;
import io.gansweep.prune.RungState;
import io.gansweep.search.SweepPlan;
import io.gansweep.spec.EarlyTerminate;
import io.gansweep.spec.Resources;
import io.gansweep.trial.TrialConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A wave of an early-terminated sweep on Spark ({@code early_terminate:}), as {@link WaveSweep}
 * trains it: one Spark job per step of the rungs. Each job trains every pending trial of each bracket's current rung from its checkpoint to
 * the rung's budget (packs allowed: survivors are packed again) and stops as PRUNED the paused
 * trials that the last decisions pruned. Between jobs the driver reads the committed rung rows
 * back and replays the decisions ({@link RungState}); nothing it decides lives only in memory, so a
 * run killed anywhere resumes at its rung and decides the same.
 */
final class AdaptiveSweep {

  /** Where a sweep records its promotion rule, beside its spec. */
  static final String PROMOTION_FILE = "promotion.yaml";

  private static final Pattern RULE = Pattern.compile("(?m)^promotion_rule: (\\d+)$");

  private AdaptiveSweep() {}

  /**
   * Trains a wave's {@code trials} (plan indexes from {@code firstIndex}; those of configurations
   * in {@code dropped} never) through the rungs of a schedule shuffled by {@code seed}, until every
   * trial has ended; adds what it did to {@code totals}. With {@code header}, a line first says
   * what the sweep is (a sweep of one wave).
   */
  static void train(JavaSparkContext jsc, SweepPlan plan, List<TrialConfig> trials, int firstIndex, Set<String> dropped, long seed,
      Set<String> before, SparkSweep.Options o, PrintWriter out, WaveSweep.Wave.Totals totals, boolean header) throws IOException {
    EarlyTerminate e = plan.spec().earlyTerminate();
    Resources res = plan.spec().resources();
    TrialStore store = new TrialStore(o.out());
    Map<String, List<TrialConfig>> byConfig = new LinkedHashMap<>();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < trials.size(); i++) {
      TrialConfig t = trials.get(i);
      if (!dropped.contains(t.configId())) {
        byConfig.computeIfAbsent(t.configId(), k -> new ArrayList<>()).add(t);
        index.put(t.trialId(), firstIndex + i);
      }
    }
    if (byConfig.isEmpty()) {
      return;
    }
    int kept = byConfig.values().stream().mapToInt(List::size).sum();
    RungSchedule schedule = RungSchedule.of(e, trials.get(0).get(Hyperparameter.STEPS), List.copyOf(byConfig.keySet()), seed);
    if (header) {
      out.printf("sweep %s: %d trials (%d configurations x %d seeds), %d already ended, early termination %s on %s%n",
          plan.sweepId(), kept, byConfig.size(), plan.spec().replicates(), before.size(), describe(e, schedule), o.master());
    } else {
      out.printf("rungs of this wave: %s%n", describe(e, schedule));
    }
    out.flush();

    Promotion.Rule rule = promotionRule(o.out(), plan.sweepId(), !store.rungRows(plan.sweepId()).isEmpty());
    RungState.Retries retries = retries(store, plan.sweepId(), schedule, byConfig);
    if (!retries.rerun().isEmpty()) {
      out.printf("retraining %d FAILED trials at the rung where they failed (a FAILED trial is tried %d times at most): %s%n",
          retries.rerun().size(), TrialStore.MAX_ATTEMPTS, retries.rerun().keySet().stream().limit(5)
              .map(id -> id + " attempt " + (retries.attempt().get(id) + 1) + " at rung " + (retries.rerun().get(id) + 1))
              .collect(java.util.stream.Collectors.joining(", ")) + (retries.rerun().size() > 5 ? ", …" : ""));
    }
    if (!retries.kept().isEmpty()) {
      out.printf("%d FAILED trials stay FAILED: the rung where they failed was decided and acted on (decisions never change): %s%n",
          retries.kept().size(), String.join(", ", retries.kept().subList(0, Math.min(5, retries.kept().size())))
              + (retries.kept().size() > 5 ? ", …" : ""));
    }
    Map<String, Integer> rerun = new HashMap<>(retries.rerun());
    Set<String> printed = new HashSet<>();
    boolean clusterGpus = SparkSweep.clusterGpus(res, o);
    while (true) {
      List<io.gansweep.trial.RungRow> rows = new RungState.Retries(rerun, retries.attempt(), retries.kept())
          .withoutRerun(store.rungRows(plan.sweepId()));
      RungState state = RungState.replay(schedule, e.eta(), rows, byConfig, rule);
      for (Promotion.Decision d : state.decisions()) {
        if (printed.add(d.bracket() + "/" + d.rung())) {
          out.println(d.line(schedule.brackets().size()));
        }
      }
      Set<String> ended = new HashSet<>(store.committedTrialIds(plan.sweepId()));
      ended.removeAll(retries.attempt().isEmpty() ? Set.of() : store.failedAttempts(plan.sweepId()).keySet()); // a retry's PRUNED row replaces its FAILED one
      List<DispatchedTrial> train = new ArrayList<>();
      Set<String> acted = new HashSet<>();
      for (RungState.Pending p : state.pending()) {
        train.add(dispatched(plan, o, index, p.trial(), new DispatchedTrial.Stage(p.bracket(), p.rung(), p.budget(), null),
            retries.attempt()));
        acted.add(p.bracket() + "/" + (p.rung() - 1)); // it trains past the rung before: that decision is acted on
      }
      List<DispatchedPack> packs = new ArrayList<>();
      for (RungState.Pruned p : state.pruned()) {
        if (!ended.contains(p.trial().trialId())) {
          packs.add(new DispatchedPack(new DispatchedTrial[] {dispatched(plan, o, index, p.trial(),
              new DispatchedTrial.Stage(p.bracket(), p.rung(), p.budget(), p.reason()), retries.attempt())}));
          acted.add(p.bracket() + "/" + p.rung());
        }
      }
      packs.addAll(StageJob.byStage(train, res.pack()));
      if (packs.isEmpty()) {
        break;
      }
      for (Promotion.Decision d : state.decisions()) { // committed before anything acts on it: a resume never changes it
        if (acted.contains(d.bracket() + "/" + d.rung())) {
          store.fencedBy(o.fence()).markDecided(plan.sweepId(), RungState.decisionKey(bracket(schedule, d.bracket()), d.rung()));
        }
      }
      train.forEach(t -> rerun.remove(t.config().trialId())); // retried once per run: a retry that FAILED again counts
      int n = packs.stream().mapToInt(pk -> pk.trials().length).sum();
      out.printf("rung job: %d trials to train to their rung, %d to stop as pruned (%d tasks)%n", train.size(), n - train.size(),
          packs.size());
      out.flush();
      long t0 = System.nanoTime();
      totals.reports.addAll(StageJob.run(jsc, packs, o, clusterGpus, out));
      totals.jobSeconds += (System.nanoTime() - t0) / 1e9;
    }
  }

  /**
   * The promotion rule of the sweep: the one its first run recorded in {@code
   * sweeps/<id>/promotion.yaml}; else, for a sweep that already {@code started} (rung rows
   * committed) under a gansweep that kept no record, the rule that gansweep had ({@link
   * Promotion.Rule#RANK_AT_RUNG}); else the current one. Recorded now when there is no record (the
   * first file wins), so a resumed sweep replays the decisions it committed under the rule it
   * committed them with.
   */
  static Promotion.Rule promotionRule(String out, String sweepId, boolean started) throws IOException {
    Path file = new Path(OutputLayout.sweepDir(out, sweepId), PROMOTION_FILE);
    FileSystem fs = file.getFileSystem(HadoopConf.create());
    if (!fs.exists(file)) {
      Promotion.Rule r = started ? Promotion.Rule.RANK_AT_RUNG : Promotion.Rule.CURRENT;
      String text = "# Written by gansweep when this sweep first ran (or first resumed after rungs without a record): the rule that\n"
          + "# decides its promotions, so that a resumed run replays the decisions it committed.\n"
          + "promotion_rule: " + r.version() + "\n";
      new Publisher().publish(file, Publisher.IfPresent.KEEP, text.getBytes(StandardCharsets.UTF_8));
    }
    String text;
    try (var in = fs.open(file)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher m = RULE.matcher(text);
    if (!m.find()) {
      throw new IOException("Cannot resume the sweep: its record has no promotion rule (got " + file
          + "; allowed a line promotion_rule: N)");
    }
    try {
      return Promotion.Rule.of(Integer.parseInt(m.group(1)));
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage() + " in " + file, e);
    }
  }

  /** The trial at a stage, as its next attempt when a resume retrains it ({@code attempts}: trial id to attempt). */
  static DispatchedTrial dispatched(SweepPlan plan, SparkSweep.Options o, Map<String, Integer> index, TrialConfig t,
      DispatchedTrial.Stage stage, Map<String, Integer> attempts) {
    Resources res = plan.spec().resources();
    return new DispatchedTrial(plan.sweepId(), index.get(t.trialId()), t, res.gpusPerTrial(), res.cpusPerTrial(), o.out(), stage,
        attempts.getOrDefault(t.trialId(), 0));
  }

  /**
   * The FAILED trials of this wave that the run retrains, from the committed rows ({@link
   * RungState#retries}): read once, when the run starts, so a retry that FAILED again waits for the
   * next resume.
   */
  static RungState.Retries retries(TrialStore store, String sweepId, RungSchedule schedule, Map<String, List<TrialConfig>> byConfig)
      throws IOException {
    Map<String, Integer> failed = store.failedToRetry(sweepId);
    if (failed.isEmpty()) {
      return new RungState.Retries(Map.of(), Map.of(), List.of());
    }
    Set<String> ended = new HashSet<>(store.committedTrialIds(sweepId));
    ended.removeAll(store.failedAttempts(sweepId).keySet());
    return RungState.retries(schedule, store.rungRows(sweepId), byConfig, failed, ended, store.decided(sweepId));
  }

  private static RungSchedule.Bracket bracket(RungSchedule s, int index) {
    return s.brackets().stream().filter(b -> b.index() == index).findFirst().orElseThrow();
  }

  /** "successive_halving, eta 3: rungs at 500, 1500, 3000 rounds" (one line per bracket for Hyperband). */
  static String describe(EarlyTerminate e, RungSchedule s) {
    StringBuilder b = new StringBuilder(e.type().wireName()).append(", eta ").append(e.eta());
    for (RungSchedule.Bracket br : s.brackets()) {
      b.append(s.brackets().size() > 1 ? "; bracket " + (br.index() + 1) + " (" + br.configIds().size() + " configurations)" : "")
          .append(": rungs at ").append(String.join(", ", br.budgets().stream().map(String::valueOf).toList())).append(" rounds");
    }
    return b.toString();
  }
}
