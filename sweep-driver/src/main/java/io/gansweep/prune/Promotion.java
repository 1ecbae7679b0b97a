package io.gansweep.prune;

import io.gansweep.analysis.ConfigSummary;
import io.gansweep.analysis.Label;
import io.gansweep.analysis.Ranking;
import io.gansweep.analysis.TrialLabeler;
import io.gansweep.analysis.TrialVerdict;
import io.gansweep.trial.RungRow;
import io.gansweep.trial.TrialConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Promotion at a rung, per configuration (all its seeds continue or stop together), from the
 * committed rung rows alone. Two rules, {@link Rule}: a sweep keeps the one it started with.
 */
public final class Promotion {

  /** Labels that count a seed as dead at a rung: the trial ended, or D has won (a GAN in that state rarely recovers). */
  public static final Set<Label> DEAD = EnumSet.of(Label.DIVERGED, Label.FAILED, Label.D_COLLAPSE);

  /**
   * Largest trend exponent {@link Rule#FAILURE_AWARE} extrapolates with, either way: a seed is
   * predicted at most {@code (next/now)^1} better or worse than it is, so one lucky or unlucky
   * evaluation cannot move it further than a curve falling as 1/rounds would.
   */
  static final double MAX_TREND = 1.0;

  /**
   * The promotion rules, by the version a sweep records when it first runs ({@code
   * sweeps/<id>/promotion.yaml}), so that a resumed sweep replays the decisions it committed.
   */
  public enum Rule {
    /**
     * gansweep before 2026-12-08: a configuration with more than half its seeds diverged, failed
     * or in D collapse is pruned; the others are ordered as the final ranking orders configurations
     * ({@link Ranking}: the Wilson lower bound of the stable share, then the median quality, its
     * spread, the worst seed), each seed judged on its rows so far. Where nothing is stable yet,
     * that is the median distance at the rung: the fastest starters go on.
     */
    RANK_AT_RUNG(1),
    /**
     * Failure-aware: absorbing states are pruned at the rung they show (a configuration with more
     * than half its seeds diverged, failed or in D collapse, or with every seed in a mode collapse
     * of sharp samples); the rest are ordered by the final score's ingredients as predicted for the
     * next rung: the Wilson lower bound of the stable share, then the worst seed's predicted
     * distance (a dead seed +∞), then the median. A seed's prediction follows its trend since its
     * previous rung ({@link #predicted}).
     */
    FAILURE_AWARE(2);

    /** What a sweep without a record uses when it first runs. */
    public static final Rule CURRENT = FAILURE_AWARE;

    private final int version;

    Rule(int version) {
      this.version = version;
    }

    public int version() {
      return version;
    }

    /** The rule of {@code version}; an error naming the known ones otherwise. */
    public static Rule of(int version) {
      for (Rule r : values()) {
        if (r.version == version) {
          return r;
        }
      }
      throw new IllegalArgumentException("Cannot resume the sweep: unknown promotion rule (got " + version + "; allowed "
          + String.join(", ", Arrays.stream(values()).map(r -> String.valueOf(r.version)).toList()) + ")");
    }
  }

  private Promotion() {}

  /**
   * What one rung decided.
   *
   * @param bracket the bracket
   * @param rung the rung, from 0
   * @param rungs rungs of the bracket
   * @param budget the rung's rounds
   * @param entering configurations that trained at the rung
   * @param promoted configurations that go on, best first
   * @param pruned reason for each pruned trial, by trial id (trials already ended keep their own status)
   * @param dead configurations pruned as dead
   * @param cut configurations pruned below the cut
   */
  public record Decision(int bracket, int rung, int rungs, int budget, int entering, List<String> promoted,
      Map<String, String> pruned, int dead, int cut) {

    /** The progress line: "rung 1/3 (round 500): 9 of 27 configurations continue; 6 pruned dead, 12 below the cut". */
    public String line(int brackets) {
      String where = (brackets > 1 ? "bracket " + (bracket + 1) + "/" + brackets + ", " : "") + "rung " + (rung + 1) + "/" + rungs;
      return String.format(Locale.ROOT, "%s (round %d): %d of %d configurations continue; %d pruned dead, %d below the cut",
          where, budget, promoted.size(), entering, dead, cut);
    }
  }

  /**
   * Decides rung {@code rung} of bracket {@code b} under {@code rule}. {@code latest} holds, for
   * each configuration that entered the rung, the latest rung row (at most this rung) of each of its
   * seeds; {@code byTrial} every committed rung row, by trial id and rung (the trends).
   */
  public static Decision decide(Rule rule, RungSchedule.Bracket b, int rung, int eta, Map<String, List<RungRow>> latest,
      Map<String, TrialConfig> trials, Map<String, Map<Integer, RungRow>> byTrial) {
    int budget = b.budgets().get(rung);
    int next = b.budgets().get(Math.min(rung + 1, b.rungs() - 1));
    String at = String.format(Locale.ROOT, "pruned at rung %d/%d (round %d): ", rung + 1, b.rungs(), budget);
    Map<String, String> pruned = new LinkedHashMap<>();
    Map<String, List<TrialVerdict>> live = new LinkedHashMap<>();
    int dead = 0;
    for (Map.Entry<String, List<RungRow>> e : latest.entrySet()) {
      List<RungRow> seeds = e.getValue();
      long deadSeeds = seeds.stream().filter(r -> DEAD.contains(RungRows.label(r))).count();
      String why = null;
      if (2 * deadSeeds > seeds.size()) {
        why = at + "dead: " + deadSeeds + "/" + seeds.size() + " seeds diverged, failed or in d_collapse";
      } else if (rule == Rule.FAILURE_AWARE && seeds.stream().allMatch(r -> sharpCollapse(r, trials.get(r.trialId())))) {
        why = at + "dead: " + seeds.size() + "/" + seeds.size() + " seeds in mode_collapse with sharp samples";
      }
      if (why != null) {
        dead++;
        String reason = why;
        seeds.stream().filter(RungRow::paused).forEach(r -> pruned.put(r.trialId(), reason + "; this seed: " + r.evidence()));
        continue;
      }
      live.put(e.getKey(), seeds.stream().map(r -> RungRows.verdict(r, trials.get(r.trialId()))).toList());
    }
    int keep = Math.max(1, latest.size() / eta);
    List<ConfigSummary> ranked = Ranking.rank(live.values().stream().flatMap(List::stream).toList());
    Map<String, double[]> predicted = new LinkedHashMap<>();
    if (rule == Rule.FAILURE_AWARE) {
      for (String config : live.keySet()) {
        predicted.put(config, latest.get(config).stream()
            .mapToDouble(r -> predicted(r, RungState.latestBefore(byTrial.getOrDefault(r.trialId(), Map.of()), r.rung()), next)).sorted().toArray());
      }
      ranked = new ArrayList<>(ranked);
      ranked.sort(Comparator.comparingDouble(ConfigSummary::score).reversed()
          .thenComparingDouble((ConfigSummary s) -> worst(predicted.get(s.configId())))
          .thenComparingDouble(s -> median(predicted.get(s.configId())))
          .thenComparing(ConfigSummary::configId));
    }
    List<String> promoted = new ArrayList<>();
    int cut = 0;
    for (int i = 0; i < ranked.size(); i++) {
      ConfigSummary s = ranked.get(i);
      if (promoted.size() < keep) {
        promoted.add(s.configId());
        continue;
      }
      cut++;
      String why = at + String.format(Locale.ROOT, "below the cut: rank %d of %d live configurations, the best %d continue (eta %d); "
          + "%d/%d seeds stable", i + 1, ranked.size(), keep, eta, s.stableSeeds(), s.seeds())
          + (rule == Rule.FAILURE_AWARE ? String.format(Locale.ROOT, ", worst seed predicted %s at round %d",
              ConfigSummary.format(worst(predicted.get(s.configId()))), next) : "");
      latest.get(s.configId()).stream().filter(RungRow::paused)
          .forEach(r -> pruned.put(r.trialId(), why + "; this seed: " + r.label() + ", " + r.evidence()));
    }
    return new Decision(b.index(), rung, b.rungs(), budget, latest.size(), promoted, pruned, dead, cut);
  }

  /**
   * A seed's distance predicted at {@code next} rounds from its rung row {@code now} and its row at
   * the previous rung {@code before} (null at a bracket's first rung): a power law through the two,
   * d(t) = d_now·(t/t_now)^(−k) with k = ln(d_before/d_now) / ln(t_now/t_before) clipped to ±{@link
   * #MAX_TREND}, the simplest of the learning-curve families Domhan et al. (IJCAI 2015) extrapolate
   * with. A seed still falling fast is predicted lower than it is, one that has stopped falling
   * where it is, one rising higher. Without an earlier row, its distance now; dead (diverged, failed,
   * D collapse) or without a distance, +∞.
   */
  static double predicted(RungRow now, RungRow before, int next) {
    Double d = now.quality() == null ? null : now.quality().distance() != null ? now.quality().distance() : now.quality().fd();
    if (DEAD.contains(RungRows.label(now)) || d == null || !(d > 0) || Double.isInfinite(d)) {
      return Double.POSITIVE_INFINITY;
    }
    Double d0 = before == null || before.quality() == null ? null
        : before.quality().distance() != null ? before.quality().distance() : before.quality().fd();
    if (d0 == null || !(d0 > 0) || Double.isInfinite(d0) || before.stepsDone() <= 0 || before.stepsDone() >= now.stepsDone()
        || next <= now.stepsDone()) {
      return d;
    }
    double k = Math.log(d0 / d) / Math.log((double) now.stepsDone() / before.stepsDone());
    k = Math.max(-MAX_TREND, Math.min(MAX_TREND, k));
    return d * Math.pow((double) next / now.stepsDone(), -k);
  }

  /** Whether a seed's rung row shows a mode collapse of sharp samples (the labeler's fidelity axis passes). */
  static boolean sharpCollapse(RungRow r, TrialConfig c) {
    return RungRows.label(r) == Label.MODE_COLLAPSE && TrialLabeler.sharp(RungRows.verdict(r, c).trial());
  }

  private static double worst(double[] sorted) {
    return sorted[sorted.length - 1];
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : Double.isInfinite(sorted[n / 2]) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
