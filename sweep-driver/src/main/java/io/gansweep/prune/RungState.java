package io.gansweep.prune;

import io.gansweep.trial.RungRow;
import io.gansweep.trial.TrialConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an early-terminated sweep stands, replayed from its committed rung rows: the decisions of
 * every rung whose rows are all in, the trials still to train at each bracket's current rung, and
 * the paused trials that pruning stopped. A function of the rows and the schedule only, so a sweep
 * killed anywhere and started again recomputes the same decisions and picks up where it was.
 *
 * @param decisions every rung decided so far, bracket by bracket
 * @param pending trials to train at their bracket's current rung
 * @param pruned paused trials of pruned configurations, each with its reason (the driver commits
 *     the ones not yet committed as PRUNED)
 */
public record RungState(List<Promotion.Decision> decisions, List<Pending> pending, List<Pruned> pruned) {

  /** A trial to train up to {@code budget}, the rounds of rung {@code rung} of its bracket. */
  public record Pending(TrialConfig trial, int bracket, int rung, int budget) {}

  /** A trial pruned at {@code rung}: it stops with {@code reason}. */
  public record Pruned(TrialConfig trial, int bracket, int rung, int budget, String reason) {}

  /**
   * Replays {@code rows} over {@code schedule} under promotion {@code rule} (the one the sweep
   * started with); {@code trials} are the plan's, grouped by configuration in plan order.
   */
  public static RungState replay(RungSchedule schedule, int eta, List<RungRow> rows, Map<String, List<TrialConfig>> trials,
      Promotion.Rule rule) {
    Map<String, Map<Integer, RungRow>> byTrial = new HashMap<>();
    for (RungRow r : rows) {
      byTrial.computeIfAbsent(r.trialId(), k -> new HashMap<>()).put(r.rung(), r);
    }
    Map<String, TrialConfig> byId = new HashMap<>();
    trials.values().forEach(list -> list.forEach(t -> byId.put(t.trialId(), t)));
    List<Promotion.Decision> decisions = new ArrayList<>();
    List<Pending> pending = new ArrayList<>();
    List<Pruned> pruned = new ArrayList<>();
    for (RungSchedule.Bracket b : schedule.brackets()) {
      List<String> alive = b.configIds();
      for (int rung = 0; rung < b.rungs(); rung++) {
        Map<String, List<RungRow>> latest = new LinkedHashMap<>();
        List<Pending> missing = new ArrayList<>();
        for (String config : alive) {
          List<RungRow> seeds = new ArrayList<>();
          for (TrialConfig t : trials.get(config)) {
            Map<Integer, RungRow> mine = byTrial.getOrDefault(t.trialId(), Map.of());
            RungRow before = latestBefore(mine, rung);
            if (rung > 0 && before != null && !before.paused()) {
              seeds.add(before); // ended at an earlier rung: it counts with its last row
            } else if (mine.containsKey(rung)) {
              seeds.add(mine.get(rung));
            } else {
              missing.add(new Pending(t, b.index(), rung, b.budgets().get(rung)));
            }
          }
          latest.put(config, seeds);
        }
        if (!missing.isEmpty()) {
          pending.addAll(missing);
          break;
        }
        if (b.lastRung(rung)) {
          break;
        }
        Promotion.Decision d = Promotion.decide(rule, b, rung, eta, latest, byId, byTrial);
        decisions.add(d);
        int r = rung;
        d.pruned().forEach((id, why) -> pruned.add(new Pruned(byId.get(id), b.index(), r, b.budgets().get(r), why)));
        alive = d.promoted();
      }
    }
    return new RungState(decisions, pending, pruned);
  }

  /** The trial's row at the highest rung below {@code rung}, null when none. */
  static RungRow latestBefore(Map<Integer, RungRow> rows, int rung) {
    RungRow best = null;
    for (Map.Entry<Integer, RungRow> e : rows.entrySet()) {
      if (e.getKey() < rung && (best == null || e.getKey() > best.rung())) {
        best = e.getValue();
      }
    }
    return best;
  }
}
