package io.gansweep.prune;

import io.gansweep.analysis.ConfigSummary;
import io.gansweep.analysis.Label;
import io.gansweep.analysis.Ranking;
import io.gansweep.analysis.TrialVerdict;
import io.gansweep.trial.RungRow;
import io.gansweep.trial.TrialConfig;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Promotion at a rung, per configuration (all its seeds continue or stop together), from the
 * committed rung rows alone:
 *
 * <ol>
 *   <li>a configuration whose seeds are mostly dead at the rung (more than half diverged, failed
 *       or in D collapse: GANs in those states rarely recover) is pruned at once;
 *   <li>the others are ordered as the final ranking orders configurations ({@link Ranking}: the
 *       Wilson lower bound of the stable share across seeds, then the median quality, its spread,
 *       the worst seed), each seed judged by the analysis's labeler on its rows so far;
 *   <li>the best max(1, ⌊n/eta⌋) of the n configurations that entered the rung continue.
 * </ol>
 */
public final class Promotion {

  /** Labels that count a seed as dead at a rung. */
  public static final Set<Label> DEAD = EnumSet.of(Label.DIVERGED, Label.FAILED, Label.D_COLLAPSE);

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
   * Decides rung {@code rung} of bracket {@code b}. {@code latest} holds, for each configuration
   * that entered the rung, the latest rung row (at most this rung) of each of its seeds.
   */
  public static Decision decide(RungSchedule.Bracket b, int rung, int eta, Map<String, List<RungRow>> latest,
      Map<String, TrialConfig> trials) {
    int budget = b.budgets().get(rung);
    String at = String.format(Locale.ROOT, "pruned at rung %d/%d (round %d): ", rung + 1, b.rungs(), budget);
    Map<String, String> pruned = new LinkedHashMap<>();
    List<TrialVerdict> live = new ArrayList<>();
    int dead = 0;
    for (Map.Entry<String, List<RungRow>> e : latest.entrySet()) {
      List<RungRow> seeds = e.getValue();
      long deadSeeds = seeds.stream().filter(r -> DEAD.contains(RungRows.label(r))).count();
      if (2 * deadSeeds > seeds.size()) {
        dead++;
        String why = at + "dead: " + deadSeeds + "/" + seeds.size() + " seeds diverged, failed or in d_collapse";
        seeds.stream().filter(RungRow::paused).forEach(r -> pruned.put(r.trialId(), why + "; this seed: " + r.evidence()));
        continue;
      }
      for (RungRow r : seeds) {
        live.add(RungRows.verdict(r, trials.get(r.trialId())));
      }
    }
    int keep = Math.max(1, latest.size() / eta);
    List<ConfigSummary> ranked = Ranking.rank(live);
    List<String> promoted = new ArrayList<>();
    int cut = 0;
    for (ConfigSummary s : ranked) {
      if (promoted.size() < keep) {
        promoted.add(s.configId());
        continue;
      }
      cut++;
      String why = at + String.format(Locale.ROOT, "below the cut: rank %d of %d live configurations, the best %d continue (eta %d); "
          + "%d/%d seeds stable", s.rank(), ranked.size(), keep, eta, s.stableSeeds(), s.seeds());
      latest.get(s.configId()).stream().filter(RungRow::paused)
          .forEach(r -> pruned.put(r.trialId(), why + "; this seed: " + r.label() + ", " + r.evidence()));
    }
    return new Decision(b.index(), rung, b.rungs(), budget, latest.size(), promoted, pruned, dead, cut);
  }
}
